"""The measurement tools: the reboot diagnostic and the monthly risk check.

Writes are keyword-only functions named ``<entity>_<action>``; they check the
rules (``toolkit_rules.py``) even when a form already did. A completed
diagnostic marks its playbook task done; deleting the last one reopens it
(``roadmap.toolkit.task_complete_for_tool``). Reads are the selectors at the
end, each a fixed number of queries; :func:`risk_trend` feeds the dashboard's
risk list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, Subquery
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from onboarding.models import Plan, User

from .models import Diagnostic, DiagnosticAnswer, RiskCheck, RiskRating, SignAnswer
from .toolkit_rules import (
    DIAGNOSTIC_TASK,
    RATING_LABELS,
    RISK_ITEMS,
    RISKS_BY_KEY,
    SIGNS,
    Sign,
    SignInput,
    address_first,
    check_answers,
    check_ratings,
    compare,
    is_worse,
    month_start,
    score,
)

# ---------------------------------------------------------------- The reboot diagnostic


# metrics.dashboard may import this module's selectors (risk_trend), and the
# roadmap's services import metrics.dashboard: the writes import those lazily,
# so importing the selectors never closes that loop.


def _set_task(plan: Plan, *, done: bool) -> None:
    from roadmap.toolkit import task_complete_for_tool

    task_complete_for_tool(plan=plan, key=DIAGNOSTIC_TASK, done=done)


def _refresh_dashboard(plan: Plan) -> None:
    from onboarding.core.events import announce_plan_changed

    announce_plan_changed(plan.pk)


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
    _refresh_dashboard(plan)
    return diagnostic


@transaction.atomic
def diagnostic_delete(*, diagnostic: Diagnostic) -> None:
    """Remove a run; without any run left, the playbook task reopens."""
    plan = diagnostic.plan
    diagnostic.delete()
    if not Diagnostic.objects.filter(plan=plan).exists():
        _set_task(plan, done=False)
    _refresh_dashboard(plan)


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


# ---------------------------------------------------------------- The monthly risk check


@transaction.atomic
def risk_check_save(
    *,
    plan: Plan,
    user: User,
    today: dt.date,
    ratings: Mapping[str, tuple[int | None, str]],
) -> RiskCheck:
    """Rate every risk for this month; rating again in the same month replaces the ratings."""
    ratings = {key: (rating, note.strip()) for key, (rating, note) in ratings.items()}
    check_ratings(ratings)
    check, created = RiskCheck.objects.get_or_create(
        plan=plan, month=month_start(today), defaults={"created_by": user}
    )
    if not created:
        check.ratings.all().delete()
        check.save(update_fields=["updated_at"])
    RiskRating.objects.bulk_create(
        RiskRating(risk_check=check, item=key, rating=rating, note=note)
        for key, (rating, note) in ratings.items()
    )
    _refresh_dashboard(plan)
    return check


@dataclass(frozen=True)
class RiskCell:
    month: dt.date
    rating: int | None
    note: str
    worse: bool  # higher than the month before
    better: bool

    @property
    def label(self) -> str | Promise:
        return RATING_LABELS.get(self.rating, "") if self.rating else ""


@dataclass(frozen=True)
class RiskRow:
    key: str
    title: str | Promise
    question: str | Promise
    cells: list[RiskCell]  # oldest month first

    @property
    def latest(self) -> RiskCell | None:
        return self.cells[-1] if self.cells else None


@dataclass(frozen=True)
class RiskPage:
    month: dt.date
    current: RiskCheck | None  # this month's check, to edit
    current_ratings: dict[str, RiskRating]
    months: list[dt.date]  # oldest first
    rows: list[RiskRow]
    trends: list[RiskTrend] = field(default_factory=list)


MONTHS_SHOWN = 12


def risk_page(plan: Plan, today: dt.date) -> RiskPage:
    """This month's form, and a year of history by risk: two queries."""
    checks = list(
        RiskCheck.objects.filter(plan=plan)
        .order_by("-month")
        .prefetch_related("ratings")[:MONTHS_SHOWN]
    )
    checks.reverse()
    by_month = {check.month: {r.item: r for r in check.ratings.all()} for check in checks}
    months = [check.month for check in checks]
    rows = []
    for item in RISK_ITEMS:
        cells = []
        previous: int | None = None
        for month in months:
            rating = by_month[month].get(item.key)
            value = rating.rating if rating else None
            cells.append(
                RiskCell(
                    month=month,
                    rating=value,
                    note=rating.note if rating else "",
                    worse=is_worse(previous, value),
                    better=is_worse(value, previous),
                )
            )
            previous = value if value is not None else previous
        rows.append(RiskRow(key=item.key, title=item.title, question=item.question, cells=cells))
    this_month = month_start(today)
    current = checks[-1] if checks and checks[-1].month == this_month else None
    return RiskPage(
        month=this_month,
        current=current,
        current_ratings=by_month.get(this_month, {}),
        months=months,
        rows=rows,
        trends=_worse(months[-2], by_month[months[-2]], months[-1], by_month[months[-1]])
        if len(months) >= 2
        else [],
    )


@dataclass(frozen=True)
class RiskTrend:
    """A risk rated worse in the latest check than in the one before (1 best, 5 worst)."""

    item: str
    previous: int
    latest: int
    previous_month: dt.date
    latest_month: dt.date
    note: str = ""

    @property
    def title(self) -> str | Promise:
        risk = RISKS_BY_KEY.get(self.item)
        return risk.title if risk else self.item

    @property
    def latest_label(self) -> str | Promise:
        return RATING_LABELS.get(self.latest, "")

    @property
    def previous_label(self) -> str | Promise:
        return RATING_LABELS.get(self.previous, "")

    def as_data(self) -> dict[str, Any]:
        """JSON-safe, for the dashboard snapshot (labels are looked up when shown)."""
        return {
            "item": self.item,
            "previous": self.previous,
            "latest": self.latest,
            "previous_month": self.previous_month.isoformat(),
            "latest_month": self.latest_month.isoformat(),
            "note": self.note,
        }


def _worse(
    before: dt.date, old: Mapping[str, RiskRating], after: dt.date, new: Mapping[str, RiskRating]
) -> list[RiskTrend]:
    """The risks rated higher in the month ``after`` than in the month ``before``."""
    return [
        RiskTrend(
            item=item.key,
            previous=old[item.key].rating,
            latest=new[item.key].rating,
            previous_month=before,
            latest_month=after,
            note=new[item.key].note,
        )
        for item in RISK_ITEMS
        if item.key in old
        and item.key in new
        and is_worse(old[item.key].rating, new[item.key].rating)
    ]


def risk_trend(plan: Plan) -> list[RiskTrend]:
    """Risks whose latest monthly rating is worse than the previous month's: one query.

    In the order of the risk list; empty until there are two checks.
    """
    latest_two = RiskCheck.objects.filter(plan=plan).order_by("-month").values("pk")[:2]
    ratings = RiskRating.objects.filter(risk_check__in=Subquery(latest_two)).select_related(
        "risk_check"
    )
    by_month: dict[dt.date, dict[str, RiskRating]] = {}
    for rating in ratings:
        by_month.setdefault(rating.risk_check.month, {})[rating.item] = rating
    if len(by_month) < 2:
        return []
    before, after = sorted(by_month)
    return _worse(before, by_month[before], after, by_month[after])


def risk_state(plan: Plan) -> RiskCheck | None:
    """The latest check, for the toolkit hub (one query)."""
    return RiskCheck.objects.filter(plan=plan).order_by("-month").first()


def diagnostic_state(plan: Plan) -> tuple[Diagnostic | None, int]:
    """The latest run and how many there are, for the toolkit hub (one query)."""
    runs = list(
        Diagnostic.objects.filter(plan=plan)
        .order_by("-taken_on", "-pk")
        .only("pk", "taken_on", "day", "score")
    )
    return (runs[0] if runs else None, len(runs))
