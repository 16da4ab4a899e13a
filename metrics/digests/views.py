"""The weekly digests in the app: your own copies, the manager's preview and the digests
that need the manager's decision, subscribing and unsubscribing.

An e-mail's HTML is served at its own address (``digest_email``,
``digest_preview_email``) into a sandboxed frame, under the same access rules
as its page: the frame shows it as the recipient sees it, inline styles
included, while the app's own pages keep their strict content-security policy.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from metrics.digests.emails import membership_from_unsubscribe_token, render_digest
from metrics.digests.selectors import digest_content, digests_needing_attention
from metrics.digests.services import digest_send_again
from metrics.models import Digest
from metrics.tasks import send_digest
from onboarding.access import PlanRequest, Right, can, plan_view
from onboarding.core.calendar import week_start
from onboarding.core.enqueue import enqueue_on_commit
from onboarding.core.htmx import redirect_back

# An e-mail shown in the app's frame: its own inline styles and images, nothing
# else; no scripts, no forms, no plugins, framed only by this site's pages.
EMAIL_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox"
)


@require_GET
@plan_view(Right.VIEW_DIGESTS)
def digest_list(request: PlanRequest, plan_id: int) -> HttpResponse:
    digests = Digest.objects.filter(plan=request.plan, recipient=request.user).order_by(
        "-week_start"
    )
    manages = can(request, Right.MANAGE_PLAN)
    return render(
        request,
        "metrics/digest_list.html",
        {
            "plan": request.plan,
            "digests": digests,
            "can_preview": manages,
            # Every recipient's digests that did not certainly arrive: the manager decides.
            "attention": digests_needing_attention(request.plan) if manages else [],
        },
    )


@require_GET
@plan_view(Right.VIEW_DIGESTS)
def digest_detail(request: PlanRequest, plan_id: int, digest_id: int) -> HttpResponse:
    # Only your own copy: an executive's digest never shows the manager's extras.
    digest = get_object_or_404(
        Digest.objects.filter(plan=request.plan, recipient=request.user), pk=digest_id
    )
    return render(
        request,
        "metrics/digest_detail.html",
        {
            "plan": request.plan,
            "digest": digest,
            "frame_url": reverse("digest_email", args=[request.plan.pk, digest.pk]),
        },
    )


@require_GET
@xframe_options_sameorigin
@plan_view(Right.VIEW_DIGESTS)
def digest_email(request: PlanRequest, plan_id: int, digest_id: int) -> HttpResponse:
    """Your own copy's HTML, as e-mailed, for the frame on its page."""
    digest = get_object_or_404(
        Digest.objects.filter(plan=request.plan, recipient=request.user), pk=digest_id
    )
    return _email_response(digest.body_html)


@require_GET
@plan_view(Right.MANAGE_PLAN)
def digest_preview(request: PlanRequest, plan_id: int) -> HttpResponse:
    """Next week's digest as the manager would receive it, rendered now."""
    subject, _html = _preview(request)
    return render(
        request,
        "metrics/digest_detail.html",
        {
            "plan": request.plan,
            "preview": True,
            "digest": {"subject": subject},
            "frame_url": reverse("digest_preview_email", args=[request.plan.pk]),
        },
    )


@require_GET
@xframe_options_sameorigin
@plan_view(Right.MANAGE_PLAN)
def digest_preview_email(request: PlanRequest, plan_id: int) -> HttpResponse:
    """The preview's HTML, in the manager's language, for the frame on the preview page."""
    _subject, html = _preview(request)
    return _email_response(html)


def _preview(request: PlanRequest) -> tuple[str, str]:
    plan = request.plan
    next_week = week_start(plan.local_today()) + dt.timedelta(weeks=1)
    subject, _text, html = render_digest(digest_content(plan, next_week), request.membership)
    return subject, html


def _email_response(html: str) -> HttpResponse:
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = EMAIL_POLICY
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@plan_view(Right.MANAGE_PLAN)
def digest_resend(request: PlanRequest, plan_id: int, digest_id: int) -> HttpResponse:
    """The manager sends a digest that may not have arrived, or that failed, once more."""
    digest = get_object_or_404(Digest.objects.filter(plan=request.plan), pk=digest_id)
    if digest_send_again(plan=request.plan, digest_id=digest.pk) is None:
        messages.error(request, _("This digest is not waiting for a decision any more."))
    else:
        enqueue_on_commit(send_digest, digest.pk)
        messages.success(request, _("The digest will be sent again."))
    return redirect_back(request, reverse("digest_list", args=[plan_id]))


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
