"""Confirming a new e-mail address: a signed link, valid for two days, sent to that address.

The link names the account and the new address. It works only for the
signed-in owner of that account, and only while that address is still the
one they asked for (``User.pending_email``): asking for another address, or
cancelling, makes older links useless.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.conf import settings
from django.core import signing
from django.urls import reverse

EMAIL_CHANGE_SALT = "onboarding.email-change"
EMAIL_CHANGE_VALID = dt.timedelta(days=2)


class EmailChangeUnusable(Exception):
    """The link is for another address than the one now asked for, or that address is taken."""


class EmailChange(NamedTuple):
    user_id: int
    email: str


def email_change_token(*, user_id: int, email: str) -> str:
    return signing.dumps({"user": user_id, "email": email}, salt=EMAIL_CHANGE_SALT)


def email_change_from_token(token: str) -> EmailChange | None:
    """What a link asks for; None when it was tampered with or has expired."""
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_VALID)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        return None
    if not isinstance(data.get("email"), str):
        return None
    return EmailChange(data["user"], data["email"])


def email_change_link(*, user_id: int, email: str) -> str:
    token = email_change_token(user_id=user_id, email=email)
    return f"{settings.SITE_URL}{reverse('confirm_email', kwargs={'token': token})}"
