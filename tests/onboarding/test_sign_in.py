"""Sign-in throttling: failures slow an attacker down and never lock the owner out."""

from __future__ import annotations

import datetime as dt
import re
import threading
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.test import Client, RequestFactory
from django.utils import translation

from onboarding.core.client import client_address
from onboarding.models import AttemptCounter
from onboarding.tasks import forget_old_attempts
from onboarding.throttling import wait_message
from tests.factories import PASSWORD, UserFactory
from tests.matching import found

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"
WRONG = "not the password"
REFUSED = "Please enter a correct username and password"


def sign_in(client, username, password, address, path="/accounts/login/"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


def seconds_to_wait(response) -> int:
    """The wait the page announces, in seconds (minutes are converted)."""
    match = re.search(r"Try again in (\d+) (second|minute)", response.content.decode())
    assert match, "the page does not say how long to wait"
    return int(match.group(1)) * (60 if match.group(2) == "minute" else 1)


def fail_often(client, traveller, count, *, username="manager", address=ATTACKER):
    """``count`` real wrong guesses: the clock moves past each delay first."""
    for _attempt in range(count):
        traveller.shift(dt.timedelta(minutes=15, seconds=1))
        assert REFUSED in sign_in(client, username, WRONG, address).content.decode()


@pytest.fixture
def traveller():
    with time_machine.travel(dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC), tick=False) as t:
        yield t


def test_a_hundred_wrong_passwords_elsewhere_delay_the_owner_at_most_a_minute(
    client, world, traveller
):
    fail_often(client, traveller, 100)

    owner = Client()
    response = sign_in(owner, "manager", PASSWORD, OWNER)
    assert "_auth_user_id" not in owner.session
    assert 0 < seconds_to_wait(response) <= 60

    traveller.shift(dt.timedelta(seconds=60))
    assert sign_in(owner, "manager", PASSWORD, OWNER).status_code == 302
    assert owner.session["_auth_user_id"] == str(world.manager.pk)


def test_the_right_password_from_the_same_address_waits_only_for_the_delay(
    client, world, traveller
):
    for _attempt in range(5):
        assert REFUSED in sign_in(client, "manager", WRONG, ATTACKER).content.decode()

    with mock.patch.object(auth_forms, "authenticate", wraps=auth_forms.authenticate) as checked:  # type: ignore[attr-defined]
        response = sign_in(client, "Manager ", PASSWORD, ATTACKER)
    assert "Too many failed sign-ins. Try again in 1 second." in response.content.decode()
    assert not checked.called, "the password must not be checked during a delay"
    assert "_auth_user_id" not in client.session

    traveller.shift(dt.timedelta(seconds=1))
    assert sign_in(client, "manager", PASSWORD, ATTACKER).status_code == 302
    # Success cleared the pair: one more mistake costs no wait.
    client.logout()
    assert REFUSED in sign_in(client, "manager", WRONG, ATTACKER).content.decode()
    assert sign_in(client, "manager", PASSWORD, ATTACKER).status_code == 302


def test_delays_grow_to_a_quarter_of_an_hour_for_the_attacking_pair(client, world, traveller):
    waits = []
    for _attempt in range(16):
        response = sign_in(client, "manager", WRONG, ATTACKER)
        if "Try again in" in response.content.decode():
            waits.append(seconds_to_wait(response))
            traveller.shift(dt.timedelta(seconds=waits[-1]))
            response = sign_in(client, "manager", WRONG, ATTACKER)
        assert REFUSED in response.content.decode()
    response = sign_in(client, "manager", PASSWORD, ATTACKER)
    assert seconds_to_wait(response) == 15 * 60
    assert "Try again in 15 minutes." in response.content.decode()
    assert waits[:6] == [1, 2, 4, 8, 16, 32]


def _reset_password(client, user, password, address=OWNER):
    mail.outbox.clear()
    client.post("/accounts/password_reset/", {"email": user.email}, REMOTE_ADDR=address)
    (message,) = mail.outbox
    link = found(re.escape(settings.SITE_URL) + r"(/accounts/reset/\S+/)", message.body).group(1)
    set_password = client.get(link, REMOTE_ADDR=address)["Location"]
    response = client.post(
        set_password, {"new_password1": password, "new_password2": password}, REMOTE_ADDR=address
    )
    assert response.status_code == 302


def test_a_completed_password_reset_lifts_the_account_delay(client, world, traveller):
    fail_often(client, traveller, 100)
    owner = Client()
    assert "Try again in" in sign_in(owner, "manager", PASSWORD, OWNER).content.decode()

    _reset_password(owner, world.manager, "a-fresh-pass-phrase-9")

    assert sign_in(owner, "manager", "a-fresh-pass-phrase-9", OWNER).status_code == 302


def test_a_password_reset_lifts_the_owners_own_delay(client, world, traveller):
    fail_often(client, traveller, 20, address=OWNER)
    assert seconds_to_wait(sign_in(client, "manager", PASSWORD, OWNER)) == 15 * 60

    _reset_password(client, world.manager, "a-fresh-pass-phrase-9")

    assert sign_in(client, "manager", "a-fresh-pass-phrase-9", OWNER).status_code == 302


def test_the_admin_sign_in_is_throttled(client, traveller):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    for _attempt in range(5):
        response = sign_in(client, "root", WRONG, ATTACKER, path="/admin/login/")
        assert response.status_code == 200 and "_auth_user_id" not in client.session
    response = sign_in(client, "root", PASSWORD, ATTACKER, path="/admin/login/")
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session

    traveller.shift(dt.timedelta(seconds=1))
    assert sign_in(client, "root", PASSWORD, ATTACKER, path="/admin/login/").status_code == 302


def test_counters_survive_a_cache_clear(client, world, traveller):
    for _attempt in range(5):
        sign_in(client, "manager", WRONG, ATTACKER)
    cache.clear()
    response = sign_in(client, "manager", PASSWORD, ATTACKER)
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_spraying_from_one_address_is_slowed_across_accounts(client, traveller):
    names = [UserFactory().username for _ in range(50)]
    for name in names:
        assert REFUSED in sign_in(client, name, WRONG, ATTACKER).content.decode()
    newcomer = UserFactory()
    response = sign_in(client, newcomer.username, PASSWORD, ATTACKER)
    assert "Too many failed sign-ins" in response.content.decode()
    # Another address is not affected.
    assert sign_in(Client(), newcomer.username, PASSWORD, OWNER).status_code == 302


def test_unknown_accounts_are_throttled_like_real_ones(client, world, traveller):
    for name in ("manager", "nobody-here"):
        for _attempt in range(5):
            sign_in(client, name, WRONG, ATTACKER)
        assert "Try again in 1 second." in sign_in(client, name, WRONG, ATTACKER).content.decode()


def test_only_hashes_are_stored(client, world, traveller):
    sign_in(client, "manager", WRONG, ATTACKER)
    stored = " ".join(f"{row.key} {row.account}" for row in AttemptCounter.objects.all())
    assert AttemptCounter.objects.count() == 3
    assert "manager" not in stored and ATTACKER not in stored


def test_the_wait_is_said_in_seconds_or_minutes_in_each_language():
    assert wait_message(40) == "Too many failed sign-ins. Try again in 40 seconds."
    assert wait_message(1) == "Too many failed sign-ins. Try again in 1 second."
    assert wait_message(60) == "Too many failed sign-ins. Try again in 1 minute."
    assert wait_message(61) == "Too many failed sign-ins. Try again in 2 minutes."
    with translation.override("ru"):
        assert "5 минут" in wait_message(300)
        assert "21 секунду" in wait_message(21)
    with translation.override("fa"):
        assert "۴۰" in wait_message(40) and "Try again" not in wait_message(40)


@pytest.mark.parametrize(
    ("hops", "remote", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "203.0.113.1", "198.51.100.7"),  # the header is ignored
        (1, "10.0.0.2", "203.0.113.1", "203.0.113.1"),
        (1, "10.0.0.2", "6.6.6.6, 203.0.113.1", "203.0.113.1"),  # a spoofed entry on the left
        (2, "10.0.0.2", "6.6.6.6, 203.0.113.1, 10.0.0.9", "203.0.113.1"),
        (2, "10.0.0.2", "203.0.113.1", "203.0.113.1"),  # fewer entries than proxies
        (1, "10.0.0.2", "", "10.0.0.2"),
        (1, "10.0.0.2", "unknown", "10.0.0.2"),
        (0, "2001:db8:1:2:3:4:5:6", "", "2001:db8:1:2::/64"),
        (0, "::ffff:198.51.100.7", "", "198.51.100.7"),
    ],
)
def test_the_client_address_trusts_only_the_configured_proxies(
    settings, hops, remote, forwarded, expected
):
    settings.TRUSTED_PROXY_HOPS = hops
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_behind_a_proxy_each_client_has_its_own_counters(client, world, settings, traveller):
    settings.TRUSTED_PROXY_HOPS = 1
    for _attempt in range(5):
        client.post(
            "/accounts/login/",
            {"username": "manager", "password": WRONG},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=ATTACKER,
        )
    response = Client().post(
        "/accounts/login/",
        {"username": "manager", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=f"{ATTACKER}, {OWNER}",
    )
    assert response.status_code == 302


# ------------------------------------------------------------ password reset


def _reset(client, email, address=OWNER):
    return client.post("/accounts/password_reset/", {"email": email}, REMOTE_ADDR=address)


def test_a_burst_of_reset_requests_sends_at_most_three_emails(client, world):
    answers = {_reset(client, world.manager.email)["Location"] for _ in range(30)}
    assert answers == {"/accounts/password_reset/done/"}
    assert len(mail.outbox) == 3
    # Unknown and throttled addresses get the very same answer.
    assert _reset(client, "nobody@example.com")["Location"] == "/accounts/password_reset/done/"


def test_reset_requests_are_limited_per_client_across_addresses(client):
    users = [UserFactory() for _ in range(25)]
    for user in users:
        _reset(client, user.email, address=ATTACKER)
    assert len(mail.outbox) == 20
    _reset(client, users[-1].email, address=OWNER)
    assert len(mail.outbox) == 21


def test_the_reset_limit_is_per_hour(client, world):
    with time_machine.travel(dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        for _attempt in range(5):
            _reset(client, world.manager.email)
        assert len(mail.outbox) == 3
        clock.shift(dt.timedelta(hours=1, seconds=1))
        _reset(client, world.manager.email)
        assert len(mail.outbox) == 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_thirty_simultaneous_reset_requests_send_at_most_three_emails():
    user = UserFactory(username="ana", email="ana@example.com")
    barrier = threading.Barrier(30)
    answers: list[int] = []

    def request():
        try:
            barrier.wait()
            answers.append(_reset(Client(), user.email).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [302] * 30
    assert len(mail.outbox) == 3


def test_counters_quiet_for_a_day_are_forgotten_and_deleted(client, world, traveller):
    for _attempt in range(5):
        sign_in(client, "manager", WRONG, ATTACKER)
    traveller.shift(dt.timedelta(days=1, seconds=1))
    assert forget_old_attempts() == 3
    assert sign_in(client, "manager", PASSWORD, ATTACKER).status_code == 302


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_failures_are_all_counted():
    UserFactory(username="ana")
    barrier = threading.Barrier(10)

    def fail(number):
        try:
            barrier.wait()
            sign_in(Client(), "ana", WRONG, f"198.51.100.{number}")
        finally:
            connection.close()

    threads = [threading.Thread(target=fail, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Ten rows created at once for the account, one per address, none lost.
    assert AttemptCounter.objects.get(scope="sign-in-account").count == 10
    assert AttemptCounter.objects.filter(scope="sign-in-pair").count() == 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_parallel_burst_after_a_delay_gets_one_guess():
    UserFactory(username="ana")
    for _attempt in range(5):
        sign_in(Client(), "ana", WRONG, ATTACKER)
    # The one-second delay has passed.
    AttemptCounter.objects.update(last_at=F("last_at") - dt.timedelta(seconds=5))
    barrier = threading.Barrier(10)
    checked: list[bool] = []

    def guess():
        try:
            barrier.wait()
            checked.append(REFUSED in sign_in(Client(), "ana", WRONG, ATTACKER).content.decode())
        finally:
            connection.close()

    threads = [threading.Thread(target=guess) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(checked) == [False] * 9 + [True]
    assert AttemptCounter.objects.get(scope="sign-in-pair").count == 6
