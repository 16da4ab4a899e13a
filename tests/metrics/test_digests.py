"""Weekly digests: when they go out, what they say, and that each goes once."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail

from metrics.digests.emails import unsubscribe_token
from metrics.digests.selectors import due_weeks, plans_with_due_digests, send_moment
from metrics.models import Digest
from metrics.tasks import send_due_digests
from onboarding.models import Membership, Plan

pytestmark = pytest.mark.django_db


def _plan(world, zone="Europe/Berlin", weekday=0, hour=8) -> Plan:
    plan = world.plan
    plan.timezone, plan.digest_weekday, plan.digest_time = zone, weekday, dt.time(hour)
    plan.created_at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    plan.save()
    return plan


@pytest.mark.parametrize(
    ("zone", "week", "expected_utc"),
    [
        # Berlin, winter (UTC+1) and summer (UTC+2): 08:00 local either way.
        ("Europe/Berlin", dt.date(2026, 3, 23), dt.datetime(2026, 3, 23, 7, 0, tzinfo=dt.UTC)),
        ("Europe/Berlin", dt.date(2026, 3, 30), dt.datetime(2026, 3, 30, 6, 0, tzinfo=dt.UTC)),
        # Tehran has no daylight saving (UTC+3:30).
        ("Asia/Tehran", dt.date(2026, 3, 30), dt.datetime(2026, 3, 30, 4, 30, tzinfo=dt.UTC)),
        # New York switched on 8 March 2026.
        ("America/New_York", dt.date(2026, 3, 2), dt.datetime(2026, 3, 2, 13, 0, tzinfo=dt.UTC)),
        ("America/New_York", dt.date(2026, 3, 9), dt.datetime(2026, 3, 9, 12, 0, tzinfo=dt.UTC)),
    ],
)
def test_send_time_is_local_and_follows_daylight_saving(world, zone, week, expected_utc):
    plan = _plan(world, zone=zone)
    assert send_moment(plan, week) == expected_utc


def test_a_week_is_due_only_once_its_local_send_time_has_passed(world):
    plan = _plan(world, zone="Asia/Tokyo", weekday=2, hour=9)  # Wednesday 09:00 JST = 00:00 UTC
    before = dt.datetime(2026, 3, 24, 23, 59, tzinfo=dt.UTC)
    after = dt.datetime(2026, 3, 25, 0, 0, tzinfo=dt.UTC)
    assert dt.date(2026, 3, 23) not in due_weeks(plan, before)
    assert dt.date(2026, 3, 23) in due_weeks(plan, after)


def test_the_job_sends_each_member_one_digest_even_when_run_twice(
    world, django_capture_on_commit_callbacks
):
    _plan(world)
    with time_machine.travel(dt.datetime(2026, 3, 23, 9, 0, tzinfo=dt.UTC), tick=False):
        send_due_digests()
        send_due_digests()
    week = dt.date(2026, 3, 23)
    digests = Digest.objects.filter(plan=world.plan, week_start=week)
    assert sorted(digests.values_list("recipient__username", "status")) == [
        ("executive", "sent"),
        ("manager", "sent"),
        ("member", "sent"),
    ]
    this_week = [m for m in mail.outbox if "day 22" in m.subject]
    assert sorted(m.to[0] for m in this_week) == [
        "executive@example.com",
        "manager@example.com",
        "member@example.com",
    ]


def test_missed_weeks_are_caught_up_after_an_outage(world):
    _plan(world)
    # Nothing ran for three weeks; the job catches every missed week up, once.
    with time_machine.travel(dt.datetime(2026, 3, 25, 12, 0, tzinfo=dt.UTC), tick=False):
        due = plans_with_due_digests(dt.datetime(2026, 3, 25, 12, 0, tzinfo=dt.UTC))
        assert [week for plan_id, week in due if plan_id == world.plan.pk] == [
            dt.date(2026, 3, 2),
            dt.date(2026, 3, 9),
            dt.date(2026, 3, 16),
            dt.date(2026, 3, 23),
        ]
        send_due_digests()
        send_due_digests()
    assert Digest.objects.filter(plan=world.plan, recipient=world.manager).count() == 4


def test_the_digest_speaks_the_recipients_language_and_hides_private_notes(world):
    _plan(world)
    world.executive.language = "ru"
    world.executive.save()
    task = world.plan.tasks.first()
    task.status, task.note = "done", "PRIVATE: the CFO is sceptical"
    task.completed_at = dt.datetime(2026, 3, 18, 10, 0, tzinfo=dt.UTC)
    task.save()
    with time_machine.travel(dt.datetime(2026, 3, 23, 9, 0, tzinfo=dt.UTC), tick=False):
        send_due_digests()
    executive_digest = Digest.objects.get(
        plan=world.plan, recipient=world.executive, week_start=dt.date(2026, 3, 23)
    )
    assert executive_digest.language == "ru"
    for digest in Digest.objects.filter(plan=world.plan):
        assert "PRIVATE" not in digest.body_text + digest.body_html
    manager_digest = Digest.objects.get(
        plan=world.plan, recipient=world.manager, week_start=dt.date(2026, 3, 23)
    )
    assert task.title in manager_digest.body_text
    assert f"/plans/{world.plan.pk}/dashboard/" in manager_digest.body_text
    message = next(m for m in mail.outbox if m.to == ["manager@example.com"])
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.alternatives[0][1] == "text/html"  # type: ignore[attr-defined]


def test_one_click_unsubscribe_stops_the_next_digest(client, world):
    _plan(world)
    membership = Membership.objects.get(plan=world.plan, user=world.member)
    url = f"/digests/unsubscribe/{unsubscribe_token(membership)}/"
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 200
    membership.refresh_from_db()
    assert membership.receives_digest is False
    with time_machine.travel(dt.datetime(2026, 3, 23, 9, 0, tzinfo=dt.UTC), tick=False):
        send_due_digests()
    assert not Digest.objects.filter(recipient=world.member).exists()
    assert client.post("/digests/unsubscribe/forged-token/").status_code == 404


def test_members_read_only_their_own_digests(client_for, world):
    _plan(world)
    with time_machine.travel(dt.datetime(2026, 3, 23, 9, 0, tzinfo=dt.UTC), tick=False):
        send_due_digests()
    manager_copy = Digest.objects.filter(recipient=world.manager).first()
    executive = client_for(world.executive)
    assert executive.get(f"/plans/{world.plan.pk}/digests/{manager_copy.pk}/").status_code == 404  # type: ignore[union-attr]
    own = Digest.objects.filter(recipient=world.executive).first()
    page = executive.get(f"/plans/{world.plan.pk}/digests/{own.pk}/")  # type: ignore[union-attr]
    assert page.status_code == 200
    assert 'sandbox=""' in page.content.decode()
    assert (
        client_for(world.other_manager).get(f"/plans/{world.plan.pk}/digests/").status_code == 404
    )


def test_the_digest_names_new_contacts_but_never_their_notes(world):
    from stakeholders.models import Interaction, Stakeholder

    _plan(world)
    person = Stakeholder.objects.create(plan=world.plan, name="Dana Whitfield", power=5, interest=4)
    Interaction.objects.create(
        plan=world.plan,
        stakeholder=person,
        kind="interview",
        date=dt.date(2026, 3, 18),
        notes="PRIVATE: thinks the CRM migration will fail",
    )
    with time_machine.travel(dt.datetime(2026, 3, 23, 9, 0, tzinfo=dt.UTC), tick=False):
        send_due_digests()
    digests = Digest.objects.filter(plan=world.plan, week_start=dt.date(2026, 3, 23))
    assert {d.recipient for d in digests} == {world.manager, world.executive, world.member}
    for digest in digests:
        # Not shared with the team member: only the register's readers read the name.
        assert ("Dana Whitfield" in digest.body_text) == (digest.recipient != world.member)
        assert ("Dana Whitfield" in digest.body_html) == (digest.recipient != world.member)
        assert "PRIVATE" not in digest.body_text + digest.body_html


# --- Each recipient reads only what they may see --------------------------------------------

WEEK = dt.date(2026, 3, 23)


def _render_for(world, content, user):
    from metrics.digests.emails import render_digest

    membership = Membership.objects.select_related("user").get(plan=world.plan, user=user)
    _subject, text, html = render_digest(content, membership)
    return text, html


def _contacted(world, name, *, shared_with=()):
    from stakeholders.models import Interaction, Stakeholder

    person = Stakeholder.objects.create(plan=world.plan, name=name)
    person.shared_with.set(shared_with)
    Interaction.objects.create(
        plan=world.plan, stakeholder=person, kind="meeting", date=dt.date(2026, 3, 18)
    )
    return person


def test_each_recipient_reads_only_the_contacts_they_may_see(world):
    from metrics.digests.selectors import digest_content

    _plan(world)
    _contacted(world, "Una Unshared")
    _contacted(world, "Sia Shared", shared_with=[world.member])
    content = digest_content(world.plan, WEEK)
    for user in (world.manager, world.executive):
        for body in _render_for(world, content, user):
            assert "Una Unshared" in body and "Sia Shared" in body
    for body in _render_for(world, content, world.member):
        assert "Sia Shared" in body and "Una Unshared" not in body


@pytest.mark.parametrize(("gregorian", "week"), [(False, "۲۵ اسفند"), (True, "۱۶ مارس")])
def test_a_persian_reader_gets_the_calendar_they_chose_in_the_digest(world, gregorian, week):
    from metrics.digests.selectors import digest_content

    _plan(world)
    world.executive.language, world.executive.use_gregorian = "fa", gregorian
    world.executive.save()
    content = digest_content(world.plan, WEEK)
    for body in _render_for(world, content, world.executive):
        # Last week began on Monday 16 March 2026 (25 Esfand 1404), as their pages show it.
        assert week in body


def test_a_member_with_nobody_shared_gets_no_contacts_heading(world):
    from metrics.digests.selectors import digest_content

    _plan(world)
    _contacted(world, "Una Unshared")
    content = digest_content(world.plan, WEEK)
    for body in _render_for(world, content, world.member):
        assert "People you were in touch with" not in body
    assert "People you were in touch with" in _render_for(world, content, world.manager)[0]


@pytest.mark.parametrize("members", [2, 30])
def test_the_digest_reads_contacts_for_all_recipients_at_once(
    world, django_assert_num_queries, members
):
    from metrics.digests.selectors import digest_content
    from tests.factories import UserFactory

    _plan(world)
    team = [UserFactory(username=f"team{i}") for i in range(members)]
    Membership.objects.bulk_create(
        Membership(plan=world.plan, user=user, role="member") for user in team
    )
    for i in range(members):
        _contacted(world, f"Person {i}", shared_with=team[: i + 1])
    # Tasks (3), metrics (2), quick wins (2), memberships, contacts, the risk trend
    # for the manager and for the executives, the open team pulse and the latest pulse
    # results, reviews coming up and review comments: the same for 2 or 30 recipients.
    with django_assert_num_queries(15):
        content = digest_content(world.plan, WEEK)
    readers = {c.name: c.readers for c in content.new_contacts}
    assert readers["Person 0"] == {world.manager.pk, world.executive.pk, team[0].pk}
    assert team[-1].pk in readers[f"Person {members - 1}"]


def test_worsening_risk_checks_reach_each_recipient_by_the_rule(world):
    from metrics.digests.selectors import digest_content
    from roadmap.toolkit.models import RiskCheck
    from roadmap.toolkit.risk_checks.services import risk_check_save
    from tests.toolkit.helpers import risk_ratings

    _plan(world)
    for day, burnout, key_person in ((dt.date(2026, 1, 5), 1, 1), (dt.date(2026, 2, 5), 1, 4)):
        risk_check_save(
            plan=world.plan,
            user=world.manager,
            today=day,
            ratings=risk_ratings(1, burnout=burnout, key_person=key_person),
        )
    RiskCheck.objects.filter(plan=world.plan).update(shared_with_executive=True)
    risk_check_save(
        plan=world.plan,
        user=world.manager,
        today=dt.date(2026, 3, 5),
        ratings={**risk_ratings(1, key_person=4), "burnout": (5, "PRIVATE note")},
    )
    content = digest_content(world.plan, WEEK)
    burnout_line = "Getting worse in the monthly risk check: Burnout"
    key_person_line = "Getting worse in the monthly risk check: Key-person dependence"
    manager = "".join(_render_for(world, content, world.manager))
    executive = "".join(_render_for(world, content, world.executive))
    member = "".join(_render_for(world, content, world.member))
    assert burnout_line in manager and key_person_line not in manager  # Feb -> Mar
    assert key_person_line in executive and burnout_line not in executive  # Jan -> Feb, both shared
    assert "monthly risk check" not in member
    assert "PRIVATE" not in manager + executive + member


def test_metric_names_are_in_each_recipients_language(world):
    from metrics.digests.selectors import digest_content
    from metrics.models import Measurement
    from metrics.services import metric_add

    _plan(world)
    metric = metric_add(plan=world.plan, key="csat")
    Measurement.objects.create(metric=metric, period_start=dt.date(2026, 3, 9), value=91)
    world.member.language = "ru"
    world.member.save()
    content = digest_content(world.plan, WEEK)  # once, for every recipient
    text, _html = _render_for(world, content, world.member)
    assert "Удовлетворённость клиентов (CSAT)" in text
    assert "Customer satisfaction (CSAT)" in _render_for(world, content, world.manager)[0]


def test_a_quick_win_change_reads_in_the_recipients_direction(world):
    """«پیشنهادشده ← تعهدشده» in Persian (the arrow follows the reading), → in English."""
    from metrics.digests.selectors import digest_content
    from roadmap.quick_wins.services import quick_win_set_status
    from tests.quick_wins.helpers import make_quick_win

    _plan(world)
    quick_win = make_quick_win(world, title="Refund macro")
    with time_machine.travel(dt.datetime(2026, 3, 18, 10, 0, tzinfo=dt.UTC), tick=False):
        quick_win_set_status(
            quick_win=quick_win,
            user=world.manager,
            status="committed",
            note="",
            expected_version=quick_win.version,
        )
    world.executive.language = "fa"
    world.executive.save()
    content = digest_content(world.plan, WEEK)
    for text in _render_for(world, content, world.executive):
        assert "Refund macro" in text and "پیشنهادشده ← تعهدشده" in text
    text, html = _render_for(world, content, world.manager)
    assert "Refund macro: Proposed → Committed" in text
    assert "<bdi>Refund macro</bdi>: Proposed → Committed" in html
