"""Published benchmarks to show beside a plan's values: the figure, its source and year.

From the facts gathered in shared/helpdesk-exports.md (2026). A benchmark is context, not a
target: the sources measure other companies, other channels and other years.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Benchmark:
    kpi: str  # a key of metrics.catalogue.CATALOGUE, or "fcr" (first-contact resolution)
    label: Promise
    value: float
    unit: str  # "hours", "%", "USD"
    comparison: str  # "<=", ">=", "avg", "min", "max"
    source: str
    year: str | None  # None where the source gives no year
    channel: str = ""


_ZENDESK = "Zendesk CX Trends"
_SQM = "SQM Group"

BENCHMARKS: tuple[Benchmark, ...] = (
    Benchmark("frt_median", _("E-mail first reply: good"), 12, "hours", "<=", _ZENDESK, "2020", "email"),
    Benchmark("frt_median", _("E-mail first reply: better"), 4, "hours", "<=", _ZENDESK, "2020", "email"),
    Benchmark("frt_median", _("E-mail first reply: best"), 1, "hours", "<=", _ZENDESK, "2020", "email"),
    Benchmark("frt_median", _("Chat first reply: good"), 1, "hours", "<=", _ZENDESK, "2020", "chat"),
    Benchmark("frt_median", _("Chat first reply: better"), 5 / 60, "hours", "<=", _ZENDESK, "2020", "chat"),
    Benchmark("frt_median", _("Chat first reply: best"), 1 / 60, "hours", "<=", _ZENDESK, "2020", "chat"),
    Benchmark("fcr", _("First-contact resolution: good (from)"), 70, "%", ">=", _SQM, "2021-22"),
    Benchmark("fcr", _("First-contact resolution: good (to)"), 79, "%", "<=", _SQM, "2021-22"),
    Benchmark("fcr", _("First-contact resolution: world-class"), 80, "%", ">=", _SQM, "2021-22"),
    Benchmark("cost_per_contact", _("Cost per ticket, North America average"), 15.56, "USD", "avg", "MetricNet", "2016"),
    Benchmark("cost_per_contact", _("Cost per ticket, North America lowest"), 2.93, "USD", "min", "MetricNet", "2016"),
    Benchmark("cost_per_contact", _("Cost per ticket, North America highest"), 46.69, "USD", "max", "MetricNet", "2016"),
    Benchmark("csat", _("CSAT world-class (top-box)"), 85, "%", ">=", _SQM, None),
)  # fmt: skip


def benchmarks_for(kpi: str, channel: str = "") -> tuple[Benchmark, ...]:
    """The benchmarks for a KPI; with ``channel``, those for that channel and the general ones.

    ``frt_p90`` has none of its own: the published first-reply figures are typical (median-like)
    times, so they are listed only beside ``frt_median``.
    """
    return tuple(
        b for b in BENCHMARKS if b.kpi == kpi and (not channel or b.channel in ("", channel))
    )


def benchmark_table() -> dict[str, tuple[Benchmark, ...]]:
    table: dict[str, list[Benchmark]] = {}
    for benchmark in BENCHMARKS:
        table.setdefault(benchmark.kpi, []).append(benchmark)
    return {kpi: tuple(items) for kpi, items in table.items()}
