"""Reads of the challenges list: the ranked list with its links, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext as _

from onboarding.models import Plan
from roadmap.models import Task, TaskStatus
from roadmap.toolkit.challenges.rules import CHALLENGES_TASK
from roadmap.toolkit.models import Challenge, ChallengeOutcome
from roadmap.toolkit.playbook_tasks import linked_task


@dataclass
class ChallengesPage:
    challenges: list[Challenge]  # ranked; each has ``stakeholder`` (or None)
    task: Task | None

    @property
    def is_complete(self) -> bool:
        return self.task is not None and self.task.status == TaskStatus.DONE

    @property
    def count(self) -> int:
        return len(self.challenges)

    @property
    def outcome_counts(self) -> list[tuple[str, str, int]]:
        """(outcome, label, how many) for each outcome, in the outcomes' order."""
        return [
            (value, str(label), sum(1 for c in self.challenges if c.outcome == value))
            for value, label in ChallengeOutcome.choices
        ]


def _attach_stakeholders(plan: Plan, challenges: Sequence[Challenge]) -> None:
    """Resolve the soft stakeholder links in one query (none when nothing links)."""
    ids = {challenge.stakeholder_ref for challenge in challenges if challenge.stakeholder_ref}
    people = {person.pk: person for person in plan.stakeholders.filter(pk__in=ids)}
    for challenge in challenges:
        ref = challenge.stakeholder_ref
        challenge.stakeholder = people.get(ref) if ref is not None else None


def challenges_page(plan: Plan) -> ChallengesPage:
    """The ranked list with its links, and the task it fulfils: three queries."""
    challenges = list(
        Challenge.objects.filter(plan=plan)
        .select_related("metric", "quick_win", "task")
        .order_by("position", "pk")
    )
    _attach_stakeholders(plan, challenges)
    return ChallengesPage(challenges=challenges, task=linked_task(plan, CHALLENGES_TASK))


def challenge_for_update(plan: Plan, challenge_id: int) -> Challenge:
    """A challenge of this plan, or 404: another plan's id is never found."""
    challenge = (
        Challenge.objects.filter(plan=plan).select_related("plan").filter(pk=challenge_id).first()
    )
    if challenge is None:
        raise Http404(_("No such challenge."))
    return challenge
