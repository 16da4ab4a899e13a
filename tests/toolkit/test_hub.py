"""The toolkit hub shows each role only the tools it may open; the pages are CSP-clean."""

from __future__ import annotations

import re

import pytest

from tests.toolkit.helpers import (
    make_budget_line,
    make_challenge,
    make_diagnostic,
    publish_introduction,
)

pytestmark = pytest.mark.django_db

PRIVATE = ["introduction", "risk_checks", "habits"]
SHARED = ["diagnostic", "challenges", "budget"]


def tools_on_hub(client, world) -> list[str]:
    page = client.get(f"/plans/{world.plan.pk}/toolkit/").content.decode()
    return re.findall(r'id="tool-([a-z_]+)"', page)


def test_the_manager_sees_every_tool(client_for, world):
    assert tools_on_hub(client_for(world.manager), world) == [
        "introduction",
        "diagnostic",
        "challenges",
        "budget",
        "risk_checks",
        "habits",
    ]


def test_the_executive_sees_the_shared_results_only(client_for, world):
    publish_introduction(world)
    client = client_for(world.executive)
    assert tools_on_hub(client, world) == SHARED
    page = client.get(f"/plans/{world.plan.pk}/toolkit/").content.decode()
    assert "nine years" not in page
    assert "Self-introduction" not in page


def test_team_members_see_nothing_private(client_for, world):
    publish_introduction(world)
    make_diagnostic(world)
    make_challenge(world)
    make_budget_line(world)
    client = client_for(world.member)
    page = client.get(f"/plans/{world.plan.pk}/toolkit/").content.decode()
    assert tools_on_hub(client, world) == []
    assert "The manager's working tools" in page
    for private in ("nine years", "Refund tickets wait", "Two agents", "Score"):
        assert private not in page


def test_the_hub_shows_where_each_tool_stands(client_for, world):
    publish_introduction(world)
    make_diagnostic(world, rigid_scripts="yes")
    make_challenge(world)
    page = client_for(world.manager).get(f"/plans/{world.plan.pk}/toolkit/").content.decode()
    assert "Version 1 shared on" in page
    assert "Score 80/100 on" in page
    assert "1 listed, 0 decided" in page
    assert "Not rated yet" in page


PAGES = [
    "",
    "introduction/",
    "diagnostic/",
    "diagnostic/new/",
    "challenges/",
    "budget/",
    "risk-checks/",
    "habits/",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_contain_no_inline_code(client_for, world, path):
    publish_introduction(world)
    make_challenge(world)
    make_budget_line(world)
    response = client_for(world.manager).get(f"/plans/{world.plan.pk}/toolkit/{path}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert not re.search(r"\sstyle=", html), "inline style attribute"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


def test_user_text_is_escaped(client_for, world):
    make_challenge(world, title="<script>alert(1)</script>", evidence="<b>bold</b>")
    html = client_for(world.manager).get(f"/plans/{world.plan.pk}/toolkit/challenges/")
    text = html.content.decode()
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;b&gt;bold&lt;/b&gt;" in text


def test_an_introduction_task_ticked_on_the_roadmap_is_not_shown_complete_beside_nothing_written(
    client_for, world
):
    from roadmap.models import Task, TaskStatus

    Task.objects.filter(plan=world.plan, key="prepare-self-introduction").update(
        status=TaskStatus.DONE
    )
    page = client_for(world.manager).get(f"/plans/{world.plan.pk}/toolkit/").content.decode()
    card = page[page.index('id="tool-introduction"') :]
    card = card[: card.index("</li>")]
    assert "Not written yet" in card
    assert "Complete" not in card
    assert "its task is ticked done on the roadmap" in card
