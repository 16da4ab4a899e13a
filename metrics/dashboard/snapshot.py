"""The dashboard snapshot: computed in the background, read in one query.

Any change to a plan's data is announced (``onboarding.core.events``); after
the commit ``metrics.tasks.refresh_on_plan_change`` enqueues one refresh,
unless one is already waiting (a burst of changes coalesces into a single
rebuild); a periodic job refreshes every plan as a safety net.

The snapshot is shared by every reader, so it holds only what every member of
the plan may see, and no interface words: figures, keys and ids, and the plan's
own content (task and quick-win titles, custom metric names, phase names as the
plan has them). Whatever depends on the reader (stakeholders, risk checks) is
computed when the page is shown (``metrics.dashboard.reader``), and every
interface word is produced then, in the reader's language.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from metrics.models import DashboardSnapshot
from metrics.selectors import metric_tiles
from onboarding.models import Plan
from roadmap.models import OPEN_STATUSES, Phase, Task
from roadmap.quick_wins.selectors import quick_win_summary

# How long a refresh waits for more changes to coalesce (seconds); far below
# the broker's visibility timeout, so it is never delivered twice.
COALESCE_SECONDS = 2


LIST_LIMIT = 5

# Bumped when the snapshot's shape changes; an older snapshot is rebuilt on view.
SNAPSHOT_FORMAT = 2


def pending_key(plan_id: int) -> str:
    return f"dashboard-refresh-pending:{plan_id}"


def dashboard_refresh(plan: Plan) -> DashboardSnapshot:
    snapshot, _created = DashboardSnapshot.objects.update_or_create(
        plan=plan, defaults={"data": dashboard_data(plan), "refreshed_at": timezone.now()}
    )
    return snapshot


def dashboard_data(plan: Plan) -> dict[str, Any]:
    """Every figure the dashboard shows, in a fixed number of queries."""
    today = plan.local_today()
    day = plan.day_number(today)
    phases = list(Phase.objects.filter(plan=plan).with_progress())
    open_tasks = Task.objects.filter(plan=plan, status__in=OPEN_STATUSES)
    overdue = list(
        open_tasks.filter(end_day__lt=day)
        .order_by("end_day")
        .values("title", "end_day")[:LIST_LIMIT]
    )
    overdue_count = open_tasks.filter(end_day__lt=day).count()
    metrics = metric_tiles(plan, day)
    quick_wins = quick_win_summary(plan, day)
    data: dict[str, Any] = {
        "format": SNAPSHOT_FORMAT,
        "day": day,
        "date": today.isoformat(),
        "phases": [
            {
                "key": p.key,
                "name": p.name,  # as the plan has it; the reader's language when shown
                "start_day": p.start_day,
                "end_day": p.end_day,
                "settled": p.settled_count,
                "total": p.task_count,
                "percent": p.percent_done,
                "active": p.is_active_on(day),
            }
            for p in phases
        ],
        "tasks": {
            "settled": sum(p.settled_count for p in phases),
            "total": sum(p.task_count for p in phases),
            "overdue": overdue_count,
            "overdue_list": overdue,
        },
        "metrics": metrics,
        "quick_wins": {
            "counts": quick_wins.counts_by_status,
            "committed_count": quick_wins.committed_count,
            "done_count": quick_wins.done_count,
            "total": quick_wins.total,
            "needs_commitment_warning": quick_wins.needs_commitment_warning,
            "committed": [
                {
                    "title": qw.title,
                    "status": qw.status,
                    "progress": qw.progress,
                    "owner": qw.owner.get_full_name() or qw.owner.username if qw.owner else "",
                    "target_day": qw.target_day,
                }
                for qw in quick_wins.committed
            ],
        },
        "risks": {
            "overdue_tasks": overdue_count,
            # Metric ids: their names are given in the reader's language when shown.
            "metrics_off_track": [m["id"] for m in metrics if m["on_track"] is False],
            "blocked_quick_wins": [
                {"title": qw.title, "reason": qw.status_reason} for qw in quick_wins.blocked
            ],
            "overdue_milestones": quick_wins.overdue_milestones,
        },
    }
    return data
