"""Requests in the bench's own process: query counts, CPU per request, a profile.

Each request goes through Django's ``WSGIHandler``, the object gunicorn's
workers call: the whole middleware stack, CSRF checks included, the bench's
URLconf (the app's pages plus the fortunes reference and the floors), the
same database and Redis as the server. Only the HTTP parsing is missing,
which is the same for every page. The WSGI environ is built before the
clock starts, the answer read in full before it stops.

**CPU per request** is ``time.process_time()``: this process's own CPU, which
waiting for PostgreSQL does not count and a busy machine inflates far less
than wall time. The pages are taken in turn, one request each per round
(fortunes, /healthz, the floors, every page, every write), so they all see
the same machine; the first rounds only warm up, the median of the others is
reported. A page's *ratio* is the fortunes reference's CPU over the page's:
the share of the reference's throughput a CPU-bound server can reach.
"""

from __future__ import annotations

import cProfile
import pstats
import re
import statistics
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings

from . import floors, fortunes
from .pages import PAGES, TARGET, Prepared, Write, missing_url, writes
from .seed import SeededPlan
from .sessions import SignedIn

URLCONF = "bench.floors"
# The board's cards each carry a "Move to" form marked data-qw-move: counting
# them in the move's answer tells a whole board from a single card.
CARD_MARKER = b"data-qw-move"


class Caller:
    """One WSGI handler, called as gunicorn calls it."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()
        self.factory = RequestFactory()

    def environ(
        self, method: str, path: str, headers: dict[str, str], body: str = ""
    ) -> dict[str, Any]:
        extra = {"SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80"}
        content_type = headers.get("Content-Type", "application/octet-stream")
        rest = {k: v for k, v in headers.items() if k != "Content-Type"}
        request = self.factory.generic(
            method,
            path,
            body,
            content_type=content_type,
            headers=rest,
            **extra,  # type: ignore[arg-type]
        )
        return request.environ

    def call(self, environ: dict[str, Any]) -> tuple[int, bytes]:
        status: list[str] = []

        def start_response(line: str, headers: list, exc_info: object = None) -> None:
            status.append(line)

        response = self.handler(environ, start_response)  # type: ignore[arg-type]
        try:
            body = b"".join(response)
        finally:
            response.close()
        return int(status[0].split()[0]), body


# ---------------------------------------------------------------- What is requested


@dataclass
class Item:
    """Something requested once per round: a page, a reference or a write."""

    label: str
    kind: str  # "reference", "secondary", "page" or "write"
    make: Callable[[Caller], tuple[dict[str, Any], Callable[[], bool] | None]]
    problem: str = ""
    cpu: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)
    size: int = 0
    body: bytes = b""
    queries: int | None = None

    @property
    def cpu_ms(self) -> float:
        return 1000 * statistics.median(self.cpu) if self.cpu else 0.0

    @property
    def wall_ms(self) -> float:
        return 1000 * statistics.median(self.wall) if self.wall else 0.0

    @property
    def target(self) -> float | None:
        return TARGET if self.kind in ("page", "write") else None


def _get(path: str, headers: dict[str, str]):
    def make(caller: Caller):
        return caller.environ("GET", path, headers), None

    return make


def _post(write: Write, browser: SignedIn):
    def make(caller: Caller):
        prepared: Prepared = write.prepare(browser.plan)
        headers = {**browser.post_headers(), **prepared.headers}
        return caller.environ("POST", prepared.path, headers, prepared.body), prepared.check

    return make


def items_for(seeded: SeededPlan, *, references: bool = True) -> list[Item]:
    """The fortunes reference, the secondary references, every page, every write."""
    browser = SignedIn(seeded.manager, seeded.plan)
    items: list[Item] = []
    if references:
        items += [
            Item(fortunes.LABEL, "reference", _get("/" + fortunes.PATH, {})),
            Item("/healthz", "secondary", _get("/healthz", {})),
            *(
                Item(label, "secondary", _get(path, browser.get_headers()))
                for label, path in floors.floor_pages(seeded.plan.pk)
            ),
        ]
    for page in PAGES:
        reason = missing_url(page.url_name, 2 if page.url_name == "metric_detail" else 1)
        try:
            path = "" if reason else page.path(seeded.plan)
        except LookupError as error:
            reason = str(error)
        item = Item(page.label, "page", _get(path, browser.get_headers()), problem=reason or "")
        items.append(item)
    for write in writes():
        reason = missing_url(write.url_name, write.url_args)
        items.append(Item(write.label, "write", _post(write, browser), problem=reason or ""))
    return items


@dataclass
class Sent:
    body: bytes
    cpu: float  # seconds of this process's CPU
    wall: float  # seconds
    queries: int | None  # when counted


def _attempt(caller: Caller, item: Item, *, counting: bool = False) -> Sent | None:
    """Send ``item`` once (prepared before the clock starts); on a failure note why, None."""
    try:
        environ, check = item.make(caller)
    except LookupError as error:  # a write with nothing to change
        item.problem = str(error)
        return None
    capture = CaptureQueriesContext(connection) if counting else nullcontext()
    with capture:
        cpu_started = time.process_time()
        started = time.perf_counter()
        status, body = caller.call(environ)
        wall = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
    if status != 200:
        item.problem = f"answered {status}"
        return None
    if check is not None and not check():
        item.problem = "answered 200 but changed nothing (its version did not move)"
        return None
    queries = len(capture) if isinstance(capture, CaptureQueriesContext) else None
    return Sent(body, cpu, wall, queries)


# ---------------------------------------------------------------- Query counts


@dataclass
class QueryCount:
    label: str
    kind: str
    typical: int | None
    large: int | None
    problem: str = ""

    @property
    def flat(self) -> bool:
        return self.typical is not None and self.typical == self.large


def count_queries(typical: SeededPlan, large: SeededPlan) -> list[QueryCount]:
    """Each page's and write's queries on its second request, at both sizes."""
    caller = Caller()
    by_size = []
    with override_settings(ROOT_URLCONF=URLCONF):
        for seeded in (typical, large):
            counts: dict[str, tuple[str, int | None, str]] = {}
            for item in items_for(seeded, references=False):
                counts[item.label] = (item.kind, *_count(caller, item))
            by_size.append(counts)
    typical_counts, large_counts = by_size
    result = []
    for label, (kind, count, problem) in typical_counts.items():
        _kind, large_count, large_problem = large_counts[label]
        problem = problem or large_problem
        result.append(
            QueryCount(label, kind, None if problem else count, None if problem else large_count,
                       problem)
        )  # fmt: skip
    return result


def _count(caller: Caller, item: Item) -> tuple[int | None, str]:
    if item.problem:
        return None, item.problem
    sent = None
    for _visit in range(2):  # the first settles the caches; the second is counted
        sent = _attempt(caller, item, counting=True)
        if sent is None:
            return None, item.problem
    assert sent is not None
    return sent.queries, ""


# ---------------------------------------------------------------- CPU per request


def time_requests(typical: SeededPlan, rounds: int, warmup: int) -> list[Item]:
    """Every item once per round, ``warmup + rounds`` rounds; samples of the last ``rounds``."""
    caller = Caller()
    items = items_for(typical)
    with override_settings(ROOT_URLCONF=URLCONF):
        for turn in range(warmup + rounds):
            for item in items:
                if item.problem:
                    continue
                sent = _attempt(caller, item)
                if sent is None:
                    continue
                if turn >= warmup:
                    item.cpu.append(sent.cpu)
                    item.wall.append(sent.wall)
                item.size, item.body = len(sent.body), sent.body
        for item in items:  # one more request each, not timed: its queries
            if not item.problem:
                sent = _attempt(caller, item, counting=True)
                item.queries = sent.queries if sent else None
    return items


def cards_in(body: bytes) -> int:
    return body.count(CARD_MARKER)


# ---------------------------------------------------------------- Profile


@dataclass
class ProfileLine:
    calls: str
    tottime_ms: float  # per request
    cumtime_ms: float  # per request
    where: str


@dataclass
class Profile:
    ms_per_request: float
    kept: int
    profiled: int
    by_own_time: list[ProfileLine]
    app_by_cumulative: list[ProfileLine]


APP_LINES = 12
APPS = ("onboarding/", "roadmap/", "stakeholders/", "metrics/", "config/")
# Around every request, so at the top of every list: left out.
WRAPPERS = ("onboarding/core/middleware.py", "onboarding/access.py")


def _is_app(filename: str) -> bool:
    short = _short(filename)
    return (
        "site-packages/" not in filename
        and short.startswith(APPS)
        and not short.startswith(WRAPPERS)
    )


def profile(typical: SeededPlan, label: str, requests: int = 20, top: int = 15) -> Profile:
    """cProfile of one item: the ``top`` functions by own time, per request.

    Each request is profiled on its own; the quieter half (by profiled time)
    is summed, so a request that lost its core to another process on a busy
    machine does not put its wait on whichever function it happened to be in.
    """
    caller = Caller()
    item = next(i for i in items_for(typical) if i.label == label)
    profiles: list[pstats.Stats] = []
    with override_settings(ROOT_URLCONF=URLCONF):
        _attempt(caller, item)  # warm
        for _ in range(requests):
            environ, _check = item.make(caller)
            profiler = cProfile.Profile()
            profiler.enable()
            status, _body = caller.call(environ)
            profiler.disable()
            if status != 200:
                break
            profiles.append(pstats.Stats(profiler))
    if not profiles:
        return Profile(0.0, 0, 0, [], [])
    profiles.sort(key=lambda stats: stats.total_tt)  # type: ignore[attr-defined]
    kept = profiles[: max(1, len(profiles) // 2)]
    stats = kept[0]
    if len(kept) > 1:
        stats.add(*kept[1:])
    n = len(kept)

    def line_of(key, value) -> ProfileLine:
        (filename, line, name), (primitive, calls, tottime, cumtime, _callers) = key, value
        ncalls = f"{calls / n:.0f}"
        if primitive != calls:
            ncalls += f"/{primitive / n:.0f}"
        where = f"{_short(filename)}:{line}({name})"
        return ProfileLine(ncalls, 1000 * tottime / n, 1000 * cumtime / n, where)

    by_own = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)  # type: ignore[attr-defined]
    # The app's own code (not Django, not the bench) by cumulative time: which view,
    # selector or template tag the time is spent under.
    app = [kv for kv in stats.stats.items() if _is_app(kv[0][0])]  # type: ignore[attr-defined]
    by_cumulative = sorted(app, key=lambda kv: kv[1][3], reverse=True)
    return Profile(
        1000 * stats.total_tt / n,  # type: ignore[attr-defined]
        n,
        len(profiles),
        [line_of(*kv) for kv in by_own[:top]],
        [line_of(*kv) for kv in by_cumulative[:APP_LINES]],
    )


def _short(filename: str) -> str:
    """A path from the package it belongs to, not from the disk's root."""
    marker = "site-packages/"
    if marker in filename:
        return filename.split(marker, 1)[1]
    stdlib = re.search(r"/lib/python3\.\d+/(.+)$", filename)
    if stdlib:
        return stdlib.group(1)
    root = str(Path(__file__).resolve().parent.parent) + "/"
    return filename.removeprefix(root)
