"""Page or fragment, and where to go after a form post: shared by every app's views."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme


def is_partial(request: Any) -> bool:
    """htmx swaps a fragment, except when restoring history (a full page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def vary_on_htmx(response: HttpResponse) -> HttpResponse:
    # The same URL answers with a page or a fragment; caches must keep both.
    patch_vary_headers(response, ("HX-Request",))
    return response


def posted_next(request: HttpRequest) -> str | None:
    """The ``next`` path the form carried, if it is a path on this site.

    Only a path starting with "/": ``redirect()`` would treat "0" or "home" as
    a view name, and a full URL could point at another site.
    """
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None
