"""Rules about measurements: weeks, direction, on track or not."""

from __future__ import annotations

from django.utils.translation import gettext as _

from onboarding.core.i18n import format_number

from .catalogue import Direction


# Measurements are weekly; a week starts on Monday whatever the reader's
# calendar, so every plan's figures line up.
def improvement(direction: str, before: float, after: float) -> float:
    """Positive when ``after`` is better than ``before``."""
    return after - before if direction == Direction.HIGHER else before - after


def expected_value(
    *, baseline: float, baseline_day: int, target: float, target_day: int, day: int
) -> float:
    """Where a metric should be on ``day`` if it moves in a straight line to its target."""
    if day >= target_day or target_day <= baseline_day:
        return target
    if day <= baseline_day:
        return baseline
    share = (day - baseline_day) / (target_day - baseline_day)
    return baseline + (target - baseline) * share


def on_track(
    *,
    direction: str,
    latest: float | None,
    baseline: float | None,
    baseline_day: int | None,
    target: float | None,
    target_day: int | None,
    day: int,
) -> bool | None:
    """True/False when a judgement is possible, None without a target or a value."""
    if latest is None or target is None or target_day is None:
        return None
    if baseline is None:
        return improvement(direction, target, latest) >= 0 if day >= target_day else None
    expected = expected_value(
        baseline=baseline,
        baseline_day=baseline_day if baseline_day is not None else 0,
        target=target,
        target_day=target_day,
        day=day,
    )
    return improvement(direction, expected, latest) >= 0


def change(previous: float | None, latest: float | None) -> float | None:
    if previous is None or latest is None:
        return None
    return latest - previous


def range_error(minimum: float | None, maximum: float | None, value: float) -> str | None:
    """A message when ``value`` lies outside what the metric can take, else None."""

    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        return _("This metric runs from %(low)s to %(high)s.") % {
            "low": "-∞" if minimum is None else format_number(f"{minimum:g}"),
            "high": "∞" if maximum is None else format_number(f"{maximum:g}"),
        }
    return None
