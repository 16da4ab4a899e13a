"""Answers every view gives the same way: page or fragment, back, forbidden, malformed.

A page template names the parts htmx swaps with ``{% partialdef name inline %}``;
:func:`render_page` renders the whole page, or only that part for an htmx
request. After a plain form post, :func:`redirect_back` returns to the page
the form was on. :func:`forbidden` and :func:`malformed` answer input the
page would never send, in a way htmx can show.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import reswap, retarget


def is_partial(request: Any) -> bool:
    """htmx swaps a fragment, except when restoring history (a full page)."""
    htmx = getattr(request, "htmx", None)
    if not htmx:
        return False
    return not htmx.history_restore_request


def current_page(request: Any) -> str | None:
    """The path of this site's page an htmx request came from (its ``HX-Current-URL``).

    None without htmx, for another site's address, or for one ``urlsplit`` refuses
    ("http://[x" raises ValueError): the header is the client's to write.
    """
    htmx = getattr(request, "htmx", None)
    if not htmx:
        return None
    try:
        return htmx.current_url_abs_path
    except ValueError:
        return None


def vary_on_htmx(response: HttpResponse) -> HttpResponse:
    """The same URL answers with a page or a fragment; caches must keep both."""
    patch_vary_headers(response, ("HX-Request",))
    return response


def render_page(
    request: HttpRequest,
    template: str,
    context: Mapping[str, Any],
    *,
    partial: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page, or only its ``partial`` when htmx asks for a fragment."""
    name = f"{template}#{partial}" if partial and is_partial(request) else template
    response = render(request, name, dict(context), status=status)
    return vary_on_htmx(response) if partial else response


def posted(request: HttpRequest) -> QueryDict | None:
    """The POST data, even when empty (an empty form is invalid, not unbound)."""
    return request.POST if request.method == "POST" else None


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


def redirect_back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    """After a plain (non-htmx) form post, return to where the user was, else ``fallback``."""
    return HttpResponseRedirect(posted_next(request) or fallback)


def message_response(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    """A message htmx shows in the page's ``#messages`` region, whatever made the request."""
    response = render(
        request, "partials/message.html", {"message": message, "level": "error"}, status=status
    )
    return reswap(retarget(response, "#messages"), "innerHTML")


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    """403 for a change the user may not make; under htmx, a message the page shows."""
    if not getattr(request, "htmx", False):
        raise PermissionDenied(message)
    return message_response(request, message, status=403)


def malformed(form: Form) -> HttpResponse:
    """Input the page never sends: a 400 with the reason, not a form to correct."""
    text = " ".join(str(message) for errors in form.errors.values() for message in errors)
    return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")
