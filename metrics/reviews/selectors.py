"""Reads for the reviews: the list, the drafted agenda, what a reader sees of a review.

THE RULE for reviews is :func:`visible_reviews`: the manager (``EDIT_REVIEWS``)
sees drafts and sent reviews, the executive (``VIEW_REVIEWS``) only sent ones,
a team member none. Every output (the pages, the reports, Today, the digest)
reads through it.

The agenda is written for the boss: its figures are built through the other
areas' rules for the executive's role (:func:`audience`), so what the manager
sends is exactly what the executive may see (overdue key people, the risk
checks that got worse among those shared with the executive, never notes).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from metrics.charts import tile_sparkline
from metrics.dashboard.reader import localise_snapshot
from metrics.dashboard.snapshot import dashboard_data
from metrics.models import BeyondPriority, Review, ReviewComment, ReviewNoteKind, ReviewStatus
from onboarding.models import Membership, Plan
from onboarding.rights import ROLE_RIGHTS, Right, Role
from roadmap.calendar_events import CalendarEntry
from roadmap.models import Task
from roadmap.quick_wins.models import QuickWinStatus
from roadmap.toolkit.models import BudgetRequest, Challenge
from roadmap.toolkit.risk_checks.rules import RISKS_BY_KEY
from roadmap.toolkit.risk_checks.selectors import risk_trend
from stakeholders.selectors import overdue_key_stakeholders, viewer_or_none

from .rules import BEYOND_FROM_DAY, REMINDER_DAYS, review_heading

AGENDA_FORMAT = 1
LIST_LIMIT = 5


def visible_reviews(plan: Plan, rights: Collection[str]) -> QuerySet[Review]:
    """THE RULE: the plan's reviews a member with ``rights`` may see (no query yet)."""
    reviews = Review.objects.filter(plan=plan)
    if Right.EDIT_REVIEWS in rights:
        return reviews
    if Right.VIEW_REVIEWS in rights:
        return reviews.filter(status=ReviewStatus.SENT)
    return reviews.none()


def review_readers(memberships: Collection[Membership], review: Review) -> frozenset[int]:
    """The user ids among ``memberships`` who may see ``review`` (same rule, no query)."""
    right = Right.VIEW_REVIEWS if review.is_sent else Right.EDIT_REVIEWS
    return frozenset(m.user_id for m in memberships if right in m.rights)


def review_for(plan: Plan, review_id: int, rights: Collection[str]) -> Review:
    review = visible_reviews(plan, rights).select_related("sent_by").filter(pk=review_id).first()
    if review is None:
        raise Http404(_("No such review."))
    return review


def review_list(plan: Plan, rights: Collection[str]) -> list[Review]:
    """The reviews in day order with their comment count and whether anyone agreed: one query."""
    acks = ReviewComment.objects.filter(review=OuterRef("pk"), kind=ReviewNoteKind.ACK)
    return list(
        visible_reviews(plan, rights)
        .annotate(
            comment_count=Count("comments", filter=Q(comments__kind=ReviewNoteKind.COMMENT)),
            acknowledged=Exists(acks),
        )
        .order_by("day", "pk")
    )


def review_comments(review: Review) -> list[ReviewComment]:
    return list(review.comments.select_related("author").order_by("created_at", "pk"))


def audience(plan: Plan) -> Membership:
    """Who a review is written for: the executive's role (never saved)."""
    return Membership(plan=plan, role=Role.EXECUTIVE)


def agenda_data(plan: Plan, day: int) -> dict[str, Any]:
    """The drafted agenda's figures now, measured against day ``day``. Fixed queries.

    The dashboard's figures (phases, quick wins, KPI tiles, risks every member
    may see), where each phase should be by ``day`` (the share of its tasks
    planned to end by then), the key people overdue and the risk checks that
    got worse as the executive sees them, and the budget requests. Figures,
    keys and the plan's own names only: interface words come when shown.
    """
    data = dashboard_data(plan)
    today = plan.local_today()
    due = dict(
        Task.objects.filter(plan=plan, end_day__lte=day)
        .values_list("phase__key")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for phase in data["phases"]:
        total = phase["total"]
        phase["expected"] = round(100 * due.get(phase["key"], 0) / total) if total else 0
    reader = audience(plan)
    viewer = viewer_or_none(reader)
    people = overdue_key_stakeholders(plan, viewer, today, limit=LIST_LIMIT) if viewer else None
    data.update(
        {
            "agenda_format": AGENDA_FORMAT,
            "review_day": day,
            "people_overdue": {
                "names": [person.name for person in people.people] if people else [],
                "more": people.more if people else 0,
            },
            "worsening_checks": [
                trend.item for trend in risk_trend(plan, ROLE_RIGHTS[Role.EXECUTIVE])
            ],
            "currency": plan.currency,
            "budget_requests": [
                {"title": r.title, "cost": str(r.cost), "monthly_benefit": str(r.monthly_benefit)}
                for r in BudgetRequest.objects.filter(plan=plan).order_by("pk")
            ],
        }
    )
    if day >= BEYOND_FROM_DAY:
        data["beyond"] = beyond_rows(plan)
    return data


def beyond_rows(plan: Plan) -> list[dict[str, Any]]:
    """The plan beyond day 100, by quarter, as the reviews show and freeze it. One query."""
    return [
        {
            "title": p.title,
            "quarter": p.quarter,
            "milestone": p.milestone,
            "owner": p.owner,
            "theme": p.theme,
        }
        for p in BeyondPriority.objects.filter(plan=plan).order_by("quarter", "pk")
    ]


@dataclass(frozen=True)
class BeyondPage:
    priorities: list[BeyondPriority]
    challenges: list[Challenge]  # ranked, to build priorities from

    @property
    def themes(self) -> list[str]:
        seen: list[str] = []
        for priority in self.priorities:
            if priority.theme and priority.theme not in seen:
                seen.append(priority.theme)
        return seen

    @property
    def quarters(self) -> list[tuple[int, list[BeyondPriority]]]:
        return [(q, [p for p in self.priorities if p.quarter == q]) for q in (1, 2, 3, 4)]


def beyond_page(plan: Plan) -> BeyondPage:
    """The priorities and the ranked challenges: two queries."""
    return BeyondPage(
        priorities=list(
            BeyondPriority.objects.filter(plan=plan)
            .select_related("challenge")
            .order_by("quarter", "pk")
        ),
        challenges=list(Challenge.objects.filter(plan=plan).order_by("position", "pk")),
    )


def localise_agenda(data: dict[str, Any], plan: Plan) -> dict[str, Any]:
    """A copy of agenda figures with the reader's words (names, labels, sparklines)."""
    data = localise_snapshot(copy.deepcopy(data), plan)
    if "beyond" in data:
        data["beyond_quarters"] = [
            (q, [row for row in data["beyond"] if row["quarter"] == q]) for q in (1, 2, 3, 4)
        ]
    data["as_of"] = dt.date.fromisoformat(data["date"]) if data.get("date") else None
    for tile in data.get("metrics", []):
        tile["sparkline"] = tile_sparkline(tile)
    labels = dict(QuickWinStatus.choices)
    for item in data.get("quick_wins", {}).get("committed", []):
        item["status_label"] = str(labels.get(item["status"], item["status"]))
    data["worsening_titles"] = [
        str(RISKS_BY_KEY[key].title) if key in RISKS_BY_KEY else key
        for key in data.get("worsening_checks", [])
    ]
    risks = data.get("risks", {})
    data["has_risks"] = any(
        (
            risks.get("overdue_tasks"),
            risks.get("metrics_off_track"),
            risks.get("blocked_quick_wins"),
            risks.get("overdue_milestones"),
            data.get("people_overdue", {}).get("names"),
            data.get("worsening_checks"),
        )
    )
    return data


def review_figures(review: Review, plan: Plan) -> dict[str, Any]:
    """What the review shows: frozen when sent, drafted from the plan now otherwise."""
    data = review.snapshot if review.is_sent and review.snapshot else agenda_data(plan, review.day)
    return localise_agenda(data, plan)


def standing_figures(plan: Plan) -> dict[str, Any]:
    """ "Where we stand today": the agenda's figures measured against today."""
    return localise_agenda(agenda_data(plan, plan.day_number(plan.local_today())), plan)


@dataclass(frozen=True)
class DueReview:
    review: Review
    date: dt.date
    days_left: int

    @property
    def heading(self) -> str:
        return review_heading(self.review.title, self.review.day)


def reviews_due(plan: Plan, rights: Collection[str], today: dt.date) -> list[DueReview]:
    """Reviews the reader may see, due from today to ``REMINDER_DAYS`` ahead. One query."""
    day = plan.day_number(today)
    rows = visible_reviews(plan, rights).filter(day__gte=day, day__lte=day + REMINDER_DAYS)
    return [
        DueReview(review, plan.date_of_day(review.day), review.day - day)
        for review in rows.order_by("day")
    ]


def due_reviews_panel(plan: Plan, membership: Membership, today: dt.date) -> dict[str, Any] | None:
    """The Today panel (``roadmap.today_panels``): reviews coming up this week."""
    due = reviews_due(plan, membership.rights, today)
    return {"due": due, "plan": plan} if due else None


def review_calendar_entries(plan: Plan) -> list[CalendarEntry]:
    """Each review as an all-day event of the calendar feed (one query).

    The feed is a link anyone holding it may open: the day and the title only,
    in the plan's language, never the agenda.
    """
    with translation.override(plan.language):
        return [
            CalendarEntry(
                uid=f"review-{review.pk}",
                summary=_("Review with your boss: %(title)s")
                % {"title": review_heading(review.title, review.day)},
                date=plan.date_of_day(review.day),
                sequence=review.version,
            )
            for review in Review.objects.filter(plan=plan).order_by("day")
        ]
