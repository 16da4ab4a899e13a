"""Pages speak to whoever reads them: the executive reads about the manager's plan, not
instructions meant for the manager ("Reviews with your boss", shown to the boss)."""

from __future__ import annotations

import html

import pytest

pytestmark = pytest.mark.django_db

# path, what the manager reads, what the executive reads instead
PAGES = [
    ("reviews/", "Reviews with your boss", "The plan's reviews"),
    (
        "stakeholders/",
        "Everyone whose support your first 100 days depend on",
        "Everyone whose support the plan depends on",
    ),
    (
        "pulses/",
        "A short anonymous survey for your team",
        "A short anonymous survey of the manager",
    ),
    ("toolkit/diagnostic/", "Answer each with what you have seen", "as the manager found them"),
    (
        "toolkit/challenges/",
        "The few that will be your priorities",
        "The few the manager will make",
    ),
    (
        "toolkit/budget/",
        "Add one when the plan needs money",
        "No requests for money beyond the budget.",
    ),
]


@pytest.mark.parametrize(("path", "to_manager", "to_executive"), PAGES)
def test_the_executive_reads_about_the_plan_not_the_managers_instructions(
    client_for, world, path, to_manager, to_executive
):
    url = f"/plans/{world.plan.pk}/{path}"
    manager = html.unescape(client_for(world.manager).get(url).content.decode())
    assert to_manager in manager and to_executive not in manager
    executive = html.unescape(client_for(world.executive).get(url).content.decode())
    assert to_executive in executive and to_manager not in executive


def test_the_executive_is_told_when_reviews_come_and_not_how_a_tool_moves_a_task(client_for, world):
    executive = client_for(world.executive)
    reviews = html.unescape(executive.get(f"/plans/{world.plan.pk}/reviews/").content.decode())
    assert "The manager sends one around day 30, 60 and 90" in reviews
    budget = executive.get(f"/plans/{world.plan.pk}/toolkit/budget/").content.decode()
    manager = client_for(world.manager).get(f"/plans/{world.plan.pk}/toolkit/budget/")
    how = "mark it done on your roadmap once the budget is agreed"
    assert how in manager.content.decode() and how not in budget
