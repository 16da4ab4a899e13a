"""Writes to the challenges list: add, edit, rank, delete, mark complete.

A challenge may name where it came from: a stakeholder or a metric of the
same plan. Those belong to higher apps; they are checked through the plan's
own relations (``plan.stakeholders``, ``plan.metrics``), never by importing
those apps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from onboarding.core.versioning import save_versioned
from onboarding.models import Plan
from roadmap.models import Task
from roadmap.quick_wins.models import QuickWin
from roadmap.toolkit.challenges.rules import (
    CHALLENGES_TASK,
    check_can_complete,
    check_challenge_count,
    check_outcome,
    new_position,
)
from roadmap.toolkit.models import Challenge, ChallengeKind, ChallengeOutcome, ChallengeSource
from roadmap.toolkit.playbook_tasks import task_advance_for_tool, task_complete_for_tool


def _check_links(
    plan: Plan,
    *,
    stakeholder_id: int | None,
    metric_id: int | None,
    quick_win: QuickWin | None,
    task: Task | None,
) -> None:
    """Every link points into the same plan."""
    errors: dict[str, str] = {}
    if stakeholder_id and not plan.stakeholders.filter(pk=stakeholder_id).exists():
        errors["stakeholder"] = _("Choose a stakeholder of this plan.")
    if metric_id and not plan.metrics.filter(pk=metric_id).exists():
        errors["metric"] = _("Choose a metric of this plan.")
    if quick_win is not None and quick_win.plan_id != plan.pk:
        errors["quick_win"] = _("Choose a quick win of this plan.")
    if task is not None and task.plan_id != plan.pk:
        errors["task"] = _("Choose a task of this plan.")
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class ChallengeInput:
    kind: str
    title: str
    evidence: str
    source: str
    source_detail: str = ""
    stakeholder_id: int | None = None
    metric_id: int | None = None
    outcome: str = ChallengeOutcome.OPEN
    quick_win: QuickWin | None = None
    task: Task | None = None
    outcome_note: str = ""


class _ChallengeValues(TypedDict):
    """A challenge's checked fields, as passed to ``create`` or ``save_versioned``."""

    kind: str
    title: str
    evidence: str
    source: str
    source_detail: str
    stakeholder_ref: int | None
    metric_id: int | None
    outcome: str
    quick_win: QuickWin | None
    task: Task | None
    outcome_note: str


def _challenge_values(plan: Plan, data: ChallengeInput) -> _ChallengeValues:
    errors: dict[str, list[str]] = {}
    if data.kind not in ChallengeKind.values:
        errors["kind"] = [_("Choose challenge or opportunity.")]
    if not data.title.strip():
        errors["title"] = [_("Name the challenge or opportunity.")]
    if not data.evidence.strip():
        errors["evidence"] = [_("Say what shows it: a fact, a quote, a figure.")]
    if data.source not in ChallengeSource.values:
        errors["source"] = [_("Choose where it came from.")]
    if data.outcome not in ChallengeOutcome.values:
        errors["outcome"] = [_("Choose what became of it.")]
    try:
        check_outcome(data.outcome, data.outcome_note)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    quick_win = data.quick_win if data.outcome == ChallengeOutcome.QUICK_WIN else None
    task = data.task if data.outcome == ChallengeOutcome.TASK else None
    _check_links(
        plan,
        stakeholder_id=data.stakeholder_id,
        metric_id=data.metric_id,
        quick_win=quick_win,
        task=task,
    )
    return {
        "kind": data.kind,
        "title": data.title.strip(),
        "evidence": data.evidence.strip(),
        "source": data.source,
        "source_detail": data.source_detail.strip(),
        "stakeholder_ref": data.stakeholder_id or None,
        "metric_id": data.metric_id or None,
        "outcome": data.outcome,
        "quick_win": quick_win,
        "task": task,
        "outcome_note": data.outcome_note.strip() if data.outcome == "parked" else "",
    }


def _lock_ranking(plan_id: int) -> None:
    """Additions, moves and removals of a plan's challenges take turns.

    One lock on the plan's row (NO KEY UPDATE: rows that merely reference the
    plan are not held up) rather than locks on every challenge, which two
    movers would take in different orders (a deadlock) once a rank changed.
    """
    list(Plan.objects.select_for_update(no_key=True).filter(pk=plan_id).values_list("pk"))


@transaction.atomic
def challenge_create(*, plan: Plan, data: ChallengeInput) -> Challenge:
    """Add a challenge or opportunity at the bottom of the ranking."""
    values = _challenge_values(plan, data)
    _lock_ranking(plan.pk)
    existing = Challenge.objects.filter(plan=plan)
    check_challenge_count(existing.count())
    last = existing.aggregate(last=Max("position"))["last"] or 0
    challenge = Challenge.objects.create(plan=plan, position=last + 1, **values)
    task_advance_for_tool(plan=plan, key=CHALLENGES_TASK)
    return challenge


@transaction.atomic
def challenge_update(
    *, challenge: Challenge, data: ChallengeInput, expected_version: int | None = None
) -> Challenge:
    values = _challenge_values(challenge.plan, data)
    return save_versioned(type(challenge), challenge, expected_version=expected_version, **values)


@transaction.atomic
def challenge_move(
    *,
    challenge: Challenge,
    direction: str | None = None,
    position: int | None = None,
) -> int:
    """Move one place up or down, or to a 1-based rank; returns its new rank.

    The plan's ranking is locked and renumbered 1..n, so ranks stay unique and
    gap-free whatever else moved concurrently.
    """
    _lock_ranking(challenge.plan_id)
    ranked = list(Challenge.objects.filter(plan_id=challenge.plan_id).order_by("position", "pk"))
    current = next(rank for rank, item in enumerate(ranked, start=1) if item.pk == challenge.pk)
    if position is not None:
        target = new_position(position, None, len(ranked))
    else:
        target = new_position(current, direction, len(ranked))
    moving = ranked.pop(current - 1)
    ranked.insert(target - 1, moving)
    _renumber(ranked)
    challenge.position = target
    return target


def _renumber(challenges: Sequence[Challenge]) -> None:
    """Ranks 1..n in the given order; only rows whose rank changes are written."""
    changed = []
    for rank, item in enumerate(challenges, start=1):
        if item.position != rank:
            item.position = rank
            changed.append(item)
    Challenge.objects.bulk_update(changed, ["position"])


@transaction.atomic
def challenge_delete(*, challenge: Challenge) -> None:
    """Remove it; an emptied list is no longer complete, so its task reopens."""
    plan = challenge.plan
    _lock_ranking(plan.pk)
    challenge.delete()
    remaining = list(Challenge.objects.filter(plan=plan).order_by("position", "pk"))
    _renumber(remaining)
    if not remaining:
        task_complete_for_tool(plan=plan, key=CHALLENGES_TASK, done=False)


@transaction.atomic
def challenges_set_complete(*, plan: Plan, complete: bool) -> Task | None:
    """The manager says the list is complete (its task is done) or reopens it."""
    if complete:
        check_can_complete(Challenge.objects.filter(plan=plan).count())
    return task_complete_for_tool(plan=plan, key=CHALLENGES_TASK, done=complete)
