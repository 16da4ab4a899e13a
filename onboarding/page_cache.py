"""Rendered plan pages, kept per viewer until the plan changes.

The pages people open most (Today, the timeline, the register, the board, the
dashboard) cost tens of milliseconds of template rendering, and are read far
more often than the plan changes. :func:`cached_plan_page` keeps the rendered
page in the cache under a key made of everything the page depends on:

- the plan's ``revision``, which every change to the plan's data moves on
  (:func:`plan_changed`), so a change is visible on the very next request;
- the viewer (user, role, language, calendar) and the plan's local date, so
  "today", overdue flags and Jalali dates are never yesterday's;
- the URL, including htmx's headers (a fragment and a page differ);
- the viewer's CSRF cookie, because the page's forms carry a token from it.

What moves the revision on: every write request that passes ``plan_view`` (any
method but GET/HEAD/OPTIONS), the background dashboard refresh, a digest
being sent, a member joining, a user editing their profile (their name and
language show on every plan they belong to) and an edit in the admin
(``onboarding.admin.ChangesPlanPages``). Edits made elsewhere (a shell, a
bulk SQL update) show within ``PAGE_TTL`` at the latest.

The cache is an optimisation only: when it is unreachable, pages render as if
it were empty, and nothing is stored.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.http import HttpResponse
from django.utils import translation

from .i18n import prefers_gregorian
from .models import Plan

logger = logging.getLogger(__name__)

PAGE_TTL = 5 * 60  # seconds; bounds staleness from edits made outside the app
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# The htmx headers a GET view may answer differently to.
HTMX_HEADERS = ("HX-Request", "HX-Target", "HX-Boosted", "HX-History-Restore-Request")
# Headers a cached page keeps; cookies are the middleware's job on every request.
KEPT_HEADERS = frozenset({"content-type", "vary", "cache-control", "hx-trigger"})


def plan_changed(plan_id: int) -> None:
    """Mark the plan's cached pages out of date once the current transaction commits.

    After the commit, not before: a reader that saw the new revision must also
    see the new data. ``robust``: a failed bump (the database just went away)
    is logged, and ``PAGE_TTL`` bounds the staleness.
    """
    transaction.on_commit(
        lambda: Plan.objects.filter(pk=plan_id).update(revision=F("revision") + 1),
        robust=True,
    )


def plans_of_user_changed(user_id: int) -> None:
    """A user's name or language shows on every plan they belong to."""
    transaction.on_commit(
        lambda: Plan.objects.filter(memberships__user_id=user_id).update(
            revision=F("revision") + 1
        ),
        robust=True,
    )


def cached_plan_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a GET plan page from the cache; goes under ``plan_view``."""

    @functools.wraps(view)
    def wrapper(request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        key = page_key(request)
        if key is None:
            return view(request, *args, **kwargs)
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
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"page:{plan.pk}:{digest}"


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
