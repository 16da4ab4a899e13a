"""The axe-core gate: no serious or critical WCAG 2.1 A/AA violation on any main page.

Each role (manager, executive, team member) visits, in English and in Persian,
every plan page of the access matrix that it may open and that is an HTML page
(the journeys' pages and the rest), plus a stakeholder, a quick win and a metric
of the demo plan, and the sign-in page. axe-core checks each page as it is shown:
contrast of the real colours, names of controls, ids, landmarks, ARIA.
"""

from __future__ import annotations

import pytest

from onboarding.models import User

from .conftest import sign_in
from .pages import pages_for

pytestmark = pytest.mark.axe

ROLES = ["manager", "executive", "member"]


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
