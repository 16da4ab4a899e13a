"""The monthly risk check: ratings, history, and the worsening trend for the dashboard."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError

from onboarding.rights import ROLE_RIGHTS, Role
from roadmap.toolkit.models import RiskCheck, RiskRating
from roadmap.toolkit.risk_checks.selectors import risk_trend
from roadmap.toolkit.risk_checks.services import risk_check_save
from tests.toolkit.helpers import risk_data, risk_ratings

pytestmark = pytest.mark.django_db

MARCH = dt.date(2026, 3, 21)
APRIL = dt.date(2026, 4, 10)
MAY = dt.date(2026, 5, 2)
MANAGER = ROLE_RIGHTS[Role.MANAGER]


def rate(world, day, rating=2, **overrides):
    return risk_check_save(
        plan=world.plan, user=world.manager, today=day, ratings=risk_ratings(rating, **overrides)
    )


def test_one_check_a_month_replaced_when_rated_again(world):
    rate(world, dt.date(2026, 3, 2))
    rate(world, MARCH, 3)
    check = RiskCheck.objects.get()
    assert check.month == dt.date(2026, 3, 1)
    assert set(check.ratings.values_list("rating", flat=True)) == {3}
    assert check.ratings.count() == 6


@pytest.mark.parametrize(
    "ratings",
    [
        {},
        {key: (None, "") for key in risk_ratings()},
        {**risk_ratings(), "burnout": (6, "")},
        {**risk_ratings(), "burnout": (0, "")},
        {**risk_ratings(), "unknown": (2, "")},
        {k: v for k, v in risk_ratings().items() if k != "profitability"},
    ],
)
def test_every_risk_needs_a_rating_from_1_to_5(world, ratings):
    with pytest.raises(ValidationError):
        risk_check_save(plan=world.plan, user=world.manager, today=MARCH, ratings=ratings)
    assert not RiskRating.objects.exists()


def test_risk_trend_lists_what_got_worse_since_the_month_before(world):
    assert risk_trend(world.plan, MANAGER) == []
    rate(world, MARCH, 2, burnout=2, key_person=4)
    assert risk_trend(world.plan, MANAGER) == []  # one check: no trend yet
    rate(world, APRIL, 2, burnout=4, key_person=3, profitability=3)
    trends = risk_trend(world.plan, MANAGER)
    assert [(t.item, t.previous, t.latest) for t in trends] == [
        ("burnout", 2, 4),
        ("profitability", 2, 3),
    ]
    assert trends[0].previous_month == dt.date(2026, 3, 1)
    assert trends[0].latest_month == dt.date(2026, 4, 1)
    assert str(trends[0].title) == "Burnout"
    assert str(trends[0].latest_label) == "Serious"
    assert trends[0].as_data() == {
        "item": "burnout",
        "previous": 2,
        "latest": 4,
        "previous_month": "2026-03-01",
        "latest_month": "2026-04-01",
    }  # never the note: it is the manager's alone
    # Only the latest two checks count.
    rate(world, MAY, 2, burnout=4, profitability=3)
    assert risk_trend(world.plan, MANAGER) == []


def test_the_trend_is_this_plans_own(world):
    rate(world, MARCH, 1)
    risk_check_save(
        plan=world.other_plan, user=world.other_manager, today=APRIL, ratings=risk_ratings(5)
    )
    assert risk_trend(world.plan, MANAGER) == []


def test_the_page_shows_history_and_the_trend(client_for, world):
    rate(world, dt.date(2026, 2, 20), 1)
    rate(world, MARCH, 1, burnout=4)
    page = client_for(world.manager).get(f"/plans/{world.plan.pk}/toolkit/risk-checks/")
    html = page.content.decode()
    assert "Worse than last month" in html
    assert "from 1 (No sign of it) to 4 (Serious)" in html
    assert "(worse)" in html
    assert "You have rated this month already" in html


def test_the_form_answers_422_and_saves(client_for, world):
    client = client_for(world.manager)
    url = f"/plans/{world.plan.pk}/toolkit/risk-checks/"
    empty = client.post(url, {})
    assert empty.status_code == 422
    assert "none of them is rated yet" in empty.content.decode()
    partial = client.post(url, {**risk_data(), "burnout-rating": ""})
    assert partial.status_code == 422
    assert "Rate it from 1 to 5." in partial.content.decode()
    assert client.post(url, {**risk_data(), "burnout-rating": "9"}).status_code == 422
    assert client.post(url, risk_data(3)).status_code == 302
    assert RiskRating.objects.count() == 6


# --- Private unless shared with the executive -------------------------------------------------


def test_the_rule_gives_the_manager_all_the_executive_shared_and_members_none(world):
    from roadmap.toolkit.risk_checks.selectors import visible_risk_checks

    rate(world, MARCH)
    shared = rate(world, APRIL)
    RiskCheck.objects.filter(pk=shared.pk).update(shared_with_executive=True)
    plan = world.plan
    assert visible_risk_checks(plan, MANAGER).count() == 2
    assert list(visible_risk_checks(plan, ROLE_RIGHTS[Role.EXECUTIVE])) == [shared]
    assert not visible_risk_checks(plan, ROLE_RIGHTS[Role.MEMBER]).exists()


def test_the_executive_trend_compares_only_shared_checks(world):
    executive = ROLE_RIGHTS[Role.EXECUTIVE]
    rate(world, MARCH, 1, burnout=1)
    rate(world, APRIL, 1, burnout=3)
    rate(world, MAY, 1, burnout=5)
    assert risk_trend(world.plan, executive) == []
    RiskCheck.objects.filter(month=dt.date(2026, 5, 1)).update(shared_with_executive=True)
    assert risk_trend(world.plan, executive) == []  # one shared check: nothing to compare
    RiskCheck.objects.filter(month=dt.date(2026, 3, 1)).update(shared_with_executive=True)
    trend = risk_trend(world.plan, executive)
    assert [(t.item, t.previous, t.latest) for t in trend] == [("burnout", 1, 5)]
    assert risk_trend(world.plan, ROLE_RIGHTS[Role.MEMBER]) == []


def test_the_manager_shares_this_months_check_on_the_page(client_for, world):
    from unittest import mock

    client = client_for(world.manager)
    url = f"/plans/{world.plan.pk}/toolkit/risk-checks/"
    page = client.get(url).content.decode()
    assert "Share this month&#x27;s check with the executive" in page
    with mock.patch("roadmap.toolkit.risk_checks.services.announce_plan_changed") as announce:
        assert client.post(url, {**risk_data(3), "shared": "on"}).status_code == 302
    announce.assert_called_once_with(world.plan.pk)
    check = RiskCheck.objects.get()
    assert check.shared_with_executive is True
    page = client.get(url).content.decode()
    assert "Shared with the executive" in page
    assert re.search(r'<input type="checkbox" name="shared"[^>]*checked', page)
    # Saving again without the box keeps it private from now on.
    with mock.patch("roadmap.toolkit.risk_checks.services.announce_plan_changed") as announce:
        assert client.post(url, risk_data(3)).status_code == 302
    announce.assert_called_once_with(world.plan.pk)
    check.refresh_from_db()
    assert check.shared_with_executive is False


def test_a_new_check_is_private_and_a_resave_keeps_the_choice(world):
    check = rate(world, MARCH)
    assert check.shared_with_executive is False
    risk_check_save(
        plan=world.plan, user=world.manager, today=MARCH, ratings=risk_ratings(2), shared=True
    )
    rate(world, MARCH, 3)  # a service call that says nothing about sharing keeps it
    check.refresh_from_db()
    assert check.shared_with_executive is True
