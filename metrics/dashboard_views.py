"""The progress dashboard and the digests, for the manager and the executive."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from onboarding.access import PlanRequest, Right, plan_view
from onboarding.core.calendar import week_start
from roadmap.quick_wins.models import QuickWinStatus
from roadmap.toolkit.risk_checks.rules import RISKS_BY_KEY
from stakeholders.selectors import attitude_items

from .catalogue import CATALOGUE
from .charts import line_chart
from .dashboard import dashboard_refresh
from .digests import digest_content, membership_from_unsubscribe_token, render_digest
from .models import DashboardSnapshot, Digest


@require_GET
@plan_view(Right.VIEW_DASHBOARD)
def dashboard(request: PlanRequest, plan_id: int) -> HttpResponse:
    plan = request.plan
    snapshot = DashboardSnapshot.objects.filter(plan=plan).first()
    if snapshot is None:  # first visit before any background refresh
        snapshot = dashboard_refresh(plan)
    data = snapshot.data
    rtl = get_language_bidi()
    for tile in data.get("metrics", []):
        kpi = CATALOGUE.get(tile["key"])
        if kpi is not None:
            tile["name"], tile["unit"] = str(kpi.name), str(kpi.unit)
        series = [(dt.date.fromisoformat(d), v) for d, v in tile["series"]]
        tile["sparkline"] = (
            line_chart(
                series,
                baseline=tile["baseline"],
                target=tile["target"],
                width=160,
                height=40,
                pad=4,
                rtl=rtl,
            )
            if series
            else None
        )
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


@require_GET
@plan_view(Right.VIEW_DIGESTS)
def digest_list(request: PlanRequest, plan_id: int) -> HttpResponse:
    digests = Digest.objects.filter(plan=request.plan, recipient=request.user).order_by(
        "-week_start"
    )
    return render(
        request,
        "metrics/digest_list.html",
        {
            "plan": request.plan,
            "digests": digests,
            "can_preview": Right.MANAGE_PLAN in request.membership.rights,
        },
    )


@require_GET
@plan_view(Right.VIEW_DIGESTS)
def digest_detail(request: PlanRequest, plan_id: int, digest_id: int) -> HttpResponse:
    # Only your own copy: an executive's digest never shows the manager's extras.
    digest = get_object_or_404(
        Digest.objects.filter(plan=request.plan, recipient=request.user), pk=digest_id
    )
    return render(request, "metrics/digest_detail.html", {"plan": request.plan, "digest": digest})


@require_GET
@plan_view(Right.MANAGE_PLAN)
def digest_preview(request: PlanRequest, plan_id: int) -> HttpResponse:
    """Next week's digest as the manager would receive it, rendered now."""
    plan = request.plan
    next_week = week_start(plan.local_today()) + dt.timedelta(weeks=1)
    subject, _text, html = render_digest(digest_content(plan, next_week), request.membership)
    return render(
        request,
        "metrics/digest_detail.html",
        {
            "plan": plan,
            "preview": True,
            "digest": {"subject": subject, "body_html": html, "week_start": next_week},
        },
    )


@csrf_exempt  # the signed token is the credential; mail clients post here directly
@require_http_methods(["GET", "POST"])
def digest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    membership = membership_from_unsubscribe_token(token)
    if membership is None:
        raise Http404
    if request.method == "POST":
        membership.receives_digest = False
        membership.save(update_fields=["receives_digest"])
        return render(request, "metrics/unsubscribed.html", {"membership": membership})
    return render(request, "metrics/unsubscribe.html", {"membership": membership, "token": token})


@require_http_methods(["POST"])
@plan_view(Right.VIEW_PLAN)
def digest_subscription(request: PlanRequest, plan_id: int) -> HttpResponse:
    """Anyone in the plan turns their own weekly digest on or off."""
    membership = request.membership
    membership.receives_digest = request.POST.get("receives_digest") == "on"
    membership.save(update_fields=["receives_digest"])
    if membership.receives_digest:
        messages.success(request, _("You will receive the weekly digest."))
    else:
        messages.success(request, _("You will no longer receive the weekly digest."))
    return redirect("members", plan_id=plan_id)
