"""Every URL against every role, and against a manager of another plan.

The matrix is checked against the URL resolver: a new URL without an entry
fails ``test_every_url_is_in_the_matrix``. Each area adds its URLs in
``tests/<area>/access_cases.py`` (see ``tests/access.py``).
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from onboarding.models import Invitation, Membership
from onboarding.services import invitation_create
from roadmap.models import Task
from tests.access import MANAGER_ONLY, ROLES, VIEW_PLAN, Case, collect

CORE_CASES = [
    Case("today", "GET", "/plans/{plan}/today/", VIEW_PLAN),
    Case("timeline", "GET", "/plans/{plan}/timeline/", VIEW_PLAN),
    Case("members", "GET", "/plans/{plan}/members/", VIEW_PLAN),
    Case("plan_settings", "GET", "/plans/{plan}/settings/", MANAGER_ONLY),
    Case(
        "plan_settings",
        "POST",
        "/plans/{plan}/settings/",
        MANAGER_ONLY,
        {
            "title": "Renamed",
            "timezone": "Asia/Tehran",
            "digest_weekday": 5,
            "digest_time": "09:30",
            "currency": "IRR",
        },
    ),
    Case("calendar", "GET", "/plans/{plan}/calendar/", MANAGER_ONLY),
    Case("calendar_rotate", "POST", "/plans/{plan}/calendar/rotate/", MANAGER_ONLY),
    Case("task_new", "GET", "/plans/{plan}/tasks/new/", MANAGER_ONLY),
    Case(
        "task_new",
        "POST",
        "/plans/{plan}/tasks/new/",
        MANAGER_ONLY,
        {"title": "Extra", "phase": "{phase}", "start_day": 0, "end_day": 5},
    ),
    Case("task_edit", "GET", "/plans/{plan}/tasks/{task}/edit/", MANAGER_ONLY),
    Case(
        "task_edit",
        "POST",
        "/plans/{plan}/tasks/{task}/edit/",
        MANAGER_ONLY,
        {"version": 1, "title": "Renamed", "phase": "{phase}", "start_day": 0, "end_day": 5},
    ),
    Case(
        "task_status",
        "POST",
        "/plans/{plan}/tasks/{task}/status/",
        MANAGER_ONLY,
        {"version": 1, "status": "done"},
    ),
    Case(
        "task_note",
        "POST",
        "/plans/{plan}/tasks/{task}/note/",
        MANAGER_ONLY,
        {"version": 1, "note": "Spoke to Sam"},
    ),
    Case("task_delete", "POST", "/plans/{plan}/tasks/{custom}/delete/", MANAGER_ONLY),
    Case("phase_edit", "GET", "/plans/{plan}/phases/{phase}/edit/", MANAGER_ONLY),
    Case(
        "phase_edit",
        "POST",
        "/plans/{plan}/phases/{phase}/edit/",
        MANAGER_ONLY,
        {"start_day": -10, "end_day": 16, "move_tasks": "on"},
    ),
    Case(
        "invite",
        "POST",
        "/plans/{plan}/members/invite/",
        MANAGER_ONLY,
        {"email": "new@example.com", "role": "member"},
    ),
    Case("member_remove", "POST", "/plans/{plan}/members/{membership}/remove/", MANAGER_ONLY),
    Case(
        "invitation_cancel", "POST", "/plans/{plan}/invitations/{invitation}/cancel/", MANAGER_ONLY
    ),
]

# URLs that belong to no plan; tested in their own modules.
CORE_OUTSIDE_PLANS = {
    "profile": "tests/test_i18n.py",
    "switch_language": "tests/test_i18n.py",
    "login": "tests/onboarding/test_sign_in.py (throttling)",
    "home": "test_home_sends_each_user_to_their_plan",
    "healthz": "test_views.py::test_healthz",
    "readyz": "resilience/test_hanging_redis.py",
    "plan_list": "test_plan_list_shows_only_my_plans",
    "plan_new": "test_views.py::test_starting_a_plan",
    "accept_invitation": "test_invitations.py",
    "calendar_feed": "test_calendar.py",
}


def _names(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in {"admin"} or str(pattern.pattern) in {"accounts/", "i18n/"}:
                continue
            yield from _names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield pattern.name


def _core_ids(world):
    plan = world.plan
    custom = Task.objects.create(
        plan=plan, phase=plan.phases.get(key="assess"), title="Mine", start_day=1, end_day=2
    )
    invitation = invitation_create(
        plan=plan, email="pending@example.com", role="member", invited_by=world.manager
    )
    return {
        "plan": plan.pk,
        "task": plan.tasks.filter(phase__key="prepare").first().pk,
        "custom": custom.pk,
        "phase": plan.phases.get(key="prepare").pk,
        "membership": Membership.objects.get(plan=plan, user=world.member).pk,
        "invitation": invitation.pk,
    }


CASES, OUTSIDE_PLANS, ID_MAKERS = collect(CORE_CASES, CORE_OUTSIDE_PLANS, _core_ids)


def _ids(world):
    ids = {}
    for make in ID_MAKERS:
        ids.update(make(world))
    return ids


def test_every_url_is_in_the_matrix():
    names = set(_names(get_resolver().url_patterns))
    covered = {case.name for case in CASES} | set(OUTSIDE_PLANS)
    assert names - covered == set(), "add these URLs to the access matrix"
    assert covered - names == set(), "the matrix names URLs that no longer exist"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.method}-{c.name}")
def test_access_matrix(client_for, world, case, role):
    ids = _ids(world)
    client = client_for(world.user(role))
    path = case.path.format(**ids)
    if case.method == "GET":
        response = client.get(path, headers=case.headers)
    else:
        data = {k: str(v).format(**ids) for k, v in (case.data or {}).items()}
        response = client.post(path, data, headers=case.headers)

    expected = case.expected[role]
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif expected == "ok":
        ok = case.ok_status or (200 if case.method == "GET" else 302)
        assert response.status_code == ok, response.content[:500]
    else:
        assert response.status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["executive", "member", "other_manager"])
def test_refused_writes_change_nothing(client_for, world, role):
    ids = _ids(world)
    client = client_for(world.user(role))
    task = Task.objects.get(pk=ids["task"])

    client.post(f"/plans/{ids['plan']}/tasks/{task.pk}/status/", {"status": "done"})
    client.post(f"/plans/{ids['plan']}/members/{ids['membership']}/remove/")
    client.post(f"/plans/{ids['plan']}/calendar/rotate/")

    task.refresh_from_db()
    assert task.status == "todo"
    assert Membership.objects.filter(pk=ids["membership"]).exists()
    assert Invitation.objects.get(pk=ids["invitation"]).revoked_at is None
    world.plan.refresh_from_db()


@pytest.mark.django_db
def test_home_sends_each_user_to_their_plan(client_for, world):
    assert client_for(None).get("/")["Location"].startswith("/accounts/login/")
    assert (
        client_for(world.member).get("/")["Location"] == f"/plans/{world.plan.pk}/quick-wins/mine/"
    )
    assert client_for(world.executive).get("/")["Location"] == f"/plans/{world.plan.pk}/dashboard/"
    assert client_for(world.manager).get("/")["Location"] == f"/plans/{world.plan.pk}/today/"
    assert (
        client_for(world.other_manager).get("/")["Location"]
        == f"/plans/{world.other_plan.pk}/today/"
    )


@pytest.mark.django_db
def test_plan_list_shows_only_my_plans(client_for, world):
    page = client_for(world.executive).get("/plans/").content.decode()
    assert world.plan.title in page
    assert world.other_plan.title not in page
    assert client_for(None).get("/plans/").status_code == 302


@pytest.mark.django_db
def test_the_refusal_says_what_was_refused_a_page_or_a_change(client_for, world):
    """Opening a manager's page is not "changing" it: the 403 page says which it was."""
    client = client_for(world.member)
    opened = client.get(f"/plans/{world.plan.pk}/settings/")
    assert opened.status_code == 403
    page = opened.content.decode()
    assert "This page is not open to your role in this plan." in page
    # Inside the plan's layout, with the member's own navigation and a way back to Today.
    assert f'href="/plans/{world.plan.pk}/today/"' in page
    assert f'href="/plans/{world.plan.pk}/settings/"' not in page
    assert world.plan.title in page
    changed = client.post(f"/plans/{world.plan.pk}/settings/", {"title": "Mine now"})
    assert changed.status_code == 403
    assert "Only the plan's manager can change this." in changed.content.decode()
