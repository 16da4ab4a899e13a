import datetime as dt

import pytest
import time_machine

from roadmap.models import Task, TaskStatus
from roadmap.selectors import today_overview
from tests.factories import START, UserFactory, at_noon_utc, make_plan


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "phases", "heading"),
    [
        (-5, ["prepare", "communicate"], "5 days until you start"),
        (-1, ["prepare", "communicate"], "1 day until you start"),
        (0, ["prepare", "assess", "communicate"], "Day 0 of 100"),
        (12, ["prepare", "assess", "communicate"], "Day 12 of 100"),
        (47, ["act", "measure", "communicate"], "Day 47 of 100"),
        (100, ["measure", "communicate"], "Day 100 of 100"),
        (130, [], "Day 130: your first 100 days are behind you"),
    ],
)
def test_today_shows_the_phases_and_tasks_of_the_day(client, day, phases, heading):
    manager = UserFactory()
    plan = make_plan(manager, start_date=START)
    client.force_login(manager)

    with time_machine.travel(at_noon_utc(day), tick=False):
        overview = today_overview(plan)
        response = client.get(f"/plans/{plan.pk}/today/")

    assert overview.day == day
    assert [p.key for p in overview.active_phases] == phases
    page = response.content.decode()
    assert heading in page
    spanning = Task.objects.filter(plan=plan, start_day__lte=day, end_day__gte=day)
    assert {t.pk for t in overview.today_tasks} == set(spanning.values_list("pk", flat=True))
    for task in spanning:
        assert f'id="task-{task.pk}"' in page
    overdue = Task.objects.filter(plan=plan, end_day__lt=day)
    assert {t.pk for t in overview.overdue_tasks} == set(overdue.values_list("pk", flat=True))
    if overview.upcoming_tasks:
        assert all(t.start_day > day for t in overview.upcoming_tasks)
        assert "Coming next" in page


@pytest.mark.django_db
def test_settled_tasks_are_not_overdue_and_started_tasks_show_today():
    plan = make_plan(UserFactory(), start_date=START)
    late = Task.objects.filter(plan=plan, end_day__lt=12).first()
    assert late is not None
    Task.objects.filter(pk=late.pk).update(status=TaskStatus.DONE)
    early = Task.objects.filter(plan=plan, start_day__gt=40).first()
    assert early is not None
    Task.objects.filter(pk=early.pk).update(status=TaskStatus.DOING)

    overview = today_overview(plan, on=START + dt.timedelta(days=12))

    assert late not in overview.overdue_tasks
    assert early in overview.today_tasks
    assert early not in overview.upcoming_tasks


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "utc_moment", "expected_day"),
    [
        # UTC+14: already the 13th of March locally while UTC is on the 12th.
        ("Pacific/Kiritimati", dt.datetime(2026, 3, 12, 12, 0, tzinfo=dt.UTC), 12),
        # UTC-11: still the 12th locally while UTC is on the 13th.
        ("Pacific/Pago_Pago", dt.datetime(2026, 3, 13, 5, 0, tzinfo=dt.UTC), 11),
    ],
)
def test_today_follows_the_plans_time_zone_not_utc(client, zone, utc_moment, expected_day):
    manager = UserFactory()
    plan = make_plan(manager, start_date=START, timezone_name=zone)
    client.force_login(manager)

    with time_machine.travel(utc_moment, tick=False):
        response = client.get(f"/plans/{plan.pk}/today/")

    assert plan.day_number(utc_moment.date()) != expected_day
    assert f"Day {expected_day} of 100" in response.content.decode()
    local_date = START + dt.timedelta(days=expected_day)
    assert f'datetime="{local_date.isoformat()}"' in response.content.decode()


@pytest.mark.django_db
def test_a_team_members_plate_holds_only_their_own_tasks(client_for, world):
    day_tasks = list(world.plan.tasks.order_by("start_day", "pk")[:2])
    mine, managers = day_tasks
    Task.objects.filter(pk=mine.pk).update(owner=world.member, title="Call back the angry client")
    Task.objects.filter(pk=managers.pk).update(title="Meet the CFO about the budget")
    with time_machine.travel(at_noon_utc(max(mine.end_day, managers.end_day) + 1), tick=False):
        page = client_for(world.member).get(f"/plans/{world.plan.pk}/today/").content.decode()
        manager_page = (
            client_for(world.manager).get(f"/plans/{world.plan.pk}/today/").content.decode()
        )
    assert "Call back the angry client" in page
    assert "Meet the CFO about the budget" not in page  # the manager's work is not theirs
    assert "Meet the CFO about the budget" in manager_page


@pytest.mark.django_db
def test_an_empty_plate_offers_adding_a_task_only_to_who_can(client_for, world):
    """A team member or executive with nothing assigned is not told to add a task."""
    world.plan.tasks.update(owner=world.manager)
    member_page = client_for(world.member).get(f"/plans/{world.plan.pk}/today/").content.decode()
    executive_page = (
        client_for(world.executive).get(f"/plans/{world.plan.pk}/today/").content.decode()
    )
    for page in (member_page, executive_page):
        assert "Nothing in the plan is assigned to you today." in page
        assert "add a task" not in page.lower()
        assert "Nothing else assigned to you is waiting to start." in page


@pytest.mark.django_db
def test_today_speaks_to_each_role(client_for, world):
    """The playbook's advice ("draft your self-introduction") is the manager's; the boss and
    the team get a way to what they do here instead of an empty page."""
    url = f"/plans/{world.plan.pk}/today/"
    with time_machine.travel(at_noon_utc(12), tick=False):  # Prepare, Assess and their tips
        manager = client_for(world.manager).get(url).content.decode()
        executive = client_for(world.executive).get(url).content.decode()
        member = client_for(world.member).get(url).content.decode()
    assert 'id="tips-heading"' in manager
    assert 'id="tips-heading"' not in executive
    assert f'href="/plans/{world.plan.pk}/dashboard/">See how the 100 days are going' in executive
    assert 'id="tips-heading"' not in member
    assert f'href="/plans/{world.plan.pk}/quick-wins/mine/">Keep the quick wins' in member
