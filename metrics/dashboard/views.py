"""The progress dashboard, for everyone in the plan.

The stored snapshot (what every member may see) in the reader's language, and
the parts that depend on the reader (stakeholders, risk checks) computed now
through their rules (``reader.py``).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from metrics.charts import tile_sparkline
from metrics.dashboard.reader import localise_snapshot, reader_dashboard
from metrics.dashboard.snapshot import SNAPSHOT_FORMAT, dashboard_refresh
from metrics.models import DashboardSnapshot, Digest
from onboarding.access import PlanRequest, Right, plan_view
from roadmap.quick_wins.models import QuickWinStatus


@require_GET
@plan_view(Right.VIEW_DASHBOARD)
def dashboard(request: PlanRequest, plan_id: int) -> HttpResponse:
    plan = request.plan
    snapshot = DashboardSnapshot.objects.filter(plan=plan).first()
    if snapshot is None or snapshot.data.get("format") != SNAPSHOT_FORMAT:
        # The first visit before any background refresh, or a snapshot of an older shape.
        snapshot = dashboard_refresh(plan)
    # Read from the database for this request alone: localised in place, never saved.
    data = localise_snapshot(snapshot.data, plan)
    for tile in data.get("metrics", []):
        tile["sparkline"] = tile_sparkline(tile)
    labels = dict(QuickWinStatus.choices)
    quick_wins = data.get("quick_wins", {})
    counts = quick_wins.get("counts", {})
    # In the order work flows across the board, not the snapshot's.
    status_rows = [
        {"key": key, "label": label, "count": counts.get(key, 0)}
        for key, label in QuickWinStatus.choices
    ]
    for item in quick_wins.get("committed", []):
        item["status_label"] = labels.get(item["status"], item["status"])
    today = plan.local_today()
    reader = reader_dashboard(plan, request.membership, today)
    risks = data.get("risks", {})
    context = {
        "reader": reader,
        "people": reader.people,
        "attitude_rows": reader.attitude_rows,
        "quick_win_statuses": status_rows,
        "plan": plan,
        "data": data,
        "has_risks": any(
            (
                risks.get("overdue_tasks"),
                risks.get("metrics_off_track"),
                risks.get("blocked_quick_wins"),
                risks.get("overdue_milestones"),
                reader.overdue.people,
                reader.worsening_checks,
            )
        ),
        "day": plan.day_number(today),
        "days_until_start": max(0, -plan.day_number(today)),
        "today": today,
        "refreshed_at": snapshot.refreshed_at,
        "latest_digest": Digest.objects.filter(
            plan=plan, recipient=request.user, status=Digest.Status.SENT
        )
        .order_by("-week_start")
        .first(),
        "can_read_digests": Right.VIEW_DIGESTS in request.membership.rights,
    }
    return render(request, "metrics/dashboard.html", context)
