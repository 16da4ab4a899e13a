"""The one-page PDF report: describe it with the dataclasses, draw it with ``render_pdf``."""

from .model import Direction, KpiTile, Language, PhaseProgress, QuickWin, Report, ReportLabels
from .pdf import render_pdf

__all__ = [
    "Direction",
    "KpiTile",
    "Language",
    "PhaseProgress",
    "QuickWin",
    "Report",
    "ReportLabels",
    "render_pdf",
]
