"""``{% url %}`` and ``{% translate %}`` remember their answers, and stay right where those depend on more."""

from __future__ import annotations

import pytest
from django.template import engines
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from onboarding.core.reversing import cached_reverse


def _render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


def test_links_are_djangos_links():
    assert _render("{% url 'today' 7 %}") == reverse("today", args=[7]) == "/plans/7/today/"
    assert _render("{% url 'stakeholder_detail' plan_id=7 stakeholder_id=9 %}") == reverse(
        "stakeholder_detail", kwargs={"plan_id": 7, "stakeholder_id": 9}
    )
    # A second page asking the same (now remembered) address gets the same answer.
    assert cached_reverse("today", [7]) == "/plans/7/today/"


def test_a_site_served_under_a_sub_path_links_under_it():
    assert _render("{% url 'today' 3 %}") == "/plans/3/today/"
    set_script_prefix("/support/")
    try:
        assert _render("{% url 'today' 3 %}") == "/support/plans/3/today/"
    finally:
        set_script_prefix("/")
    assert _render("{% url 'today' 3 %}") == "/plans/3/today/"


def test_another_urlconf_gets_its_own_answers():
    source = "{% url 'fortunes' as address %}[{{ address }}]"
    with override_settings(ROOT_URLCONF="tests.onboarding.urls_for_remembered_tags"):
        assert _render(source) == "[/only-here/]"
    # In the product the name does not exist: "as" gives nothing, without "as" it is an error.
    assert _render(source) == "[]"
    with pytest.raises(NoReverseMatch):
        _render("{% url 'fortunes' %}")


def test_a_remembered_translation_follows_each_readers_language():
    source = '{% load i18n %}{% translate "Today" %}|{% translate "Today" as word %}{{ word }}'
    template = engines["django"].from_string(source)
    seen: dict[str, set[str]] = {}
    for language in ("en", "fa", "ru", "en", "fa"):
        with translation.override(language):
            seen.setdefault(language, set()).add(template.render({}))
    assert seen["en"] == {"Today|Today"}
    assert seen["fa"] == {"امروز|امروز"}
    assert seen["ru"] == {"Сегодня|Сегодня"}
