"""Writes to the register and the selectors other areas call."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from onboarding.core.versioning import StaleVersion
from onboarding.models import Membership, Role
from roadmap.models import Task
from stakeholders import selectors, services
from stakeholders.models import FollowUp, Interaction, InterviewAnswer, Stakeholder, Tag
from stakeholders.services import StakeholderFields
from tests.factories import START, UserFactory, at_noon_utc

pytestmark = pytest.mark.django_db
DAY_12 = START + dt.timedelta(days=12)


def person(plan, name="Ana Silva", **fields):
    return services.stakeholder_create(plan=plan, fields=StakeholderFields(name=name, **fields))


def log(stakeholder, kind="meeting", date=DAY_12, **kwargs):
    kwargs.setdefault("today", DAY_12)
    return services.interaction_create(stakeholder=stakeholder, kind=kind, date=date, **kwargs)


# --- Stakeholders ------------------------------------------------------------------


def test_create_normalises_and_links(world):
    boss = person(world.plan, "Bo Boss", email="bo@example.com")
    ana = person(
        world.plan,
        "  Ana   Silva ",
        email="  Ana.Silva@Example.COM ",
        power=4,
        interest=5,
        attitude="supporter",
        reports_to=boss,
        influences=[boss],
        tags=["VIP", "emea"],
        shared_with=[world.member],
        cadence_days=14,
    )
    assert ana.name == "Ana Silva"
    assert ana.email == "ana.silva@example.com"
    assert ana.is_key and ana.quadrant == "manage_closely"
    assert list(ana.influences.all()) == [boss]
    assert sorted(t.name for t in ana.tags.all()) == ["VIP", "emea"]
    assert list(ana.shared_with.all()) == [world.member]
    # Tags are reused whatever their case.
    person(world.plan, "Cy", tags=["vip"])
    assert Tag.objects.filter(plan=world.plan).count() == 2


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"power": 7}, "power", "Choose a value from 1 (lowest) to 5 (highest)."),
        ({"interest": 0}, "interest", "Choose a value from 1 (lowest) to 5 (highest)."),
        ({"attitude": "hostile"}, "attitude", "Choose one of the listed options."),
        ({"relationship": "friend"}, "relationship", "Choose one of the listed options."),
        ({"cadence_days": 400}, "cadence_days", "from 1 to 365"),
        ({"email": "not-an-address"}, "email", "Enter a valid e-mail address."),
        ({"name": "   "}, "name", "Give the person or group a name."),
    ],
)
def test_create_refuses_bad_values(world, fields, field, message):
    with pytest.raises(ValidationError) as error:
        services.stakeholder_create(
            plan=world.plan, fields=StakeholderFields(**{"name": "X", **fields})
        )
    assert message in " ".join(error.value.message_dict[field])
    assert not Stakeholder.objects.exists()


def test_an_email_already_in_the_register_is_refused_in_any_case(world):
    person(world.plan, "Ana", email="ana@example.com")
    with pytest.raises(ValidationError) as error:
        person(world.plan, "Other Ana", email="ANA@example.com")
    assert "Ana already has this e-mail address" in error.value.message_dict["email"][0]
    # Another plan may hold the same address.
    person(world.other_plan, "Ana elsewhere", email="ana@example.com")


def test_links_to_another_plans_stakeholders_or_non_members_are_refused(world):
    foreign = person(world.other_plan, "Foreign")
    with pytest.raises(ValidationError) as error:
        person(world.plan, "Ana", reports_to=foreign, influences=[foreign])
    assert error.value.message_dict["reports_to"] == ["Choose someone from this plan's register."]
    assert "influences" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        person(world.plan, "Ana", shared_with=[world.executive])
    assert error.value.message_dict["shared_with"] == ["Share only with team members of this plan."]


def test_nobody_reports_to_themself_even_indirectly(world):
    a = person(world.plan, "A")
    b = person(world.plan, "B", reports_to=a)
    with pytest.raises(ValidationError) as error:
        services.stakeholder_update(stakeholder=a, fields=StakeholderFields(name="A", reports_to=b))
    assert "circle" in error.value.message_dict["reports_to"][0]
    with pytest.raises(ValidationError):
        services.stakeholder_update(stakeholder=a, fields=StakeholderFields(name="A", reports_to=a))
    with pytest.raises(ValidationError):
        services.stakeholder_update(
            stakeholder=a, fields=StakeholderFields(name="A", influences=[a])
        )


def test_a_stale_edit_is_refused_and_changes_nothing(world):
    ana = person(world.plan, "Ana", power=2)
    seen = ana.version
    services.stakeholder_update(
        stakeholder=ana, fields=StakeholderFields(name="Ana", power=3), expected_version=seen
    )
    with pytest.raises(StaleVersion) as stale:
        services.stakeholder_update(
            stakeholder=ana, fields=StakeholderFields(name="Ana B", power=5), expected_version=seen
        )
    assert stale.value.current.power == 3
    ana.refresh_from_db()
    assert (ana.name, ana.power, ana.version) == ("Ana", 3, seen + 1)


def test_archive_and_restore_bump_the_version_and_keep_history(world):
    ana = person(world.plan, "Ana")
    log(ana)
    services.stakeholder_archive(stakeholder=ana, expected_version=ana.version)
    assert ana.is_archived and ana.version == 2
    with pytest.raises(StaleVersion):
        services.stakeholder_restore(stakeholder=ana, expected_version=1)
    services.stakeholder_restore(stakeholder=ana, expected_version=2)
    assert not ana.is_archived
    assert ana.interactions.count() == 1


def test_changing_the_cadence_moves_the_due_date(world):
    ana = person(world.plan, "Ana", cadence_days=10)
    log(ana, date=DAY_12 - dt.timedelta(days=3))
    ana.refresh_from_db()
    assert ana.contact_due_on == DAY_12 + dt.timedelta(days=7)
    services.stakeholder_update(
        stakeholder=ana, fields=StakeholderFields(name="Ana", cadence_days=30)
    )
    ana.refresh_from_db()
    assert ana.contact_due_on == DAY_12 + dt.timedelta(days=27)


# --- Interactions ------------------------------------------------------------------


def test_logging_an_interview_keeps_answers_per_question_and_follow_ups(world):
    ana = person(world.plan, "Ana", relationship="customer", cadence_days=30)
    interaction = log(
        ana,
        kind="interview",
        sentiment=1,
        notes="  Candid about delays ",
        answers={"customers.struggles": " Slow refunds ", "customers.channels": ""},
        follow_ups=["Send refund stats", "  ", "Invite to the advisory board"],
        created_by=world.manager,
    )
    assert interaction.notes == "Candid about delays"
    assert list(interaction.answers.values_list("question_key", "answer")) == [
        ("customers.struggles", "Slow refunds")
    ]
    assert [f.text for f in interaction.follow_ups.all()] == [
        "Send refund stats",
        "Invite to the advisory board",
    ]
    ana.refresh_from_db()
    assert ana.last_contact_on == DAY_12
    assert ana.contact_due_on == DAY_12 + dt.timedelta(days=30)


def test_bad_interactions_are_refused_and_nothing_is_written(world):
    ana = person(world.plan, "Ana")
    for kwargs in (
        {"date": DAY_12 + dt.timedelta(days=1)},
        {"kind": "telepathy"},
        {"sentiment": 3},
        {"answers": {"customers.unknown": "x"}},
        {"follow_ups": ["x" * 301]},
    ):
        with pytest.raises(ValidationError):
            log(ana, **kwargs)
    assert not Interaction.objects.exists()
    ana.refresh_from_db()
    assert ana.last_contact_on is None


def test_editing_and_deleting_interactions_recompute_the_last_contact(world):
    ana = person(world.plan, "Ana")
    first = log(ana, date=DAY_12 - dt.timedelta(days=5))
    second = log(ana, kind="interview", date=DAY_12, answers={"partners_and_others.invest": "Yes"})
    services.interaction_update(
        interaction=second,
        kind="interview",
        date=DAY_12 - dt.timedelta(days=8),
        answers={"partners_and_others.invest": "", "partners_and_others.drivers": "Price"},
        new_follow_ups=["Call back"],
        today=DAY_12,
    )
    ana.refresh_from_db()
    assert ana.last_contact_on == DAY_12 - dt.timedelta(days=5)
    assert list(second.answers.values_list("question_key", flat=True)) == [
        "partners_and_others.drivers"
    ]
    assert second.follow_ups.count() == 1
    services.interaction_delete(interaction=first)
    ana.refresh_from_db()
    assert ana.last_contact_on == DAY_12 - dt.timedelta(days=8)
    services.interaction_delete(interaction=second)
    ana.refresh_from_db()
    assert ana.last_contact_on is None and ana.contact_due_on is None


def test_an_interaction_does_not_make_an_open_edit_form_stale(world):
    ana = person(world.plan, "Ana")
    log(ana)
    ana.refresh_from_db()
    assert ana.version == 1


# --- Follow-ups become roadmap tasks -----------------------------------------------------


def test_a_follow_up_becomes_a_task_in_the_current_phase_once(world):
    ana = person(world.plan, "Ana")
    interaction = log(ana, follow_ups=["Share the backlog numbers"])
    follow_up = interaction.follow_ups.get()
    task = services.follow_up_to_task(follow_up=follow_up, owner=world.manager, today=DAY_12)
    assert task.plan == world.plan
    assert task.phase.key == "assess"  # day 12: Assess started later than Prepare
    assert (task.start_day, task.end_day) == (12, 19)
    assert task.title == "Share the backlog numbers"
    assert "Ana" in task.description
    assert task.owner == world.manager
    follow_up.refresh_from_db()
    assert follow_up.task == task
    with pytest.raises(services.AlreadyOnRoadmap):
        services.follow_up_to_task(follow_up=follow_up, owner=world.manager, today=DAY_12)
    assert Task.objects.filter(title="Share the backlog numbers").count() == 1


@pytest.mark.parametrize(
    ("day", "phase", "days"),
    [
        (-20, "prepare", (-10, -3)),
        (44, "act", (44, 51)),
        (98, "measure", (98, 100)),
        (130, "measure", (100, 100)),
    ],
)
def test_follow_up_tasks_stay_inside_the_plan_and_their_phase(world, day, phase, days):
    ana = person(world.plan, "Ana")
    follow_up = log(
        ana, date=START - dt.timedelta(days=30), follow_ups=["Next step"]
    ).follow_ups.get()
    task = services.follow_up_to_task(
        follow_up=follow_up, owner=None, today=START + dt.timedelta(days=day)
    )
    assert task.phase.key == phase
    assert (task.start_day, task.end_day) == days


# --- Selectors for other areas --------------------------------------------------------------


def viewer(world, role="manager"):
    return selectors.viewer_for(Membership.objects.get(plan=world.plan, user=world.user(role)))


def test_coverage_counts_key_people_met_and_assessment(world, django_assert_num_queries):
    plan = world.plan
    met = person(plan, "Met", power=5, interest=2, attitude="champion")
    log(met, kind="call")
    mailed = person(plan, "Mailed only", power=4, interest=4, attitude="blocker")
    log(mailed, kind="email")  # contact, but not a meeting
    person(plan, "Never met", power=4)
    person(plan, "Minor", power=2, interest=3, attitude="neutral")
    archived = person(plan, "Gone", power=5, interest=5, attitude="champion")
    services.stakeholder_archive(stakeholder=archived)
    person(world.other_plan, "Elsewhere", power=5)

    manager = viewer(world)
    with django_assert_num_queries(1):
        coverage = selectors.stakeholder_coverage(plan, manager)

    assert (coverage.key_total, coverage.key_met) == (3, 1)
    assert coverage.key_met_percent == 33
    assert coverage.key_met_share == pytest.approx(1 / 3)
    assert (coverage.assessed_total, coverage.assessed_count) == (4, 3)
    assert coverage.assessed_percent == 75
    assert coverage.attitudes == {
        "champion": 1,
        "supporter": 0,
        "neutral": 1,
        "sceptic": 0,
        "blocker": 1,
        "": 1,
    }
    assert coverage.for_task("prepare-connect-key-people") == (1, 3, 33)
    assert coverage.for_task("plan-power-map") == (3, 4, 75)
    assert coverage.for_task("act-hit-milestones") is None


def test_coverage_of_an_empty_register_is_zero_not_an_error(world):
    coverage = selectors.stakeholder_coverage(world.plan, viewer(world))
    assert coverage.key_met_share == 0.0 and coverage.assessed_percent == 0


def test_overdue_key_stakeholders(world, django_assert_num_queries):
    plan = world.plan
    never = person(plan, "Never met", power=5)
    late = person(plan, "Late", power=4, cadence_days=7)
    log(late, date=DAY_12 - dt.timedelta(days=20))
    on_track = person(plan, "On track", power=5, cadence_days=30)
    log(on_track, date=DAY_12 - dt.timedelta(days=3))
    no_cadence = person(plan, "Met once", power=5)
    log(no_cadence, date=DAY_12 - dt.timedelta(days=60))
    person(plan, "Minor", power=3, cadence_days=7)  # overdue, but not key
    gone = person(plan, "Archived", power=5)
    services.stakeholder_archive(stakeholder=gone)
    person(world.other_plan, "Elsewhere", power=5)

    manager = viewer(world)
    with django_assert_num_queries(1):
        overdue = selectors.overdue_key_stakeholders(plan, manager, DAY_12)
    assert overdue.people == [never, late]
    assert overdue.total == 2 and overdue.more == 0
    first = selectors.overdue_key_stakeholders(plan, manager, DAY_12, limit=1)
    assert first.people == [never]
    assert (first.total, first.more) == (2, 1)


def test_overdue_uses_the_plans_local_date(world):
    plan = world.plan
    plan.timezone = "Asia/Tehran"
    plan.save()
    ana = person(plan, "Ana", power=5, cadence_days=1)
    log(ana, date=DAY_12 - dt.timedelta(days=1))
    # 22:00 UTC on day 12 is already day 13 in Tehran: one day overdue there.
    with time_machine.travel(at_noon_utc(12) + dt.timedelta(hours=10), tick=False):
        assert selectors.overdue_key_stakeholders(
            plan, viewer(world), plan.local_today()
        ).people == [ana]
    with time_machine.travel(at_noon_utc(12), tick=False):
        assert (
            selectors.overdue_key_stakeholders(plan, viewer(world), plan.local_today()).total == 0
        )


def test_a_member_sees_only_what_is_shared_with_them(world):
    shared = person(world.plan, "Shared", shared_with=[world.member])
    person(world.plan, "Private")
    viewer = selectors.viewer_for(Membership.objects.get(plan=world.plan, user=world.member))
    assert list(selectors.visible_stakeholders(world.plan, viewer)) == [shared]
    services.stakeholder_archive(stakeholder=shared)
    assert list(selectors.visible_stakeholders(world.plan, viewer)) == []


def test_answers_to_one_question_side_by_side(world, django_assert_num_queries):
    for name in ("Ana", "Ben", "Cy"):
        log(
            person(world.plan, name, relationship="employee"),
            kind="interview",
            answers={"employees.vision": f"{name} says yes", "employees.help": "Ask Jo"},
        )
    other = person(world.other_plan, "Elsewhere", relationship="employee")
    services.interaction_create(
        stakeholder=other,
        kind="interview",
        date=dt.date(2024, 1, 1),
        answers={"employees.vision": "Not this plan"},
    )
    with django_assert_num_queries(2):
        overview = selectors.answers_overview(world.plan, "employees.vision")
        texts = [a.answer for a in overview.answers]
        names = [a.interaction.stakeholder.name for a in overview.answers]
    assert sorted(texts) == ["Ana says yes", "Ben says yes", "Cy says yes"]
    assert sorted(names) == ["Ana", "Ben", "Cy"]
    counts = {c.question.key: c.count for _g, items in overview.groups for c in items}
    assert counts["employees.vision"] == 3 and counts["employees.help"] == 3
    assert counts["customers.struggles"] == 0
    assert InterviewAnswer.objects.count() == 7


def test_removing_a_member_keeps_the_register_intact(world):
    ana = person(world.plan, "Ana", shared_with=[world.member])
    Membership.objects.filter(plan=world.plan, user=world.member).delete()
    other = UserFactory()
    Membership.objects.create(plan=world.plan, user=other, role=Role.MEMBER)
    # The old share stays harmless; the new member sees nothing until shared.
    viewer = selectors.viewer_for(Membership.objects.get(plan=world.plan, user=other))
    assert list(selectors.visible_stakeholders(world.plan, viewer)) == []
    assert FollowUp.objects.count() == 0
    assert Stakeholder.objects.get(pk=ana.pk).shared_with.count() == 1
