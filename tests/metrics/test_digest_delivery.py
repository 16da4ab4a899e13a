"""Delivery of a digest: at most once, retried only when it certainly did not leave,
and never silent. Django's real SMTP backend talks to a small server that accepts,
refuses or hangs up (``tests/metrics/mail.py``)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from metrics.digests.rules import MAX_ATTEMPTS, retry_delay
from metrics.digests.selectors import stalled_digest_ids
from metrics.digests.services import (
    digest_claim,
    digest_deliver,
    digests_settle_abandoned,
    new_claim_token,
)
from metrics.models import Digest
from metrics.tasks import send_digest, send_due_digests
from tests.metrics.mail import FakeSMTP
from tests.support import free_port

pytestmark = pytest.mark.django_db

WEEK = dt.date(2026, 3, 23)
MONDAY_MORNING = dt.datetime(2026, 3, 23, 9, 0, tzinfo=dt.UTC)


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


@pytest.fixture
def smtp(settings):
    servers: list[FakeSMTP] = []

    def start(mode: str = "accept") -> FakeSMTP:
        server = FakeSMTP(mode)
        server.use(settings)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


# --- Claims --------------------------------------------------------------------------


def test_a_row_is_claimed_only_from_pending_not_by_its_own_task_nor_after_the_lease(
    world, settings
):
    digest = _digest(world)
    assert digest_claim(digest_id=digest.pk, token="task-1") is not None
    assert digest_claim(digest_id=digest.pk, token="task-2") is None
    # The same task redelivered (same id) gets nothing back either.
    assert digest_claim(digest_id=digest.pk, token="task-1") is None
    # Nor does anyone once the lease has run out: the sweep decides, not a claim.
    settings.DIGEST_CLAIM_LEASE_SECONDS = 0
    assert digest_claim(digest_id=digest.pk, token="task-3") is None
    digest.refresh_from_db()
    assert (digest.status, digest.claim_token, digest.attempts) == ("sending", "task-1", 1)


def test_after_the_lease_a_handed_over_digest_is_uncertain_and_never_sent_again(world, settings):
    handed_over = _digest(world, recipient=world.member)
    not_started = _digest(world, recipient=world.executive)
    with time_machine.travel(MONDAY_MORNING, tick=False) as clock:
        for digest in (handed_over, not_started):
            assert digest_claim(digest_id=digest.pk, token=new_claim_token())
        Digest.objects.filter(pk=handed_over.pk).update(handed_over_at=timezone.now())

        clock.shift(settings.DIGEST_CLAIM_LEASE_SECONDS - 1)
        assert digests_settle_abandoned() == (0, 0)  # still within the lease
        clock.shift(2)
        assert digests_settle_abandoned() == (1, 1)

        handed_over.refresh_from_db()
        assert handed_over.status == Digest.Status.UNCERTAIN
        assert handed_over.problem == Digest.Problem.INTERRUPTED
        # The one that never reached the mail connection is simply sent.
        assert stalled_digest_ids() == [not_started.pk]
        send_due_digests()
    assert [m.to for m in mail.outbox] == [["executive@example.com"]]
    assert Digest.objects.get(pk=not_started.pk).status == Digest.Status.SENT
    assert Digest.objects.get(pk=handed_over.pk).status == Digest.Status.UNCERTAIN


def test_a_worker_that_keeps_dying_before_sending_fails_the_digest_at_the_limit(world, settings):
    digest = _digest(world)
    settings.DIGEST_CLAIM_LEASE_SECONDS = 0
    for _ in range(MAX_ATTEMPTS):
        assert digest_claim(digest_id=digest.pk, token=new_claim_token())
        digests_settle_abandoned()  # the worker died before the hand-over
    digest.refresh_from_db()
    assert (digest.status, digest.problem) == ("failed", "worker_lost")


# --- Failures that certainly delivered nothing: retried with backoff, then FAILED ---------


def test_an_unreachable_mail_server_is_retried_with_backoff_then_the_digest_fails(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    digest = _digest(world)
    waits = []
    with time_machine.travel(MONDAY_MORNING, tick=False) as clock:
        assert send_digest(digest.pk) == "pending"  # the task: its retry cannot claim yet
        for attempt in range(1, MAX_ATTEMPTS):
            digest.refresh_from_db()
            assert (digest.status, digest.attempts, digest.problem) == (
                "pending",
                attempt,
                "connect",
            )
            assert "ConnectionRefusedError" in digest.last_error
            wait = digest.next_attempt_at - timezone.now()  # type: ignore[operator]
            waits.append(wait)
            clock.shift(wait - dt.timedelta(seconds=1))
            assert digest_deliver(digest_id=digest.pk).status == "not_claimed"
            assert stalled_digest_ids() == []
            clock.shift(dt.timedelta(seconds=1))
            assert stalled_digest_ids() == [digest.pk]
            digest_deliver(digest_id=digest.pk)
    assert waits == [retry_delay(n) for n in range(1, MAX_ATTEMPTS)]
    assert [w.total_seconds() for w in waits[:3]] == [30, 60, 120]
    assert max(waits) == dt.timedelta(minutes=15)
    digest.refresh_from_db()
    assert (digest.status, digest.attempts, digest.problem) == ("failed", MAX_ATTEMPTS, "connect")
    assert "ConnectionRefusedError" in digest.last_error


@pytest.mark.parametrize("mode", ["refuse_sender", "refuse_recipient", "refuse_data"])
def test_a_refused_digest_waits_to_be_tried_again_and_is_sent_when_accepted(
    world, smtp, mode, caplog
):
    refusing = smtp(mode)
    digest = _digest(world)
    with time_machine.travel(MONDAY_MORNING, tick=False) as clock:
        delivery = digest_deliver(digest_id=digest.pk)
        assert delivery.status == "pending"
        assert delivery.retry_at == timezone.now() + dt.timedelta(seconds=30)
        digest.refresh_from_db()
        assert digest.problem == "refused"
        assert "550" in digest.last_error or "554" in digest.last_error
        assert refusing.received == []

        accepting = smtp("accept")
        clock.shift(30)
        assert digest_deliver(digest_id=digest.pk).status == "sent"
    digest.refresh_from_db()
    assert (digest.status, digest.problem, digest.last_error) == ("sent", "", "")
    assert len(accepting.received) == 1
    assert "refused by the mail server" in caplog.text


# --- After the hand-over: never repeated ---------------------------------------------------


def test_a_connection_lost_after_the_message_went_out_is_uncertain_not_retried(world, smtp, caplog):
    server = smtp("hang_up_after_data")
    digest = _digest(world)
    assert send_digest(digest.pk) == "uncertain"
    digest.refresh_from_db()
    assert (digest.status, digest.problem) == ("uncertain", "interrupted")
    assert "SMTPServerDisconnected" in digest.last_error
    assert "it may have arrived" in caplog.text
    # Nothing sends it again by itself: not the task, not the periodic job.
    smtp("accept")
    assert send_digest(digest.pk) == "not_claimed"
    with time_machine.travel(timezone.now() + dt.timedelta(days=1)):
        assert stalled_digest_ids() == []
        send_due_digests()
    assert len(server.received) == 1
    assert Digest.objects.get(pk=digest.pk).status == "uncertain"


def test_an_accepted_digest_is_sent_once_through_smtp(world, smtp):
    server = smtp("accept")
    digest = _digest(world)
    assert send_digest(digest.pk) == "sent"
    assert send_digest(digest.pk) == "not_claimed"
    digest.refresh_from_db()
    assert digest.status == "sent" and digest.sent_at and digest.handed_over_at
    assert len(server.received) == 1
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in server.received[0]


# --- A failing digest is never silent ------------------------------------------------------


def test_a_plan_title_can_never_break_a_digest_subject(world):
    from django.db import IntegrityError, transaction

    from metrics.digests.rules import subject_line

    # The database refuses a multi-line title, whoever writes it (forms refuse it first)...
    with pytest.raises(IntegrityError), transaction.atomic():
        type(world.plan).objects.filter(pk=world.plan.pk).update(title="Line one\nLine two")
    # ...and a subject is made one line anyway, so a header can never be split.
    assert subject_line("Line one\r\nLine two:  the week\tto day 22\n") == (
        "Line one Line two: the week to day 22"
    )


def test_a_plain_text_part_is_not_html_escaped_and_the_html_part_is(world):
    type(world.plan).objects.filter(pk=world.plan.pk).update(
        title="Support & <Success>", created_at=dt.datetime(2026, 3, 23, tzinfo=dt.UTC)
    )
    with time_machine.travel(MONDAY_MORNING, tick=False):
        send_due_digests()
    digest = Digest.objects.get(plan=world.plan, recipient=world.manager)
    assert digest.subject.startswith("Support & <Success>:")
    assert "“Support & <Success>”" in digest.body_text
    assert "Support &amp; &lt;Success&gt;" in digest.body_html
    assert "<Success>" not in digest.body_html


def test_a_digest_whose_send_raises_a_non_transient_error_fails_with_the_reason_kept(world, caplog):
    # A subject stored with a line break (never written by the app now): the
    # e-mail cannot be built, every time. It must not stay pending and silent.
    digest = _digest(world, subject="Line one\nLine two")
    assert send_digest(digest.pk) == "failed"
    digest.refresh_from_db()
    assert (digest.status, digest.problem) == ("failed", "content")
    assert "BadHeaderError" in digest.last_error
    assert "cannot be built" in caplog.text
    assert any(r.exc_info for r in caplog.records)  # logged with its traceback
    assert mail.outbox == []
    assert stalled_digest_ids() == []  # and not picked up again by itself
