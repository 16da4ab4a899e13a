"""The self-introduction and its shared page.

The introduction is the manager's alone (``USE_PRIVATE_TOOLS``: 403 for other
roles, 404 for another plan). The shared page is the exception: anyone with
its signed address may read the published version, signed in or not; a bad
or replaced address is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onboarding.access import PlanRequest, Right, plan_view
from onboarding.core.forms import with_version
from onboarding.core.htmx import malformed
from onboarding.core.i18n import numbers
from onboarding.core.versioning import StaleVersion
from roadmap.toolkit.introduction import selectors, services
from roadmap.toolkit.introduction.forms import IntroductionForm
from roadmap.toolkit.introduction.rules import GUIDANCE, INTRODUCTION_TASK, STYLE_TIPS, WORDS_TARGET
from roadmap.toolkit.models import SelfIntroduction
from roadmap.toolkit.playbook_tasks import linked_task

INTRODUCTION = "toolkit/introduction.html"


INTRODUCTION_PUBLIC = "toolkit/introduction_public.html"


def _share_url(request: PlanRequest, introduction: SelfIntroduction) -> str:
    if not introduction.pk:
        return ""
    path = reverse(
        "introduction_public", args=[request.plan.pk, selectors.share_code(introduction)]
    )
    return request.build_absolute_uri(path)


def _introduction_page(
    request: PlanRequest,
    form: IntroductionForm | None = None,
    *,
    status: int = 200,
    stale: SelfIntroduction | None = None,
) -> HttpResponse:
    plan = request.plan
    page = selectors.introduction_page(plan)
    introduction = page.introduction
    if form is None:
        form = IntroductionForm(
            initial={"text": introduction.text, "version": introduction.version}
        )
    context = {
        "plan": plan,
        "page": page,
        "introduction": introduction,
        "form": form,
        "stale": stale,
        "guidance": GUIDANCE,
        "style_tips": STYLE_TIPS,
        "target": WORDS_TARGET,
        "share_url": _share_url(request, introduction),
        "task": linked_task(plan, INTRODUCTION_TASK),
    }
    return render(request, INTRODUCTION, context, status=status)


@require_http_methods(["GET", "POST"])
@plan_view(Right.USE_PRIVATE_TOOLS)
def introduction(request: PlanRequest, plan_id: int) -> HttpResponse:
    if request.method == "GET":
        return _introduction_page(request)
    form = IntroductionForm(request.POST)
    if not form.is_valid():
        if form.is_malformed:
            return malformed(form)
        return _introduction_page(request, form, status=422)
    publish = request.POST.get("action") == "publish"
    try:
        saved = services.introduction_save(
            plan=request.plan,
            user=request.user,
            text=form.cleaned_data["text"],
            publish=publish,
            expected_version=form.cleaned_data["version"],
        )
    except StaleVersion as error:
        fresh = with_version(IntroductionForm, request.POST, error.current.version)
        return _introduction_page(request, fresh, status=409, stale=error.current)
    except ValidationError as error:
        form.add_error(None, error)
        return _introduction_page(request, form, status=422)
    number = saved.version.number
    if publish:
        message = _(
            "Version %(number)s is published: your shared page shows it, and the task is done."
        )
    elif saved.created_version:
        message = _("Version %(number)s saved.")
    else:
        message = _("No changes since version %(number)s.")
    messages.success(request, message % numbers({"number": number}))
    if saved.flag:
        messages.warning(request, saved.flag.message)
    return redirect("introduction", plan_id=plan_id)


@require_POST
@plan_view(Right.USE_PRIVATE_TOOLS)
def introduction_withdraw(request: PlanRequest, plan_id: int) -> HttpResponse:
    services.introduction_withdraw(plan=request.plan)
    messages.success(
        request,
        _("Your introduction is no longer shared; the task is open again until you publish."),
    )
    return redirect("introduction", plan_id=plan_id)


@require_POST
@plan_view(Right.USE_PRIVATE_TOOLS)
def introduction_link(request: PlanRequest, plan_id: int) -> HttpResponse:
    services.introduction_new_link(plan=request.plan)
    messages.success(request, _("Here is a new link. The old one no longer works."))
    return redirect("introduction", plan_id=plan_id)


@require_GET
def introduction_public(request: HttpRequest, plan_id: int, token: str) -> HttpResponse:
    """The published introduction, for anyone with the link; read-only."""
    introduction = selectors.introduction_from_share_code(plan_id, token)
    context = {
        "introduction": introduction,
        "version": introduction.published,
        "plan_language": introduction.plan.language,
    }
    with timezone.override(introduction.plan.zone):
        response = render(request, INTRODUCTION_PUBLIC, context)
    # A revoked link must stop working at once, and the page is not for search engines.
    patch_cache_control(response, private=True, no_cache=True, max_age=0)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
