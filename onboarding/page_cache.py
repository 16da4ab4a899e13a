"""Rendered plan pages, kept per viewer until the plan changes.

The pages people open most (Today, the timeline, the register, the board, the
dashboard) cost tens of milliseconds of template rendering, and are read far
more often than the plan changes. They are kept at two levels.

**The page cache** (:func:`cached_plan_page`, under ``plan_view``) keeps the
rendered page under a key made of everything the page depends on:

- the plan's ``revision``, which every change to the plan's data moves on
  (:func:`plan_changed`), so a change is visible on the very next request;
- the viewer (user, role, language, calendar) and the plan's local date, so
  "today", overdue flags and Jalali dates are never yesterday's;
- the URL, including htmx's headers (a fragment and a page differ);
- the viewer's CSRF cookie, because the page's forms carry a token from it.

It still reads the session, the user and the membership from PostgreSQL, so
it answers exactly as the uncached page would, and costs what any signed-in
request costs before its content (3 queries, most of a request's CPU).

**Returning visits** (:class:`ReturningVisitMiddleware`, near the top of the
middleware stack) keep the whole response, as the app answered it, for one
session and one URL, and serve it again without reading the session or the
database: one Redis round trip. Such a copy is served only while

- its plan's *stamp* is the one it was stored under: :func:`plan_changed`
  sets a new stamp at once and again after the commit (a page rendered from
  data older than the commit cannot outlive it), and a member added, changed
  or removed, and a user saved (password, activity, name, language) change
  the stamps of their plans (``onboarding.signals``);
- the session's own marker says it is still signed in as the same user:
  signing out deletes the marker;
- the plan's local date is the one it was stored on;
- it is younger than ``VISIT_TTL`` (one minute).

The stamps live in Redis beside the copies, so a change whose new stamp could
not be written (Redis unreachable at that moment, then back with its data)
shows within ``VISIT_TTL``; the page cache's revision lives in PostgreSQL.

What moves the revision on: every write request that passes ``plan_view`` (any
method but GET/HEAD/OPTIONS), the background dashboard refresh, a digest
being sent, a member joining, leaving or changing role, a user being saved
and an edit in the admin (``onboarding.admin.ChangesPlanPages``). Edits made
elsewhere (a shell, a bulk SQL update) show within ``PAGE_TTL`` at the latest.

Both are optimisations only: when the cache is unreachable, pages render as
if it were empty, and nothing is stored.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import secrets
import zoneinfo
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from .i18n import prefers_gregorian
from .models import Membership, Plan

logger = logging.getLogger(__name__)

PAGE_TTL = 5 * 60  # seconds; bounds staleness from edits made outside the app
VISIT_TTL = 60  # seconds; bounds staleness when a new stamp could not be written
STAMP_TTL = 24 * 60 * 60  # an evicted stamp only means the next visit is not a stored one
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# The htmx headers a GET view may answer differently to.
HTMX_HEADERS = ("HX-Request", "HX-Target", "HX-Boosted", "HX-History-Restore-Request")
# Headers a cached page keeps; cookies are the middleware's job on every request.
KEPT_HEADERS = frozenset({"content-type", "vary", "cache-control", "hx-trigger"})
PLAN_PATH = re.compile(r"^/plans/(\d+)/")


# ---------------------------------------------------------------- What makes pages out of date


def plan_changed(plan_id: int) -> None:
    """Mark the plan's kept pages out of date, now and once the transaction commits.

    The revision moves after the commit, not before: a reader that saw the new
    revision must also see the new data. The stamp moves at once (this
    request's own next page must not be a stored one) and again after the
    commit (a page rendered from the old data meanwhile must not outlive it).
    ``robust``: a failed bump (the database just went away) is logged, and
    ``PAGE_TTL`` bounds the staleness.
    """
    plans_changed([plan_id])


def plans_of_user_changed(user_id: int) -> None:
    """A user's name, language, password or activity shows on every plan they belong to."""
    plans_changed(Membership.objects.filter(user_id=user_id).values_list("plan_id", flat=True))


def plans_changed(plan_ids: Iterable[int]) -> None:
    plan_ids = list(plan_ids)
    if not plan_ids:
        return
    _new_stamps(plan_ids)

    def after_commit() -> None:
        _new_stamps(plan_ids)
        Plan.objects.filter(pk__in=plan_ids).update(revision=F("revision") + 1)

    transaction.on_commit(after_commit, robust=True)


def session_signed_out(session_key: str | None) -> None:
    """The session's stored visits stop being served (called on sign-out)."""
    if session_key:
        _cache_call(cache.delete, _marker_key(session_key))


def _new_stamps(plan_ids: list[int]) -> None:
    stamps = {_stamp_key(plan_id): secrets.token_hex(8) for plan_id in plan_ids}
    _cache_call(cache.set_many, stamps, STAMP_TTL)


def _stamp_key(plan_id: int) -> str:
    return f"page-stamp:{plan_id}"


def _marker_key(session_key: str) -> str:
    return f"page-session:{session_key}"


# ---------------------------------------------------------------- The page cache


def cached_plan_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a GET plan page from the cache; goes under ``plan_view``."""

    @functools.wraps(view)
    def wrapper(request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        key = page_key(request)
        if key is None:
            return view(request, *args, **kwargs)
        # The access check passed: the whole response may be kept for this session.
        request.page_visit = VisitTicket(
            request.user.pk, request.plan.timezone, request.plan.local_today().isoformat()
        )
        stored = _cache_call(cache.get, key)
        if stored is not None:
            return _response(stored)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            _cache_call(cache.set, key, _stored(response), PAGE_TTL)
        return response

    return wrapper


def page_key(request: Any) -> str | None:
    """The cache key of this viewer's page, or None when it must not be cached."""
    if request.method != "GET":
        return None
    csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if not csrf_cookie:
        # The page would mint a new CSRF secret that only this response sets.
        return None
    if len(get_messages(request)):  # counting does not consume them
        # A one-off message ("Saved.") belongs to this response only.
        return None
    plan = request.plan
    parts = [
        plan.pk,
        plan.revision,
        plan.local_today().isoformat(),
        request.user.pk,
        request.membership.role,
        translation.get_language(),
        prefers_gregorian.get(),
        request.get_full_path(),
        *(request.headers.get(name, "") for name in HTMX_HEADERS),
        csrf_cookie,
        _release(),
    ]
    return f"page:{plan.pk}:{_digest(parts)}"


def _digest(parts: list[Any]) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


@functools.cache
def _release() -> str:
    """Changes when a deployment changes the static files (their hashed names)."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    hashed = getattr(staticfiles_storage, "hashed_files", None) or {}
    return hashlib.sha256(repr(sorted(hashed.items())).encode()).hexdigest()[:16]


def _stored(response: HttpResponse) -> tuple[bytes, list[tuple[str, str]]]:
    headers = [(k, v) for k, v in response.items() if k.lower() in KEPT_HEADERS]
    return response.content, headers


def _response(stored: tuple[bytes, list[tuple[str, str]]]) -> HttpResponse:
    content, headers = stored
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response


def _cache_call(method: Callable[..., Any], *args: Any) -> Any:
    try:
        return method(*args)
    except Exception:
        logger.warning("Page cache unavailable; rendering without it", exc_info=True)
        return None


# ---------------------------------------------------------------- Returning visits


class VisitTicket(NamedTuple):
    """Set by :func:`cached_plan_page` once ``plan_view`` let the viewer in."""

    user_id: int
    timezone: str
    local_date: str


class StoredVisit(NamedTuple):
    user_id: int
    plan_id: int
    stamp: str
    timezone: str
    local_date: str
    content: bytes
    headers: list[tuple[str, str]]


class VisitProbe(NamedTuple):
    """What a request looked up on its way in, to store its answer on the way out."""

    key: str
    plan_id: int
    session_key: str
    stamp: str | None


class ReturningVisitMiddleware:
    """Answer a session's second visit to a kept plan page from Redis, before anything else.

    Goes after the security headers (they are added to every answer) and
    before the session: a served visit reads neither the session nor the
    database. Everything else reaches the app as usual, which stores the
    answer here when :func:`cached_plan_page` issued a ticket for it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = _visit_probe(request)
        if probe is None:
            return self.get_response(request)
        found = _cache_call(
            cache.get_many, [probe.key, _marker_key(probe.session_key), _stamp_key(probe.plan_id)]
        )
        if found is None:
            return self.get_response(request)
        probe = probe._replace(stamp=found.get(_stamp_key(probe.plan_id)))
        visit = found.get(probe.key)
        if visit is not None and _still_valid(
            visit, probe, found.get(_marker_key(probe.session_key))
        ):
            return _response((visit.content, visit.headers))
        response = self.get_response(request)
        _keep_visit(request, probe, response)
        return response


def _visit_probe(request: HttpRequest) -> VisitProbe | None:
    """The lookup for this request, or None when it cannot be a stored visit."""
    if request.method != "GET":
        return None
    match = PLAN_PATH.match(request.path_info)
    cookies = request.COOKIES
    session_key = cookies.get(settings.SESSION_COOKIE_NAME)
    csrf_cookie = cookies.get(settings.CSRF_COOKIE_NAME)
    if match is None or not session_key or not csrf_cookie:
        return None
    if CookieStorage.cookie_name in cookies:
        return None  # a one-off message waits to be shown
    parts = [
        session_key,
        request.get_full_path(),
        *(request.headers.get(name, "") for name in HTMX_HEADERS),
        csrf_cookie,
        cookies.get(settings.LANGUAGE_COOKIE_NAME, ""),
        request.headers.get("Accept-Language", ""),
        _release(),
    ]
    return VisitProbe(f"page-visit:{_digest(parts)}", int(match[1]), session_key, None)


def _still_valid(visit: StoredVisit, probe: VisitProbe, signed_in_user: int | None) -> bool:
    return (
        probe.stamp is not None
        and visit.stamp == probe.stamp
        and visit.plan_id == probe.plan_id
        and visit.user_id == signed_in_user
        and _local_date(visit.timezone) == visit.local_date
    )


def _keep_visit(request: HttpRequest, probe: VisitProbe, response: HttpResponse) -> None:
    ticket: VisitTicket | None = getattr(request, "page_visit", None)
    if ticket is None or response.status_code != 200 or response.streaming:
        return
    if _sets_cookies(request, response):
        return  # this answer is for this response only
    session = request.session  # type: ignore[attr-defined]
    if session.modified or session.session_key != probe.session_key:
        return  # stored on a later visit, once the session settles
    if probe.stamp is None:
        # No stamp yet (or evicted): one is set now, read back by the next
        # visit before its data, so a change made meanwhile replaces it.
        _cache_call(cache.add, _stamp_key(probe.plan_id), secrets.token_hex(8), STAMP_TTL)
        return
    visit = StoredVisit(
        ticket.user_id,
        probe.plan_id,
        probe.stamp,
        ticket.timezone,
        ticket.local_date,
        response.content,
        list(response.items()),
    )
    ttl = min(VISIT_TTL, session.get_expiry_age())
    _cache_call(
        cache.set_many, {probe.key: visit, _marker_key(probe.session_key): ticket.user_id}, ttl
    )


def _sets_cookies(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether the answer sets a cookie, other than renewing the CSRF cookie the browser has.

    A rendered form renews the CSRF cookie's expiry on every page; the stored
    copy does not, as a page from the page cache does not.
    """
    csrf = settings.CSRF_COOKIE_NAME
    renewed = response.cookies.get(csrf)
    if renewed is not None and renewed.value != request.COOKIES.get(csrf):
        return True
    return any(name != csrf for name in response.cookies)


def _local_date(zone: str) -> str:
    return timezone.now().astimezone(zoneinfo.ZoneInfo(zone)).date().isoformat()
