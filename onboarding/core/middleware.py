from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

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
