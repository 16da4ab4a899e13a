"""Sign-in with a limit on failed attempts per account."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WINDOW_SECONDS = 3600
logger = logging.getLogger(__name__)


def _failures_key(username: str) -> str:
    digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()
    return f"login-failures:{digest}"


class ThrottledAuthenticationForm(AuthenticationForm):
    """Refuses an account after too many failed passwords in an hour.

    Counting per account (not per address) stops password guessing against
    one person from many machines; the owner can still reset the password.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _(
            "Too many failed sign-ins for this account. Wait an hour, or reset your password."
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        key = _failures_key(username)
        if username and _failures(key) >= settings.LOGIN_FAILURES_PER_HOUR:
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            return super().clean()
        except ValidationError:
            if username:
                _count_failure(key)
            raise


# With the cache (Redis) down, sign-in keeps working unthrottled rather than
# locking everyone out; the outage is logged.
def _failures(key: str) -> int:
    try:
        return cache.get(key) or 0
    except Exception:
        logger.warning("Cache unavailable: sign-in throttling is off", exc_info=True)
        return 0


def _count_failure(key: str) -> None:
    try:
        if not cache.add(key, 1, timeout=WINDOW_SECONDS):
            cache.incr(key)
    except Exception:
        logger.warning("Cache unavailable: failed sign-in not counted", exc_info=True)
