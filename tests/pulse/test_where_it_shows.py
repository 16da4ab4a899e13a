"""Where the pulse shows: the risk check, the diagnostic, My quick wins, the digest, the dashboard."""

from __future__ import annotations

import datetime as dt

import pytest

from metrics.dashboard.snapshot import dashboard_refresh
from metrics.digests.emails import render_digest
from metrics.digests.selectors import digest_content
from metrics.pulse import services
from onboarding.core.calendar import week_start
from onboarding.models import Membership
from tests.pulse.helpers import answer, answered_by, open_pulse

pytestmark = pytest.mark.django_db


def closed_pulse(world, count: int = 5):
    pulse = open_pulse(world.plan)
    answered_by(world.plan, pulse, count)  # workload 2, support 4, clarity 3, trust 4, pride 5
    services.pulse_close(pulse=pulse, today=world.plan.local_today(), user=world.manager)
    return pulse


def test_the_risk_check_shows_the_pulse_beside_burnout_and_key_person(client_for, world):
    closed_pulse(world)
    page = client_for(world.manager).get(f"/plans/{world.plan.pk}/toolkit/risk-checks/")
    html = page.content.decode()
    burnout = html.split('id="risk-burnout"')[1].split("</fieldset>")[0]
    key_person = html.split('id="risk-key-person"')[1].split("</fieldset>")[0]
    assert "The team pulse says:" in burnout
    assert "workload and recovery 2.0/5" in burnout
    assert "feeling supported 4.0/5" in burnout
    assert "trust to raise problems 4.0/5" in key_person
    other = html.split('id="risk-profitability"')[1].split("</fieldset>")[0]
    assert "The team pulse says:" not in other


def test_below_the_threshold_the_risk_check_says_nothing(client_for, world):
    closed_pulse(world, count=4)
    page = client_for(world.manager).get(f"/plans/{world.plan.pk}/toolkit/risk-checks/")
    assert "The team pulse says:" not in page.content.decode()


def test_the_diagnostic_shows_the_pulse_beside_unhappy_agents(client_for, world):
    closed_pulse(world)
    form = client_for(world.manager).get(f"/plans/{world.plan.pk}/toolkit/diagnostic/new/")
    sign = (
        form.content.decode()
        .split('id="sign-unhappy-agents"')[1]
        .split("</fieldset>\n  </fieldset>")[0]
    )
    assert "The team pulse says:" in sign
    assert "eNPS 0" in sign  # 10, 9, 8, 5, 2
    for reader in (world.manager, world.executive):
        page = client_for(reader).get(f"/plans/{world.plan.pk}/toolkit/diagnostic/")
        assert "The team pulse says:" in page.content.decode()


@pytest.mark.parametrize("page", ["quick-wins/mine/", "today/"])
def test_my_quick_wins_and_today_link_the_open_pulse_until_answered(client_for, world, page):
    pulse = open_pulse(world.plan)
    client = client_for(world.member)
    url = f"/plans/{world.plan.pk}/{page}"
    assert (
        f'href="/plans/{world.plan.pk}/pulses/{pulse.pk}/answer/"'
        in client.get(url).content.decode()
    )
    answer(pulse, world.member)
    assert 'id="pulse-invite"' not in client.get(url).content.decode()
    # The manager and the executive do not answer it: no invitation on their Today.
    for reader in (world.manager, world.executive):
        assert 'id="pulse-invite"' not in client_for(reader).get(url).content.decode()


def _digest(world, user):
    content = digest_content(world.plan, week_start(world.plan.local_today()))
    membership = Membership.objects.select_related("user").get(plan=world.plan, user=user)
    _subject, text, html = render_digest(content, membership)
    return text, html


def test_the_digest_invites_members_who_have_not_answered(world):
    pulse = open_pulse(world.plan)
    text, html = _digest(world, world.member)
    assert "The team pulse is open until" in text
    assert f"/plans/{world.plan.pk}/pulses/{pulse.pk}/answer/" in html
    manager_text, _html = _digest(world, world.manager)
    assert "The team pulse is open" not in manager_text  # the manager does not answer
    answer(pulse, world.member)
    text, _html = _digest(world, world.member)
    assert "The team pulse is open" not in text


def test_the_digest_gives_the_last_result_to_manager_and_executive(world, time_machine):
    plan = world.plan
    pulse = open_pulse(plan)
    answered_by(plan, pulse, 5)
    today = plan.local_today()
    services.pulse_close(pulse=pulse, today=today, user=world.manager)
    # The digest of the week after: the pulse closed within the week it reviews.
    time_machine.move_to(
        dt.datetime.combine(week_start(today) + dt.timedelta(days=7), dt.time(12), tzinfo=dt.UTC)
    )
    for user in (world.manager, world.executive):
        text, _html = _digest(world, user)
        assert "eNPS 0, from 5 anonymous answers." in text
        assert "Lowest: Workload and recovery 2.0/5" in text
    text, _html = _digest(world, world.member)
    assert "anonymous answers" not in text


def test_the_dashboard_shows_the_enps_trend(client_for, world):
    closed_pulse(world)
    dashboard_refresh(world.plan)
    page = client_for(world.executive).get(f"/plans/{world.plan.pk}/dashboard/")
    assert "Employee NPS (eNPS)" in page.content.decode()


@pytest.mark.parametrize("language", ["en", "fa", "ru"])
def test_every_pulse_page_speaks_each_language(client_for, world, language):
    pulse = closed_pulse(world)
    world.manager.language = language
    world.manager.save()
    client = client_for(world.manager)
    base = f"/plans/{world.plan.pk}"
    for path in (f"{base}/pulses/", f"{base}/pulses/{pulse.pk}/", f"{base}/toolkit/risk-checks/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert f'lang="{language}"' in response.content.decode()
    results = client.get(f"{base}/pulses/{pulse.pk}/").content.decode()
    expected = {"en": "2.0/5", "fa": "۲٫۰/۵", "ru": "2,0/5"}[language]
    assert expected in results
