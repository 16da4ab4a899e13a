"""Reads of a plan's metrics for pages, the dashboard and the digests: tiles with their series."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from metrics.models import Measurement, PlanMetric
from metrics.rules import change, on_track
from onboarding.models import Plan

SPARKLINE_WEEKS = 12  # the weeks a tile's trend shows


def metric_tiles(plan: Plan, day: int) -> list[dict[str, Any]]:
    """Baseline, latest, previous, target and a sparkline for every metric: two queries."""
    metrics = list(PlanMetric.objects.filter(plan=plan))
    series: dict[int, list[tuple[str, float]]] = defaultdict(list)
    for metric_id, period, value in (
        Measurement.objects.filter(metric__plan=plan)
        .order_by("metric_id", "period_start")
        .values_list("metric_id", "period_start", "value")
    ):
        series[metric_id].append((period.isoformat(), value))
    return [metric_tile(metric, series.get(metric.pk, []), day) for metric in metrics]


def metric_tile(metric: PlanMetric, points: list[tuple[str, float]], day: int) -> dict[str, Any]:
    """One metric's figures from its (date, value) points, oldest first."""
    latest = points[-1][1] if points else None
    previous = points[-2][1] if len(points) > 1 else None
    return {
        "id": metric.pk,
        "key": metric.key,
        "name": metric.name,
        "unit": metric.unit,
        "direction": metric.direction,
        "baseline": metric.baseline,
        "target": metric.target,
        "target_day": metric.target_day,
        "latest": latest,
        "previous": previous,
        "change": change(previous, latest),
        "on_track": on_track(
            direction=metric.direction,
            latest=latest,
            baseline=metric.baseline,
            baseline_day=metric.baseline_day,
            target=metric.target,
            target_day=metric.target_day,
            day=day,
        ),
        "series": points[-SPARKLINE_WEEKS:],
    }
