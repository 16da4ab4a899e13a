"""The axe-core gate: no serious or critical WCAG 2.1 A/AA violation on any main page.

Each role (manager, executive, team member) visits, in English and in Persian,
every plan page of the access matrix that it may open and that is an HTML page
(the journeys' pages and the rest), plus a stakeholder, a quick win and a metric
of the demo plan, and the sign-in page. axe-core checks each page as it is shown:
contrast of the real colours, names of controls, ids, landmarks, ARIA.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from metrics.models import PlanMetric
from onboarding.models import User
from roadmap.quick_wins.models import QuickWin
from stakeholders.selectors import viewer_for, visible_stakeholders
from tests.test_access import CASES

from .conftest import sign_in

pytestmark = pytest.mark.axe

ROLES = ["manager", "executive", "member"]
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


@pytest.mark.parametrize("language", ["en", "fa"])
@pytest.mark.parametrize("role", ROLES)
def test_main_pages_have_no_serious_accessibility_violations(
    page, live_server, demo, axe, role, language
):
    user = User.objects.get(username=role)
    user.language = language
    user.save(update_fields=["language"])
    paths = pages_for(user, demo)
    # The gate covers what it claims: each role's start pages at least.
    assert f"/plans/{demo.pk}/today/" in paths
    assert f"/plans/{demo.pk}/quick-wins/" in paths
    assert len(paths) >= 10

    page.goto(f"{live_server.url}/accounts/login/")
    found = {"/accounts/login/": axe(page)}
    sign_in(page, live_server, role)
    for path in paths:
        page.goto(f"{live_server.url}{path}")
        assert page.locator("html").get_attribute("lang") == language
        found[path] = axe(page)

    report = [f"{path}\n  " + "\n  ".join(lines) for path, lines in found.items() if lines]
    assert report == [], f"axe-core ({role}, {language}):\n" + "\n".join(report)
