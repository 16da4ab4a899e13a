"""When digests are due, and what a week's digest says.

A digest is a stored row per (plan, week, recipient). The periodic job creates
the rows of every week whose local send time has passed; a worker then claims
a row, sends it at most once, and records the outcome (``services``).

The week's content is read once for every recipient. What only some of them
may see carries its readers (user ids), decided by the same rules as the pages
for all recipients at once: the people the manager was in touch with by
``stakeholders.selectors.visible_stakeholders`` (``stakeholders_seen_by``),
the risk checks that got worse by
``roadmap.toolkit.risk_checks.selectors.visible_risk_checks``. The templates
show an item only to its readers (``recipient.pk in item.readers``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise

from metrics.catalogue import CATALOGUE
from metrics.models import Digest, ReviewComment, ReviewStatus
from metrics.pulse.models import Pulse, PulseResponse
from metrics.pulse.selectors import latest_signal
from metrics.reviews.rules import REMINDER_DAYS, review_heading
from metrics.reviews.selectors import review_readers, visible_reviews
from metrics.selectors import metric_tiles
from onboarding.core.calendar import week_start
from onboarding.models import Membership, Plan
from onboarding.rights import Right, roles_with
from roadmap.models import OPEN_STATUSES, Task, TaskStatus
from roadmap.pulse_slot import PulseSignal
from roadmap.quick_wins.models import QuickWin, QuickWinEvent, QuickWinEventKind, QuickWinStatus
from roadmap.toolkit.risk_checks.rules import RISKS_BY_KEY
from roadmap.toolkit.risk_checks.selectors import risk_check_scope, risk_trend
from stakeholders.models import Interaction, Stakeholder
from stakeholders.selectors import stakeholders_seen_by, viewer_or_none

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


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


@dataclass(frozen=True)
class DigestContact:
    """Someone the manager was in touch with, and who among the recipients may read it."""

    name: str
    readers: frozenset[int]  # user ids


@dataclass(frozen=True)
class DigestRisk:
    """A risk rated worse in the monthly check, for the recipients who may see it."""

    item: str
    readers: frozenset[int]  # user ids

    @property
    def title(self) -> str | Promise:
        risk = RISKS_BY_KEY.get(self.item)
        return risk.title if risk else self.item  # lazy: the recipient's language


@dataclass(frozen=True)
class DigestPulse:
    """The open team pulse, for the recipients who may still answer it."""

    pulse_id: int
    closes_on: dt.date
    readers: frozenset[int]  # user ids


@dataclass(frozen=True)
class DigestPulseResult:
    """A pulse closed in the week with results (aggregates only), for those who may read them."""

    signal: PulseSignal
    readers: frozenset[int]  # user ids


@dataclass(frozen=True)
class DigestReviewItem:
    """A review coming up, or a comment or agreement on a sent one, for those who may see it."""

    review_id: int
    title: str
    day: int
    readers: frozenset[int]  # user ids
    kind: str = ""  # for notes: "comment" or "ack"
    author: str = ""
    body: str = ""
    date: dt.date | None = None

    @property
    def heading(self) -> str:
        return review_heading(self.title, self.day)  # the recipient's language, when shown


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
    quick_win_changes: list[dict[str, StrOrPromise]] = field(default_factory=list)
    # Who the manager talked to, never what was said (notes are private); each
    # only for the recipients who may see that person.
    new_contacts: list[DigestContact] = field(default_factory=list)
    blocked_quick_wins: list[str] = field(default_factory=list)
    # Risks that got worse in the monthly check, each for the recipients who may see it.
    worsening_checks: list[DigestRisk] = field(default_factory=list)
    # The open team pulse, for the members who have not answered it yet.
    open_pulse: DigestPulse | None = None
    # A pulse closed in the week, its aggregates for those who read pulse results.
    pulse_result: DigestPulseResult | None = None
    # Reviews with the boss due in the week ahead, and what was said on sent ones.
    upcoming_reviews: list[DigestReviewItem] = field(default_factory=list)
    review_notes: list[DigestReviewItem] = field(default_factory=list)

    @property
    def review_readers(self) -> frozenset[int]:
        """Recipients with a review coming up or a review comment to read."""
        items = [*self.upcoming_reviews, *self.review_notes]
        return frozenset().union(*(item.readers for item in items))

    @property
    def contact_readers(self) -> frozenset[int]:
        """Recipients who have at least one contact to read (for the section's heading)."""
        return frozenset().union(*(contact.readers for contact in self.new_contacts))

    @property
    def risk_readers(self) -> frozenset[int]:
        """Recipients with a worsening risk check to read."""
        return frozenset().union(*(risk.readers for risk in self.worsening_checks))

    def contacts_for(self, user_id: int) -> list[str]:
        return [contact.name for contact in self.new_contacts if user_id in contact.readers]

    def risks_for(self, user_id: int) -> list[str | Promise]:
        return [risk.title for risk in self.worsening_checks if user_id in risk.readers]

    @property
    def metrics_off_track(self) -> list[dict[str, Any]]:
        return [m for m in self.metrics if m["on_track"] is False]

    @property
    def has_risks(self) -> bool:
        return bool(self.overdue_count or self.metrics_off_track or self.blocked_quick_wins)


def _named_in_reader_language(tile: dict[str, Any]) -> dict[str, Any]:
    """A catalogue metric's name and unit stay lazy: each recipient reads their language."""
    kpi = CATALOGUE.get(tile["key"])
    if kpi is not None:
        tile["name"], tile["unit"] = kpi.name, kpi.unit
    return tile


def _contacts(
    plan: Plan, memberships: list[Membership], since: dt.date, until: dt.date
) -> list[DigestContact]:
    """People with an interaction in [since, until), each with the members who may see them.

    One query for every recipient (``stakeholders_seen_by``), never one per recipient.
    """
    viewers = [v for m in memberships if (v := viewer_or_none(m)) is not None]
    touched = Interaction.objects.filter(plan=plan, date__gte=since, date__lt=until).values(
        "stakeholder_id"
    )
    seen = stakeholders_seen_by(plan, viewers, among=Stakeholder.objects.filter(pk__in=touched))
    return [DigestContact(person.name, readers) for person, readers in seen.values()]


def _worsening_checks(plan: Plan, memberships: list[Membership]) -> list[DigestRisk]:
    """The risk checks' worsening trend per recipient, by ``visible_risk_checks``.

    One query per kind of reader (the manager's, the executives'), not per recipient.
    """
    by_scope: dict[str, list[Membership]] = {}
    for membership in memberships:
        scope = risk_check_scope(membership.rights)
        if scope is not None:
            by_scope.setdefault(scope, []).append(membership)
    readers: dict[str, set[int]] = {}
    for group in by_scope.values():
        for trend in risk_trend(plan, group[0].rights):
            readers.setdefault(trend.item, set()).update(m.user_id for m in group)
    order = list(RISKS_BY_KEY)
    return [
        DigestRisk(item, frozenset(ids))
        for item, ids in sorted(readers.items(), key=lambda pair: order.index(pair[0]))
    ]


def _open_pulse(plan: Plan, memberships: list[Membership], today: dt.date) -> DigestPulse | None:
    """The pulse open on the digest's day, and who may still answer it: two queries."""
    pulse = Pulse.objects.filter(
        plan=plan, status=Pulse.Status.OPEN, opens_on__lte=today, closes_on__gte=today
    ).first()
    if pulse is None:
        return None
    answered = set(PulseResponse.objects.filter(pulse=pulse).values_list("user_id", flat=True))
    may_answer = set(roles_with(Right.ANSWER_PULSE))
    readers = frozenset(
        m.user_id for m in memberships if m.role in may_answer and m.user_id not in answered
    )
    return DigestPulse(pulse.pk, pulse.closes_on, readers) if readers else None


def _pulse_result(
    plan: Plan, memberships: list[Membership], since: dt.date, until: dt.date
) -> DigestPulseResult | None:
    """The latest pulse with results, if it closed in [since, until): one query, by the rule."""
    readers = frozenset(m.user_id for m in memberships if Right.VIEW_PULSE_RESULTS in m.rights)
    if not readers:
        return None
    signal = latest_signal(plan, {Right.VIEW_PULSE_RESULTS})
    if signal is None or not since <= signal.closed_on < until:
        return None
    return DigestPulseResult(signal, readers)


def _upcoming_reviews(
    plan: Plan, memberships: list[Membership], day: int
) -> list[DigestReviewItem]:
    """Reviews from ``day`` to ``REMINDER_DAYS`` ahead, each for who may see it. One query."""
    rows = visible_reviews(plan, ROLE_ALL).filter(day__gte=day, day__lt=day + REMINDER_DAYS)
    return [
        DigestReviewItem(
            review.pk,
            review.title,
            review.day,
            review_readers(memberships, review),
            date=plan.date_of_day(review.day),
        )
        for review in rows.order_by("day")
    ]


def _review_notes(
    plan: Plan, memberships: list[Membership], since: dt.datetime, until: dt.datetime
) -> list[DigestReviewItem]:
    """Comments and agreements on sent reviews in [since, until). One query."""
    notes = (
        ReviewComment.objects.filter(
            review__plan=plan,
            review__status=ReviewStatus.SENT,
            created_at__gte=since,
            created_at__lt=until,
        )
        .select_related("review", "author")
        .order_by("created_at", "pk")
    )
    return [
        DigestReviewItem(
            note.review_id,
            note.review.title,
            note.review.day,
            review_readers(memberships, note.review),
            kind=note.kind,
            author=(note.author.get_full_name() or note.author.username) if note.author else "",
            body=note.body,
        )
        for note in notes
    ]


# Every right that reads reviews: the digest reads them once, then gives each item its readers.
ROLE_ALL = frozenset({Right.EDIT_REVIEWS, Right.VIEW_REVIEWS})


def digest_content(plan: Plan, week: dt.date) -> DigestContent:
    """The week before ``week`` in review, and the week ahead. Fixed queries.

    The same for every recipient, except the items that carry their readers.
    """
    zone = plan.zone
    period_start, period_end = week - dt.timedelta(days=7), week
    since = dt.datetime.combine(period_start, dt.time.min, tzinfo=zone)
    until = dt.datetime.combine(period_end, dt.time.min, tzinfo=zone)
    day = plan.day_number(week)
    tasks = Task.objects.filter(plan=plan).select_related("phase")
    labels: dict[str, StrOrPromise] = dict(QuickWinStatus.choices)
    memberships = list(Membership.objects.filter(plan=plan).only("pk", "user_id", "role"))
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
        metrics=[
            _named_in_reader_language(m) for m in metric_tiles(plan, day) if m["latest"] is not None
        ],
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
        new_contacts=_contacts(plan, memberships, period_start, period_end),
        blocked_quick_wins=list(
            QuickWin.objects.filter(plan=plan, status=QuickWinStatus.BLOCKED).values_list(
                "title", flat=True
            )
        ),
        worsening_checks=_worsening_checks(plan, memberships),
        open_pulse=_open_pulse(plan, memberships, plan.local_today()),
        pulse_result=_pulse_result(plan, memberships, period_start, period_end),
        upcoming_reviews=_upcoming_reviews(plan, memberships, day),
        review_notes=_review_notes(plan, memberships, since, until),
    )


def stalled_digest_ids() -> list[int]:
    """PENDING rows whose time has come but that no task may be carrying.

    Never picked up (the enqueue was lost), or waiting for a retry whose task
    was lost. SENDING rows are not here: they are settled first
    (``services.digests_settle_abandoned``), and an UNCERTAIN row is never
    re-sent without the manager.
    """
    now = timezone.now()
    return list(
        Digest.objects.filter(
            Q(next_attempt_at__lte=now)
            | Q(next_attempt_at__isnull=True, created_at__lt=now - dt.timedelta(minutes=1)),
            status=Digest.Status.PENDING,
        ).values_list("pk", flat=True)[:5000]
    )


# What the manager is shown on the digests page: a digest that may not have
# arrived, one that failed, and one waiting to try again after a failure.
DOUBTFUL = Q(status__in=[Digest.Status.UNCERTAIN, Digest.Status.FAILED])
RETRYING = Q(status=Digest.Status.PENDING) & ~Q(problem="")
ATTENTION = DOUBTFUL | RETRYING


def attention_count() -> int:
    """How many digests, in every plan, did not certainly arrive."""
    return Digest.objects.filter(ATTENTION).count()


def digests_needing_attention(plan: Plan, *, limit: int = 100) -> list[Digest]:
    """The plan's digests (every recipient's) that did not certainly arrive. One query."""
    return list(
        Digest.objects.filter(ATTENTION, plan=plan)
        .select_related("recipient")
        .order_by("-week_start", "recipient__username")[:limit]
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
