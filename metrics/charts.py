"""Trend charts and sparklines: the data, in the reader's language, for Chart.js.

:func:`line_chart` returns a plain dict. Templates hand it to the browser with
Django's ``json_script`` filter (a ``<script type="application/json">`` block,
which the content-security policy allows because it is never executed) and
``static/js/charts.js`` draws it with the vendored Chart.js. The server decides
what the reader sees: the week labels in their calendar and digits (Jalali with
Persian digits in Persian), the translated legend and axis words, the reading
direction. The script decides only how it looks.

The unit is not part of the data: each template knows it and puts it on the
canvas (``data-unit``), so the views need not pass it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from onboarding.core.i18n import format_date

# What static/js/charts.js reads from the page (through json_script).
ChartData = dict[str, Any]


def line_chart(
    series: list[tuple[dt.date, float]],
    *,
    baseline: float | None = None,
    target: float | None = None,
    compact: bool = False,
    rtl: bool | None = None,
) -> ChartData:
    """The data of one trend chart, oldest week first.

    The canvas takes its size from the stylesheet; ``compact`` asks for a
    sparkline (no axes, no legend). ``rtl`` (default: the active language's
    direction) makes time run from right to left.
    """
    language = get_language() or "en"
    if rtl is None:
        rtl = get_language_bidi()
    values = [float(value) for _day, value in series]
    return {
        "compact": compact,
        "rtl": bool(rtl),
        "locale": language,
        "digits": "fa" if language[:2] == "fa" else "latn",
        "dates": [day.isoformat() for day, _value in series],
        # Under each week on the axis, and above the value in the tooltip.
        "labels": [format_date(day, "short") for day, _value in series],
        "titles": [format_date(day, "medium") for day, _value in series],
        "values": values,
        "baseline": None if baseline is None else float(baseline),
        "target": None if target is None else float(target),
        # The last value is marked with a larger point and its figure.
        "last": len(values) - 1 if values else None,
        "text": {
            # The axis is Measurement.period_start: its own (translated) name.
            "x_title": capfirst(_("week starting")),
            "values": _("Weekly values"),
            "baseline": _("Baseline"),
            "target": _("Target"),
            # "%(value)s" is replaced by the formatted value and unit in charts.js.
            "baseline_line": _("Baseline %(value)s"),
            "target_line": _("Target %(value)s"),
        },
    }


def tile_sparkline(tile: dict[str, Any]) -> ChartData | None:
    """The compact trend of a metric tile (``metrics.selectors.metric_tile``), or None without data."""
    series = [(dt.date.fromisoformat(day), value) for day, value in tile["series"]]
    if not series:
        return None
    return line_chart(series, baseline=tile["baseline"], target=tile["target"], compact=True)
