"""The password pages are the product's own: its layout, its language, its links."""

from __future__ import annotations

import html
import re

import pytest
from django.core import mail

from tests.factories import PASSWORD
from tests.matching import found

pytestmark = pytest.mark.django_db


def _reset_link(client, settings, user) -> str:
    settings.SITE_URL = "https://plans.example.org"
    mail.outbox.clear()
    client.post("/accounts/password_reset/", {"email": user.email})
    (message,) = mail.outbox
    assert message.subject == "Choose a new password for First 100 Days"
    assert f"“{user.username}”" in message.body
    # On the site's address, like every link the product sends, whatever host was asked.
    return found(r"https://plans\.example\.org(/accounts/reset/\S+/)", message.body).group(1)


def _in_the_layout(page: str, title: str) -> None:
    assert "Django site admin" not in page and "/admin/" not in page
    assert 'class="skip-link"' in page and '<main id="main"' in page
    assert f"<title>{title} · First 100 Days</title>" in html.unescape(page)


def test_the_password_reset_pages_are_the_products_own(client, world, settings):
    _in_the_layout(
        client.get("/accounts/password_reset/").content.decode(), "Forgot your password?"
    )
    done = client.get("/accounts/password_reset/done/").content.decode()
    _in_the_layout(done, "Check your e-mail")
    link = _reset_link(client, settings, world.manager)
    choose = client.get(client.get(link)["Location"]).content.decode()
    _in_the_layout(choose, "Choose a new password")
    assert 'name="new_password1"' in choose
    broken = client.get("/accounts/reset/MQ/not-a-token/").content.decode()
    _in_the_layout(broken, "This link no longer works")
    assert 'href="/accounts/password_reset/"' in broken
    complete = client.get("/accounts/reset/done/").content.decode()
    _in_the_layout(complete, "Your new password is set")


def test_a_persian_reader_gets_the_reset_page_right_to_left(client):
    page = client.get("/accounts/password_reset/", HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert '<html lang="fa" dir="rtl">' in page
    assert "Forgot your password?" not in page and "Django" not in page


def test_changing_the_password_goes_back_to_the_profile_saying_so(client, client_for, world):
    signed_out = client.get("/accounts/password_change/")
    assert signed_out["Location"].startswith("/accounts/login/?next=")
    client = client_for(world.manager)
    page = client.get("/accounts/password_change/").content.decode()
    _in_the_layout(page, "Change your password")
    wrong = client.post(
        "/accounts/password_change/",
        {"old_password": "not it", "new_password1": "x", "new_password2": "y"},
    ).content.decode()
    # The error summary links to the field it is about.
    assert 'id="form-errors"' in wrong and 'href="#id_old_password"' in wrong
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-fresh-pass-phrase-9",
            "new_password2": "a-fresh-pass-phrase-9",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/profile/"
    assert "Your password is changed." in response.content.decode()
    world.manager.refresh_from_db()
    assert world.manager.check_password("a-fresh-pass-phrase-9")
    assert re.search(r"Django", response.content.decode()) is None


def _changing_to(client, password: str) -> str:
    """The password page's answer to a change to ``password`` (the old one given right)."""
    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    return html.unescape(response.content.decode())


def _manager_reading(client_for, world, language: str):
    world.manager.language = language
    world.manager.save(update_fields=["language"])
    return client_for(world.manager)


def test_a_persian_reader_reads_the_password_rules_and_errors_in_persian(client_for, world):
    """Django's Persian catalogue has no text for the "too short" error its code raises: the
    page said it in English, wrote the length as "8", and asked under "confirm" for the
    *previous* password."""
    client = _manager_reading(client_for, world, "fa")
    page = html.unescape(client.get("/accounts/password_change/").content.decode())
    assert "دست‌کم ۸ نویسه." in page
    assert "همان گذرواژه را دوباره بنویسید" in page
    assert "رمز عبور قبلی" not in page

    short = _changing_to(client, "4kz")
    assert "این گذرواژه کوتاه است: دست‌کم ۸ نویسه لازم دارد." in short
    error = found(r'id="id_new_password1_error">(.*?)</div>', short, re.S).group(1)
    assert "too short" not in error and "8" not in error
    assert "این گذرواژه فقط رقم است" in _changing_to(client, "48151623")
    world.manager.refresh_from_db()
    assert world.manager.check_password(PASSWORD)


def test_a_russian_reader_gets_the_right_plural_for_the_length(client_for, world):
    short = _changing_to(_manager_reading(client_for, world, "ru"), "4kz")
    assert "Этот пароль слишком короткий: нужно хотя бы 8 символов." in short
    assert "Не короче 8 символов." in short
