"""Accessibility the server decides: page titles after a refused form, one id per field.

The browser checks (axe-core, focus after updates) are in tests/browser/; the
W3C validator over every page is tests/test_html_validity.py.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from roadmap.toolkit.models import BudgetRequest

pytestmark = pytest.mark.django_db

LINE = {"category": "tools", "label": "Help-desk licences", "amount": "9600"}
REQUEST = {
    "request-title": "QA tool",
    "request-category": "tools",
    "request-cost": "6000",
    "request-monthly_benefit": "800",
    "request-benefit_basis": "Ten review hours a week saved",
}


def title(html: str) -> str:
    match = re.search(r"<title>(.*?)</title>", html, re.S)
    assert match
    return match.group(1)


def budget_url(world, rest=""):
    return f"/plans/{world.plan.pk}/toolkit/budget/{rest}"


@pytest.mark.parametrize(
    ("language", "prefix", "page_title"),
    [("en", "Error: ", "Budget and ROI"), ("fa", "خطا: ", "بودجه و ROI")],
)
def test_a_refused_form_says_error_first_in_the_title(
    client_for, world, language, prefix, page_title
):
    world.manager.language = language
    world.manager.save(update_fields=["language"])
    client = client_for(world.manager)

    shown = client.get(budget_url(world))
    assert title(shown.content.decode()).startswith(page_title)

    refused = client.post(budget_url(world, "lines/add/"), {**LINE, "amount": "-5"})
    assert refused.status_code == 422
    html = refused.content.decode()
    assert title(html).startswith(prefix + page_title)
    # The summary that script focuses is there, and links to the fields.
    assert 'id="form-errors"' in html


def test_the_budget_page_gives_every_field_its_own_id_and_label(client_for, world):
    html = client_for(world.manager).get(budget_url(world)).content.decode()
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [name for name, count in ids.items() if count > 1] == []
    # Both forms have a Category menu, each named by its own label.
    for field_id in ("id_category", "id_request-category"):
        assert f'<label for="{field_id}">' in html
        assert re.search(rf'<select name="[\w-]+" id="{field_id}"', html)


@pytest.mark.parametrize("language", ["en", "fa", "ru"])
def test_labels_are_written_without_a_trailing_colon(client_for, world, language):
    """Labels read "Category", as the hand-written forms do, not Django's "Category:"."""
    world.manager.language = language
    world.manager.save(update_fields=["language"])
    html = client_for(world.manager).get(budget_url(world)).content.decode()
    labels = re.findall(r'<label for="id_[\w-]+">([^<]*)</label>', html)
    assert len(labels) >= 8
    assert [label for label in labels if label.rstrip().endswith(":")] == []


def test_the_request_form_still_adds_a_request_and_refuses_with_the_input_kept(client_for, world):
    client = client_for(world.manager)
    refused = client.post(budget_url(world, "requests/add/"), {**REQUEST, "request-cost": "-1"})
    assert refused.status_code == 422
    assert 'value="QA tool"' in refused.content.decode()
    assert client.post(budget_url(world, "requests/add/"), REQUEST).status_code == 302
    assert BudgetRequest.objects.get().title == "QA tool"
