"""Digests in the app: the manager sees what did not certainly arrive and may send it
again; a digest looks as its recipient sees it; its links lead to SITE_URL."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.urls import resolve

from metrics.models import Digest
from metrics.tasks import send_digest, send_due_digests
from onboarding.models import Membership, Role
from tests.factories import UserFactory
from tests.support import BASE

pytestmark = pytest.mark.django_db

WEEK = dt.date(2026, 3, 23)


def _digest(world, **fields) -> Digest:
    values = {
        "plan": world.plan,
        "week_start": WEEK,
        "recipient": world.member,
        "role": "member",
        "language": "en",
        "subject": "First 100 days: the week to day 22",
        "body_text": "Hello",
        "body_html": "<p>Hello</p>",
    }
    return Digest.objects.create(**{**values, **fields})


class Tags(HTMLParser):
    """Every start tag with its attributes, as a browser's parser reads them."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def all(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.tags if tag == name]


def _send_this_week(world) -> None:
    plan = world.plan
    plan.digest_weekday, plan.digest_time = 0, dt.time(8)
    plan.created_at = dt.datetime(2026, 3, 23, tzinfo=dt.UTC)
    plan.save()
    with time_machine.travel(dt.datetime(2026, 3, 23, 9, 0, tzinfo=dt.UTC), tick=False):
        send_due_digests()


def _frame(page: str) -> dict[str, str | None]:
    tags = Tags(page)
    (frame,) = tags.all("iframe")
    # The page goes on after the frame: its attributes did not swallow the rest.
    assert any(attrs.get("href", "").endswith("/digests/") for attrs in tags.all("a"))  # type: ignore[union-attr]
    return frame


def _assert_framed_email(response, html: str) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    # Byte for byte the e-mail's HTML: nothing escaped twice, nothing cut.
    assert response.content.decode() == html
    policy = response["Content-Security-Policy"]
    assert "sandbox" in policy and "script-src" not in policy
    assert "default-src 'none'" in policy and "frame-ancestors 'self'" in policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"


# --- What did not certainly arrive, shown to the manager ----------------------------------


def test_a_failed_digest_is_shown_to_the_manager_with_its_reason(world, client_for):
    digest = _digest(world, subject="Line one\nLine two")  # cannot be built
    assert send_digest(digest.pk) == "failed"

    page = client_for(world.manager).get(f"/plans/{world.plan.pk}/digests/").content.decode()
    assert "Digests that need your attention" in page
    assert "not sent" in page
    assert "The e-mail could not be built." in page
    assert "BadHeaderError: Header values can&#x27;t contain newlines" in page
    assert f"/digests/{digest.pk}/send-again/" in page
    # Only the manager decides: the executive's page lists no one else's digests.
    page = client_for(world.executive).get(f"/plans/{world.plan.pk}/digests/").content.decode()
    assert "need your attention" not in page


def test_a_digest_waiting_to_retry_is_shown_with_its_reason_but_no_button(world, client_for):
    digest = _digest(world, attempts=2, problem="connect", last_error="ConnectionRefusedError: …")
    page = client_for(world.manager).get(f"/plans/{world.plan.pk}/digests/").content.decode()
    assert "trying again after 2 failed attempts" in page
    assert "The mail server could not be reached." in page
    assert f"/digests/{digest.pk}/send-again/" not in page


# --- The manager's decision: send again ------------------------------------------------------


def test_the_manager_sends_an_uncertain_digest_again(
    world, client_for, django_capture_on_commit_callbacks
):
    digest = _digest(world, status=Digest.Status.UNCERTAIN, problem="interrupted", attempts=1)
    client = client_for(world.manager)
    page = client.get(f"/plans/{world.plan.pk}/digests/").content.decode()
    assert "may not have arrived" in page
    assert "Send again" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/plans/{world.plan.pk}/digests/{digest.pk}/send-again/")
    assert response.status_code == 302
    assert response["Location"] == f"/plans/{world.plan.pk}/digests/"
    digest.refresh_from_db()
    assert (digest.status, digest.problem, digest.attempts) == ("sent", "", 1)
    assert [m.to for m in mail.outbox] == [["member@example.com"]]

    # A digest that was sent is not sent again, however often the button is pressed.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/plans/{world.plan.pk}/digests/{digest.pk}/send-again/")
    assert len(mail.outbox) == 1
    assert Digest.objects.get(pk=digest.pk).status == "sent"


def test_only_the_plans_manager_may_send_a_digest_again(world, client_for):
    digest = _digest(world, status=Digest.Status.FAILED, problem="refused")
    url = f"/plans/{world.plan.pk}/digests/{digest.pk}/send-again/"
    assert client_for(world.executive).post(url).status_code == 403
    assert client_for(world.member).post(url).status_code == 403
    assert client_for(world.other_manager).post(url).status_code == 404
    assert Digest.objects.get(pk=digest.pk).status == "failed"
    # And another plan's digest is not found through this plan's address.
    foreign = _digest(world, plan=world.other_plan, recipient=world.other_manager)
    Digest.objects.filter(pk=foreign.pk).update(status="failed")
    other_url = f"/plans/{world.plan.pk}/digests/{foreign.pk}/send-again/"
    assert client_for(world.manager).post(other_url).status_code == 404
    assert Digest.objects.get(pk=foreign.pk).status == "failed"


@pytest.mark.parametrize("size", [3, 60])
def test_the_digests_page_reads_in_a_fixed_number_of_queries(
    world, client_for, django_assert_num_queries, size
):
    for n in range(size):
        user = UserFactory(username=f"reader{n}")
        Membership.objects.create(plan=world.plan, user=user, role=Role.MEMBER)
        _digest(world, recipient=user, status=Digest.Status.UNCERTAIN, problem="interrupted")
    client = client_for(world.manager)
    client.get(f"/plans/{world.plan.pk}/digests/")
    # BASE (savepoints, session, user, membership) + own digests + attention list.
    with django_assert_num_queries(BASE + 2):
        page = client.get(f"/plans/{world.plan.pk}/digests/").content.decode()
    assert page.count("/send-again/") == size


# --- The e-mail as its recipient sees it ------------------------------------------------


def test_a_digest_page_frames_the_email_exactly_as_sent_in_the_readers_language(world, client_for):
    world.executive.language = "ru"
    world.executive.save()
    _send_this_week(world)
    digest = Digest.objects.get(recipient=world.executive, week_start=WEEK)
    client = client_for(world.executive)

    page = client.get(f"/plans/{world.plan.pk}/digests/{digest.pk}/").content.decode()
    frame = _frame(page)
    assert frame["class"] == "digest-frame"  # sized by metrics.css, no inline style
    assert frame["sandbox"] == ""  # no scripts, no same-origin access
    assert "srcdoc" not in frame and "style" not in frame
    assert frame["src"] == f"/plans/{world.plan.pk}/digests/{digest.pk}/email/"
    assert "css/metrics" in page

    email = client.get(frame["src"])
    _assert_framed_email(email, digest.body_html)
    assert '<html lang="ru" dir="ltr">' in digest.body_html
    # Another reader's copy is not framed for them.
    manager_copy = Digest.objects.get(recipient=world.manager, week_start=WEEK)
    url = f"/plans/{world.plan.pk}/digests/{manager_copy.pk}/email/"
    assert client.get(url).status_code == 404


def test_the_preview_frames_the_managers_email_in_their_language_and_direction(world, client_for):
    world.manager.language = "fa"
    world.manager.save()
    world.plan.title = 'Support "A" & <B>'
    world.plan.save()
    client = client_for(world.manager)

    page = client.get(f"/plans/{world.plan.pk}/digests/preview/").content.decode()
    frame = _frame(page)
    assert frame["src"] == f"/plans/{world.plan.pk}/digests/preview/email/"
    assert frame["sandbox"] == "" and frame["class"] == "digest-frame"

    email = client.get(frame["src"])
    html = email.content.decode()
    _assert_framed_email(email, html)
    assert '<html lang="fa" dir="rtl">' in html
    assert "Support &quot;A&quot; &amp; &lt;B&gt;" in html
    assert "<B>" not in html


@pytest.mark.parametrize(
    "site_url", ["https://digests.example.org", "https://digests.example.org/"]
)
def test_every_link_in_a_digest_is_built_from_site_url(world, settings, site_url):
    settings.SITE_URL = site_url
    _send_this_week(world)
    message = next(m for m in mail.outbox if m.to == ["manager@example.com"])
    html = message.alternatives[0][0]  # type: ignore[attr-defined]
    links = re.findall(r"https?://[^\s<>\"]+", message.body)  # type: ignore[arg-type]
    links += [attrs["href"] for attrs in Tags(html).all("a")]
    links.append(message.extra_headers["List-Unsubscribe"].strip("<>"))
    assert len(links) == 5  # dashboard and unsubscribe in each part, and the header
    for link in links:
        parts = urlsplit(link)
        assert (parts.scheme, parts.netloc) == ("https", "digests.example.org"), link
        assert not parts.path.startswith("//"), link
        assert resolve(parts.path).url_name in {"dashboard", "digest_unsubscribe"}
