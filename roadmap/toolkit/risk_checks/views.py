"""The monthly risk check: the manager's alone (``USE_PRIVATE_TOOLS``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from onboarding.access import PlanRequest, Right, plan_view
from onboarding.core.htmx import posted
from roadmap.pulse_slot import pulse_signal
from roadmap.toolkit.risk_checks import selectors, services
from roadmap.toolkit.risk_checks.forms import RiskCheckForm
from roadmap.toolkit.risk_checks.rules import PULSE_ITEMS_BY_RISK, RATINGS

RISK_CHECKS = "toolkit/risk_checks.html"


@require_http_methods(["GET", "POST"])
@plan_view(Right.USE_PRIVATE_TOOLS)
def risk_checks(request: PlanRequest, plan_id: int) -> HttpResponse:
    plan = request.plan
    today = plan.local_today()
    page = selectors.risk_page(plan, request.membership.rights, today)
    initial: dict[str, object] = {
        "shared": page.current.shared_with_executive if page.current else False
    }
    for key, rating in page.current_ratings.items():
        initial[f"{key}-rating"] = str(rating.rating)
        initial[f"{key}-note"] = rating.note
    form = RiskCheckForm(posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.risk_check_save(
                    plan=plan,
                    user=request.user,
                    today=today,
                    ratings=form.ratings,
                    shared=form.cleaned_data["shared"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("This month's risk check is saved."))
                return redirect("risk_checks", plan_id=plan_id)
    pulse = pulse_signal(plan, request.membership.rights)
    # Beside burnout and key-person dependence: what the team said in the pulse.
    rows = [
        (
            group,
            [
                average
                for key in PULSE_ITEMS_BY_RISK.get(group.item.key, [])
                if pulse and (average := pulse.item(key))
            ],
        )
        for group in form.items
    ]
    context = {
        "plan": plan,
        "page": page,
        "form": form,
        "rows": rows,
        "pulse": pulse,
        "ratings": RATINGS,
    }
    return render(request, RISK_CHECKS, context, status=status)
