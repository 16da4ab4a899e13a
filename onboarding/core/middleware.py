from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control

from .i18n import prefers_gregorian


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


class RequestSizeLimitMiddleware:
    """Refuse a body larger than any form of the app takes (413) before anything reads it.

    Django caps form fields (``DATA_UPLOAD_MAX_MEMORY_SIZE``) but writes an uploaded
    file to disk whatever its size, and the CSRF check reads the body: without this
    cap, anyone holding a CSRF cookie could fill the server's disk with one request.
    Runs before ``CsrfViewMiddleware``, after ``LocaleMiddleware`` (the page's language).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            limit = settings.MAX_UPLOAD_BYTES // (1024 * 1024)
            return render(request, "413.html", {"limit": limit}, status=413)
        return self.get_response(request)


class RejectNulMiddleware:
    """A NUL byte in the address is never meant: answer 400 before any view sees it.

    PostgreSQL refuses NUL in text, so such a value reaching a query (a search
    box's ``?q=``, a calendar token in the path) would otherwise be a 500.
    Form fields refuse NUL themselves (Django's ``ProhibitNullCharactersValidator``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw_query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or b"\x00" in unquote_to_bytes(raw_query):
            return HttpResponseBadRequest(
                "The address contains a NUL character.", content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Pages for a signed-in user are theirs alone: never kept by a shared or browser cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
