"""Where to send the browser after a plain (non-htmx) form post."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


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
