"""Writes to a plan's metrics. Each one asks for a dashboard refresh."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from onboarding.core.calendar import week_start
from onboarding.core.events import announce_plan_changed
from onboarding.core.versioning import save_versioned
from onboarding.models import Plan, User

from .catalogue import CATALOGUE, CUSTOM
from .imports import WeeklyValues
from .models import Measurement, PlanMetric


def metric_add(
    *,
    plan: Plan,
    key: str,
    custom_name: str = "",
    custom_unit: str = "",
    custom_direction: str = "higher",
) -> PlanMetric:
    if key != CUSTOM and key not in CATALOGUE:
        raise ValidationError({"key": _("Unknown metric.")})
    if key == CUSTOM and not custom_name.strip():
        raise ValidationError({"custom_name": _("Give your custom metric a name.")})
    try:
        with transaction.atomic():
            metric = PlanMetric.objects.create(
                plan=plan,
                key=key,
                custom_name=custom_name.strip() if key == CUSTOM else "",
                custom_unit=custom_unit.strip() if key == CUSTOM else "",
                custom_direction=custom_direction,
            )
    except IntegrityError:
        raise ValidationError(_("The plan already tracks this metric.")) from None
    announce_plan_changed(plan.pk)
    return metric


def metric_set_goals(
    *,
    metric: PlanMetric,
    baseline: float | None,
    baseline_day: int | None,
    target: float | None,
    target_day: int | None,
    expected_version: int | None = None,
) -> PlanMetric:
    save_versioned(
        PlanMetric.objects.all(),
        metric,
        expected_version=expected_version,
        baseline=baseline,
        baseline_day=baseline_day,
        target=target,
        target_day=target_day,
    )
    announce_plan_changed(metric.plan_id)
    return metric


@transaction.atomic
def metric_remove(*, metric: PlanMetric) -> None:
    plan_id = metric.plan_id
    wait_for_imports(plan_id)
    metric.delete()
    announce_plan_changed(plan_id)


def wait_for_imports(plan_id: int) -> None:
    """Wait for a helpdesk import storing this plan's weeks (it holds the plan's lock).

    The import then never writes over a value typed meanwhile, and the locks are
    always taken in the same order (plan, then metric, then weeks), so a removal
    and an import cannot deadlock.
    """
    Plan.objects.select_for_update(no_key=True).filter(pk=plan_id).values_list(
        "pk", flat=True
    ).first()


class WeekHasValue(Exception):
    """The week already has a value the user has not agreed to replace."""

    def __init__(self, existing: Measurement) -> None:
        super().__init__("the week already has a value")
        self.existing = existing


def replacement_token(measurement: Measurement) -> str:
    """Names the exact value a user agreed to replace (a newer one is a different token)."""
    return f"{measurement.pk}:{measurement.recorded_at.isoformat()}"


@transaction.atomic
def measurement_record(
    *,
    metric: PlanMetric,
    day: dt.date,
    value: float,
    sample_size: int | None,
    user: User,
    replaces: str = "",
) -> Measurement:
    """Record the value of the week containing ``day``.

    A week that already has a value keeps it unless ``replaces`` names that
    very value (:func:`replacement_token`): the user saw it and chose to
    replace it. Otherwise :class:`WeekHasValue` says what would be lost.
    """
    week = week_start(day)
    wait_for_imports(metric.plan_id)
    existing = (
        Measurement.objects.select_for_update().filter(metric=metric, period_start=week).first()
    )
    if existing is not None and replaces != replacement_token(existing):
        raise WeekHasValue(existing)
    values = {
        "value": value,
        "sample_size": sample_size,
        "origin": Measurement.Origin.MANUAL,
        "recorded_by": user,
    }
    try:
        with transaction.atomic():
            measurement, _created = Measurement.objects.update_or_create(
                metric=metric, period_start=week, defaults=values
            )
    except IntegrityError:  # someone recorded the same week at this very moment
        raise WeekHasValue(Measurement.objects.get(metric=metric, period_start=week)) from None
    announce_plan_changed(metric.plan_id)
    return measurement


@transaction.atomic
def measurement_delete(*, measurement: Measurement) -> bool:
    """Delete the value the user saw; False when it is no longer there.

    A helpdesk import storing the same week meanwhile replaces the row (the
    delete waits for it): the week's new value is then not the one the user
    chose to delete, so nothing is deleted and the caller says so.
    """
    plan_id = measurement.metric.plan_id
    wait_for_imports(plan_id)
    deleted, _rows = Measurement.objects.filter(pk=measurement.pk).delete()
    if deleted:
        announce_plan_changed(plan_id)
    return bool(deleted)


@dataclass(frozen=True)
class Imported:
    weeks: int  # weeks stored from the file
    kept: list[dt.date]  # weeks whose value typed by hand was kept, the file's skipped


@transaction.atomic
def measurements_import(
    *, metric: PlanMetric, weekly: WeeklyValues, user: User, replace_typed: bool = False
) -> Imported:
    """Store every computed week at once, replacing earlier imports of those weeks.

    A value typed by hand is replaced only with ``replace_typed`` (the user ticked
    it); otherwise its week keeps it and the file's value for it is skipped.
    """
    wait_for_imports(metric.plan_id)
    weeks = list(weekly.values)
    kept = (
        []
        if replace_typed
        else sorted(
            Measurement.objects.select_for_update()
            .filter(metric=metric, period_start__in=weeks, origin=Measurement.Origin.MANUAL)
            .values_list("period_start", flat=True)
        )
    )
    stored = [week for week in weeks if week not in kept]
    Measurement.objects.filter(metric=metric, period_start__in=stored).delete()
    Measurement.objects.bulk_create(
        Measurement(
            metric=metric,
            period_start=week,
            value=weekly.values[week][0],
            sample_size=weekly.values[week][1],
            origin=Measurement.Origin.IMPORT,
            recorded_by=user,
        )
        for week in stored
    )
    if stored:
        announce_plan_changed(metric.plan_id)
    return Imported(weeks=len(stored), kept=kept)
