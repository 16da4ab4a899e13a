"""Security gates: CSRF on every write, CSP, escaping (sign-in: tests/onboarding/test_sign_in.py)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.test_access import CASES, _ids

pytestmark = pytest.mark.django_db

POST_CASES = [case for case in CASES if case.method == "POST"]


@pytest.mark.parametrize("case", POST_CASES, ids=lambda c: c.name)
def test_every_post_is_refused_without_a_csrf_token(world, case):
    ids = _ids(world)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.manager)
    data = {k: str(v).format(**ids) for k, v in (case.data or {}).items()}
    plain = client.post(case.path.format(**ids), data)
    htmx = client.post(case.path.format(**ids), data, headers={"HX-Request": "true"})
    assert plain.status_code == 403
    assert htmx.status_code == 403
    assert "Reload the page" in htmx.content.decode()


PAGES = ["today", "timeline", "members", "dashboard", "metric_list", "calendar", "plan_settings"]


@pytest.mark.parametrize("name", PAGES)
def test_pages_send_a_strict_csp_and_contain_no_inline_code(client_for, world, name):
    response = client_for(world.manager).get(
        f"/plans/{world.plan.pk}/{name.replace('metric_list', 'metrics').replace('plan_settings', 'settings')}/"
    )
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert not re.search(r"\sstyle=", html), "inline style attribute"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"
    assert "//cdn" not in html and "https://" not in html


# Sign-in throttling is tested in tests/onboarding/test_sign_in.py.


def test_user_text_is_escaped_in_pages_and_fragments(client_for, world):
    hostile = '<img src=x onerror="alert(1)">'
    task = world.plan.tasks.first()
    task.title = hostile
    task.save()
    client = client_for(world.manager)
    world.plan.title = hostile
    world.plan.save()
    for url in (f"/plans/{world.plan.pk}/today/", f"/plans/{world.plan.pk}/timeline/", "/plans/"):
        html = client.get(url).content.decode()
        assert hostile not in html
        assert "&lt;img src=x" in html
    fragment = client.post(
        f"/plans/{world.plan.pk}/tasks/{task.pk}/note/",
        {"note": hostile},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert hostile not in fragment
