"""The weekly habits self-check: answers, the streak, what Today and the digest get."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from roadmap.toolkit.habits.rules import HABIT_KEYS, streak
from roadmap.toolkit.habits.selectors import HabitSummary, habit_streak
from roadmap.toolkit.habits.services import habit_check_save
from roadmap.toolkit.models import HabitCheck
from tests.toolkit.helpers import habits_data

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 21)  # day 20, a Saturday: the week started on Monday 16 March
THIS_WEEK = dt.date(2026, 3, 16)


def answers(value="yes", **overrides):
    return {key: overrides.get(key.replace("-", "_"), value) for key in HABIT_KEYS}


def check(world, week: dt.date, value="yes", **overrides):
    return habit_check_save(
        plan=world.plan, user=world.manager, today=week, answers=answers(value, **overrides)
    )


def weeks_ago(n: int) -> dt.date:
    return THIS_WEEK - dt.timedelta(weeks=n)


def test_streak_rules():
    assert streak([], THIS_WEEK) == 0
    assert streak([THIS_WEEK], THIS_WEEK) == 1
    # This week not done yet: the streak runs on from last week.
    assert streak([weeks_ago(1), weeks_ago(2)], THIS_WEEK) == 2
    # A missed week breaks it.
    assert streak([THIS_WEEK, weeks_ago(2), weeks_ago(3)], THIS_WEEK) == 1
    assert streak([weeks_ago(2)], THIS_WEEK) == 0


def test_habit_streak_summary(world):
    assert habit_streak(world.plan, world.manager, TODAY) == HabitSummary(
        streak_weeks=0, last_answers=[], done_this_week=False
    )
    check(world, weeks_ago(2))
    check(world, weeks_ago(1), "partly", purpose="no")
    summary = habit_streak(world.plan, world.manager, TODAY)
    assert (summary.streak_weeks, summary.done_this_week) == (2, False)
    assert summary.last_week_start == weeks_ago(1)
    assert [a.answer for a in summary.last_answers] == ["partly"] * 4 + ["no"]
    assert str(summary.last_answers[4].answer_label) == "Not this week"
    assert str(summary.last_answers[0].title) == "The customer at the centre"
    check(world, TODAY)
    summary = habit_streak(world.plan, world.manager, TODAY)
    assert (summary.streak_weeks, summary.done_this_week) == (3, True)


def test_the_streak_is_the_users_own_in_this_plan(world):
    check(world, TODAY)
    assert habit_streak(world.plan, world.executive, TODAY).streak_weeks == 0
    assert habit_streak(world.other_plan, world.manager, TODAY).streak_weeks == 0


def test_a_second_check_in_the_same_week_replaces_the_first(world):
    check(world, THIS_WEEK)
    check(world, TODAY, "no")
    assert HabitCheck.objects.get().answers == answers("no")


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({}, "__all__"),
        (answers(customer_focus=""), "customer-focus"),
        (answers(purpose="always"), "purpose"),
        ({**answers(), "extra": "yes"}, "__all__"),
    ],
)
def test_every_habit_needs_a_known_answer(world, given, field):
    with pytest.raises(ValidationError) as error:
        habit_check_save(plan=world.plan, user=world.manager, today=TODAY, answers=given)
    if field == "__all__":
        assert error.value.messages
    else:
        assert field in error.value.message_dict
    assert not HabitCheck.objects.exists()


def test_the_page_saves_and_shows_the_streak(client_for, world):
    client = client_for(world.manager)
    url = f"/plans/{world.plan.pk}/toolkit/habits/"
    empty = client.post(url, {})
    assert empty.status_code == 422
    assert "none is answered yet" in empty.content.decode()
    missing = client.post(url, {**habits_data(), "purpose": ""})
    assert missing.status_code == 422
    assert "Answer yes, partly or not this week." in missing.content.decode()
    response = client.post(url, habits_data("partly", note="Busy week"), follow=True)
    page = response.content.decode()
    assert "This week&#x27;s check is saved. Streak: 1 week." in page
    assert "Busy week</textarea>" in page  # this week's answers fill the form again
    assert HabitCheck.objects.get().week_start == THIS_WEEK


def test_the_summary_partial_renders_for_today(world):
    from django.template.loader import render_to_string

    check(world, weeks_ago(1))
    html = render_to_string(
        "toolkit/habits_summary.html",
        {
            "habit_summary": habit_streak(world.plan, world.manager, TODAY),
            "plan": world.plan,
            "show_link": True,
        },
    )
    assert "week in a row" in html
    assert "This week's check is still to do" in html
    assert f"/plans/{world.plan.pk}/toolkit/habits/" in html
