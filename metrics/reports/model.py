"""What a one-page report says, as plain frozen dataclasses.

Nothing here knows about Django models, requests or translation: the caller
builds a :class:`Report` from the plan with every string already translated
and every date already formatted (Jalali with Persian digits for Persian), and
the renderer only draws it. Numbers the renderer prints itself (percentages,
the "and N more" count) get Persian digits when ``language`` is ``"fa"``.

Sequences may be passed as lists; they are stored as tuples so a report is
immutable and hashable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, cast

Language = Literal["en", "fa", "ru"]
Direction = Literal["ltr", "rtl"]

LANGUAGES: tuple[Language, ...] = ("en", "fa", "ru")
RTL_LANGUAGES: frozenset[str] = frozenset({"fa"})


@dataclass(frozen=True)
class PhaseProgress:
    """One phase of the plan (e.g. "Days 1-30") and how far along it is."""

    name: str
    percent_done: float
    """Share of the phase's tasks done, 0-100 (values outside are clamped when drawn)."""
    expected_percent: float | None = None
    """Where the phase should be by today, 0-100; drawn as a marker on the bar."""


@dataclass(frozen=True)
class QuickWin:
    """One row of the quick wins table."""

    title: str
    status: str
    """The status already translated ("In progress", "Готово", ...)."""
    progress: float
    """Percent done, 0-100."""


@dataclass(frozen=True)
class KpiTile:
    """One KPI: its latest value, where it started, where it should get, and its trend."""

    name: str
    value: str
    """The latest value, formatted by the caller ("4.6", "۴٫۶"); empty when there is none."""
    unit: str = ""
    baseline: str = ""
    """The baseline as text, shown after the ``baseline`` label; empty to leave it out."""
    target: str = ""
    """The target as text, shown after the ``target`` label; empty to leave it out."""
    trend: Sequence[float] = ()
    """Recent values, oldest first, for the sparkline (fewer than two: no line)."""
    on_track: bool | None = None
    """True or False draws the on/off track badge; None (unknown) draws none."""
    baseline_value: float | None = None
    """Optional: the baseline as a number, drawn as a dashed line on the sparkline."""
    target_value: float | None = None
    """Optional: the target as a number, drawn as a dashed line on the sparkline."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "trend", tuple(float(value) for value in self.trend))


@dataclass(frozen=True)
class ReportLabels:
    """Headings and small words on the page, translated by the caller.

    The English defaults are only a convenience for tests and previews.
    """

    plan_progress: str = "Plan progress"
    quick_wins: str = "Quick wins"
    kpis: str = "KPIs"
    risks: str = "Risks"
    asks: str = "Asks"
    quick_win: str = "Quick win"
    status: str = "Status"
    progress: str = "Progress"
    expected: str = "Expected by today"
    baseline: str = "Baseline"
    target: str = "Target"
    on_track: str = "On track"
    off_track: str = "Off track"
    nothing: str = "Nothing yet"
    more: str = "and %(count)d more"
    """Shown when a list is cut short; ``%(count)d`` is the number of items left out."""


@dataclass(frozen=True)
class Report:
    """Everything on the one-page report."""

    title: str
    """The plan's title."""
    subtitle: str
    """E.g. "Day 30 review" or "Where we stand today"."""
    language: Language
    date_line: str
    """The date (or date range) exactly as it should be printed."""
    phases: Sequence[PhaseProgress] = ()
    quick_wins: Sequence[QuickWin] = ()
    kpis: Sequence[KpiTile] = ()
    risks: Sequence[str] = ()
    asks: Sequence[str] = ()
    footer: str = ""
    summary: str = ""
    """The author's own words, under the header (at most three lines, then an ellipsis)."""
    labels: ReportLabels = field(default_factory=ReportLabels)
    direction: Direction | None = None
    """"rtl" or "ltr"; left out, it follows the language (Persian is right-to-left)."""

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}, not {self.language!r}")
        if self.direction is None:
            direction: Direction = "rtl" if self.language in RTL_LANGUAGES else "ltr"
            object.__setattr__(self, "direction", direction)
        elif self.direction not in ("ltr", "rtl"):
            raise ValueError(f"direction must be 'ltr' or 'rtl', not {self.direction!r}")
        for name in ("phases", "quick_wins", "kpis", "risks", "asks"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    @property
    def is_rtl(self) -> bool:
        return cast(str, self.direction) == "rtl"
