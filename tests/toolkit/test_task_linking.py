"""Completing a tool completes its playbook task, undoing it reopens the task: one rule."""

from __future__ import annotations

import pytest

from roadmap.models import Task
from roadmap.services import task_set_status
from roadmap.toolkit.challenges.services import challenge_delete, challenges_set_complete
from roadmap.toolkit.diagnostic.services import diagnostic_delete
from roadmap.toolkit.introduction.services import introduction_save, introduction_withdraw
from roadmap.toolkit.playbook_tasks import task_complete_for_tool
from tests.toolkit.helpers import (
    make_budget_line,
    make_challenge,
    make_diagnostic,
    publish_introduction,
    task_status,
)

pytestmark = pytest.mark.django_db

INTRO, DIAGNOSTIC, CHALLENGES, BUDGET = (
    "prepare-self-introduction",
    "assess-reboot-diagnostic",
    "assess-challenges-list",
    "plan-operating-budget",
)


def test_task_complete_for_tool_marks_done_and_reopens(world):
    task = task_complete_for_tool(plan=world.plan, key=DIAGNOSTIC, done=True)
    assert task is not None
    assert task.status == "done" and task.completed_at is not None
    task = task_complete_for_tool(plan=world.plan, key=DIAGNOSTIC, done=False)
    assert task is not None
    assert task.status == "todo" and task.completed_at is None


def test_reopening_leaves_a_skipped_or_started_task_alone(world):
    task = world.plan.tasks.get(key=DIAGNOSTIC)
    task_set_status(task=task, status="skipped")
    task_complete_for_tool(plan=world.plan, key=DIAGNOSTIC, done=False)
    assert task_status(world, DIAGNOSTIC) == "skipped"
    # Completing the tool overrides a skip: the work was done after all.
    task_complete_for_tool(plan=world.plan, key=DIAGNOSTIC, done=True)
    assert task_status(world, DIAGNOSTIC) == "done"


def test_a_plan_without_the_task_is_left_alone(world):
    Task.objects.filter(plan=world.plan, key=DIAGNOSTIC).delete()
    assert task_complete_for_tool(plan=world.plan, key=DIAGNOSTIC, done=True) is None
    make_diagnostic(world)  # still works


def test_only_this_plans_task_changes(world):
    publish_introduction(world)
    assert task_status(world, INTRO) == "done"
    assert world.other_plan.tasks.get(key=INTRO).status == "todo"


def test_introduction_publish_completes_and_withdraw_reopens(world):
    introduction_save(plan=world.plan, user=world.manager, text="A first draft")
    assert task_status(world, INTRO) == "doing"  # a draft starts it
    publish_introduction(world)
    assert task_status(world, INTRO) == "done"
    introduction_withdraw(plan=world.plan)
    assert task_status(world, INTRO) == "todo"


def test_diagnostic_completes_and_deleting_the_last_run_reopens(world):
    first = make_diagnostic(world)
    second = make_diagnostic(world, answer="partly")
    assert task_status(world, DIAGNOSTIC) == "done"
    diagnostic_delete(diagnostic=second)
    assert task_status(world, DIAGNOSTIC) == "done"  # one run is left
    diagnostic_delete(diagnostic=first)
    assert task_status(world, DIAGNOSTIC) == "todo"


def test_challenges_list_completes_and_reopens(world):
    challenge = make_challenge(world)
    assert task_status(world, CHALLENGES) == "doing"  # the first item starts it
    challenges_set_complete(plan=world.plan, complete=True)
    assert task_status(world, CHALLENGES) == "done"
    challenges_set_complete(plan=world.plan, complete=False)
    assert task_status(world, CHALLENGES) == "todo"
    challenges_set_complete(plan=world.plan, complete=True)
    challenge_delete(challenge=challenge)  # an empty list is not complete
    assert task_status(world, CHALLENGES) == "todo"


def test_the_budget_advances_its_task(world):
    make_budget_line(world)
    assert task_status(world, BUDGET) == "doing"


def test_the_views_complete_and_reopen_the_tasks(client_for, world):
    from tests.toolkit.helpers import INTRODUCTION, diagnostic_data

    client = client_for(world.manager)
    base = f"/plans/{world.plan.pk}/toolkit"
    client.post(f"{base}/introduction/", {"text": INTRODUCTION, "action": "publish", "version": 1})
    client.post(f"{base}/diagnostic/new/", diagnostic_data())
    client.post(
        f"{base}/challenges/add/",
        {
            "kind": "challenge",
            "title": "Slow refunds",
            "evidence": "10 days",
            "source": "metric",
            "outcome": "open",
        },
    )
    client.post(f"{base}/challenges/complete/", {"complete": "true"})
    assert [task_status(world, key) for key in (INTRO, DIAGNOSTIC, CHALLENGES)] == ["done"] * 3

    client.post(f"{base}/introduction/withdraw/")
    diagnostic = world.plan.diagnostics.get()
    client.post(f"{base}/diagnostic/{diagnostic.pk}/delete/")
    client.post(f"{base}/challenges/complete/", {"complete": "false"})
    assert [task_status(world, key) for key in (INTRO, DIAGNOSTIC, CHALLENGES)] == ["todo"] * 3
