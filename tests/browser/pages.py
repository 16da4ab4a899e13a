"""The plan's HTML pages a user may open: what the page-by-page browser checks visit."""

from __future__ import annotations

import re

from django.test import Client

from metrics.models import PlanMetric
from onboarding.models import User
from roadmap.quick_wins.models import QuickWin
from stakeholders.selectors import viewer_for, visible_stakeholders
from tests.test_access import CASES

PLAN_ONLY = re.compile(r"^[^{}]*\{plan\}[^{}]*$")


def pages_for(user: User, plan) -> list[str]:
    """The HTML pages of the plan this user may open (checked with Django's test client)."""
    membership = plan.memberships.get(user=user)
    paths = sorted(
        {
            case.path.format(plan=plan.pk)
            for case in CASES
            if case.method == "GET" and not case.headers and PLAN_ONLY.match(case.path)
        }
    )
    stakeholder = visible_stakeholders(plan, viewer_for(membership)).order_by("pk").first()
    if stakeholder is not None:
        paths.append(f"/plans/{plan.pk}/stakeholders/{stakeholder.pk}/")
    quick_win = QuickWin.objects.filter(plan=plan).order_by("-impact", "pk").first()
    if quick_win is not None:
        paths.append(f"/plans/{plan.pk}/quick-wins/{quick_win.pk}/")
    metric = PlanMetric.objects.filter(plan=plan).order_by("pk").first()
    if metric is not None:
        paths.append(f"/plans/{plan.pk}/metrics/{metric.pk}/")

    client = Client()
    client.force_login(user)
    html = []
    for path in paths:
        response = client.get(path)
        # E-mails shown in a frame run no script at all (the validator checks them).
        sandboxed = "sandbox" in response.get("Content-Security-Policy", "")
        is_html = response["Content-Type"].startswith("text/html")
        if response.status_code == 200 and is_html and not sandboxed:
            html.append(path)
    return html
