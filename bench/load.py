"""HTTP throughput: gunicorn and wrk, every page next to the fortunes reference.

Every endpoint is driven the same way: the same wrk threads and connections,
the same warm-up and duration, against the same gunicorn, one after another.
The fortunes reference runs first and last; ratios use the mean of the two.
"""

from __future__ import annotations

import http.client
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from . import floors, fortunes
from .env import Config
from .pages import PAGES
from .seed import SeededPlan
from .services import BenchError
from .sessions import SignedIn

HERE = Path(__file__).resolve().parent
REPORT_LUA = HERE / "report.lua"
RESULT_LINE = re.compile(r"^BENCH (.+)$", re.MULTILINE)
# A response slower than this counts as an error (a timeout). gunicorn's own
# worker timeout: a request queued behind 15 others on a busy machine is slow
# (the latency columns say how slow), not failed.
WRK_TIMEOUT = "30s"


# ---------------------------------------------------------------- What is driven


@dataclass
class Endpoint:
    label: str
    path: str
    kind: str  # "reference", "secondary" or "page"
    headers: dict[str, str] = field(default_factory=dict)
    method: str = "GET"
    body: str = ""


def endpoints(seeded: SeededPlan) -> tuple[Endpoint, list[Endpoint]]:
    """The fortunes reference, and /healthz, the floors and every page of ``seeded``.

    The references come without cookies (a visitor, a monitor); the pages with
    the plan's manager's session and CSRF cookies, as a browser sends them.
    """
    browser = SignedIn(seeded.manager, seeded.plan)
    cookie = browser.get_headers()
    reference = Endpoint(fortunes.LABEL, "/" + fortunes.PATH, "reference")
    others = [
        Endpoint("/healthz", "/healthz", "secondary"),
        *(
            Endpoint(label, path, "secondary", headers=cookie)
            for label, path in floors.floor_pages(seeded.plan.pk)
        ),
    ]
    for page in PAGES:
        try:
            others.append(Endpoint(page.label, page.path(seeded.plan), "page", headers=cookie))
        except Exception:  # noqa: S112 -- no such URL or no metric: the in-process table says why
            continue
    return reference, others


# ---------------------------------------------------------------- One plain request


def fetch(base_url: str, endpoint: Endpoint) -> tuple[int, str, bytes]:
    """One request, redirects not followed: (status, Location, body)."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)  # type: ignore[arg-type]
    try:
        body = endpoint.body.encode() if endpoint.body else None
        connection.request(endpoint.method, endpoint.path, body=body, headers=endpoint.headers)
        response = connection.getresponse()
        return response.status, response.getheader("Location", ""), response.read()
    finally:
        connection.close()


def check_endpoint(base_url: str, endpoint: Endpoint) -> str | None:
    """None if it answers 200, else why not (in words a person can act on)."""
    try:
        status, location, body = fetch(base_url, endpoint)
    except OSError as error:
        return f"no answer ({error})"
    if status == 200:
        return None
    if status in (301, 302) and "login" in location:
        return (
            f"{status} to {location}: the session cookie was not accepted "
            "(wrong cookie, or a SECRET_KEY other than the bench's)"
        )
    if status == 403 and b"CSRF" in body:
        return "403: CSRF check failed (cookie, X-CSRFToken header)"
    return f"answered {status}" + (f" (to {location})" if location else "")


# ---------------------------------------------------------------- wrk


@dataclass
class LoadResult:
    endpoint: Endpoint
    requests: int
    seconds: float
    socket_errors: int
    status_errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    detail: dict[str, int]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        return self.socket_errors + self.status_errors


class WrkError(BenchError):
    """wrk did not run or printed no figures: the run stops with its output."""


def run_wrk(
    wrk: str, config: Config, base_url: str, endpoint: Endpoint, seconds: int
) -> LoadResult:
    command = [
        wrk,
        f"-t{config.threads}",
        f"-c{config.connections}",
        f"-d{seconds}s",
        "--timeout",
        WRK_TIMEOUT,
        "-s",
        str(REPORT_LUA),
    ]
    for name, value in endpoint.headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(base_url + endpoint.path)
    finished = subprocess.run(  # noqa: S603
        command,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=False,
    )
    match = RESULT_LINE.search(finished.stdout)
    if finished.returncode != 0 or match is None:
        raise WrkError(
            f"wrk failed on {endpoint.path} (exit {finished.returncode}):\n"
            f"{finished.stdout[-2000:]}{finished.stderr[-2000:]}"
        )
    figures = {key: float(value) for key, value in re.findall(r"(\w+)=([\d.]+)", match.group(1))}
    socket = {k: int(figures[k]) for k in ("connect", "read", "write", "timeout")}
    return LoadResult(
        endpoint=endpoint,
        requests=int(figures["requests"]),
        seconds=figures["duration_us"] / 1e6,
        socket_errors=sum(socket.values()),
        status_errors=int(figures["status"]),
        p50_ms=figures["p50"] / 1000,
        p95_ms=figures["p95"] / 1000,
        p99_ms=figures["p99"] / 1000,
        max_ms=figures["max"] / 1000,
        detail={**socket, "status>=400": int(figures["status"])},
    )
