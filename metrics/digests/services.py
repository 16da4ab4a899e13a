"""Creating and sending digests: each at most once, and never silently lost.

A digest row moves through these states (``Digest.Status``)::

    PENDING ──claim (compare-and-swap)──▶ SENDING ──mail accepted──▶ SENT
       ▲  ▲                                 │ │ │
       │  └── nothing left, retry later ◀───┘ │ └── not subscribed ──▶ SKIPPED
       │      (no connection, a refusal;      │
       │       at the limit ──▶ FAILED)       ├── e-mail cannot be built ──▶ FAILED
       │                                      ├── error after the hand-over ──▶ UNCERTAIN
       │                                      └── worker died: after the lease,
       │                                          handed over ──▶ UNCERTAIN,
       │                                          not yet ──▶ PENDING (or FAILED at the limit)
       └──────── the manager's "Send again" ◀── UNCERTAIN, FAILED

Only a PENDING row can be claimed, and each claim has a fresh token that every
later write of that attempt checks, so a redelivered task, a second worker or
a late-waking worker can never send a row twice. Just before the e-mail goes to
the open mail connection the row records ``handed_over_at``: from then on a
failure may or may not have delivered it, and it is never re-sent by itself.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import F
from django.utils import timezone

from metrics.digests.emails import render_digest, unsubscribe_link
from metrics.digests.rules import MAX_ATTEMPTS, error_text, may_retry, retry_delay
from metrics.digests.selectors import digest_content
from metrics.models import Digest
from onboarding.models import Membership, Plan

logger = logging.getLogger(__name__)

Status = Digest.Status
Problem = Digest.Problem

# The server answered "no" to the sender, the recipients or the message: it
# did not take the e-mail, so trying again later cannot send it twice.
REFUSALS: tuple[type[Exception], ...] = (
    smtplib.SMTPSenderRefused,
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPDataError,
)
# States in which the attempt holding the token may still record its outcome:
# the lease may have run out while it was talking to a slow server.
IN_FLIGHT = (Status.SENDING, Status.UNCERTAIN)


@dataclass(frozen=True)
class Delivery:
    """What one attempt did: the row's status after it, and when to try again."""

    status: str
    retry_at: dt.datetime | None = None


NOT_CLAIMED = Delivery("not_claimed")


def digests_create(plan: Plan, week: dt.date) -> int:
    """Create the week's rows for every subscribed member; existing rows stay."""
    content = digest_content(plan, week)
    memberships = (
        plan.memberships.select_related("user")
        .filter(receives_digest=True, user__is_active=True)
        .exclude(user__email="")
    )
    rows = []
    for membership in memberships:
        subject, text, html = render_digest(content, membership)
        rows.append(
            Digest(
                plan=plan,
                week_start=week,
                recipient=membership.user,
                role=membership.role,
                language=membership.user.language or plan.language,
                subject=subject,
                body_text=text,
                body_html=html,
            )
        )
    Digest.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def new_claim_token() -> str:
    return secrets.token_hex(16)


def digest_claim(*, digest_id: int, token: str) -> Digest | None:
    """Take a PENDING row whose retry time has come, or None.

    A compare-and-swap: of any number of tasks, workers or redeliveries only
    one moves the row to SENDING, and only from PENDING. A row left SENDING
    by a dead worker is never taken here (see :func:`digests_settle_abandoned`).
    """
    now = timezone.now()
    claimed = (
        Digest.objects.filter(pk=digest_id, status=Status.PENDING)
        .exclude(next_attempt_at__gt=now)
        .update(
            status=Status.SENDING,
            claim_token=token,
            claimed_at=now,
            handed_over_at=None,
            attempts=F("attempts") + 1,
        )
    )
    if not claimed:
        return None
    return Digest.objects.select_related("recipient", "plan").get(pk=digest_id)


def digest_deliver(*, digest_id: int) -> Delivery:
    """Claim one digest and send it: what the Celery task does."""
    token = new_claim_token()
    digest = digest_claim(digest_id=digest_id, token=token)
    if digest is None:
        return NOT_CLAIMED
    return digest_send(digest=digest, token=token)


def digest_send(*, digest: Digest, token: str) -> Delivery:
    """Send a digest claimed with ``token`` and record the outcome on its row."""
    membership = Membership.objects.filter(plan=digest.plan, user=digest.recipient).first()
    if membership is None or not membership.receives_digest:
        _finish(digest, token, status=Status.SKIPPED)
        return Delivery(Status.SKIPPED)
    try:
        message = _message(digest, membership)
        # Build the MIME message now: a bad header raises here, before any connection.
        message.message()
    except Exception as error:
        logger.exception("Digest %s cannot be built; marked failed", digest.pk)
        return _failed(digest, token, Problem.CONTENT, error)

    connection: BaseEmailBackend | None = None
    try:
        connection = get_connection(fail_silently=False)
        connection.open()
    except Exception as error:
        # Nothing was handed over: safe to try again.
        logger.warning("Digest %s: no mail connection (%s)", digest.pk, error_text(error))
        if connection is not None:
            _close(connection, digest)  # a half-open connection (greeting read, login refused)
        return _not_delivered(digest, token, Problem.CONNECT, error)

    try:
        handed_over = Digest.objects.filter(
            pk=digest.pk, claim_token=token, status=Status.SENDING, handed_over_at=None
        ).update(handed_over_at=timezone.now())
        if not handed_over:
            # The lease ran out and the row went back; another attempt owns it now.
            logger.warning("Digest %s: claim lost before sending; not sent", digest.pk)
            return NOT_CLAIMED
        try:
            count = connection.send_messages([message])
        except REFUSALS as error:
            logger.warning("Digest %s refused by the mail server: %s", digest.pk, error)
            return _not_delivered(digest, token, Problem.REFUSED, error)
        except Exception as error:
            logger.exception("Digest %s: sending was interrupted; it may have arrived", digest.pk)
            _finish(
                digest,
                token,
                status=Status.UNCERTAIN,
                problem=Problem.INTERRUPTED,
                last_error=error_text(error),
            )
            return Delivery(Status.UNCERTAIN)
    finally:
        _close(connection, digest)

    if not count:
        return _not_delivered(
            digest, token, Problem.REFUSED, RuntimeError("the mail backend sent nothing")
        )
    sent = _finish(
        digest,
        token,
        status=Status.SENT,
        sent_at=timezone.now(),
        next_attempt_at=None,
        problem="",
        last_error="",
    )
    if not sent:
        logger.warning("Digest %s was sent, but its row changed meanwhile", digest.pk)
    return Delivery(Status.SENT)


def digests_settle_abandoned() -> tuple[int, int]:
    """Rows left SENDING past the lease by a worker that died: (uncertain, retried).

    Handed over: it may have arrived, so UNCERTAIN, never re-sent by itself.
    Not handed over: nothing left, so PENDING again (FAILED at the limit).
    """
    now = timezone.now()
    expired = Digest.objects.filter(
        status=Status.SENDING,
        claimed_at__lt=now - dt.timedelta(seconds=settings.DIGEST_CLAIM_LEASE_SECONDS),
    )
    uncertain_ids = list(
        expired.filter(handed_over_at__isnull=False).values_list("pk", flat=True)[:5000]
    )
    uncertain = expired.filter(pk__in=uncertain_ids).update(
        status=Status.UNCERTAIN,
        problem=Problem.INTERRUPTED,
        last_error="The worker stopped after handing the e-mail to the mail server.",
    )
    if uncertain:
        logger.error(
            "%s digest(s) interrupted mid-send and marked uncertain: %s", uncertain, uncertain_ids
        )
    not_started = expired.filter(handed_over_at__isnull=True)
    lost = not_started.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=Status.FAILED,
        problem=Problem.WORKER_LOST,
        last_error=f"The worker stopped before sending, {MAX_ATTEMPTS} times.",
    )
    if lost:
        logger.error("%s digest(s) failed: their worker kept stopping before sending", lost)
    retried = not_started.update(status=Status.PENDING, claim_token="", next_attempt_at=now)
    if retried:
        logger.warning("%s digest(s) abandoned before sending; waiting to be sent again", retried)
    return uncertain, retried


def digest_send_again(*, plan: Plan, digest_id: int) -> Digest | None:
    """The manager's decision to send an uncertain or failed digest again.

    Moves the row back to PENDING with a fresh count of attempts (the caller
    enqueues it); None if the row is in no state to be sent again.
    """
    moved = Digest.objects.filter(
        pk=digest_id, plan=plan, status__in=[Status.UNCERTAIN, Status.FAILED]
    ).update(
        status=Status.PENDING,
        claim_token="",
        claimed_at=None,
        handed_over_at=None,
        next_attempt_at=None,
        attempts=0,
        problem="",
        last_error="",
    )
    if not moved:
        return None
    return Digest.objects.get(pk=digest_id)


def _message(digest: Digest, membership: Membership) -> EmailMultiAlternatives:
    unsubscribe = unsubscribe_link(membership)
    message = EmailMultiAlternatives(
        subject=digest.subject,
        body=digest.body_text,
        to=[digest.recipient.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(digest.body_html, "text/html")
    return message


def _finish(digest: Digest, token: str, **changes: object) -> bool:
    """Record this attempt's outcome, if the row is still this attempt's."""
    return bool(
        Digest.objects.filter(pk=digest.pk, claim_token=token, status__in=IN_FLIGHT).update(
            **changes
        )
    )


def _not_delivered(digest: Digest, token: str, problem: str, error: Exception) -> Delivery:
    """Certainly not delivered: PENDING again after a wait, or FAILED at the limit."""
    if not may_retry(digest.attempts):
        return _failed(digest, token, problem, error)
    retry_at = timezone.now() + retry_delay(digest.attempts)
    _finish(
        digest,
        token,
        status=Status.PENDING,
        next_attempt_at=retry_at,
        problem=problem,
        last_error=error_text(error),
    )
    return Delivery(Status.PENDING, retry_at)


def _failed(digest: Digest, token: str, problem: str, error: Exception) -> Delivery:
    logger.error("Digest %s failed for good: %s", digest.pk, error_text(error))
    _finish(digest, token, status=Status.FAILED, problem=problem, last_error=error_text(error))
    return Delivery(Status.FAILED)


def _close(connection: BaseEmailBackend, digest: Digest) -> None:
    """Close the mail connection; a failure here changes nothing about the e-mail."""
    try:
        connection.close()
    except Exception:
        logger.warning("Digest %s: closing the mail connection failed", digest.pk, exc_info=True)
