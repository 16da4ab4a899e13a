"""Every toolkit page and selector runs in a fixed number of queries, whatever the data size."""

from __future__ import annotations

import datetime as dt

import pytest

from metrics.services import metric_add
from onboarding.rights import ROLE_RIGHTS, Role
from roadmap.toolkit.habits.selectors import habit_streak
from roadmap.toolkit.habits.services import habit_check_save
from roadmap.toolkit.introduction.selectors import share_code
from roadmap.toolkit.introduction.services import introduction_save
from roadmap.toolkit.risk_checks.selectors import risk_trend
from roadmap.toolkit.risk_checks.services import risk_check_save
from stakeholders.models import Stakeholder
from tests.quick_wins.helpers import make_quick_win
from tests.support import BASE  # savepoint + release, session, user, membership
from tests.toolkit.helpers import (
    habits_data,
    make_budget_line,
    make_budget_request,
    make_challenge,
    make_diagnostic,
    risk_ratings,
)

pytestmark = [pytest.mark.django_db]

TODAY = dt.date(2026, 3, 21)

# The page's own reads, after BASE.
HUB = 8  # tasks, introduction, diagnostics, challenges, budget lines, requests, risks, habits
HUB_EXECUTIVE = 5  # tasks, diagnostics, challenges, budget lines, requests
INTRODUCTION = 3  # introduction with its published version, versions, task
DIAGNOSTIC = 3  # runs with their counts, task, the team pulse's latest results
DIAGNOSTIC_NEW = 2  # the latest run's answers, the team pulse's latest results
DIAGNOSTIC_DETAIL = 3  # the run, the one before, their answers
CHALLENGES = 3  # challenges with links, their stakeholders, task
CHALLENGE_FORM = 4  # stakeholders, metrics, quick wins, tasks to choose from
BUDGET = 3  # lines, requests, task
RISK_CHECKS = 3  # checks, their ratings, the team pulse's latest results
HABITS = 1  # the weekly checks
PUBLIC = 2 + 1  # savepoint + release, the introduction with its version and author


def populate(world, count: int) -> None:
    plan = world.plan
    metric = metric_add(plan=plan, key="csat")
    quick_win = make_quick_win(world)
    for n in range(count):
        person = Stakeholder.objects.create(plan=plan, name=f"Person {n}")
        make_challenge(
            world,
            title=f"Challenge {n}",
            source="interview",
            stakeholder_id=person.pk,
            metric_id=metric.pk,
            outcome="quick_win" if n % 2 else "open",
            quick_win=quick_win if n % 2 else None,
        )
        make_budget_line(world, label=f"Line {n}", category=["people", "tools", "other"][n % 3])
        make_budget_request(world, title=f"Request {n}")
        make_diagnostic(world, answer=["no", "partly", "yes"][n % 3], on=TODAY - dt.timedelta(n))
        introduction_save(
            plan=plan, user=world.manager, text=f"Version {n} of my words", publish=n % 2 == 0
        )
        risk_check_save(
            plan=plan,
            user=world.manager,
            today=dt.date(2026 - n // 12, 12 - n % 12, 1),
            ratings=risk_ratings(1 + n % 5),
        )
        habit_check_save(
            plan=plan,
            user=world.manager,
            today=TODAY - dt.timedelta(weeks=n),
            answers={k: v for k, v in habits_data().items() if k != "note"},
        )


@pytest.fixture(params=[2, 20], ids=["small", "large"])
def sized(request, world):
    populate(world, request.param)
    return world


def _count(client, django_assert_num_queries, url: str, queries: int) -> str:
    client.get(url)  # settles the session
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("", HUB),
        ("introduction/", INTRODUCTION),
        ("diagnostic/", DIAGNOSTIC),
        ("diagnostic/new/", DIAGNOSTIC_NEW),
        ("challenges/", CHALLENGES + CHALLENGE_FORM),
        ("budget/", BUDGET),
        ("budget/export.csv", BUDGET),
        ("risk-checks/", RISK_CHECKS),
        ("habits/", HABITS),
    ],
)
def test_manager_pages(client_for, sized, django_assert_num_queries, path, queries):
    url = f"/plans/{sized.plan.pk}/toolkit/{path}"
    _count(client_for(sized.manager), django_assert_num_queries, url, BASE + queries)


@pytest.mark.parametrize(
    ("path", "queries"),
    [("", HUB_EXECUTIVE), ("challenges/", CHALLENGES), ("budget/", BUDGET)],
)
def test_executive_pages(client_for, sized, django_assert_num_queries, path, queries):
    url = f"/plans/{sized.plan.pk}/toolkit/{path}"
    _count(client_for(sized.executive), django_assert_num_queries, url, BASE + queries)


def test_diagnostic_detail(client_for, sized, django_assert_num_queries):
    run = sized.plan.diagnostics.order_by("taken_on").last()
    url = f"/plans/{sized.plan.pk}/toolkit/diagnostic/{run.pk}/"
    page = _count(
        client_for(sized.executive), django_assert_num_queries, url, BASE + DIAGNOSTIC_DETAIL
    )
    assert "than on" in page or "The same score" in page  # compared with the run before


def test_public_introduction(client_for, sized, django_assert_num_queries):
    introduction = sized.plan.self_introduction
    url = f"/plans/{sized.plan.pk}/toolkit/introduction/shared/{share_code(introduction)}/"
    _count(client_for(None), django_assert_num_queries, url, PUBLIC)


def test_selectors_for_today_the_digest_and_the_dashboard(sized, django_assert_num_queries):
    with django_assert_num_queries(1):
        summary = habit_streak(sized.plan, sized.manager, TODAY)
        assert summary.done_this_week
    with django_assert_num_queries(1):
        risk_trend(sized.plan, ROLE_RIGHTS[Role.MANAGER])
    with django_assert_num_queries(1):
        risk_trend(sized.plan, ROLE_RIGHTS[Role.EXECUTIVE])
    with django_assert_num_queries(0):
        assert risk_trend(sized.plan, ROLE_RIGHTS[Role.MEMBER]) == []
