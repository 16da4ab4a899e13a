"""What the bench measures: the signed-in pages, the htmx writes and their targets.

Shared by the query counts, the in-process CPU timing, the HTTP load and the
concurrency run. A page is a GET of one plan's URL. A write is an htmx POST
as the page sends it (form fields, ``HX-*`` headers); each one is prepared
just before it is sent from the database's current state (the record's
``version``, its current status), so every request is a real, non-stale
write: it changes a row and records its history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from onboarding.models import Plan

# Every signed-in page and every htmx write: at least this share of the
# fortunes reference's throughput, as CPU per request (fortunes CPU / page CPU).
TARGET = 0.25
ORIGIN = "http://127.0.0.1"

# The board's card move alternates each quick win between these two columns:
# neither needs a reason, so every move is valid and real.
MOVE_STATUSES = ("committed", "in_progress")
# A quick win's progress alternates between these (a real change every time).
PROGRESS_VALUES = (30, 60)


@dataclass(frozen=True)
class Page:
    url_name: str
    label: str

    def path(self, plan: Plan) -> str:
        if self.url_name == "metric_detail":
            return reverse(self.url_name, args=[plan.pk, first_metric_id(plan)])
        return reverse(self.url_name, args=[plan.pk])


PAGES = [
    Page("today", "Today"),
    Page("timeline", "Timeline"),
    Page("stakeholder_list", "Stakeholder list"),
    Page("power_map", "Power map"),
    Page("quick_win_board", "Quick-win board"),
    Page("my_quick_wins", "My quick wins"),
    Page("metric_list", "Metrics"),
    Page("metric_detail", "Metric detail"),
    Page("dashboard", "Dashboard"),
    Page("toolkit", "Toolkit hub"),
]


def first_metric_id(plan: Plan) -> int:
    from metrics.models import PlanMetric

    metric = PlanMetric.objects.filter(plan=plan).order_by("pk").values_list("pk", flat=True)
    first = metric.first()
    if first is None:
        raise LookupError(f"plan {plan.pk} has no metric")
    return first


def missing_url(url_name: str, args: int) -> str | None:
    """Why a URL cannot be measured in this version of the app, or None."""
    try:
        reverse(url_name, args=[1] * args)
    except NoReverseMatch:
        return f"no URL named {url_name!r} with {args} arguments"
    return None


# ---------------------------------------------------------------- Writes


@dataclass(frozen=True)
class Prepared:
    """One write, ready to send: what a browser with htmx would post."""

    path: str
    data: dict[str, str]
    headers: dict[str, str]  # HX-* headers; the caller adds the cookie and X-CSRFToken
    check: Callable[[], bool]  # after the answer: did the record really change?

    @property
    def body(self) -> str:
        return urlencode(self.data)


@dataclass
class Write:
    """An htmx write cycling over a pool of records of one plan."""

    label: str
    url_name: str
    url_args: int  # how many arguments its URL takes (to tell a missing one)
    prepare_next: Callable[[Plan, int], Prepared]
    _turn: count = field(default_factory=count)

    def prepare(self, plan: Plan) -> Prepared:
        """The next request: the next record of the pool, from its current state."""
        return self.prepare_next(plan, next(self._turn))


def _quick_win_pool(plan: Plan) -> list[int]:
    """The plan's quick wins in the two move columns (four of a typical plan's ten)."""
    from roadmap.quick_wins.models import QuickWin

    pool = list(
        QuickWin.objects.filter(plan=plan, status__in=MOVE_STATUSES)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not pool:
        raise LookupError(f"plan {plan.pk} has no quick win in {MOVE_STATUSES}")
    return pool


def _version_moved(model, pk: int, before: int) -> Callable[[], bool]:
    return lambda: model.objects.filter(pk=pk, version__gt=before).exists()


def other_status(status: str) -> str:
    return MOVE_STATUSES[1] if status == MOVE_STATUSES[0] else MOVE_STATUSES[0]


def _htmx(target: str, current_path: str) -> dict[str, str]:
    return {"HX-Request": "true", "HX-Target": target, "HX-Current-URL": ORIGIN + current_path}


def board_move(plan: Plan, turn: int) -> Prepared:
    """A card dragged (or "Move to…") to the other column, from the board."""
    from roadmap.quick_wins.models import QuickWin

    pool = _quick_win_pool(plan)
    pk = pool[turn % len(pool)]
    status, version = QuickWin.objects.filter(pk=pk).values_list("status", "version").get()
    board = reverse("quick_win_board", args=[plan.pk])
    return Prepared(
        path=reverse("quick_win_status", args=[plan.pk, pk]),
        data={"version": str(version), "next": board, "status": other_status(status), "note": ""},
        headers=_htmx(f"quick-win-item-{pk}", board),
        check=_version_moved(QuickWin, pk, version),
    )


def task_done(plan: Plan, turn: int) -> Prepared:
    """The "Done" button of one of Today's tasks ("Reopen" on a done one), from Today."""
    from roadmap.models import Task, TaskStatus

    day = plan.day_number(plan.local_today())
    pool = list(
        Task.objects.filter(plan=plan, start_day__lte=day, end_day__gte=day)
        .order_by("pk")
        .values_list("pk", flat=True)[:8]
    )
    if not pool:
        raise LookupError(f"plan {plan.pk} has no task on day {day}")
    pk = pool[turn % len(pool)]
    status, version = Task.objects.filter(pk=pk).values_list("status", "version").get()
    today = reverse("today", args=[plan.pk])
    return Prepared(
        path=reverse("task_status", args=[plan.pk, pk]),
        data={
            "version": str(version),
            "next": today,
            "status": TaskStatus.TODO if status == TaskStatus.DONE else TaskStatus.DONE,
        },
        headers=_htmx(f"task-{pk}", today),
        check=_version_moved(Task, pk, version),
    )


def progress(plan: Plan, turn: int) -> Prepared:
    """A progress update (percentage, note as it stands), from "My quick wins"."""
    from roadmap.quick_wins.models import QuickWin

    pool = _quick_win_pool(plan)
    pk = pool[turn % len(pool)]
    current, note, version = (
        QuickWin.objects.filter(pk=pk).values_list("progress", "note", "version").get()
    )
    value = PROGRESS_VALUES[1] if current == PROGRESS_VALUES[0] else PROGRESS_VALUES[0]
    mine = reverse("my_quick_wins", args=[plan.pk])
    return Prepared(
        path=reverse("quick_win_progress", args=[plan.pk, pk]),
        data={"version": str(version), "next": mine, "progress": str(value), "note": note},
        headers=_htmx(f"my-quick-win-{pk}", mine),
        check=_version_moved(QuickWin, pk, version),
    )


def milestone_done(plan: Plan, turn: int) -> Prepared:
    """A milestone ticked off (or reopened), from "My quick wins"."""
    from roadmap.quick_wins.models import Milestone, QuickWin

    milestones = list(
        Milestone.objects.filter(quick_win_id__in=_quick_win_pool(plan))
        .order_by("quick_win_id", "pk")
        .values_list("pk", "quick_win_id")
    )
    if not milestones:
        raise LookupError(f"plan {plan.pk} has no milestone to tick")
    pk, quick_win_id = milestones[turn % len(milestones)]
    done = Milestone.objects.filter(pk=pk, done_at__isnull=False).exists()
    version = QuickWin.objects.filter(pk=quick_win_id).values_list("version", flat=True).get()
    mine = reverse("my_quick_wins", args=[plan.pk])
    return Prepared(
        path=reverse("quick_win_milestone_done", args=[plan.pk, quick_win_id, pk]),
        data={"version": str(version), "next": mine, "done": "false" if done else "true"},
        headers=_htmx(f"my-quick-win-{quick_win_id}", mine),
        check=_version_moved(QuickWin, quick_win_id, version),
    )


BOARD_MOVE_LABEL = "Board card move (htmx)"


def writes() -> list[Write]:
    """Fresh writes (each cycles its own pool from the start)."""
    return [
        Write(BOARD_MOVE_LABEL, "quick_win_status", 2, board_move),
        Write("Task done on Today (htmx)", "task_status", 2, task_done),
        Write("Quick-win progress (htmx)", "quick_win_progress", 2, progress),
        Write("Milestone done (htmx)", "quick_win_milestone_done", 3, milestone_done),
    ]
