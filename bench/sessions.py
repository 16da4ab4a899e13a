"""Signed-in sessions made directly, as ``django.contrib.auth.login`` would make them.

Used in-process and over HTTP alike: a session cookie and a CSRF cookie, as a
browser has them after its first page, and the CSRF secret for the
``X-CSRFToken`` header htmx sends.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.utils.crypto import get_random_string

from onboarding.models import Plan, User


def new_csrf_secret() -> str:
    return get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)


def session_key(user: User, plan: Plan) -> str:
    """A signed-in session of ``user`` on ``plan``.

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
    assert session.session_key is not None
    return session.session_key


class SignedIn:
    """One user's signed-in browser on one plan: its Cookie header and CSRF token."""

    def __init__(self, user: User, plan: Plan) -> None:
        self.user = user
        self.plan = plan
        self.csrf = new_csrf_secret()
        self.cookie = (
            f"{settings.SESSION_COOKIE_NAME}={session_key(user, plan)}; "
            f"{settings.CSRF_COOKIE_NAME}={self.csrf}"
        )

    def get_headers(self) -> dict[str, str]:
        return {"Cookie": self.cookie}

    def post_headers(self) -> dict[str, str]:
        return {
            "Cookie": self.cookie,
            "X-CSRFToken": self.csrf,
            "Content-Type": "application/x-www-form-urlencoded",
        }
