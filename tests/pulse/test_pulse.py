"""The team pulse: anonymous by construction, results from the threshold, refusals."""

from __future__ import annotations

import datetime as dt
import html
import re
import uuid

import pytest
from django.core.checks import run_checks
from django.db import models

from metrics import formulas
from metrics.models import Measurement, PlanMetric
from metrics.pulse import rules, services
from metrics.pulse.models import Pulse, PulseAnswer, PulseResponse
from onboarding.core.calendar import week_start
from tests.matching import found
from tests.pulse.helpers import answer, answered_by, form_data, new_member, open_pulse

pytestmark = pytest.mark.django_db


def url(pulse, tail: str = "") -> str:
    return f"/plans/{pulse.plan_id}/pulses/{pulse.pk}/{tail}"


# --------------------------------------------------------------- anonymous by construction


def test_the_answer_table_has_no_link_to_users():
    for field in PulseAnswer._meta.get_fields():
        if field.is_relation:
            assert field.related_model is Pulse, f"{field.name} links an answer to something else"
    assert {f.name for f in PulseAnswer._meta.concrete_fields} == {
        "id",
        "pulse",
        "enps",
        "workload",
        "support",
        "clarity",
        "trust",
        "pride",
        "comment",
    }


def test_an_answer_cannot_be_found_by_its_time_or_order(world):
    assert not any(
        isinstance(f, models.DateField | models.DateTimeField | models.TimeField)
        for f in PulseAnswer._meta.concrete_fields
    )
    assert isinstance(PulseAnswer._meta.pk, models.UUIDField)
    assert not any(isinstance(f, models.DateTimeField) for f in PulseResponse._meta.fields)
    pulse = open_pulse(world.plan)
    answered_by(world.plan, pulse, 3)
    ids = list(PulseAnswer.objects.values_list("id", flat=True))
    assert all(isinstance(pk, uuid.UUID) and pk.version == 4 for pk in ids)


def test_answer_and_has_answered_are_written_together(client_for, world):
    pulse = open_pulse(world.plan)
    response = client_for(world.member).post(url(pulse, "answer/"), form_data(comment="Fine"))
    assert response.status_code == 302
    assert PulseResponse.objects.filter(pulse=pulse, user=world.member).count() == 1
    saved = PulseAnswer.objects.get(pulse=pulse)
    assert (saved.enps, saved.workload, saved.comment) == (9, 4, "Fine")


# --------------------------------------------------------------------------- the threshold


def test_four_answers_show_only_the_count_five_show_results_once_closed(client_for, world):
    pulse = open_pulse(world.plan)
    answered_by(world.plan, pulse, 4, comment="Queue is brutal")
    for reader in (world.manager, world.executive):
        page = client_for(reader).get(url(pulse)).content.decode()
        assert "4 people answered" in page
        assert 'id="pulse-hidden"' in page
        assert "Queue is brutal" not in page
        assert 'id="pulse-enps"' not in page
    answered_by(world.plan, pulse, 1, enps=(2,), comment="Queue is brutal")
    # Still open: no results yet, or their change would show the fifth person's answer.
    page = client_for(world.manager).get(url(pulse)).content.decode()
    assert "5 people answered" in page and 'id="pulse-enps"' not in page
    assert "Queue is brutal" not in page
    services.pulse_close(pulse=pulse, today=world.plan.local_today(), user=world.manager)
    for reader in (world.manager, world.executive):
        page = client_for(reader).get(url(pulse)).content.decode()
        assert "5 people answered" in page
        # eNPS 10, 9, 8, 5, 2: two promoters, two detractors → 0
        assert '<p class="pulse-enps" id="pulse-enps">0</p>' in page
        assert "Queue is brutal" in page
        assert "2.0/5" in page  # workload


def test_the_threshold_is_never_below_three(settings):
    settings.PULSE_MIN_ANSWERS = 1
    assert rules.min_answers() == 3
    assert any(message.id == "metrics.E001" for message in run_checks())
    settings.PULSE_MIN_ANSWERS = 7
    assert rules.min_answers() == 7


def test_enps_is_promoters_minus_detractors():
    assert formulas.nps_from_counts(3, 1, 5) == 40
    assert formulas.nps_from_counts(0, 5, 5) == -100
    assert formulas.nps_from_counts(0, 0, 0) is None


def test_a_pulse_and_a_survey_export_of_the_same_answers_give_the_same_enps(client_for, world):
    """One formula: seven answers, three promoters and one detractor, are 28.57 on the
    metric's trend whether they came from the pulse or from a survey tool's export (the
    pulse used to round to 29 while the export's week said 28.57)."""
    scores = (10, 10, 9, 7, 3, 8, 8)
    pulse = open_pulse(world.plan)
    answered_by(world.plan, pulse, len(scores), enps=scores)
    result = services.pulse_close(pulse=pulse, today=world.plan.local_today(), user=world.manager)
    assert result.measurement is not None
    assert (
        result.measurement.value
        == pytest.approx(formulas.nps(scores))
        == pytest.approx(100 * 2 / 7)
    )
    page = client_for(world.manager).get(url(pulse)).content.decode()
    assert '<p class="pulse-enps" id="pulse-enps">28.57</p>' in page
    world.manager.language = "fa"
    world.manager.save(update_fields=["language"])
    page = client_for(world.manager).get(url(pulse)).content.decode()
    assert '<p class="pulse-enps" id="pulse-enps">۲۸٫۵۷</p>' in page


# ---------------------------------------------------------------------- refusals and abuse


def test_a_second_answer_is_refused_and_writes_nothing(client_for, world):
    pulse = open_pulse(world.plan)
    client = client_for(world.member)
    assert client.post(url(pulse, "answer/"), form_data()).status_code == 302
    response = client.post(url(pulse, "answer/"), form_data(enps="0"))
    assert response.status_code == 409
    assert "already answered" in response.content.decode()
    assert PulseAnswer.objects.filter(pulse=pulse).count() == 1


def test_a_racing_second_answer_hits_the_constraint_not_a_500(world):
    pulse = open_pulse(world.plan)
    answer(pulse, world.member)
    with pytest.raises(services.AlreadyAnswered):
        answer(pulse, world.member)
    assert PulseAnswer.objects.filter(pulse=pulse).count() == 1


def test_a_closed_pulse_refuses_answers(client_for, world):
    pulse = open_pulse(world.plan)
    services.pulse_close(pulse=pulse, today=world.plan.local_today(), user=world.manager)
    client = client_for(world.member)
    page = client.get(url(pulse, "answer/")).content.decode()
    assert "This pulse is closed" in page
    assert '<form method="post" novalidate class="pulse-form">' not in page
    response = client.post(url(pulse, "answer/"), form_data())
    assert response.status_code == 409
    assert "This pulse is closed" in response.content.decode()
    assert not PulseAnswer.objects.exists() and not PulseResponse.objects.exists()


def test_a_pulse_past_its_closing_day_refuses_answers(world):
    pulse = open_pulse(world.plan)
    with pytest.raises(services.PulseClosed):
        services.pulse_answer(
            pulse=pulse,
            user=world.member,
            today=pulse.closes_on + dt.timedelta(days=1),
            scores={"enps": 5, **dict.fromkeys(rules.ITEM_KEYS, 3)},
            comment="",
        )
    assert not PulseResponse.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"enps": "11"},
        {"enps": "-1"},
        {"workload": "6"},
        {"trust": "0"},
        {"pride": ""},
        {"enps": "x"},
    ],
)
def test_out_of_range_or_missing_values_are_422_with_the_summary(client_for, world, bad):
    pulse = open_pulse(world.plan)
    response = client_for(world.member).post(url(pulse, "answer/"), form_data(**bad))
    assert response.status_code == 422
    assert "Please correct the following" in response.content.decode()
    assert not PulseAnswer.objects.exists() and not PulseResponse.objects.exists()


def test_a_member_of_another_plan_gets_404(client_for, world):
    pulse = open_pulse(world.plan)
    outsider = new_member(world.other_plan, "outsider")
    client = client_for(outsider)
    assert client.get(url(pulse, "answer/")).status_code == 404
    # Their own plan's URL with this plan's pulse id: still 404.
    other_url = f"/plans/{world.other_plan.pk}/pulses/{pulse.pk}/answer/"
    assert client.post(other_url, form_data()).status_code == 404
    assert not PulseAnswer.objects.exists()


def test_only_one_pulse_is_open_at_a_time(client_for, world):
    open_pulse(world.plan)
    today = world.plan.local_today()
    response = client_for(world.manager).post(
        f"/plans/{world.plan.pk}/pulses/open/",
        {"opens_on": today.isoformat(), "closes_on": (today + dt.timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 422
    assert "already open" in response.content.decode()
    assert Pulse.objects.filter(plan=world.plan).count() == 1


def test_a_persian_manager_opens_a_pulse_with_jalali_dates(client_for, world):
    """Persian readers type the Jalali date (Persian or Latin digits); the server converts it."""
    import jdatetime

    world.manager.language = "fa"
    world.manager.save()
    client = client_for(world.manager)
    page = client.get(f"/plans/{world.plan.pk}/pulses/").content.decode()
    assert 'name="opens_on"' in page and 'type="date"' not in page  # no Gregorian picker
    today = world.plan.local_today()
    closes = today + dt.timedelta(days=7)
    jalali = jdatetime.date.fromgregorian(date=closes)
    response = client.post(
        f"/plans/{world.plan.pk}/pulses/open/",
        {
            "opens_on": jdatetime.date.fromgregorian(date=today).strftime("%Y/%m/%d"),
            "closes_on": f"{jalali.year}/{jalali.month}/{jalali.day}".translate(
                str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
            ),
        },
    )
    assert response.status_code == 302
    pulse = Pulse.objects.get(plan=world.plan)
    assert (pulse.opens_on, pulse.closes_on) == (today, closes)


# -------------------------------------------------------------------- wording per plan


def test_the_manager_words_the_questions_and_the_next_pulse_keeps_them(client_for, world):
    pulse = open_pulse(world.plan)
    client = client_for(world.manager)
    response = client.post(
        url(pulse, "questions/"), {"enps": "Would you tell a friend to join?", "version": "1"}
    )
    assert response.status_code == 302
    page = client_for(world.member).get(url(pulse, "answer/")).content.decode()
    assert "Would you tell a friend to join?" in page
    assert "I know what matters most in my work right now." in page  # the rest unchanged
    services.pulse_close(pulse=pulse, today=world.plan.local_today(), user=world.manager)
    assert open_pulse(world.plan).questions == {"enps": "Would you tell a friend to join?"}


def test_the_questions_are_frozen_once_someone_answered(client_for, world):
    pulse = open_pulse(world.plan)
    answer(pulse, world.member)
    response = client_for(world.manager).post(
        url(pulse, "questions/"), {"enps": "Changed?", "version": "1"}
    )
    assert response.status_code == 409
    pulse.refresh_from_db()
    assert pulse.questions == {}


def test_a_stale_wording_is_a_409_that_keeps_the_typed_text_and_no_version_is_a_400(
    client_for, world
):
    pulse = open_pulse(world.plan)
    client = client_for(world.manager)
    assert (
        client.post(url(pulse, "questions/"), {"enps": "First?", "version": "1"}).status_code == 302
    )
    stale = client.post(url(pulse, "questions/"), {"enps": "Second?", "version": "1"})
    assert stale.status_code == 409
    assert "Second?" in stale.content.decode()  # what the manager typed is kept
    missing = client.post(url(pulse, "questions/"), {"enps": "Third?"})
    assert missing.status_code == 400
    pulse.refresh_from_db()
    assert pulse.questions == {"enps": "First?"}


def test_the_answer_form_is_in_persian_and_russian(client_for, world):
    pulse = open_pulse(world.plan)
    client = client_for(world.member)
    world.member.language = "ru"
    world.member.save()
    page = client.get(url(pulse, "answer/")).content.decode()
    assert "порекомендуете" in page
    world.member.language = "fa"
    world.member.save()
    page = client.get(url(pulse, "answer/")).content.decode()
    assert "توصیه" in page


# ----------------------------------------------------------------------------- eNPS metric


def test_closing_a_pulse_above_the_threshold_records_the_enps(world):
    plan = world.plan
    first = open_pulse(plan)
    answered_by(plan, first, 5, enps=(10, 10, 9, 7, 3))  # 3 promoters, 1 detractor → 40
    today = plan.local_today()
    measurement = services.pulse_close(pulse=first, today=today, user=world.manager).measurement
    metric = PlanMetric.objects.get(plan=plan, key="enps")
    assert measurement is not None and measurement.metric == metric
    assert (measurement.value, measurement.sample_size) == (40, 5)
    assert measurement.origin == Measurement.Origin.PULSE
    assert (metric.baseline, metric.baseline_day) == (40, plan.day_number(today))
    # The second pulse adds to the trend; the baseline stays the first.
    second = open_pulse(plan)
    answered_by(plan, second, 5, enps=(10, 10, 10, 10, 10))
    services.pulse_close(pulse=second, today=today + dt.timedelta(days=30), user=world.manager)
    metric.refresh_from_db()
    assert list(metric.measurements.values_list("value", flat=True)) == [40, 100]
    assert metric.baseline == 40


def test_closing_a_pulse_keeps_an_enps_typed_by_hand_for_that_week(client_for, world):
    plan = world.plan
    pulse = open_pulse(plan)
    answered_by(plan, pulse, 5, enps=(10, 10, 9, 7, 3))  # 40
    metric = PlanMetric.objects.create(plan=plan, key="enps")
    week = week_start(plan.local_today())
    Measurement.objects.create(metric=metric, period_start=week, value=12.5, sample_size=30)

    response = client_for(world.manager).post(url(pulse, "close/"), follow=True)
    page = html.unescape(response.content.decode())
    assert "its eNPS is 40. This week's eNPS you typed by hand (12.5) stays" in page
    kept = Measurement.objects.get(metric=metric, period_start=week)
    assert (kept.value, kept.origin) == (12.5, Measurement.Origin.MANUAL)
    pulse.refresh_from_db()
    assert pulse.status == "closed"


def test_closing_a_pulse_waits_for_a_value_being_typed_and_keeps_it(world, monkeypatch):
    """The close takes the plan's lock for its week as every write of weeks does: a value
    typed while it waited is seen and kept, not overwritten."""
    from metrics import services as metric_services

    plan = world.plan
    pulse = open_pulse(plan)
    answered_by(plan, pulse, 5, enps=(10, 10, 9, 7, 3))
    metric = PlanMetric.objects.create(plan=plan, key="enps")
    week = week_start(plan.local_today())

    def a_value_is_typed_meanwhile(plan_id: int) -> None:
        Measurement.objects.create(metric=metric, period_start=week, value=12, sample_size=9)
        metric_services.wait_for_imports(plan_id)

    monkeypatch.setattr(services, "wait_for_imports", a_value_is_typed_meanwhile)
    result = services.pulse_close(pulse=pulse, today=plan.local_today(), user=world.manager)
    assert result.kept is not None and result.enps == 40
    assert list(metric.measurements.values_list("value", "origin")) == [(12.0, "manual")]


def test_closing_a_pulse_below_the_threshold_records_nothing(client_for, world):
    pulse = open_pulse(world.plan)
    answered_by(world.plan, pulse, 4)
    response = client_for(world.manager).post(url(pulse, "close/"))
    assert response.status_code == 302
    pulse.refresh_from_db()
    assert pulse.status == "closed"
    assert not Measurement.objects.exists()
    assert not PlanMetric.objects.filter(key="enps").exists()


def test_no_admin_screen_shows_answers_or_who_answered():
    from django.contrib import admin

    assert PulseAnswer not in admin.site._registry
    assert PulseResponse not in admin.site._registry


def test_the_hourly_job_closes_pulses_past_their_day_once(world):
    from django.utils import timezone

    from metrics.tasks import close_due_pulses

    plan = world.plan
    pulse = open_pulse(plan, days=0)
    answered_by(plan, pulse, 5)
    assert close_due_pulses() == 0  # its closing day is today: still open
    Pulse.objects.filter(pk=pulse.pk).update(
        opens_on=pulse.opens_on - dt.timedelta(days=3),
        closes_on=pulse.closes_on - dt.timedelta(days=1),
    )
    assert services.pulses_close_due(now=timezone.now()) == 1
    assert close_due_pulses() == 0
    pulse.refresh_from_db()
    assert pulse.status == "closed"
    assert Measurement.objects.get(metric__key="enps").sample_size == 5


def test_a_second_answer_racing_past_the_page_check_is_409_not_500(client_for, world, monkeypatch):
    """Two tabs posting at once: both pass the "has answered" read; the constraint decides."""
    from metrics.pulse import selectors

    pulse = open_pulse(world.plan)
    answer(pulse, world.member)
    monkeypatch.setattr(selectors, "has_answered", lambda pulse, user: False)
    response = client_for(world.member).post(url(pulse, "answer/"), form_data())
    assert response.status_code == 409
    assert "already answered" in response.content.decode()
    assert PulseAnswer.objects.filter(pulse=pulse).count() == 1


def test_the_persian_answer_page_shows_persian_digits(client_for, world):
    pulse = open_pulse(world.plan)
    world.member.language = "fa"
    world.member.save()
    page = client_for(world.member).get(url(pulse, "answer/")).content.decode()
    assert '<span class="pulse-scale__value">۹</span>' in page
    assert 'value="9"' in page  # attributes keep ASCII digits


def test_the_questions_asked_are_listed_in_the_order_they_are_asked(client_for, world):
    """The intro says the free-text question comes last; the list put it second."""
    pulse = open_pulse(world.plan)
    page = client_for(world.manager).get(url(pulse)).content.decode()
    listed = re.findall(
        r"<li>(.*?)</li>", page.split('class="pulse-questions"', 1)[1].split("</ol>")[0]
    )
    assert listed[0].startswith("How likely are you to recommend")
    assert listed[-1].startswith("Anything else you want your manager to know?")
    assert len(listed) == 7


def test_each_pulse_page_has_its_own_title(client_for, world):
    """Screen readers say the title first: the list, a pulse and its answer form all said
    "Team pulse"."""
    pulse = open_pulse(world.plan)

    def title(client, path: str) -> str:
        page = client.get(path).content.decode()
        return html.unescape(found(r"<title>(.*?)</title>", page).group(1))

    manager = client_for(world.manager)
    titles = {title(manager, f"/plans/{world.plan.pk}/pulses/"), title(manager, url(pulse))}
    member = client_for(world.member)
    titles.add(title(member, url(pulse, "answer/")))
    assert len(titles) == 3, titles


def test_the_summary_puts_no_colon_after_a_question(client_for, world):
    """A question's mark and a colon read "...to a friend?: Choose a number"."""
    pulse = open_pulse(world.plan)
    response = client_for(world.member).post(url(pulse, "answer/"), form_data(enps=""))
    summary = found(r'id="form-errors".*?</ul>', response.content.decode(), re.S).group(0)
    item = found(r"<li><a [^>]*>([^<]*)</a>(.*?)</li>", summary, re.S)
    assert item.group(1).endswith("?")
    assert item.group(2).startswith(" ") and not item.group(2).startswith(":")
    # A label that is not a question keeps its colon.
    task = client_for(world.manager).post(f"/plans/{world.plan.pk}/tasks/new/", {"title": ""})
    assert re.search(r'href="#id_title">[^<]+</a>: ', task.content.decode())


def test_a_pulse_closed_with_too_few_answers_promises_no_results(client_for, world):
    """Closed with four answers, it still said results show "from 1 more answer on"."""
    pulse = open_pulse(world.plan)
    answered_by(world.plan, pulse, 4)
    page = client_for(world.manager).get(url(pulse)).content.decode()
    assert "Results show from 1 more answer on" in page
    services.pulse_close(pulse=pulse, today=world.plan.local_today(), user=world.manager)
    page = client_for(world.manager).get(url(pulse)).content.decode()
    assert "more answer" not in page
    assert "closed with too few answers" in page and 'id="pulse-enps"' not in page


def test_a_pulse_is_open_a_month_at_most(client_for, world):
    """A pulse open for a whole year was accepted and would run into every later one."""
    today = world.plan.local_today()
    client = client_for(world.manager)
    url_open = f"/plans/{world.plan.pk}/pulses/open/"
    year = client.post(
        url_open,
        {"opens_on": today.isoformat(), "closes_on": (today + dt.timedelta(days=365)).isoformat()},
    )
    assert year.status_code == 422
    assert "A pulse stays open at most 30 days" in year.content.decode()
    assert not Pulse.objects.filter(plan=world.plan).exists()
    month = client.post(
        url_open,
        {"opens_on": today.isoformat(), "closes_on": (today + dt.timedelta(days=29)).isoformat()},
    )
    assert month.status_code == 302 and Pulse.objects.filter(plan=world.plan).count() == 1
