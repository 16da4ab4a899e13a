"""Reads of the risk check: the page (months side by side) and the worsening trend.

THE RULE for who sees which check is :func:`visible_risk_checks`: the manager
(``USE_PRIVATE_TOOLS``) every check; an executive (``VIEW_TOOLKIT_RESULTS``)
only the checks the manager shared (``shared_with_executive``), and of those
only what got worse, never a note; a team member none. The page, the
dashboard and the digest all read through it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet, Subquery
from django.utils.functional import Promise

from onboarding.access import Right
from onboarding.core.calendar import month_start
from onboarding.models import Plan
from roadmap.toolkit.models import RiskCheck, RiskRating
from roadmap.toolkit.risk_checks.rules import (
    RATING_LABELS,
    RISK_ITEMS,
    RISKS_BY_KEY,
    is_worse,
)


def risk_check_scope(rights: Collection[str]) -> str | None:
    """``"all"``, ``"shared"`` or None (no check at all), from a member's rights."""
    if Right.USE_PRIVATE_TOOLS in rights:
        return "all"
    if Right.VIEW_TOOLKIT_RESULTS in rights:
        return "shared"
    return None


def visible_risk_checks(plan: Plan, rights: Collection[str]) -> QuerySet[RiskCheck]:
    """THE RULE: the plan's risk checks a member with ``rights`` may see (no query yet)."""
    checks = RiskCheck.objects.filter(plan=plan)
    scope = risk_check_scope(rights)
    if scope == "all":
        return checks
    if scope == "shared":
        return checks.filter(shared_with_executive=True)
    return checks.none()


@dataclass(frozen=True)
class RiskCell:
    month: dt.date
    rating: int | None
    note: str
    worse: bool  # higher than the month before
    better: bool

    @property
    def label(self) -> str | Promise:
        return RATING_LABELS.get(self.rating, "") if self.rating else ""


@dataclass(frozen=True)
class RiskRow:
    key: str
    title: str | Promise
    question: str | Promise
    cells: list[RiskCell]  # oldest month first

    @property
    def latest(self) -> RiskCell | None:
        return self.cells[-1] if self.cells else None


@dataclass(frozen=True)
class RiskPage:
    month: dt.date
    current: RiskCheck | None  # this month's check, to edit
    current_ratings: dict[str, RiskRating]
    months: list[dt.date]  # oldest first
    rows: list[RiskRow]
    trends: list[RiskTrend] = field(default_factory=list)


MONTHS_SHOWN = 12


def risk_page(plan: Plan, rights: Collection[str], today: dt.date) -> RiskPage:
    """This month's form, and a year of history by risk: two queries."""
    checks = list(
        visible_risk_checks(plan, rights)
        .order_by("-month")
        .prefetch_related("ratings")[:MONTHS_SHOWN]
    )
    checks.reverse()
    by_month = {check.month: {r.item: r for r in check.ratings.all()} for check in checks}
    months = [check.month for check in checks]
    rows = []
    for item in RISK_ITEMS:
        cells = []
        previous: int | None = None
        for month in months:
            rating = by_month[month].get(item.key)
            value = rating.rating if rating else None
            cells.append(
                RiskCell(
                    month=month,
                    rating=value,
                    note=rating.note if rating else "",
                    worse=is_worse(previous, value),
                    better=is_worse(value, previous),
                )
            )
            previous = value if value is not None else previous
        rows.append(RiskRow(key=item.key, title=item.title, question=item.question, cells=cells))
    this_month = month_start(today)
    current = checks[-1] if checks and checks[-1].month == this_month else None
    return RiskPage(
        month=this_month,
        current=current,
        current_ratings=by_month.get(this_month, {}),
        months=months,
        rows=rows,
        trends=_worse(months[-2], by_month[months[-2]], months[-1], by_month[months[-1]])
        if len(months) >= 2
        else [],
    )


@dataclass(frozen=True)
class RiskTrend:
    """A risk rated worse in the latest check than in the one before (1 best, 5 worst)."""

    item: str
    previous: int
    latest: int
    previous_month: dt.date
    latest_month: dt.date
    note: str = ""

    @property
    def title(self) -> str | Promise:
        risk = RISKS_BY_KEY.get(self.item)
        return risk.title if risk else self.item

    @property
    def latest_label(self) -> str | Promise:
        return RATING_LABELS.get(self.latest, "")

    @property
    def previous_label(self) -> str | Promise:
        return RATING_LABELS.get(self.previous, "")

    def as_data(self) -> dict[str, Any]:
        """JSON-safe, without the note (labels are looked up when shown)."""
        return {
            "item": self.item,
            "previous": self.previous,
            "latest": self.latest,
            "previous_month": self.previous_month.isoformat(),
            "latest_month": self.latest_month.isoformat(),
        }


def _worse(
    before: dt.date, old: Mapping[str, RiskRating], after: dt.date, new: Mapping[str, RiskRating]
) -> list[RiskTrend]:
    """The risks rated higher in the month ``after`` than in the month ``before``."""
    return [
        RiskTrend(
            item=item.key,
            previous=old[item.key].rating,
            latest=new[item.key].rating,
            previous_month=before,
            latest_month=after,
            note=new[item.key].note,
        )
        for item in RISK_ITEMS
        if item.key in old
        and item.key in new
        and is_worse(old[item.key].rating, new[item.key].rating)
    ]


def risk_trend(plan: Plan, rights: Collection[str]) -> list[RiskTrend]:
    """Risks rated worse in the latest check than in the one before: one query (none for
    a member who sees no check).

    Only checks ``rights`` may see (:func:`visible_risk_checks`): for an
    executive, the latest two shared checks. In the order of the risk list;
    empty until there are two checks.
    """
    if risk_check_scope(rights) is None:
        return []
    latest_two = visible_risk_checks(plan, rights).order_by("-month").values("pk")[:2]
    ratings = RiskRating.objects.filter(risk_check__in=Subquery(latest_two)).select_related(
        "risk_check"
    )
    by_month: dict[dt.date, dict[str, RiskRating]] = {}
    for rating in ratings:
        by_month.setdefault(rating.risk_check.month, {})[rating.item] = rating
    if len(by_month) < 2:
        return []
    before, after = sorted(by_month)
    return _worse(before, by_month[before], after, by_month[after])


def risk_state(plan: Plan) -> RiskCheck | None:
    """The latest check, for the toolkit hub (one query)."""
    return RiskCheck.objects.filter(plan=plan).order_by("-month").first()
