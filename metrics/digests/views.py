"""The weekly digests in the app: your own copies, the manager's preview, subscribing and unsubscribing."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from metrics.digests.emails import membership_from_unsubscribe_token, render_digest
from metrics.digests.selectors import digest_content
from metrics.models import Digest
from onboarding.access import PlanRequest, Right, plan_view
from onboarding.core.calendar import week_start


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
