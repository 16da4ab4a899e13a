"""The main navigation shows which section the reader is in, on its sub-pages too."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def _marked(page: str) -> dict[str, str]:
    """The navigation's links that carry aria-current, by label."""
    nav = re.search(r'<nav class="main-nav".*?</nav>', page, re.S)
    assert nav is not None
    links = re.findall(r'<a href="[^"]*" aria-current="(\w+)">([^<]+)</a>', nav.group(0))
    return {label: state for state, label in links}


@pytest.mark.parametrize(
    ("path", "marked"),
    [
        ("quick-wins/", {"Quick wins": "page"}),
        ("quick-wins/mine/", {"Quick wins": "true"}),
        ("quick-wins/chart/", {"Quick wins": "true"}),
        ("stakeholders/map/", {"Stakeholders": "true"}),
        ("toolkit/diagnostic/", {"Toolkit": "true"}),
        ("reviews/beyond/", {"Reviews": "true"}),
        ("today/", {"Today": "page"}),
    ],
)
def test_the_section_stays_marked_on_its_sub_pages(client_for, world, path, marked):
    """A metric's page, a toolkit tool or "My quick wins" left every link unmarked."""
    page = client_for(world.manager).get(f"/plans/{world.plan.pk}/{path}").content.decode()
    assert _marked(page) == marked


def test_a_member_is_not_sent_to_the_managers_toolkit(client_for, world):
    """The member's "Toolkit" led to a page saying the tools are the manager's."""
    toolkit = f'href="/plans/{world.plan.pk}/toolkit/"'
    assert (
        toolkit in client_for(world.manager).get(f"/plans/{world.plan.pk}/today/").content.decode()
    )
    assert (
        toolkit
        in client_for(world.executive).get(f"/plans/{world.plan.pk}/today/").content.decode()
    )
    member = client_for(world.member).get(f"/plans/{world.plan.pk}/today/").content.decode()
    assert toolkit not in member
