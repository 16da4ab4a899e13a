"""SQL queries per request, counted in-process with Django's test Client.

Same database, same settings as the server. Each page is requested once to
settle the session and warm caches, then counted on a second request, for the
typical plan and for the large plan (ten times the data), with the page cache
off (``onboarding.page_cache``): the render path is the one that could grow.
A page whose count grows with the data has a per-row query (an N+1)
somewhere. The counts of a page served from the page cache, and as a
returning visit, are printed beside.
"""

from __future__ import annotations

import statistics
import time
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection
from django.template.backends.django import Template as BackendTemplate
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from . import floors
from .pages import PAGES, POST, POST_STATUSES, Page, htmx_headers, missing_url, status_path
from .seed import SeededPlan

ORIGIN = "http://127.0.0.1"


@contextmanager
def page_cache_off():
    """Render every page, as on a first visit or after the plan changed."""
    with _patched("page_key"):
        yield


@contextmanager
def returning_visits_off():
    """The page cache only, as on a session's first visit to a page."""
    with _patched("_visit_probe"):
        yield


@contextmanager
def _patched(name: str):
    from onboarding import page_cache

    original = getattr(page_cache, name)
    setattr(page_cache, name, lambda request: None)
    try:
        yield
    finally:
        setattr(page_cache, name, original)


@dataclass
class QueryCount:
    label: str
    typical: int | None
    large: int | None
    problem: str = ""  # why a count is missing
    cached: int | None = None  # the typical plan's page served from the page cache
    returning: int | None = None  # the same page as a returning visit

    @property
    def flat(self) -> bool:
        return self.typical is not None and self.typical == self.large


def _client(seeded: SeededPlan) -> Client:
    # SERVER_NAME: the host the server answers to (ALLOWED_HOSTS=127.0.0.1).
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(seeded.manager)
    return client


def _count_get(client: Client, path: str, visits_before: int = 1) -> tuple[int | None, str]:
    for _visit in range(visits_before):  # settle the session (plan_id), warm the caches
        client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200:
        return None, f"answered {response.status_code}"
    return len(queries), ""


def _count_post(client: Client, seeded: SeededPlan) -> tuple[int | None, str]:
    from roadmap.quick_wins.models import QuickWin

    plan = seeded.plan
    quick_win = QuickWin.objects.filter(plan=plan, status__in=POST_STATUSES).first()
    if quick_win is None:
        return None, "no quick win to move"
    path = status_path(plan, quick_win.pk)
    headers = htmx_headers(plan, ORIGIN)
    client.get(headers["HX-Current-URL"].removeprefix(ORIGIN))
    counted = None
    # Two real moves (there and back): the second is counted.
    for status in (POST_STATUSES[1], POST_STATUSES[0]):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(path, {"status": status}, headers=headers)
        if response.status_code != 200:
            return None, f"answered {response.status_code}"
        counted = len(queries)
    return counted, ""


def _measure(page: Page, typical: SeededPlan, large: SeededPlan) -> QueryCount:
    reason = missing_url(page)
    if reason:
        return QueryCount(page.label, None, None, reason)
    counts: list[int | None] = []
    for seeded in (typical, large):
        client = _client(seeded)
        try:
            with page_cache_off():
                if page is POST:
                    count, problem = _count_post(client, seeded)
                else:
                    count, problem = _count_get(client, page.path(seeded.plan))
        except Exception as error:  # a page under construction may raise anything
            count, problem = None, f"raises {type(error).__name__}: {error}"
        if problem:
            return QueryCount(page.label, None, None, problem)
        counts.append(count)
    cached = returning = None
    if page is not POST:
        path = page.path(typical.plan)
        with returning_visits_off():
            cached, _problem = _count_get(_client(typical), path, visits_before=2)
        # Visits 1 and 2 set the CSRF cookie and the plan's stamp, 3 stores the answer.
        returning, _problem = _count_get(_client(typical), path, visits_before=3)
    return QueryCount(page.label, counts[0], counts[1], cached=cached, returning=returning)


def count_queries(typical: SeededPlan, large: SeededPlan) -> list[QueryCount]:
    return [_measure(page, typical, large) for page in [*PAGES, POST]]


# ---------------------------------------------------------------- Where the time goes


@dataclass
class PageTiming:
    label: str
    total_ms: float  # median over the runs
    cpu_ms: float  # CPU this process used (not waiting for PostgreSQL or for a core), median
    sql_ms: float  # time inside database calls, median
    render_ms: float  # time rendering the template, median
    kilobytes: float

    @property
    def other_ms(self) -> float:
        """Middleware, view code, ORM object building: what is neither SQL nor template."""
        return max(0.0, self.total_ms - self.sql_ms - self.render_ms)


class _Stopwatch:
    """Sums the time spent in SQL and in template rendering during one request."""

    def __init__(self) -> None:
        self.sql = 0.0
        self.render = 0.0

    def __call__(self, execute, sql, params, many, context):  # a connection execute_wrapper
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.sql += time.perf_counter() - started


@contextmanager
def _timing_templates(stopwatch: _Stopwatch):
    """Time the outermost template render (includes and partials render inside it)."""
    original = BackendTemplate.render

    def render(self, context=None, request=None):
        started = time.perf_counter()
        try:
            return original(self, context, request)
        finally:
            stopwatch.render += time.perf_counter() - started

    BackendTemplate.render = render
    try:
        yield
    finally:
        BackendTemplate.render = original


def _timed_requests(typical: SeededPlan) -> list[tuple[str, str, dict[str, str], bool]]:
    """(label, path, headers, is_post) of the reference and every page that exists."""
    from roadmap.quick_wins.models import QuickWin

    plan = typical.plan
    requests = [
        ("/healthz (reference)", "/healthz", {}, False),
        *((label, path, {}, False) for label, path in floors.floor_pages(plan.pk)),
    ]
    for page in PAGES:
        if not missing_url(page):
            requests.append((page.label, page.path(plan), {}, False))
    if not missing_url(POST):
        quick_win = QuickWin.objects.filter(plan=plan, status__in=POST_STATUSES).first()
        if quick_win is not None:
            path = status_path(plan, quick_win.pk)
            requests.append((POST.label, path, htmx_headers(plan, ORIGIN), True))
    return requests


CACHED = " (page cache)"
RETURNING = " (returning visit)"


def time_pages(typical: SeededPlan, runs: int = 15) -> list[PageTiming]:
    """In-process cost of each page for the typical plan: SQL, rendering, the rest.

    The two floor pages (floors.py) come first: what any signed-in page costs
    before its own content. Each page is timed rendered (page cache off), then
    served from the page cache ("(page cache)" rows), then as a returning
    visit ("(returning visit)" rows).
    """
    requests = _timed_requests(typical)
    pages = [request for request in requests[3:] if not request[3]]
    with override_settings(ROOT_URLCONF="bench.floors"):
        with page_cache_off():
            rendered = _time_pages(typical, runs, requests)
        with returning_visits_off():
            cached = _time_pages(typical, runs, _labelled(pages, CACHED))
        returning = _time_pages(typical, runs, _labelled(pages, RETURNING), warmup=3)
    return rendered + cached + returning


def _labelled(requests, suffix: str):
    return [(label + suffix, *rest) for label, *rest in requests]


def _time_pages(
    typical: SeededPlan,
    runs: int,
    requests: list[tuple[str, str, dict[str, str], bool]],
    warmup: int = 1,
) -> list[PageTiming]:
    timings = []
    client = _client(typical)
    for label, path, headers, is_post in requests:
        samples = []
        try:
            for run in range(warmup + runs):
                stopwatch = _Stopwatch()
                cpu_started = time.process_time()
                started = time.perf_counter()
                with connection.execute_wrapper(stopwatch), _timing_templates(stopwatch):
                    if is_post:  # alternate, so every measured request moves the quick win
                        data = {"status": POST_STATUSES[run % 2]}
                        response = client.post(path, data, headers=headers)
                    else:
                        response = client.get(path)
                elapsed = time.perf_counter() - started
                cpu = time.process_time() - cpu_started
                if response.status_code != 200:
                    break
                if run >= warmup:  # the first requests settle the session, warm caches
                    samples.append((elapsed, cpu, stopwatch.sql, stopwatch.render))
        except Exception:  # noqa: S112 -- a page under construction: the query counts say why
            continue
        if samples:
            timings.append(
                PageTiming(
                    label,
                    *(1000 * statistics.median(s[i] for s in samples) for i in range(4)),
                    len(response.content) / 1024,
                )
            )
    return timings
