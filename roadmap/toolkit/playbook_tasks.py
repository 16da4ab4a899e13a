"""The one rule every tool shares: finishing the tool finishes its playbook task.

Each tool names the playbook task it fulfils by the task's key; saving the
tool's result completes (or starts) that task, and undoing the result reopens
it. A plan whose manager deleted or never had the task simply has nothing to
mark.
"""

from __future__ import annotations

from collections.abc import Iterable

from onboarding.models import Plan
from roadmap.models import (
    Task,
    TaskStatus,
)
from roadmap.services import task_set_status


def task_complete_for_tool(*, plan: Plan, key: str, done: bool) -> Task | None:
    """Mark the playbook task ``key`` done because its tool is complete, or reopen it.

    The one place for "completing a tool completes its task". Completing sets
    any status to done; reopening only touches a done task (one the manager
    skipped or is still working on keeps its status) and sets it to do.
    Returns the task, or None when the plan has no task with that key.
    """
    task = Task.objects.filter(plan=plan, key=key).first()
    if task is None:
        return None
    if done and task.status != TaskStatus.DONE:
        return task_set_status(task=task, status=TaskStatus.DONE)
    if not done and task.status == TaskStatus.DONE:
        return task_set_status(task=task, status=TaskStatus.TODO)
    return task


def task_advance_for_tool(*, plan: Plan, key: str) -> Task | None:
    """A tool was started: its task, if still to do, is now in progress."""
    task = Task.objects.filter(plan=plan, key=key, status=TaskStatus.TODO).first()
    if task is None:
        return None
    return task_set_status(task=task, status=TaskStatus.DOING)


def linked_tasks(plan: Plan, keys: Iterable[str]) -> dict[str, Task]:
    """The plan's playbook tasks with these keys, by key (one query)."""
    return {task.key: task for task in Task.objects.filter(plan=plan, key__in=list(keys))}


def linked_task(plan: Plan, key: str) -> Task | None:
    return Task.objects.filter(plan=plan, key=key).select_related("phase").first()
