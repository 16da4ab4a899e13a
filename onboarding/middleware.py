from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from .i18n import prefers_gregorian

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Answer 503 with a plain page while the database is unreachable.

    The next request gets a fresh connection (``CONN_HEALTH_CHECKS``), so the
    app recovers on its own once the database is back.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DatabaseError) and not _database_answers():
            logger.error("Database unavailable: %s", exception)
            body = render_to_string("503.html")
            return HttpResponse(body, status=503, headers={"Retry-After": "10"})
        return None


def _database_answers() -> bool:
    """Whether the failure was the database going away, not a bad query."""
    raw = connection.connection
    if raw is None:  # never connected: the server refused us
        return False
    # psycopg marks a connection whose server went away as broken/closed;
    # a failed query on a live connection is a bug and stays a 500.
    return not (getattr(raw, "broken", False) or getattr(raw, "closed", False))


class ContentSecurityPolicyMiddleware:
    """Only the app's own scripts, styles, fonts and images; no inline code.

    htmx is configured (base.html) not to eval and not to inject styles, so the
    pages need nothing inline. The admin keeps Django's own behaviour.
    """

    POLICY = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; frame-src 'self'; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/admin/"):
            response.setdefault("Content-Security-Policy", self.POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class UserLanguageMiddleware:
    """The signed-in user's own language and calendar, over the browser's.

    Runs after LocaleMiddleware (browser ``Accept-Language`` or the switcher's
    cookie) and AuthenticationMiddleware: a language saved in the profile wins.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        gregorian = False
        if user is not None and user.is_authenticated:
            if user.language:
                translation.activate(user.language)
                request.LANGUAGE_CODE = user.language
            gregorian = user.use_gregorian
        token = prefers_gregorian.set(gregorian)
        try:
            response = self.get_response(request)
        finally:
            prefers_gregorian.reset(token)
        return response
