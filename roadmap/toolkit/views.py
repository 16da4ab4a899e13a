"""The toolkit hub page: a card per tool the viewer's role may open (team members: none)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from onboarding.access import PlanRequest, Right, plan_view
from roadmap.toolkit.hub import toolkit_overview

HUB = "toolkit/hub.html"


@require_GET
@plan_view(Right.VIEW_PLAN)
def toolkit_hub(request: PlanRequest, plan_id: int) -> HttpResponse:
    plan = request.plan
    today = plan.local_today()
    cards = toolkit_overview(plan, request.membership.rights, request.user, today)
    context = {"plan": plan, "cards": cards, "day": plan.day_number(today)}
    return render(request, HUB, context)
