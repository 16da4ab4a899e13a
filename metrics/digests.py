"""Weekly progress digests: when they are due, what they say, sending each once.

A digest is a stored row per (plan, week, recipient). The periodic job creates
the rows of every week whose local send time has passed; a worker then claims
a row (a compare-and-swap UPDATE), sends it, and marks it sent. Running the
job twice, on two workers, or after a crash therefore sends each row once.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from onboarding.core.calendar import week_start
from onboarding.models import Membership, Plan, Role
from roadmap.models import OPEN_STATUSES, Task, TaskStatus
from roadmap.quick_wins.models import QuickWin, QuickWinEvent, QuickWinEventKind, QuickWinStatus
from roadmap.toolkit.habits.selectors import habit_streak
from stakeholders.models import Interaction

from .dashboard import metric_tiles
from .models import Digest

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "metrics.digest.unsubscribe"


# --- When ------------------------------------------------------------------


def send_moment(plan: Plan, week: dt.date) -> dt.datetime:
    """The aware moment the digest of ``week`` (a Monday) goes out, in UTC.

    Built from the plan's local weekday and time, so it follows daylight
    saving: 08:00 in Berlin is 07:00 UTC in summer and 08:00 UTC in winter.
    """
    local_day = week + dt.timedelta(days=plan.digest_weekday)
    local = dt.datetime.combine(local_day, plan.digest_time, tzinfo=plan.zone)
    return local.astimezone(dt.UTC)


def due_weeks(plan: Plan, now: dt.datetime, *, catch_up: int | None = None) -> list[dt.date]:
    """Weeks whose send time has passed, newest last, no earlier than the plan."""
    catch_up = catch_up or settings.DIGEST_CATCH_UP_WEEKS
    current = week_start(now.astimezone(plan.zone).date())
    first = week_start(plan.created_at.astimezone(plan.zone).date())
    weeks = [current - dt.timedelta(weeks=k) for k in range(catch_up)]
    return sorted(w for w in weeks if w >= first and send_moment(plan, w) <= now)


# --- What ------------------------------------------------------------------


@dataclass
class DigestContent:
    plan: Plan
    week: dt.date
    day: int
    period_start: dt.date
    period_end: dt.date
    done_tasks: list[Task] = field(default_factory=list)
    next_tasks: list[Task] = field(default_factory=list)
    overdue_count: int = 0
    metrics: list[dict[str, Any]] = field(default_factory=list)
    quick_win_changes: list[dict[str, str]] = field(default_factory=list)
    # Who the manager talked to, never what was said (notes are private).
    new_contacts: list[str] = field(default_factory=list)
    blocked_quick_wins: list[str] = field(default_factory=list)

    @property
    def metrics_off_track(self) -> list[dict[str, Any]]:
        return [m for m in self.metrics if m["on_track"] is False]

    @property
    def has_risks(self) -> bool:
        return bool(self.overdue_count or self.metrics_off_track or self.blocked_quick_wins)


def digest_content(plan: Plan, week: dt.date) -> DigestContent:
    """The week before ``week`` in review, and the week ahead. Fixed queries."""
    zone = plan.zone
    period_start, period_end = week - dt.timedelta(days=7), week
    since = dt.datetime.combine(period_start, dt.time.min, tzinfo=zone)
    until = dt.datetime.combine(period_end, dt.time.min, tzinfo=zone)
    day = plan.day_number(week)
    tasks = Task.objects.filter(plan=plan).select_related("phase")
    labels = dict(QuickWinStatus.choices)
    return DigestContent(
        plan=plan,
        week=week,
        day=day,
        period_start=period_start,
        period_end=period_end - dt.timedelta(days=1),
        done_tasks=list(
            tasks.filter(status=TaskStatus.DONE, completed_at__gte=since, completed_at__lt=until)
        ),
        next_tasks=list(
            tasks.filter(status__in=OPEN_STATUSES, start_day__gte=day, start_day__lt=day + 7)
        ),
        overdue_count=tasks.filter(status__in=OPEN_STATUSES, end_day__lt=day).count(),
        metrics=[m for m in metric_tiles(plan, day) if m["latest"] is not None],
        quick_win_changes=[
            {
                "title": event.quick_win.title,
                "from": labels.get(event.from_value, event.from_value),
                "to": labels.get(event.to_value, event.to_value),
            }
            for event in QuickWinEvent.objects.filter(
                quick_win__plan=plan,
                kind=QuickWinEventKind.STATUS,
                created_at__gte=since,
                created_at__lt=until,
            )
            .select_related("quick_win")
            .order_by("created_at")
        ],
        new_contacts=list(
            Interaction.objects.filter(plan=plan, date__gte=period_start, date__lt=period_end)
            .order_by("stakeholder__name")
            .values_list("stakeholder__name", flat=True)
            .distinct()
        ),
        blocked_quick_wins=list(
            QuickWin.objects.filter(plan=plan, status=QuickWinStatus.BLOCKED).values_list(
                "title", flat=True
            )
        ),
    )


def render_digest(content: DigestContent, membership: Membership) -> tuple[str, str, str]:
    """Subject, text and HTML for one recipient, in their language.

    Executives and team members get the same figures as the manager but never
    private notes (task notes, interview notes) — none are included at all.
    """
    user = membership.user
    language = user.language or content.plan.language
    is_manager = membership.role == Role.MANAGER
    context = {
        "content": content,
        "plan": content.plan,
        "recipient": user,
        "is_manager": is_manager,
        # The weekly self-check is the manager's alone.
        "habits": habit_streak(content.plan, user, content.week) if is_manager else None,
        "dashboard_url": settings.SITE_URL + reverse("dashboard", args=[content.plan.pk]),
        "unsubscribe_url": unsubscribe_link(membership),
    }
    with translation.override(language):
        subject = render_to_string("metrics/email/digest_subject.txt", context).strip()
        text = render_to_string("metrics/email/digest.txt", context)
        html = render_to_string("metrics/email/digest.html", context)
    return subject, text, html


# --- Unsubscribe -------------------------------------------------------------


def unsubscribe_token(membership: Membership) -> str:
    return signing.dumps(membership.pk, salt=UNSUBSCRIBE_SALT)


def unsubscribe_link(membership: Membership) -> str:
    path = reverse("digest_unsubscribe", kwargs={"token": unsubscribe_token(membership)})
    return settings.SITE_URL + path


def membership_from_unsubscribe_token(token: str) -> Membership | None:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Membership.objects.select_related("plan", "user").filter(pk=pk).first()


# --- Creating and sending ------------------------------------------------------


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


def stalled_digest_ids() -> list[int]:
    """Rows waiting too long: never picked up, or claimed by a worker that died."""
    now = timezone.now()
    lease = dt.timedelta(seconds=settings.DIGEST_CLAIM_LEASE_SECONDS)
    return list(
        Digest.objects.filter(
            Q(status=Digest.Status.PENDING, created_at__lt=now - dt.timedelta(minutes=1))
            | Q(status=Digest.Status.SENDING, claimed_at__lt=now - lease)
        ).values_list("pk", flat=True)[:5000]
    )


def plans_with_due_digests(now: dt.datetime) -> list[tuple[int, dt.date]]:
    """(plan id, week) pairs whose digests are due and not created yet."""
    plans = list(Plan.objects.all())
    horizon = week_start(now.date()) - dt.timedelta(weeks=settings.DIGEST_CATCH_UP_WEEKS + 1)
    existing = set(
        Digest.objects.filter(week_start__gte=horizon)
        .values_list("plan_id", "week_start")
        .distinct()
    )
    return [
        (plan.pk, week)
        for plan in plans
        for week in due_weeks(plan, now)
        if (plan.pk, week) not in existing
    ]
