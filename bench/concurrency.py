"""Latency under concurrency: 16 connections, each its own plan and manager, against gunicorn.

A small threaded client rather than wrk, because each connection has to be
one person: its own plan, its own manager's session, its own quick wins. (A
wrk Lua script runs per *thread*, not per connection, and cannot read the
version each write must carry.) Each thread is one connection, closed loop:
it sends its next request as soon as the previous answer is read, so the
server always has ``connections`` requests to work on, as under wrk. The
latency of a request is measured from opening the TCP connection (gunicorn's
sync workers close it after each answer, as they do for wrk and browsers) to
the last byte of the answer; the client's own CPU per request is a fraction
of a millisecond, against tens for the server.

- **write mix**: the board's card move (``quick_win_status`` with
  ``HX-Target: quick-win-item-<id>``), each connection cycling over its plan's quick
  wins in the two move columns, each request carrying the version the
  previous answer left (a real, non-stale write every time; a 409 is an
  error). The versions are checked against the database afterwards.
- **GET mix**: Today, each connection its own plan's.

In a closed loop, latency is the queue: with N connections and a throughput
of X requests a second, the mean latency is N / X (Little's law). A p50
under 50 ms with 16 connections needs the server to answer ~320 requests a
second; a p99 under 3x the p50 says no request waits far longer than the
others (a lock, an unfair queue, a worker stuck on something slow).
"""

from __future__ import annotations

import http.client
import math
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from django.db import connection as db_connection
from django.urls import reverse

from .pages import MOVE_STATUSES, ORIGIN, other_status
from .seed import SeededPlan
from .sessions import SignedIn

TIMEOUT = 30  # seconds: gunicorn's worker timeout; a slower answer is an error


@dataclass
class Sample:
    started: float  # seconds since the run began
    latency: float  # seconds
    ok: bool
    outcome: str  # "200", "409", "timeout"...


@dataclass
class MixResult:
    label: str
    connections: int
    seconds: float
    samples: list[Sample] = field(default_factory=list)
    note: str = ""

    @property
    def requests(self) -> int:
        return len(self.samples)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        return sum(not s.ok for s in self.samples)

    def errors_by_kind(self) -> dict[str, int]:
        return dict(Counter(s.outcome for s in self.samples if not s.ok))

    def percentile_ms(self, q: float) -> float:
        """Nearest rank: the smallest latency at least ``q`` percent of requests had."""
        values = sorted(s.latency for s in self.samples)
        if not values:
            return 0.0
        return 1000 * values[max(0, math.ceil(q / 100 * len(values)) - 1)]


class _Connection:
    """One client: one plan, one manager's session, one request at a time."""

    def __init__(self, base_url: str, seeded: SeededPlan) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.browser = SignedIn(seeded.manager, seeded.plan)
        self.plan = seeded.plan

    def send(self, method: str, path: str, headers: dict[str, str], body: str = "") -> str:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        try:
            conn.request(method, path, body=body.encode() or None, headers=headers)
            response = conn.getresponse()
            response.read()
            return str(response.status)
        except TimeoutError:
            return "timeout"
        except OSError as error:
            return type(error).__name__
        finally:
            conn.close()


class _TodayClient(_Connection):
    def __init__(self, base_url: str, seeded: SeededPlan) -> None:
        super().__init__(base_url, seeded)
        self.path = reverse("today", args=[self.plan.pk])

    def request(self) -> str:
        return self.send("GET", self.path, self.browser.get_headers())

    def finish(self) -> str:
        return ""


class _MoveClient(_Connection):
    """Moves its plan's quick wins between the two columns, carrying each one's version."""

    def __init__(self, base_url: str, seeded: SeededPlan) -> None:
        super().__init__(base_url, seeded)
        self.board = reverse("quick_win_board", args=[self.plan.pk])
        self.state = self._read_state()
        self.order = sorted(self.state)
        self.paths = {pk: reverse("quick_win_status", args=[self.plan.pk, pk]) for pk in self.order}
        self.turn = 0

    def _read_state(self) -> dict[int, tuple[str, int]]:
        from roadmap.quick_wins.models import QuickWin

        rows = QuickWin.objects.filter(plan=self.plan, status__in=MOVE_STATUSES)
        return {pk: (status, version) for pk, status, version in
                rows.values_list("pk", "status", "version")}  # fmt: skip

    def request(self) -> str:
        pk = self.order[self.turn % len(self.order)]
        self.turn += 1
        status, version = self.state[pk]
        moved = other_status(status)
        body = urlencode({"version": version, "next": self.board, "status": moved, "note": ""})
        headers = {
            **self.browser.post_headers(),
            "HX-Request": "true",
            "HX-Target": f"quick-win-item-{pk}",
            "HX-Current-URL": ORIGIN + self.board,
        }
        outcome = self.send("POST", self.paths[pk], headers, body)
        if outcome == "200":
            self.state[pk] = (moved, version + 1)
        else:  # out of step (a 409, a timeout that still wrote): read where things stand
            self.state = self._read_state()
            db_connection.close()
        return outcome

    def finish(self) -> str:
        """'' if the database has exactly the statuses and versions this client left."""
        expected = self.state
        found = self._read_state()
        db_connection.close()
        missing = {pk: found.get(pk) for pk in expected if found.get(pk) != expected[pk]}
        return f"plan {self.plan.pk}: expected {expected}, found {missing}" if missing else ""


def run_mix(
    label: str,
    client: Callable[[str, SeededPlan], _Connection],
    base_url: str,
    plans: list[SeededPlan],
    *,
    warmup: float,
    duration: float,
) -> MixResult:
    """``len(plans)`` connections, closed loop, for ``warmup + duration`` s; the last measured."""
    clients = [client(base_url, seeded) for seeded in plans]
    result = MixResult(label, len(clients), duration)
    lock = threading.Lock()
    start = threading.Barrier(len(clients) + 1)
    problems: list[str] = []
    began = 0.0

    def loop(worker) -> None:
        start.wait()
        while True:
            sent = time.perf_counter()
            if sent - began >= warmup + duration:
                break
            outcome = worker.request()
            latency = time.perf_counter() - sent
            if sent - began >= warmup:
                with lock:
                    result.samples.append(Sample(sent - began, latency, outcome == "200", outcome))
        problem = worker.finish()
        if problem:
            with lock:
                problems.append(problem)

    threads = [threading.Thread(target=loop, args=(c,), daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join(warmup + duration + 2 * TIMEOUT)
    if problems:
        result.note = "; ".join(problems)
    return result


def write_mix(base_url: str, plans: list[SeededPlan], *, warmup: float, duration: float):
    return run_mix(
        "write mix: board card move", _MoveClient, base_url, plans,
        warmup=warmup, duration=duration,
    )  # fmt: skip


def get_mix(base_url: str, plans: list[SeededPlan], *, warmup: float, duration: float):
    return run_mix(
        "GET mix: Today", _TodayClient, base_url, plans, warmup=warmup, duration=duration
    )
