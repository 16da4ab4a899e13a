"""The one-page PDF report: describe it with the dataclasses, draw it with ``render_pdf``."""

from .model import Direction, KpiTile, Language, PhaseProgress, QuickWin, Report, ReportLabels


def render_pdf(report: Report) -> bytes:
    """``report`` drawn as a one-page PDF (``pdf.render_pdf``).

    fpdf2 and the font stack it pulls in (Pillow, fontTools, HarfBuzz) take
    about 35 MB in every process that imports them: they load on the first PDF,
    not in every web worker and Celery process at start-up.
    """
    from .pdf import render_pdf as draw

    return draw(report)


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
