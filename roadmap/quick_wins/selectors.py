"""Reads for the quick-win pages and the dashboard, each a fixed number of queries."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.shortcuts import get_object_or_404

from onboarding.models import Plan, User
from roadmap.quick_wins.models import QuickWin, QuickWinEvent, QuickWinQuerySet, QuickWinStatus

from .rules import (
    ACTIVE_STATUSES,
    COMMITMENT_TARGET,
    COMMITMENT_WARNING_DAY,
    SCORE_MAX,
    SCORE_MIN,
    commitment_warning,
    is_committed,
)


def _card_relations() -> tuple[Prefetch, str]:
    """What a card shows besides the quick win's row: its team (by name) and milestones."""
    return Prefetch("team", queryset=User.objects.order_by("first_name", "username")), "milestones"


def _quick_wins(plan: Plan, user: User | None = None) -> QuickWinQuerySet:
    """A plan's quick wins with owner, team and milestones: three queries in all."""
    quick_wins = (
        QuickWin.objects.filter(plan=plan)
        .select_related("owner")
        .prefetch_related(*_card_relations())
    )
    if user is not None:
        quick_wins = quick_wins.with_can_update(user)
    return quick_wins


def today_in(plan: Plan) -> int:
    return plan.day_number(plan.local_today())


# ---------------------------------------------------------------- The board


@dataclass(frozen=True)
class BoardColumn:
    status: str
    label: str
    cards: list[QuickWin]


@dataclass(frozen=True)
class QuickWinBoard:
    plan: Plan
    day: int
    columns: list[BoardColumn]
    committed_count: int

    @property
    def needs_commitment_warning(self) -> bool:
        return commitment_warning(self.day, self.committed_count)

    @property
    def is_empty(self) -> bool:
        return not any(column.cards for column in self.columns)


def quick_win_board(plan: Plan, user: User) -> QuickWinBoard:
    """One column per status, in the order work flows; each card knows ``can_update``."""
    quick_wins = list(_quick_wins(plan, user))
    by_status: defaultdict[str, list[QuickWin]] = defaultdict(list)
    for quick_win in quick_wins:
        by_status[quick_win.status].append(quick_win)
    return QuickWinBoard(
        plan=plan,
        day=today_in(plan),
        columns=[
            BoardColumn(status=status, label=str(label), cards=by_status[status])
            for status, label in QuickWinStatus.choices
        ],
        committed_count=sum(1 for quick_win in quick_wins if is_committed(quick_win.status)),
    )


@dataclass(frozen=True)
class ColumnCount:
    status: str
    count: int


@dataclass(frozen=True)
class CardPlacement:
    """Where a changed card goes on the board, and the counts around it.

    The board's htmx writes answer with the card alone: it goes before
    ``next_id`` (the card after it in its column) or at the end of the
    column, and the column counts and commitment warning are refreshed.
    """

    card: QuickWin
    day: int
    next_id: int | None
    counts: list[ColumnCount]
    committed_count: int

    @property
    def needs_commitment_warning(self) -> bool:
        return commitment_warning(self.day, self.committed_count)


def card_placement(plan: Plan, card: QuickWin) -> CardPlacement:
    """Where ``card`` (as :func:`quick_win_card` or :func:`saved_card` gives it) now goes,
    and every column's count: two queries."""
    after = Q(target_day__gt=card.target_day) | Q(target_day=card.target_day, pk__gt=card.pk)
    next_id = (
        QuickWin.objects.filter(plan=plan, status=card.status)
        .filter(after)
        .order_by("target_day", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    by_status = dict(
        QuickWin.objects.filter(plan=plan)
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return CardPlacement(
        card=card,
        day=today_in(plan),
        next_id=next_id,
        counts=[ColumnCount(status, by_status.get(status, 0)) for status in QuickWinStatus.values],
        committed_count=sum(n for status, n in by_status.items() if is_committed(status)),
    )


# ---------------------------------------------------------------- My quick wins


@dataclass(frozen=True)
class MyQuickWins:
    day: int
    active: list[QuickWin]  # proposed, committed, in progress, blocked
    finished: list[QuickWin]  # done or dropped


def my_quick_wins(plan: Plan, user: User) -> MyQuickWins:
    """The quick wins the user owns or is on, the ones still open first."""
    quick_wins = list(_quick_wins(plan, user).involving(user))
    return MyQuickWins(
        day=today_in(plan),
        active=[quick_win for quick_win in quick_wins if not quick_win.is_finished],
        finished=[quick_win for quick_win in quick_wins if quick_win.is_finished],
    )


# ---------------------------------------------------------------- One quick win


def quick_win_for_update(plan: Plan, quick_win_id: int, user: User) -> QuickWin:
    """A quick win of this plan to change, or 404: another plan's id is never found.

    One query; ``can_update`` says whether the user may make a team member's update.
    """
    quick_wins = QuickWin.objects.filter(plan=plan).select_related("plan", "owner")
    return get_object_or_404(quick_wins.with_can_update(user), pk=quick_win_id)


def quick_win_card(plan: Plan, quick_win_id: int, user: User) -> QuickWin:
    """A quick win with all a card shows (three queries)."""
    return get_object_or_404(_quick_wins(plan, user), pk=quick_win_id)


def saved_card(quick_win: QuickWin) -> QuickWin:
    """The quick win this request has just saved, with all a card shows (two queries).

    It came from :func:`quick_win_for_update` (owner and ``can_update`` loaded)
    and the conditional UPDATE succeeded on the version it was read at, so the
    row in hand is the row in the database: only its team and milestones are read.
    """
    prefetch_related_objects([quick_win], *_card_relations())
    return quick_win


def quick_win_history(quick_win: QuickWin) -> list[QuickWinEvent]:
    """Every change, newest first (the parts of one change in the order they were made)."""
    return list(quick_win.events.select_related("actor").order_by("-created_at", "pk"))


@dataclass(frozen=True)
class QuickWinPage:
    quick_win: QuickWin
    day: int
    history: list[QuickWinEvent]


def quick_win_page(plan: Plan, quick_win: QuickWin) -> QuickWinPage:
    """The detail page around ``quick_win`` (as :func:`quick_win_card` or :func:`saved_card` gives it)."""
    return QuickWinPage(
        quick_win=quick_win, day=today_in(plan), history=quick_win_history(quick_win)
    )


# ---------------------------------------------------------------- Impact/effort chart

# The SVG's coordinate system (user units); the browser scales it to fit.
CHART_WIDTH = 640
CHART_HEIGHT = 460
PLOT_START_X, PLOT_END_X = 70, 620  # effort grows to the right
PLOT_TOP_Y, PLOT_BOTTOM_Y = 20, 400  # impact grows upwards
DOT_RADIUS = 14
CLUSTER_RADIUS = 22  # quick wins with the same scores sit around their point


def _scale(score: float, start: float, end: float) -> float:
    """Centre of the score's band: five bands from SCORE_MIN to SCORE_MAX."""
    bands = SCORE_MAX - SCORE_MIN + 1
    return start + (score - SCORE_MIN + 0.5) * (end - start) / bands


@dataclass(frozen=True)
class ChartPoint:
    number: int
    quick_win: QuickWin
    x: float
    y: float


@dataclass(frozen=True)
class ChartTick:
    score: int
    x: float
    y: float


@dataclass(frozen=True)
class ImpactEffortChart:
    points: list[ChartPoint]
    unscored: list[QuickWin]
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    left: int = PLOT_START_X
    right: int = PLOT_END_X
    top: int = PLOT_TOP_Y
    bottom: int = PLOT_BOTTOM_Y
    dot_radius: int = DOT_RADIUS
    ticks: list[ChartTick] = field(default_factory=list)

    @property
    def middle_x(self) -> float:
        return (self.left + self.right) / 2

    @property
    def middle_y(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def half_width(self) -> float:
        return (self.right - self.left) / 2

    @property
    def half_height(self) -> float:
        return (self.bottom - self.top) / 2


def quick_win_chart(plan: Plan) -> ImpactEffortChart:
    """Scored quick wins placed by effort (across) and impact (up), numbered for the legend."""
    quick_wins = list(
        QuickWin.objects.filter(plan=plan).select_related("owner").order_by("target_day", "pk")
    )
    scored = [
        (quick_win, quick_win.effort, quick_win.impact)
        for quick_win in quick_wins
        if quick_win.effort is not None and quick_win.impact is not None
    ]
    clusters: defaultdict[tuple[int, int], list[QuickWin]] = defaultdict(list)
    for quick_win, effort, impact in scored:
        clusters[(effort, impact)].append(quick_win)
    points = []
    for number, (quick_win, effort, impact) in enumerate(scored, start=1):
        x = _scale(effort, PLOT_START_X, PLOT_END_X)
        y = _scale(impact, PLOT_BOTTOM_Y, PLOT_TOP_Y)
        cluster = clusters[(effort, impact)]
        if len(cluster) > 1:
            angle = 2 * math.pi * cluster.index(quick_win) / len(cluster) - math.pi / 2
            x += CLUSTER_RADIUS * math.cos(angle)
            y += CLUSTER_RADIUS * math.sin(angle)
        points.append(ChartPoint(number=number, quick_win=quick_win, x=round(x, 1), y=round(y, 1)))
    ticks = [
        ChartTick(
            score=score,
            x=_scale(score, PLOT_START_X, PLOT_END_X),
            y=_scale(score, PLOT_BOTTOM_Y, PLOT_TOP_Y),
        )
        for score in range(SCORE_MIN, SCORE_MAX + 1)
    ]
    return ImpactEffortChart(
        points=points,
        unscored=[quick_win for quick_win in quick_wins if not quick_win.is_scored],
        ticks=ticks,
    )


# ---------------------------------------------------------------- For the dashboard


@dataclass(frozen=True)
class QuickWinSummary:
    """Where a plan's quick wins stand on ``day``; built from one query.

    ``committed`` holds the quick wins that count towards the two the playbook
    asks for (committed, in progress, blocked, done: see ``rules``),
    by target day. ``overdue_milestones`` counts open milestones past their
    day on quick wins still being delivered (committed, in progress, blocked).
    Each quick win in the lists carries ``overdue_milestone_count`` and its
    ``owner``.
    """

    day: int
    counts_by_status: dict[str, int]  # every QuickWinStatus value, in board order
    committed: list[QuickWin]
    committed_count: int
    done_count: int
    overdue_milestones: int
    blocked: list[QuickWin]
    overdue: list[QuickWin]  # still being delivered after their target day
    to_announce: list[QuickWin]  # done, announcement not yet marked as sent
    needs_commitment_warning: bool
    commitment_target: int = COMMITMENT_TARGET
    warning_from_day: int = COMMITMENT_WARNING_DAY

    @property
    def total(self) -> int:
        return sum(self.counts_by_status.values())


def quick_win_summary(plan: Plan, day: int) -> QuickWinSummary:
    quick_wins = list(
        QuickWin.objects.filter(plan=plan)
        .select_related("owner")
        .annotate(
            overdue_milestone_count=Count(
                "milestones",
                filter=Q(milestones__done_at__isnull=True, milestones__target_day__lt=day),
            )
        )
        .order_by("target_day", "pk")
    )
    counts = dict.fromkeys(QuickWinStatus.values, 0)
    for quick_win in quick_wins:
        counts[quick_win.status] += 1
    committed: list[QuickWin] = [
        quick_win for quick_win in quick_wins if is_committed(quick_win.status)
    ]
    active = [quick_win for quick_win in quick_wins if quick_win.status in ACTIVE_STATUSES]
    return QuickWinSummary(
        day=day,
        counts_by_status=counts,
        committed=committed,
        committed_count=len(committed),
        done_count=counts[QuickWinStatus.DONE],
        overdue_milestones=sum(quick_win.overdue_milestone_count for quick_win in active),
        blocked=[
            quick_win for quick_win in quick_wins if quick_win.status == QuickWinStatus.BLOCKED
        ],
        overdue=[quick_win for quick_win in active if quick_win.target_day < day],
        to_announce=[
            quick_win
            for quick_win in quick_wins
            if quick_win.status == QuickWinStatus.DONE and quick_win.announced_at is None
        ],
        needs_commitment_warning=commitment_warning(day, len(committed)),
    )
