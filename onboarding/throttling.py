"""Counting failed sign-ins and password-reset requests, and what they cost.

Sign-in failures slow further attempts down instead of refusing an account
outright, so an attacker can never lock the real user out:

- per (account, client address): after ``PAIR.free`` failures the next
  attempt from that pair waits 2^(n - free) seconds, at most ``PAIR.cap``;
- per client address, across accounts (password spraying): the same with a
  higher threshold;
- per account, across all addresses: a low cap (``ACCOUNT.cap``), so someone
  elsewhere can delay the owner by at most that long.

During a wait the password is not checked at all. A successful sign-in
clears its (account, address) pair; a completed password reset clears every
counter of the account. Counters nobody touched for ``FORGET_AFTER`` are
forgotten (and deleted by the daily ``forget_old_attempts`` task).

Password-reset e-mails are limited per address and per client address in a
fixed hourly window (``RESET_PER_EMAIL``, ``RESET_PER_CLIENT``).

Counters live in the database (``AttemptCounter``), keyed by an HMAC of the
scope and its parts under ``SECRET_KEY``: no name, e-mail or address is stored.
Every change is one conditional UPDATE, so concurrent requests never lose a
count; on PostgreSQL attempts on one account or from one address are checked
one at a time (advisory locks), so a parallel burst gets one guess, not many.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import ngettext

from onboarding.core.i18n import numbers

from .models import AttemptCounter

FORGET_AFTER = dt.timedelta(days=1)
RESET_WINDOW = dt.timedelta(hours=1)
RESET_PER_EMAIL = 3
RESET_PER_CLIENT = 20


@dataclass(frozen=True)
class Delay:
    """``free`` failures cost nothing; then each one doubles the wait, up to ``cap`` seconds."""

    free: int
    cap: int

    def seconds(self, failures: int) -> int:
        if failures < self.free:
            return 0
        return min(2 ** min(failures - self.free, 32), self.cap)


PAIR = Delay(free=5, cap=15 * 60)
CLIENT = Delay(free=50, cap=15 * 60)
ACCOUNT = Delay(free=10, cap=60)


def _hash(*parts: str) -> str:
    value = "\x1f".join(parts)
    return salted_hmac("onboarding.throttling", value, algorithm="sha256").hexdigest()


def account_name(username: str) -> str:
    """One account however its name is typed: ``Manager `` and ``manager`` count together."""
    return username.strip().casefold()


@dataclass(frozen=True)
class SignInKeys:
    account: str  # hash of the account alone
    pair: str
    client: str
    account_key: str

    def delays(self) -> dict[str, Delay]:
        return {self.pair: PAIR, self.client: CLIENT, self.account_key: ACCOUNT}


def sign_in_keys(*, username: str, address: str) -> SignInKeys:
    account = _hash("account", account_name(username))
    return SignInKeys(
        account=account,
        pair=_hash("sign-in-pair", account_name(username), address),
        client=_hash("sign-in-client", address),
        account_key=_hash("sign-in-account", account_name(username)),
    )


def sign_in_wait(keys: SignInKeys, *, now: dt.datetime | None = None) -> int:
    """Seconds to wait before the next attempt may be checked; 0: go ahead.

    On PostgreSQL this first takes the account's and the client address's
    locks, held until the request's transaction ends: attempts on one account
    or from one address are checked one at a time, so a burst of parallel
    requests cannot all pass this check before the first failure is counted.
    """
    _serialise(keys.account_key, keys.client)
    now = now or timezone.now()
    delays = keys.delays()
    wait = 0.0
    rows = AttemptCounter.objects.filter(key__in=delays, last_at__gte=now - FORGET_AFTER)
    for key, count, last_at in rows.values_list("key", "count", "last_at"):
        seconds = delays[key].seconds(count)
        if seconds:  # (a free failure a moment "after" now, on another clock, costs nothing)
            until = last_at + dt.timedelta(seconds=seconds)
            wait = max(wait, (until - now).total_seconds())
    return math.ceil(wait)


def _serialise(*keys: str) -> None:
    """Transaction-scoped advisory locks, always in this order (account, then client)."""
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for key in keys:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(key[:15], 16)])


def sign_in_failed(keys: SignInKeys) -> None:
    _count(scope="sign-in-pair", key=keys.pair, account=keys.account, since=FORGET_AFTER)
    _count(scope="sign-in-client", key=keys.client, account="", since=FORGET_AFTER)
    _count(scope="sign-in-account", key=keys.account_key, account=keys.account, since=FORGET_AFTER)


def sign_in_succeeded(keys: SignInKeys) -> None:
    AttemptCounter.objects.filter(key=keys.pair).delete()


def sign_in_counters_clear(*, username: str) -> None:
    """After a completed password reset: the account's own counters start again."""
    AttemptCounter.objects.filter(account=_hash("account", account_name(username))).delete()


def wait_message(seconds: int) -> str:
    if seconds < 60:
        return ngettext(
            "Too many failed sign-ins. Try again in %(count)s second.",
            "Too many failed sign-ins. Try again in %(count)s seconds.",
            seconds,
        ) % numbers({"count": seconds})
    minutes = math.ceil(seconds / 60)
    return ngettext(
        "Too many failed sign-ins. Try again in %(count)s minute.",
        "Too many failed sign-ins. Try again in %(count)s minutes.",
        minutes,
    ) % numbers({"count": minutes})


def password_reset_allowed(*, email: str, address: str) -> bool:
    """Count one reset request; False when the address or the client asked too often.

    Every request is counted, whether or not an account has that address, so
    the answer reveals nothing about which addresses exist.
    """
    by_email = _hash("reset-email", email.strip().casefold())
    by_client = _hash("reset-client", address)
    for scope, key in (("reset-email", by_email), ("reset-client", by_client)):
        _count(scope=scope, key=key, account="", since=RESET_WINDOW, window_from_first=True)
    counts = dict(
        AttemptCounter.objects.filter(key__in=[by_email, by_client]).values_list("key", "count")
    )
    return counts.get(by_email, 0) <= RESET_PER_EMAIL and counts.get(by_client, 0) <= (
        RESET_PER_CLIENT
    )


def attempts_forget_old(*, now: dt.datetime | None = None) -> int:
    """Delete counters untouched for ``FORGET_AFTER``; they no longer count anyway."""
    now = now or timezone.now()
    deleted, _per_model = AttemptCounter.objects.filter(last_at__lt=now - FORGET_AFTER).delete()
    return deleted


def _count(
    *, scope: str, key: str, account: str, since: dt.timedelta, window_from_first: bool = False
) -> None:
    """Add one to a counter, starting it again when it is older than ``since``.

    Conflict-safe: the row is created if missing (a concurrent creation is
    ignored), then one UPDATE adds to whatever count is there. "Older" is
    measured from the last attempt (sign-in: forgotten after a quiet spell)
    or from the first (reset requests: a fixed window).
    """
    now = timezone.now()
    AttemptCounter.objects.bulk_create(
        [AttemptCounter(scope=scope, key=key, account=account, first_at=now, last_at=now)],
        ignore_conflicts=True,
    )
    stale = Q(first_at__lt=now - since) if window_from_first else Q(last_at__lt=now - since)
    AttemptCounter.objects.filter(key=key).update(
        count=Case(When(stale, then=Value(1)), default=F("count") + 1),
        first_at=Case(When(stale, then=Value(now)), default=F("first_at")),
        last_at=now,
    )
