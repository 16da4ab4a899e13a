"""Reads of the reboot diagnostic: history, one result compared with the run before, state."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, Subquery
from django.http import Http404
from django.utils.translation import gettext as _

from onboarding.models import Plan
from roadmap.toolkit.diagnostic.rules import SIGNS, Sign, address_first, compare
from roadmap.toolkit.models import Diagnostic, DiagnosticAnswer, SignAnswer


@dataclass(frozen=True)
class DiagnosticRow:
    """One run in the history, with what changed since the run before it."""

    diagnostic: Diagnostic
    present: int
    partly: int
    change: int | None  # score points since the previous run


def diagnostic_history(plan: Plan) -> list[DiagnosticRow]:
    """Every run, newest first, with its counts and change: one query."""
    runs = list(
        Diagnostic.objects.filter(plan=plan)
        .annotate(
            present=Count("answers", filter=Q(answers__answer=SignAnswer.YES)),
            partly=Count("answers", filter=Q(answers__answer=SignAnswer.PARTLY)),
        )
        .order_by("-taken_on", "-pk")
    )
    rows = []
    for index, run in enumerate(runs):
        previous = runs[index + 1] if index + 1 < len(runs) else None
        rows.append(
            DiagnosticRow(
                diagnostic=run,
                present=run.present,
                partly=run.partly,
                change=None if previous is None else run.score - previous.score,
            )
        )
    return rows


@dataclass(frozen=True)
class SignResult:
    sign: Sign
    answer: DiagnosticAnswer | None
    previous: DiagnosticAnswer | None
    trend: str  # "better", "worse", "same" or "new"


@dataclass(frozen=True)
class DiagnosticResult:
    diagnostic: Diagnostic
    previous: Diagnostic | None
    signs: list[SignResult]
    address_first: list[Sign]

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.diagnostic.score - self.previous.score

    @property
    def change_points(self) -> int:
        """The size of the change, without its sign (the words say which way)."""
        return abs(self.change or 0)

    @property
    def present(self) -> int:
        return sum(1 for row in self.signs if row.answer and row.answer.answer == "yes")

    @property
    def partly(self) -> int:
        return sum(1 for row in self.signs if row.answer and row.answer.answer == "partly")


def _earlier(plan: Plan, diagnostic: Diagnostic) -> Diagnostic | None:
    return (
        Diagnostic.objects.filter(plan=plan)
        .filter(
            Q(taken_on__lt=diagnostic.taken_on)
            | Q(taken_on=diagnostic.taken_on, pk__lt=diagnostic.pk)
        )
        .order_by("-taken_on", "-pk")
        .first()
    )


def diagnostic_result(plan: Plan, diagnostic_id: int) -> DiagnosticResult:
    """One run with its answers, what to address first, and the run before it: three queries.

    Another plan's id is a 404.
    """
    diagnostic = (
        Diagnostic.objects.filter(plan=plan, pk=diagnostic_id).select_related("created_by").first()
    )
    if diagnostic is None:
        raise Http404(_("No such diagnostic."))
    previous = _earlier(plan, diagnostic)
    ids = [diagnostic.pk] + ([previous.pk] if previous else [])
    answers: dict[tuple[int, str], DiagnosticAnswer] = {
        (answer.diagnostic_id, answer.sign): answer
        for answer in DiagnosticAnswer.objects.filter(diagnostic_id__in=ids)
    }
    signs = []
    for sign in SIGNS:
        answer = answers.get((diagnostic.pk, sign.key))
        before = answers.get((previous.pk, sign.key)) if previous else None
        signs.append(
            SignResult(
                sign=sign,
                answer=answer,
                previous=before,
                trend=compare(before.answer if before else None, answer.answer)
                if answer
                else "new",
            )
        )
    given = {key: answer.answer for (run, key), answer in answers.items() if run == diagnostic.pk}
    return DiagnosticResult(
        diagnostic=diagnostic, previous=previous, signs=signs, address_first=address_first(given)
    )


def latest_answers(plan: Plan) -> dict[str, DiagnosticAnswer]:
    """The latest run's answers by sign, to show beside a new run's questions: one query."""
    latest = Diagnostic.objects.filter(plan=plan).order_by("-taken_on", "-pk").values("pk")[:1]
    return {
        answer.sign: answer
        for answer in DiagnosticAnswer.objects.filter(
            diagnostic__in=Subquery(latest)
        ).select_related("diagnostic")
    }


def diagnostic_for_update(plan: Plan, diagnostic_id: int) -> Diagnostic:
    diagnostic = (
        Diagnostic.objects.filter(plan=plan, pk=diagnostic_id).select_related("plan").first()
    )
    if diagnostic is None:
        raise Http404(_("No such diagnostic."))
    return diagnostic


def diagnostic_state(plan: Plan) -> tuple[Diagnostic | None, int]:
    """The latest run and how many there are, for the toolkit hub (one query)."""
    runs = list(
        Diagnostic.objects.filter(plan=plan)
        .order_by("-taken_on", "-pk")
        .only("pk", "taken_on", "day", "score")
    )
    return (runs[0] if runs else None, len(runs))
