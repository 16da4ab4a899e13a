"""Writes to quick wins: rules, rights, versions and the history they leave."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from onboarding.core.versioning import StaleVersion
from roadmap.quick_wins import services
from roadmap.quick_wins.models import Milestone, QuickWin, QuickWinEvent
from tests.factories import UserFactory
from tests.quick_wins.helpers import make_quick_win

pytestmark = pytest.mark.django_db


def kinds(quick_win):
    return list(quick_win.events.order_by("pk").values_list("kind", flat=True))


def test_proposing_records_who_and_starts_as_proposed(world):
    quick_win = make_quick_win(world, team=["manager"])
    assert quick_win.status == "proposed"
    assert quick_win.progress == 0
    assert quick_win.version == 1
    assert set(quick_win.team.all()) == {world.manager}
    event = quick_win.events.get()
    assert (event.kind, event.actor, event.to_value) == ("created", world.manager, quick_win.title)


def test_only_the_manager_proposes(world):
    for user in (world.member, world.executive, world.other_manager):
        with pytest.raises(PermissionDenied):
            services.quick_win_create(
                plan=world.plan, user=user, title="x", problem="y", target_day=40
            )
    assert not QuickWin.objects.exists()


def test_people_must_belong_to_the_plan_and_not_only_read(world):
    with pytest.raises(ValidationError) as error:
        make_quick_win(world, owner="other_manager")
    assert "owner" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_quick_win(world, team=["executive"])
    assert "team" in error.value.message_dict
    assert not QuickWin.objects.exists()


@pytest.mark.parametrize(
    ("details", "field"),
    [
        ({"title": "  "}, "title"),
        ({"problem": ""}, "problem"),
        ({"impact": 7}, "impact"),
        ({"target_day": 140}, "target_day"),
    ],
)
def test_bad_details_are_refused(world, details, field):
    with pytest.raises(ValidationError) as error:
        make_quick_win(world, **details)
    assert field in error.value.message_dict


def test_status_change_records_from_to_who_and_why(world):
    quick_win = make_quick_win(world)
    services.quick_win_set_status(
        quick_win=quick_win, user=world.member, status="committed", note="Chosen at the offsite"
    )
    services.quick_win_set_status(
        quick_win=quick_win, user=world.member, status="blocked", note="No CRM licence yet"
    )
    quick_win.refresh_from_db()
    assert (quick_win.status, quick_win.status_reason, quick_win.version) == (
        "blocked",
        "No CRM licence yet",
        3,
    )
    change = quick_win.events.filter(kind="status").latest("pk")
    assert (change.actor, change.from_value, change.to_value, change.note) == (
        world.member,
        "committed",
        "blocked",
        "No CRM licence yet",
    )
    assert (change.from_display, change.to_display) == ("Committed", "Blocked")

    services.quick_win_set_status(quick_win=quick_win, user=world.member, status="in_progress")
    quick_win.refresh_from_db()
    assert quick_win.status_reason == ""  # the reason belonged to "blocked"


def test_blocked_without_a_reason_changes_nothing(world):
    quick_win = make_quick_win(world)
    with pytest.raises(ValidationError):
        services.quick_win_set_status(quick_win=quick_win, user=world.member, status="blocked")
    quick_win.refresh_from_db()
    assert (quick_win.status, quick_win.version) == ("proposed", 1)
    assert kinds(quick_win) == ["created"]


def test_done_sets_progress_to_100_and_drafts_the_announcement(world):
    world.member.first_name, world.member.last_name = "Tom", "Baker"
    world.member.save()
    world.manager.first_name, world.manager.last_name = "Maryam", "Karimi"
    world.manager.save()
    quick_win = make_quick_win(world, team=["manager"], target_day=45)
    services.quick_win_set_progress(
        quick_win=quick_win, user=world.member, progress=70, note="Macros live for refunds"
    )
    with time_machine.travel(dt.datetime(2026, 4, 10, 12, tzinfo=dt.UTC), tick=False):
        services.quick_win_set_status(quick_win=quick_win, user=world.member, status="done")
    quick_win.refresh_from_db()
    assert quick_win.progress == 100
    assert quick_win.done_at is not None
    text = quick_win.announcement
    assert "Answer refund tickets within a day" in text
    assert "Customers wait ten days for a refund answer" in text  # the problem
    assert "Refund complaints halve" in text  # the result
    assert "Macros live for refunds" in text
    assert "Tom Baker" in text  # the owner is thanked
    assert "Maryam" not in text  # the manager sends it: no thanks to themself
    assert "day 40 of our first 100 days (the target was day 45)" in text
    assert kinds(quick_win)[-3:] == ["status", "progress", "announcement_drafted"]


def test_the_announcement_is_drafted_in_the_plans_language(world):
    world.plan.language = "ru"
    world.plan.save()
    quick_win = make_quick_win(world)
    services.quick_win_set_status(quick_win=quick_win, user=world.member, status="done")
    assert quick_win.title in quick_win.announcement


def test_reopening_keeps_the_announcement_and_clears_done_at(world):
    quick_win = make_quick_win(world)
    services.quick_win_set_status(quick_win=quick_win, user=world.member, status="done")
    draft = quick_win.announcement
    services.quick_win_set_status(quick_win=quick_win, user=world.member, status="in_progress")
    services.quick_win_set_status(quick_win=quick_win, user=world.member, status="done")
    quick_win.refresh_from_db()
    assert quick_win.announcement == draft  # the manager's text is never overwritten
    assert kinds(quick_win).count("announcement_drafted") == 1
    assert quick_win.done_at is not None


def test_the_same_status_again_is_not_a_change(world):
    quick_win = make_quick_win(world)
    services.quick_win_set_status(quick_win=quick_win, user=world.member, status="proposed")
    assert quick_win.version == 1
    assert kinds(quick_win) == ["created"]


def test_a_done_quick_win_stays_at_100(world):
    quick_win = make_quick_win(world)
    services.quick_win_set_status(quick_win=quick_win, user=world.member, status="done")
    with pytest.raises(ValidationError):
        services.quick_win_set_progress(
            quick_win=quick_win, user=world.member, progress=80, note=""
        )


def test_progress_and_note_are_recorded_separately(world):
    quick_win = make_quick_win(world)
    services.quick_win_set_progress(
        quick_win=quick_win, user=world.member, progress=30, note="Drafted the macros"
    )
    services.quick_win_set_progress(
        quick_win=quick_win, user=world.member, progress=30, note="Drafted the macros"
    )
    quick_win.refresh_from_db()
    assert (quick_win.progress, quick_win.note, quick_win.version) == (
        30,
        "Drafted the macros",
        2,
    )
    assert kinds(quick_win) == ["created", "progress", "note"]
    note = quick_win.events.get(kind="note")
    assert (note.from_value, note.to_value) == ("", "Drafted the macros")


def test_a_stale_version_is_refused_with_the_fresh_quick_win(world):
    quick_win = make_quick_win(world)
    seen = QuickWin.objects.get(pk=quick_win.pk)
    services.quick_win_set_status(quick_win=quick_win, user=world.manager, status="committed")
    with pytest.raises(StaleVersion) as error:
        services.quick_win_set_progress(
            quick_win=seen, user=world.member, progress=50, note="", expected_version=1
        )
    assert error.value.current.status == "committed"
    assert error.value.current.version == 2
    quick_win.refresh_from_db()
    assert quick_win.progress == 0
    assert kinds(quick_win) == ["created", "status"]


def test_without_a_version_the_held_copy_must_still_be_current(world):
    """The history's "from" is what was overwritten, never a guess."""
    quick_win = make_quick_win(world)
    held = QuickWin.objects.get(pk=quick_win.pk)
    services.quick_win_set_status(quick_win=quick_win, user=world.manager, status="committed")
    with pytest.raises(StaleVersion):
        services.quick_win_set_status(quick_win=held, user=world.member, status="dropped", note="x")


@pytest.mark.parametrize("role", ["executive", "other_manager", "stranger"])
def test_only_people_of_the_plan_on_it_may_update(world, role):
    quick_win = make_quick_win(world, owner="manager")
    user = UserFactory(username="stranger") if role == "stranger" else world.user(role)
    with pytest.raises(PermissionDenied):
        services.quick_win_set_status(quick_win=quick_win, user=user, status="committed")
    assert QuickWin.objects.get(pk=quick_win.pk).version == 1


def test_a_member_updates_only_quick_wins_they_are_on(world):
    theirs = make_quick_win(world, owner="manager")
    with pytest.raises(PermissionDenied):
        services.quick_win_set_progress(quick_win=theirs, user=world.member, progress=10, note="")
    on_team = make_quick_win(world, owner="manager", team=["member"])
    services.quick_win_set_progress(quick_win=on_team, user=world.member, progress=10, note="")
    assert on_team.progress == 10


def test_a_member_cannot_do_the_managers_changes(world):
    quick_win = make_quick_win(world)  # the member owns it
    with pytest.raises(PermissionDenied):
        services.milestone_add(quick_win=quick_win, user=world.member, title="x", target_day=40)
    with pytest.raises(PermissionDenied):
        services.quick_win_save_announcement(
            quick_win=quick_win, user=world.member, text="Hi", sent=True
        )
    with pytest.raises(PermissionDenied):
        services.quick_win_update(
            quick_win=quick_win,
            user=world.member,
            title="Mine now",
            problem=quick_win.problem,
            expected_impact="",
            impact=5,
            effort=1,
            theme="",
            owner=world.member,
            team=[],
            target_day=40,
        )
    assert not Milestone.objects.exists()
    assert QuickWin.objects.get(pk=quick_win.pk).title != "Mine now"


def test_querysets_say_who_may_change_what(world):
    mine = make_quick_win(world, owner="member")
    on_team = make_quick_win(world, owner="manager", team=["member"])
    theirs = make_quick_win(world, owner="manager")
    plan_quick_wins = QuickWin.objects.filter(plan=world.plan)
    assert set(plan_quick_wins.editable_by(world.member)) == {mine, on_team}
    assert set(plan_quick_wins.editable_by(world.manager)) == {mine, on_team, theirs}
    assert not plan_quick_wins.editable_by(world.executive).exists()
    assert not plan_quick_wins.editable_by(world.other_manager).exists()
    assert set(plan_quick_wins.managed_by(world.manager)) == {mine, on_team, theirs}
    assert not plan_quick_wins.managed_by(world.member).exists()
    assert set(plan_quick_wins.involving(world.member)) == {mine, on_team}
    flags = dict(plan_quick_wins.with_can_update(world.member).values_list("pk", "can_update"))  # type: ignore[misc]
    assert flags == {mine.pk: True, on_team.pk: True, theirs.pk: False}


def test_editing_details_records_each_change(world):
    quick_win = make_quick_win(world, owner="member")
    services.quick_win_update(
        quick_win=quick_win,
        user=world.manager,
        title=quick_win.title,
        problem=quick_win.problem,
        expected_impact=quick_win.expected_impact,
        impact=5,
        effort=quick_win.effort,
        theme=quick_win.theme,
        owner=world.manager,
        team=[world.member],
        target_day=55,
        expected_version=1,
    )
    changes = {e.field: (e.from_value, e.to_value) for e in quick_win.events.filter(kind="details")}
    assert changes["impact"] == ("4", "5")
    assert changes["target_day"] == ("50", "55")
    assert changes["owner"][1] == world.manager.get_full_name() or world.manager.username
    assert changes["team"] == ("", world.member.get_full_name() or world.member.username)
    assert set(changes) == {"impact", "target_day", "owner", "team"}
    quick_win.refresh_from_db()
    assert quick_win.version == 2
    assert list(quick_win.team.all()) == [world.member]


def test_milestones_are_added_ticked_and_removed_with_history(world):
    quick_win = make_quick_win(world)
    milestone = services.milestone_add(
        quick_win=quick_win, user=world.manager, title="Write macros", target_day=35
    )
    with pytest.raises(ValidationError):
        services.milestone_add(quick_win=quick_win, user=world.manager, title="x", target_day=120)
    services.milestone_set_done(milestone=milestone, user=world.member, done=True)
    milestone.refresh_from_db()
    assert milestone.is_done and milestone.done_by == world.member
    services.milestone_set_done(milestone=milestone, user=world.member, done=False)
    services.milestone_remove(milestone=milestone, user=world.manager)
    assert not Milestone.objects.exists()
    assert kinds(quick_win) == [
        "created",
        "milestone_added",
        "milestone_done",
        "milestone_reopened",
        "milestone_removed",
    ]
    assert QuickWin.objects.get(pk=quick_win.pk).version == 5


def test_announcement_edit_sent_and_redraft_keep_every_text(world):
    quick_win = make_quick_win(world)
    with pytest.raises(ValidationError):
        services.quick_win_redraft_announcement(quick_win=quick_win, user=world.manager)
    services.quick_win_set_status(quick_win=quick_win, user=world.member, status="done")
    draft = quick_win.announcement
    services.quick_win_save_announcement(
        quick_win=quick_win, user=world.manager, text="Dear all, we did it.", sent=True
    )
    assert quick_win.announced_at is not None
    services.quick_win_redraft_announcement(quick_win=quick_win, user=world.manager)
    quick_win.refresh_from_db()
    assert quick_win.announcement == draft
    texts = list(
        QuickWinEvent.objects.filter(kind__startswith="announcement")
        .order_by("pk")
        .values_list("kind", "from_value", "to_value")
    )
    assert texts == [
        ("announcement_drafted", "", draft),
        ("announcement_edited", draft, "Dear all, we did it."),
        ("announcement_sent", "", ""),
        ("announcement_drafted", "Dear all, we did it.", draft),
    ]
