"""The progress dashboard, for everyone in the plan: the stored snapshot, shown in the reader's language."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from metrics.catalogue import CATALOGUE
from metrics.charts import tile_sparkline
from metrics.dashboard.snapshot import dashboard_refresh
from metrics.models import DashboardSnapshot, Digest
from onboarding.access import PlanRequest, Right, plan_view
from roadmap.quick_wins.models import QuickWinStatus
from roadmap.toolkit.risk_checks.rules import RISKS_BY_KEY
from stakeholders.selectors import attitude_items


@require_GET
@plan_view(Right.VIEW_DASHBOARD)
def dashboard(request: PlanRequest, plan_id: int) -> HttpResponse:
    plan = request.plan
    snapshot = DashboardSnapshot.objects.filter(plan=plan).first()
    if snapshot is None:  # first visit before any background refresh
        snapshot = dashboard_refresh(plan)
    data = snapshot.data
    for tile in data.get("metrics", []):
        kpi = CATALOGUE.get(tile["key"])
        if kpi is not None:
            tile["name"], tile["unit"] = str(kpi.name), str(kpi.unit)
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
    attitude_rows = [
        {"key": key or "unknown", "label": label, "count": count}
        for key, label, count in attitude_items(data.get("stakeholders", {}).get("attitudes", {}))
    ]
    for check in data.get("risks", {}).get("worsening_checks", []):
        item = RISKS_BY_KEY.get(check["item"])
        check["title"] = str(item.title) if item else check["item"]
    today = plan.local_today()
    context = {
        "attitude_rows": attitude_rows,
        "quick_win_statuses": status_rows,
        "plan": plan,
        "data": data,
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
