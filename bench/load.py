"""HTTP load: signed-in sessions, a check of every page, wrk runs and their figures.

Every endpoint is driven the same way: the same wrk threads and connections,
the same warm-up and duration, against the same gunicorn, one after another.
"""

from __future__ import annotations

import http.client
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.utils.crypto import get_random_string

from onboarding.models import Plan, User

from .env import RESULTS, Config
from .pages import POST, POST_STATUSES, Page, htmx_headers, other_status, status_path
from .seed import SeededPlan

HERE = Path(__file__).resolve().parent
REPORT_LUA = HERE / "report.lua"
POST_LUA = HERE / "post.lua"
TARGETS_FILE = RESULTS / "post-targets.tsv"
RESULT_LINE = re.compile(r"^BENCH (.+)$", re.MULTILINE)
# A response slower than this counts as an error (a timeout). gunicorn's own
# worker timeout: a request queued behind 15 others on a busy machine is slow
# (the latency columns say how slow), not failed.
WRK_TIMEOUT = "30s"


# ---------------------------------------------------------------- Signing in


def new_csrf_secret() -> str:
    return get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)


def session_key(user: User, plan: Plan) -> str:
    """A signed-in session, made as django.contrib.auth.login would make it.

    The server checks ``_auth_user_hash`` with its SECRET_KEY: the bench and
    gunicorn share one. ``plan_id`` is what the plan pages store on a first
    visit; set here so measured requests do not write the session.
    """
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session["plan_id"] = plan.pk
    session.create()
    return session.session_key


def cookie_header(user: User, plan: Plan, csrf: str) -> str:
    return (
        f"{settings.SESSION_COOKIE_NAME}={session_key(user, plan)}; "
        f"{settings.CSRF_COOKIE_NAME}={csrf}"
    )


# ---------------------------------------------------------------- What is driven


@dataclass
class Endpoint:
    label: str
    path: str
    target: float | None  # minimum share of the reference's throughput; None for the reference
    headers: dict[str, str] = field(default_factory=dict)
    method: str = "GET"
    body: str = ""
    script: Path = REPORT_LUA
    kind: str = "GET"  # "reference", "floor", "GET" or "POST": which target line it counts under


@dataclass
class PostTarget:
    quick_win_id: int
    seeded_status: str
    path: str
    cookie: str
    csrf: str
    current_url: str


def reference_endpoint() -> Endpoint:
    # A health check comes from a monitor, without cookies: one query, a tiny JSON body.
    return Endpoint("/healthz (reference)", "/healthz", None, kind="reference")


def floor_endpoints(plan: Plan, cookie: str) -> list[Endpoint]:
    """What any signed-in page costs before its content (bench/floors.py); no target."""
    from .floors import floor_pages

    return [
        Endpoint(label, path, None, headers={"Cookie": cookie}, kind="floor")
        for label, path in floor_pages(plan.pk)
    ]


def page_endpoint(page: Page, plan: Plan, cookie: str) -> Endpoint:
    return Endpoint(page.label, page.path(plan), page.target, headers={"Cookie": cookie})


def post_targets(plans: list[SeededPlan], wanted: int, origin: str) -> list[PostTarget]:
    """Quick wins in a movable status, one session per plan's manager, until ``wanted``."""
    from roadmap.quick_wins.models import QuickWin

    targets: list[PostTarget] = []
    csrf = new_csrf_secret()
    for seeded in plans:
        if len(targets) >= wanted:
            break
        plan = seeded.plan
        movable = list(
            QuickWin.objects.filter(plan=plan, status__in=POST_STATUSES)
            .order_by("pk")
            .values_list("pk", "status")
        )
        if not movable:
            continue
        cookie = cookie_header(seeded.manager, plan, csrf)
        current = htmx_headers(plan, origin)["HX-Current-URL"]
        targets += [
            PostTarget(pk, status, status_path(plan, pk), cookie, csrf, current)
            for pk, status in movable
        ]
    return targets[:wanted]


def post_endpoint(targets: list[PostTarget]) -> Endpoint:
    """The endpoint as the pre-check sends it (first target), and wrk through post.lua."""
    first = targets[0]
    lines = [
        "\t".join(
            [
                t.path,
                t.cookie,
                t.csrf,
                t.current_url,
                other_status(t.seeded_status),
                t.seeded_status,
            ]
        )
        for t in targets
    ]
    TARGETS_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Endpoint(
        POST.label,
        first.path,
        POST.target,
        headers={
            "Cookie": first.cookie,
            "X-CSRFToken": first.csrf,
            "HX-Request": "true",
            "HX-Target": "board-body",
            "HX-Current-URL": first.current_url,
            "Content-Type": "application/x-www-form-urlencoded",
        },
        method="POST",
        body=f"status={other_status(first.seeded_status)}",
        script=POST_LUA,
        kind="POST",
    )


def reset_post_targets(targets: list[PostTarget]) -> None:
    """Put every target back in its seeded status, so each run's first visit really moves it."""
    from roadmap.quick_wins.models import QuickWin

    for status in POST_STATUSES:
        ids = [t.quick_win_id for t in targets if t.seeded_status == status]
        QuickWin.objects.filter(pk__in=ids).update(status=status, status_reason="")


# ---------------------------------------------------------------- One plain request


def fetch(base_url: str, endpoint: Endpoint) -> tuple[int, str, bytes]:
    """One request, redirects not followed: (status, Location, body)."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
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


class WrkError(Exception):
    pass


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
        str(endpoint.script),
    ]
    if endpoint.method == "GET":
        for name, value in endpoint.headers.items():
            command += ["-H", f"{name}: {value}"]
    env = {
        "BENCH_LUA_DIR": str(HERE),
        "BENCH_POST_TARGETS": str(TARGETS_FILE),
        "BENCH_THREADS": str(config.threads),
        "PATH": "/usr/bin:/bin",
    }
    command.append(base_url + endpoint.path)
    finished = subprocess.run(  # noqa: S603
        command, env=env, capture_output=True, text=True, timeout=seconds + 60, check=False
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
