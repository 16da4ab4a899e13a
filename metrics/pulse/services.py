"""Writes of the team pulse: open, word, answer, close (eNPS measured on close)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from metrics import formulas
from metrics.models import Measurement, PlanMetric
from metrics.pulse import rules
from metrics.pulse.models import Pulse, PulseAnswer, PulseResponse
from metrics.services import wait_for_imports
from onboarding.core.calendar import week_start
from onboarding.core.events import announce_plan_changed
from onboarding.core.versioning import save_versioned
from onboarding.models import Plan, User


class PulseClosed(Exception):
    """The pulse takes no answer (closed, not open yet, or past its closing day)."""


class AlreadyAnswered(Exception):
    """This person answered this pulse already."""


def pulse_open(*, plan: Plan, opens_on: dt.date, closes_on: dt.date, today: dt.date) -> Pulse:
    """Open a pulse (or schedule it for a later day); the plan's last wording is kept."""
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("The pulse must close on or after its first day.")})
    if closes_on < today:
        raise ValidationError({"closes_on": _("The closing day has already passed.")})
    last = Pulse.objects.filter(plan=plan).order_by("-opens_on", "-pk").first()
    try:
        with transaction.atomic():
            pulse = Pulse.objects.create(
                plan=plan,
                opens_on=opens_on,
                closes_on=closes_on,
                questions=dict(last.questions) if last else {},
            )
    except IntegrityError:
        raise ValidationError(
            _("A pulse is already open. Close it before opening another.")
        ) from None
    return pulse


def pulse_set_questions(
    *, pulse: Pulse, questions: Mapping[str, str], expected_version: int
) -> Pulse:
    """The plan's own wording; only before anyone answered, so every answer had the same.

    Raises :class:`StaleVersion` when the wording changed since ``expected_version``.
    """
    with transaction.atomic():
        locked = Pulse.objects.select_for_update().get(pk=pulse.pk)
        if locked.status != Pulse.Status.OPEN:
            raise ValidationError(_("This pulse is closed; its questions can no longer change."))
        if PulseResponse.objects.filter(pulse=locked).exists():
            raise ValidationError(
                _("Someone has already answered; the questions can no longer change.")
            )
        standard = {key: str(text) for key, text in rules.standard_wording().items()}
        wording = {
            key: text.strip()
            for key, text in questions.items()
            if key in rules.QUESTION_KEYS and text.strip() and text.strip() != standard[key]
        }
        save_versioned(
            Pulse.objects.filter(plan_id=locked.plan_id),
            locked,
            expected_version=expected_version,
            questions=wording,
        )
    return locked


def pulse_answer(
    *, pulse: Pulse, user: User, today: dt.date, scores: Mapping[str, int], comment: str
) -> None:
    """Record one anonymous answer and that ``user`` answered, in one transaction.

    Raises :class:`PulseClosed` or :class:`AlreadyAnswered`; a concurrent
    second answer is caught by the unique (pulse, user) constraint.
    """
    if not 0 <= scores[rules.ENPS_KEY] <= 10 or any(
        not 1 <= scores[key] <= 5 for key in rules.ITEM_KEYS
    ):
        raise ValidationError(_("An answer is out of range."))
    try:
        with transaction.atomic():
            locked = Pulse.objects.select_for_update().get(pk=pulse.pk)
            if not rules.is_answerable(locked.status, locked.opens_on, locked.closes_on, today):
                raise PulseClosed
            PulseResponse.objects.create(pulse=locked, user=user)
            PulseAnswer.objects.create(
                pulse=locked,
                enps=scores[rules.ENPS_KEY],
                comment=comment.strip()[: rules.COMMENT_MAX],
                **{key: scores[key] for key in rules.ITEM_KEYS},
            )
    except IntegrityError:
        raise AlreadyAnswered from None


@dataclass(frozen=True)
class PulseResult:
    """What closing a pulse did to the plan's eNPS."""

    enps: float | None  # None: too few answers for a result
    measurement: Measurement | None  # the pulse's eNPS, now on the metric's trend
    kept: Measurement | None = None  # the week's value typed by hand, kept instead


def pulse_close(*, pulse: Pulse, today: dt.date, user: User | None) -> PulseResult:
    """Close the pulse; from the threshold on, its eNPS becomes the plan's eNPS measurement.

    The plan tracks the catalogue's eNPS metric from its first such pulse,
    which is also the metric's baseline. A value typed by hand for the same
    week is never replaced silently: it stays, and the result says so.
    """
    with transaction.atomic():
        locked = Pulse.objects.select_for_update().get(pk=pulse.pk)
        if locked.status == Pulse.Status.CLOSED:
            raise ValidationError(_("This pulse is already closed."))
        locked.status = Pulse.Status.CLOSED
        locked.closed_on = today
        locked.save(update_fields=["status", "closed_on"])
        answers = PulseAnswer.objects.filter(pulse=locked)
        total = answers.count()
        result = PulseResult(enps=None, measurement=None)
        score = (
            formulas.nps_from_counts(
                answers.filter(enps__gte=9).count(), answers.filter(enps__lte=6).count(), total
            )
            if total >= rules.min_answers()
            else None
        )
        if score is not None:
            # As every write of weeks: a value typed (or imported) meanwhile is seen, not lost.
            wait_for_imports(locked.plan_id)
            metric, _created = PlanMetric.objects.get_or_create(plan=locked.plan, key="enps")
            if metric.baseline is None:
                PlanMetric.objects.filter(pk=metric.pk).update(
                    baseline=score, baseline_day=locked.plan.day_number(today)
                )
            week = week_start(today)
            typed = (
                Measurement.objects.select_for_update()
                .filter(metric=metric, period_start=week, origin=Measurement.Origin.MANUAL)
                .first()
            )
            if typed is not None:
                result = PulseResult(enps=score, measurement=None, kept=typed)
            else:
                measurement, _created = Measurement.objects.update_or_create(
                    metric=metric,
                    period_start=week,
                    defaults={
                        "value": score,
                        "sample_size": total,
                        "origin": Measurement.Origin.PULSE,
                        "recorded_by": user,
                    },
                )
                result = PulseResult(enps=score, measurement=measurement)
    pulse.status, pulse.closed_on = locked.status, locked.closed_on
    announce_plan_changed(locked.plan_id)
    return result


def pulses_close_due(*, now: dt.datetime) -> int:
    """Close every open pulse whose closing day is over in its plan's time zone.

    Idempotent: a pulse closed meanwhile (by its manager or a second run) is skipped.
    """
    closed = 0
    for pulse in Pulse.objects.filter(
        status=Pulse.Status.OPEN, closes_on__lt=now.date() + dt.timedelta(days=1)
    ).select_related("plan"):
        today = pulse.plan.local_today(now)
        if pulse.closes_on >= today:
            continue
        try:
            pulse_close(pulse=pulse, today=today, user=None)
        except ValidationError:
            continue
        closed += 1
    return closed
