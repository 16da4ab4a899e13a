"""Languages, directions, calendars and digits."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from onboarding.core.i18n import format_date, format_number, persian_digits, prefers_gregorian
from tests.factories import UserFactory
from tests.matching import found


@pytest.mark.parametrize(
    ("gregorian", "jalali"),
    [
        (dt.date(2026, 3, 21), "۱۴۰۵/۰۱/۰۱"),  # Nowruz 1405
        (dt.date(2026, 3, 20), "۱۴۰۴/۱۲/۲۹"),  # the last day of 1404
        (dt.date(2026, 11, 22), "۱۴۰۵/۰۹/۰۱"),
        (dt.date(2025, 3, 21), "۱۴۰۴/۰۱/۰۱"),
        (dt.date(2024, 3, 20), "۱۴۰۳/۰۱/۰۱"),  # 1403 began a day early
    ],
)
def test_persian_dates_are_jalali_with_persian_digits(gregorian, jalali):
    with translation.override("fa"):
        assert format_date(gregorian, "numeric") == jalali


def test_persian_long_dates_name_the_month_and_weekday():
    with translation.override("fa"):
        assert format_date(dt.date(2026, 3, 21), "long") == "شنبه ۱ فروردین ۱۴۰۵"


def test_a_persian_reader_may_prefer_gregorian_dates():
    token = prefers_gregorian.set(True)
    try:
        with translation.override("fa"):
            assert format_date(dt.date(2026, 3, 21), "numeric") == "۲۰۲۶/۰۳/۲۱"
    finally:
        prefers_gregorian.reset(token)


def test_russian_and_english_dates():
    with translation.override("ru"):
        assert format_date(dt.date(2026, 11, 22), "medium") == "22 ноября 2026"
        assert format_date(dt.date(2026, 11, 22), "numeric") == "22.11.2026"
    with translation.override("en"):
        assert format_date(dt.date(2026, 11, 22), "medium") == "22 Nov 2026"


def test_persian_digits():
    assert persian_digits("Day 12 of 100") == "Day ۱۲ of ۱۰۰"


def test_fractions_take_each_languages_decimal_separator():
    """«۸۱٫۲» with the Persian momayyez (as the charts' labels write it), not «۸۱.۲»."""
    from django.template import Context, Template

    shown = Template('{% load dates %}{{ value|number:"1" }} {{ value|digits }}')
    expected = {"fa": "۸۱٫۲ ۸۱٫۲", "ru": "81,2 81,2", "en": "81.2 81.2"}
    for language, text in expected.items():
        with translation.override(language):
            assert shown.render(Context({"value": 81.2})) == text
            assert format_number(1405) == ("۱۴۰۵" if language == "fa" else "1405")  # no grouping
    grouped = Template('{% load dates %}{{ value|number:"2g" }}')  # the budget's amounts
    expected = {"fa": "۱۲٬۰۰۰٫۵۰", "ru": "12\xa0000,50", "en": "12,000.50"}
    for language, text in expected.items():
        with translation.override(language):
            assert grouped.render(Context({"value": 12000.5})) == text


@pytest.mark.django_db
def test_the_profile_language_wins_over_the_browser(client):
    user = UserFactory(language="fa")
    client.force_login(user)
    response = client.get("/plans/", headers={"Accept-Language": "ru"})
    html = response.content.decode()
    assert '<html lang="fa" dir="rtl">' in html


@pytest.mark.django_db
def test_the_browser_language_is_used_without_a_profile_choice(client):
    client.force_login(UserFactory(language=""))
    html = client.get("/plans/", headers={"Accept-Language": "ru,en;q=0.5"}).content.decode()
    assert '<html lang="ru" dir="ltr">' in html


@pytest.mark.django_db
def test_the_switcher_saves_the_choice_in_the_profile(client):
    user = UserFactory(language="")
    client.force_login(user)
    response = client.post("/language/", {"language": "fa", "next": "/plans/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "fa"
    assert client.post("/language/", {"language": "xx", "next": "/plans/"}).status_code == 302
    user.refresh_from_db()
    assert user.language == "fa"


@pytest.mark.django_db
def test_anonymous_visitors_switch_with_a_cookie(client):
    client.post("/language/", {"language": "ru", "next": "/accounts/login/"})
    assert '<html lang="ru"' in client.get("/accounts/login/").content.decode()


@pytest.mark.django_db
def test_profile_saves_language_and_calendar_and_refuses_a_taken_email(client):
    user = UserFactory(username="anna")
    UserFactory(username="boris", email="boris@example.com")
    client.force_login(user)
    response = client.post(
        "/profile/", {"email": "anna@example.com", "language": "fa", "use_gregorian": "on"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.language, user.use_gregorian) == ("fa", True)
    response = client.post("/profile/", {"email": "BORIS@example.com"})
    assert response.status_code == 422
    assert client.get("/profile/").status_code == 200
    client.logout()
    assert client.get("/profile/").status_code == 302


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "1 задача просрочена."),
        (2, "2 задачи просрочены."),
        (5, "5 задач просрочено."),
        (11, "11 задач просрочено."),
        (21, "21 задача просрочена."),
        (22, "22 задачи просрочены."),
        (25, "25 задач просрочено."),
    ],
)
def test_russian_plurals(count, expected):
    from django.utils.translation import ngettext

    with translation.override("ru"):
        text = ngettext("%(n)s task is overdue.", "%(n)s tasks are overdue.", count) % {"n": count}
    assert text == expected


@pytest.mark.parametrize(
    ("count", "expected"), [(1, "1 день"), (2, "2 дня"), (5, "5 дней"), (21, "21 день")]
)
def test_russian_day_counts_on_today(client, count, expected):
    from django.template import Context, Template

    template = Template(
        "{% load i18n %}{% blocktranslate count days=n %}{{ days }} day until you start"
        "{% plural %}{{ days }} days until you start{% endblocktranslate %}"
    )
    with translation.override("ru"):
        assert template.render(Context({"n": count})).endswith(expected)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "tab", "relationship"),
    [("ru", "Доска", "Совет директоров"), ("fa", "تابلو", "هیئت‌مدیره")],
)
def test_the_quick_win_board_is_not_the_board_of_directors(
    client_for, world, language, tab, relationship
):
    world.manager.language = language
    world.manager.save()
    client = client_for(world.manager)
    board = client.get(f"/plans/{world.plan.pk}/quick-wins/").content.decode()
    assert f">{tab}</a>" in board
    assert relationship not in board
    committed = {"ru": "Утверждено", "fa": "تعهدشده"}[language]
    assert f'status-badge--committed">{committed}</span>' in board  # the column, translated
    register = client.get(f"/plans/{world.plan.pk}/stakeholders/").content.decode()
    assert f">{relationship}</option>" in register


@pytest.mark.django_db
def test_persian_lists_use_the_persian_comma(client_for, world):
    from tests.quick_wins.helpers import make_quick_win

    make_quick_win(world, team=["member", "manager"])
    world.manager.language = "fa"
    world.manager.save()
    board = client_for(world.manager).get(f"/plans/{world.plan.pk}/quick-wins/").content.decode()
    assert "</bdi>، <bdi>" in board
    assert "</bdi>, <bdi>" not in board


def test_dates_outside_the_jalali_calendar_do_not_break_persian_pages(client_for, world):
    from metrics.models import Measurement, PlanMetric
    from stakeholders.models import Interaction, Stakeholder

    person = Stakeholder.objects.create(plan=world.plan, name="Ana")
    # Kept from before dates were checked (or written by hand): year 1.
    Interaction.objects.create(
        plan=world.plan, stakeholder=person, kind="meeting", date=dt.date(1, 1, 1)
    )
    metric = PlanMetric.objects.create(plan=world.plan, key="csat")
    Measurement.objects.create(metric=metric, period_start=dt.date(1, 1, 1), value=50)
    world.manager.language = "fa"
    world.manager.save()
    client = client_for(world.manager)
    for path in (
        f"/plans/{world.plan.pk}/stakeholders/{person.pk}/",
        f"/plans/{world.plan.pk}/metrics/{metric.pk}/",
        f"/plans/{world.plan.pk}/dashboard/",
    ):
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-25"])
def test_an_interaction_at_the_edge_of_the_calendar_is_refused_clearly(client_for, world, day):
    from stakeholders.models import Interaction, Stakeholder

    person = Stakeholder.objects.create(plan=world.plan, name="Ana")
    response = client_for(world.manager).post(
        f"/plans/{world.plan.pk}/stakeholders/{person.pk}/interactions/new/",
        {"kind": "meeting", "date": day},
    )
    assert response.status_code == 422
    assert "Enter a date within 20 years of today." in response.content.decode()
    assert not Interaction.objects.exists()


@pytest.mark.django_db
def test_persian_sentences_carry_persian_digits_in_the_text_itself(client_for, world):
    """Not only through the font: copied text and screen readers get «روز ۱۲ از ۱۰۰»."""

    from tests.quick_wins.helpers import make_quick_win

    make_quick_win(world, title="Route 66 tickets", target_day=45)
    world.manager.language = "fa"
    world.manager.save()
    client = client_for(world.manager)
    today = client.get(f"/plans/{world.plan.pk}/today/").content.decode()
    day = persian_digits(str(world.plan.day_number(world.plan.local_today())))
    assert re.search(rf"روز\s*{day}\b", today)
    assert not re.search(r"روز\s*[0-9]", today)
    board = client.get(f"/plans/{world.plan.pk}/quick-wins/").content.decode()
    assert "روز هدف: ۴۵" in board
    assert "Route 66 tickets" in board  # what people typed keeps its digits
    assert 'value="0"' in board  # and attributes stay machine-readable


@pytest.mark.django_db
def test_persian_percentages_use_the_arabic_percent_sign(client_for, world):
    """«۶۰٪», not «۶۰%»: the phases' progress on the timeline and a saved progress."""
    from tests.quick_wins.helpers import make_quick_win

    quick_win = make_quick_win(world, title="Macros")
    world.manager.language = "fa"
    world.manager.save()
    client = client_for(world.manager)
    timeline = client.get(f"/plans/{world.plan.pk}/timeline/").content.decode()
    shown = re.findall(r'class="phase-progress__text">([^<]*)<', timeline)
    assert shown and all(re.match(r"[۰-۹]+٪، ", text) for text in shown), shown
    response = client.post(
        f"/plans/{world.plan.pk}/quick-wins/{quick_win.pk}/progress/",
        {"progress": "۴۰", "note": "", "version": quick_win.version},
        follow=True,
    )
    assert "۴۰٪" in response.content.decode()


@pytest.mark.django_db
def test_persian_messages_carry_persian_digits_in_the_text_itself(client_for, world):
    """Errors written in Python read «۲۰ سال» too, not only through the font."""
    from stakeholders.models import Interaction, Stakeholder

    person = Stakeholder.objects.create(plan=world.plan, name="Ana")
    world.manager.language = "fa"
    world.manager.save()
    response = client_for(world.manager).post(
        f"/plans/{world.plan.pk}/stakeholders/{person.pk}/interactions/new/",
        {"kind": "meeting", "date": "0001-01-01"},
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "۲۰" in page and "20 " not in page.split("<main", 1)[1]
    assert not Interaction.objects.exists()


@pytest.mark.django_db
def test_playbook_phases_read_in_the_readers_language_unless_renamed(client_for, world):
    """An English plan read in Persian: the playbook's phases are interface words, so they
    read in Persian on Today and the timeline, as on the dashboard; a phase the manager
    renamed keeps the manager's words."""
    world.plan.phases.filter(key="assess").update(name="Listen first")
    world.manager.language = "fa"
    world.manager.save()
    client = client_for(world.manager)
    timeline = client.get(f"/plans/{world.plan.pk}/timeline/").content.decode()
    prepare = found(r'id="phase-link-prepare"[^>]*>([^<]+)</a>', timeline).group(1)
    assess = found(r'id="phase-link-assess"[^>]*>([^<]+)</a>', timeline).group(1)
    assert prepare == "آماده\u200cسازی"
    assert assess == "Listen first"
    today = client.get(f"/plans/{world.plan.pk}/today/").content.decode()
    assert "Prepare</" not in today and "Communicate</" not in today


def test_number_fields_take_what_a_persian_keyboard_types():
    """۸۱٫۲ (Persian digits and momayyez), ٤٠ (Arabic-Indic digits), ۱٬۲۳۴ (grouped)."""
    from decimal import Decimal

    from onboarding.core.forms import LocalDecimalField, LocalFloatField, LocalIntegerField

    assert LocalFloatField().clean("۸۱٫۲") == 81.2
    assert LocalFloatField().clean(" 81.2 ") == 81.2
    assert LocalIntegerField().clean("٤٠") == 40
    assert LocalDecimalField(decimal_places=2).clean("۱٬۲۳۴٫۵۰") == Decimal("1234.50")
    with pytest.raises(ValidationError):
        LocalIntegerField().clean("۴۰٫۵")


def test_number_boxes_are_text_boxes_on_persian_pages():
    """Chromium's number box drops Persian digits: a Persian reader gets a text box with a
    numeric keyboard; everyone else keeps the number box."""
    from django import forms

    from onboarding.core.forms import LocalFloatField

    class ValueForm(forms.Form):
        value = LocalFloatField(min_value=0)

    with translation.override("fa"):
        box = str(ValueForm(initial={"value": 81.2})["value"])
        assert 'type="text"' in box and 'inputmode="decimal"' in box and 'dir="ltr"' in box
        # The box shows the number as the page writes it, and reads it back.
        assert 'value="۸۱٫۲"' in box
        form = ValueForm({"value": "۸۱٫۲"})
        assert form.is_valid() and form.cleaned_data["value"] == 81.2
        assert "min=" not in box  # not valid on a text box (the field checks it)
    with translation.override("ru"):
        box = str(ValueForm(initial={"value": 81.2})["value"])
        assert 'type="number"' in box and "inputmode" not in box and 'min="0"' in box


@pytest.mark.django_db
def test_a_persian_manager_records_a_value_typed_in_persian(client_for, world):
    from metrics.models import PlanMetric

    metric = PlanMetric.objects.create(plan=world.plan, key="csat")
    world.manager.language = "fa"
    world.manager.save()
    client = client_for(world.manager)
    base = f"/plans/{world.plan.pk}/metrics/{metric.pk}/"
    client.post(
        f"{base}goals/",
        {"baseline": "۷۸٫۵", "baseline_day": "۵", "target": "۸۵", "target_day": "۹۰", "version": 1},
    )
    client.post(f"{base}measurements/", {"day": "۱۴۰۵/۰۹/۰۳", "value": "۸۱٫۲"})
    metric.refresh_from_db()
    assert (metric.baseline, metric.target) == (78.5, 85)
    assert list(metric.measurements.values_list("value", flat=True)) == [81.2]
    # The goals form shows them again in Persian, to edit and save as they are.
    page = client.get(base).content.decode()
    assert 'name="baseline" value="۷۸٫۵"' in page and 'name="target" value="۸۵"' in page


@pytest.mark.django_db
def test_a_persian_member_sees_a_quick_wins_progress_and_days_in_persian(client_for, world):
    from tests.quick_wins.helpers import make_quick_win

    quick_win = make_quick_win(world, owner="member", target_day=45)
    quick_win.progress = 40
    quick_win.save()
    world.member.language = "fa"
    world.member.save()
    page = (
        client_for(world.member)
        .get(f"/plans/{world.plan.pk}/quick-wins/{quick_win.pk}/")
        .content.decode()
    )
    assert re.search(r'name="progress"[^>]* value="۴۰"', page)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("ru", "понедельник, 08:00"), ("en", "every Monday at 08:00")],
)
def test_a_weekday_inside_a_sentence_is_written_as_the_language_writes_it(
    client_for, world, language, expected
):
    world.manager.language = language
    world.manager.save(update_fields=["language"])
    page = client_for(world.manager).get(f"/plans/{world.plan.pk}/members/").content.decode()
    assert expected in page
