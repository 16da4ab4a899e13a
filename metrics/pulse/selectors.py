"""Reads of the team pulse.

THE RULE for pulse answers is :func:`pulse_results`: nobody ever reads one
person's answer; a member with ``VIEW_PULSE_RESULTS`` (the manager, the
executive) reads the aggregates of a closed pulse that at least
``rules.min_answers()`` people answered, and otherwise only the count. The
pulse pages, the risk check, the diagnostic, the digest and the eNPS metric
all read through it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse

from metrics import formulas
from metrics.pulse import rules
from metrics.pulse.models import Pulse, PulseAnswer, PulseResponse
from onboarding.access import Right
from onboarding.models import Plan, User
from roadmap.pulse_slot import PulseInvite, PulseItemAverage, PulseSignal


def _with_aggregates(pulses: QuerySet[Pulse]) -> QuerySet[Pulse]:
    """Count, promoters, detractors and the item averages, in the same query."""
    return pulses.annotate(
        answer_count=Count("answers"),
        promoters=Count("answers", filter=Q(answers__enps__gte=9)),
        detractors=Count("answers", filter=Q(answers__enps__lte=6)),
        **{f"avg_{key}": Avg(f"answers__{key}") for key in rules.ITEM_KEYS},
    )


@dataclass(frozen=True)
class PulseResults:
    """What a reader may know of a pulse: always the count; the rest above the threshold."""

    pulse: Pulse
    answers: int
    threshold: int
    shown: bool
    enps: float | None = None
    items: list[PulseItemAverage] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    @property
    def missing(self) -> int:
        return max(0, self.threshold - self.answers)


def pulse_results(
    pulse: Pulse, rights: Collection[str], *, with_comments: bool = False
) -> PulseResults | None:
    """THE RULE: ``pulse`` (annotated by :func:`_with_aggregates`) as ``rights`` may see it.

    None for a reader without ``VIEW_PULSE_RESULTS``. The free text, when
    asked for, is one more query, shuffled, without names or times.
    """
    if Right.VIEW_PULSE_RESULTS not in rights:
        return None
    count = int(getattr(pulse, "answer_count", 0))
    threshold = rules.min_answers()
    # Only once closed: results that moved while it was open would show, by
    # their difference, the answer of whoever answered in between.
    if count < threshold or pulse.status != Pulse.Status.CLOSED:
        return PulseResults(pulse=pulse, answers=count, threshold=threshold, shown=False)
    comments: list[str] = []
    if with_comments:
        comments = [
            text
            for text in PulseAnswer.objects.filter(pulse=pulse)
            .exclude(comment="")
            .values_list("comment", flat=True)
        ]
        secrets.SystemRandom().shuffle(comments)
    return PulseResults(
        pulse=pulse,
        answers=count,
        threshold=threshold,
        shown=True,
        enps=formulas.nps_from_counts(pulse.promoters, pulse.detractors, count),  # type: ignore[attr-defined]
        items=[
            PulseItemAverage(item.key, item.title, float(getattr(pulse, f"avg_{item.key}")))
            for item in rules.ITEMS
        ],
        comments=comments,
    )


def plan_pulses(plan: Plan) -> QuerySet[Pulse]:
    return _with_aggregates(Pulse.objects.filter(plan=plan))


def pulse_for_results(plan: Plan, pulse_id: int) -> Pulse:
    return get_object_or_404(plan_pulses(plan), pk=pulse_id)


@dataclass(frozen=True)
class PulseRow:
    pulse: Pulse
    results: PulseResults | None


@dataclass(frozen=True)
class PulsePage:
    rows: list[PulseRow]
    open_pulse: Pulse | None
    next_due: dt.date  # when the next monthly pulse is suggested


def pulse_page(plan: Plan, rights: Collection[str], today: dt.date) -> PulsePage:
    """Every pulse of the plan, newest first, each as the reader may see it: one query."""
    pulses = list(plan_pulses(plan))
    open_pulse = next((p for p in pulses if p.status == Pulse.Status.OPEN), None)
    last = pulses[0].opens_on if pulses else None
    next_due = last + dt.timedelta(days=rules.CADENCE_DAYS) if last else today
    return PulsePage(
        rows=[PulseRow(p, pulse_results(p, rights)) for p in pulses],
        open_pulse=open_pulse,
        next_due=max(next_due, today),
    )


def latest_signal(plan: Plan, rights: Collection[str]) -> PulseSignal | None:
    """The latest closed pulse whose results ``rights`` may read, as a signal: one query."""
    if Right.VIEW_PULSE_RESULTS not in rights:
        return None
    latest = (
        plan_pulses(plan)
        .filter(status=Pulse.Status.CLOSED)
        .filter(answer_count__gte=rules.min_answers())  # type: ignore[misc]
        .order_by("-closed_on", "-opens_on", "-pk")
        .first()
    )
    if latest is None:
        return None
    results = pulse_results(latest, rights)
    if results is None or not results.shown or results.enps is None:
        return None
    return PulseSignal(
        closed_on=latest.closed_on or latest.closes_on,
        answers=results.answers,
        enps=results.enps,
        items=results.items,
    )


def answerable_pulse(plan: Plan, user: User, today: dt.date) -> Pulse | None:
    """The open pulse ``user`` may still answer today, or None: one query."""
    return (
        Pulse.objects.filter(
            plan=plan, status=Pulse.Status.OPEN, opens_on__lte=today, closes_on__gte=today
        )
        .annotate(answered=Exists(PulseResponse.objects.filter(pulse=OuterRef("pk"), user=user)))
        .filter(answered=False)
        .first()
    )


def pulse_invite(plan: Plan, user: User, rights: Collection[str]) -> PulseInvite | None:
    """For "My quick wins": the pulse this member may still answer (no query without the right)."""
    if Right.ANSWER_PULSE not in rights:
        return None
    pulse = answerable_pulse(plan, user, plan.local_today())
    if pulse is None:
        return None
    return PulseInvite(
        url=reverse("pulse_answer", kwargs={"plan_id": plan.pk, "pulse_id": pulse.pk}),
        closes_on=pulse.closes_on,
    )


def has_answered(pulse: Pulse, user: User) -> bool:
    return PulseResponse.objects.filter(pulse=pulse, user=user).exists()
