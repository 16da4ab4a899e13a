"""Writes to the reboot diagnostic: record a run, delete one.

A completed run marks its playbook task done; deleting the last one reopens
it (``playbook_tasks``). Both announce the plan's change for the dashboard.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from onboarding.core.events import announce_plan_changed
from onboarding.models import Plan, User
from roadmap.toolkit.diagnostic.rules import DIAGNOSTIC_TASK, SignInput, check_answers, score
from roadmap.toolkit.models import Diagnostic, DiagnosticAnswer
from roadmap.toolkit.playbook_tasks import task_complete_for_tool


def _set_task(plan: Plan, *, done: bool) -> None:

    task_complete_for_tool(plan=plan, key=DIAGNOSTIC_TASK, done=done)


@transaction.atomic
def diagnostic_create(
    *, plan: Plan, user: User, answers: Sequence[SignInput], on: dt.date | None = None
) -> Diagnostic:
    """Record a completed diagnostic with its score; its playbook task is done."""
    answers = [
        SignInput(
            sign=item.sign,
            answer=item.answer,
            evidence=item.evidence.strip(),
            note=item.note.strip(),
        )
        for item in answers
    ]
    check_answers(answers)
    taken_on = on or plan.local_today()
    diagnostic = Diagnostic.objects.create(
        plan=plan,
        taken_on=taken_on,
        day=plan.day_number(taken_on),
        score=score({item.sign: item.answer for item in answers}),
        created_by=user,
    )
    DiagnosticAnswer.objects.bulk_create(
        DiagnosticAnswer(
            diagnostic=diagnostic,
            sign=item.sign,
            answer=item.answer,
            evidence=item.evidence,
            note=item.note,
        )
        for item in answers
    )
    _set_task(plan, done=True)
    announce_plan_changed(plan.pk)
    return diagnostic


@transaction.atomic
def diagnostic_delete(*, diagnostic: Diagnostic) -> None:
    """Remove a run; without any run left, the playbook task reopens."""
    plan = diagnostic.plan
    diagnostic.delete()
    if not Diagnostic.objects.filter(plan=plan).exists():
        _set_task(plan, done=False)
    announce_plan_changed(plan.pk)
