"""Creating and sending digests, each once.

The periodic job creates one row per (plan, week, recipient); a worker claims a
row with a compare-and-swap UPDATE, sends it and marks it sent, so running the
job twice, on two workers or after a crash sends each row once.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.utils import timezone

from metrics.digests.emails import render_digest, unsubscribe_link
from metrics.digests.selectors import digest_content
from metrics.models import Digest
from onboarding.models import Membership, Plan


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


def digest_claim(digest_id: int, token: str) -> Digest | None:
    """Take the row for sending, or None if someone else has it or it is sent.

    A claim older than the lease was abandoned by a crashed worker; the same
    token (a redelivered task) may take its own claim back.
    """
    now = timezone.now()
    abandoned = now - dt.timedelta(seconds=settings.DIGEST_CLAIM_LEASE_SECONDS)
    claimable = Q(status=Digest.Status.PENDING) | Q(
        Q(claimed_at__lt=abandoned) | Q(claim_token=token), status=Digest.Status.SENDING
    )
    claimed = Digest.objects.filter(claimable, pk=digest_id).update(
        status=Digest.Status.SENDING, claim_token=token, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    return Digest.objects.select_related("recipient", "plan").get(pk=digest_id)


def digest_send(digest: Digest, token: str) -> None:
    """Deliver a claimed digest, then mark it sent; on failure give the claim back."""
    membership = Membership.objects.filter(plan=digest.plan, user=digest.recipient).first()
    if membership is None or not membership.receives_digest:
        Digest.objects.filter(pk=digest.pk, claim_token=token).update(status=Digest.Status.SKIPPED)
        return
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
    try:
        message.send()
    except Exception:
        Digest.objects.filter(pk=digest.pk, claim_token=token).update(status=Digest.Status.PENDING)
        raise
    Digest.objects.filter(pk=digest.pk, claim_token=token).update(
        status=Digest.Status.SENT, sent_at=timezone.now()
    )


def new_claim_token() -> str:
    return secrets.token_hex(16)
