"""SVG geometry for trend charts and sparklines, computed on the server.

Templates draw the SVG from these numbers, so no chart library and no inline
style is needed. ``rtl`` mirrors the time axis for right-to-left readers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    value: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    points: list[Point]
    baseline_y: float | None
    target_y: float | None
    y_min: float
    y_max: float

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def line_chart(
    series: list[tuple[dt.date, float]],
    *,
    baseline: float | None = None,
    target: float | None = None,
    width: int = 600,
    height: int = 200,
    pad: int = 24,
    rtl: bool = False,
) -> Chart:
    values = [v for _d, v in series] + [v for v in (baseline, target) if v is not None]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if high == low:
        high, low = high + 1, low - 1
    span = high - low
    low, high = low - span * 0.1, high + span * 0.1

    def y(value: float) -> float:
        return pad + (height - 2 * pad) * (high - value) / (high - low)

    count = len(series)
    points = []
    for index, (day, value) in enumerate(series):
        share = 0.5 if count == 1 else index / (count - 1)
        if rtl:
            share = 1 - share
        points.append(Point(pad + (width - 2 * pad) * share, y(value), day.isoformat(), value))
    return Chart(
        width=width,
        height=height,
        points=points,
        baseline_y=None if baseline is None else y(baseline),
        target_y=None if target is None else y(target),
        y_min=low,
        y_max=high,
    )
