"""The one-page report (``metrics.reports``) of a review or of today, for one reader.

Built in the reader's language (the caller activates it) from the figures the
page shows (``selectors.review_figures``/``standing_figures``), so the PDF
follows the same rules as the page.
"""

from __future__ import annotations

from typing import Any, cast

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from metrics.reports import model as report_model
from metrics.reports import render_pdf
from onboarding.core.i18n import format_date, format_measure, format_number, format_unit
from onboarding.models import Plan

from .rules import text_lines


def _number(value: float | None) -> str:
    """A figure as the review's page writes it ("82,4" in Russian, «۸۲٫۴» in Persian)."""
    if value is None:
        return ""
    return format_measure(value)


def build_report(
    plan: Plan,
    data: dict[str, Any],
    *,
    subtitle: str,
    asks: str = "",
    decisions: str = "",
    summary: str = "",
) -> report_model.Report:
    language = cast(report_model.Language, (translation.get_language() or "en")[:2])
    if language not in report_model.LANGUAGES:
        language = "en"
    risks = data.get("risks", {})
    risk_lines: list[str] = []
    if risks.get("overdue_tasks"):
        risk_lines.append(
            _("Overdue tasks: %(count)s") % {"count": format_number(risks["overdue_tasks"])}
        )
    for item in risks.get("blocked_quick_wins", []):
        risk_lines.append(_("Blocked: %(title)s") % {"title": item["title"]})
    people = data.get("people_overdue", {}).get("names", [])
    if people:
        risk_lines.append(
            _("Key people not contacted on time:")
            + " "
            + pgettext("list separator", ", ").join(people)
        )
    for title in data.get("worsening_titles", []):
        risk_lines.append(
            _("Getting worse in the monthly risk check: %(title)s") % {"title": title}
        )
    for name in risks.get("metrics_off_track", []):
        risk_lines.append(_("%(name)s is off track.") % {"name": name})
    ask_lines = [
        _("Budget: %(title)s (%(cost)s %(currency)s)")
        % {
            "title": item["title"],
            "cost": format_number(item["cost"]),
            "currency": data.get("currency", ""),
        }
        for item in data.get("budget_requests", [])
    ]
    ask_lines += text_lines(asks)
    ask_lines += [_("Decision needed: %(text)s") % {"text": line} for line in text_lines(decisions)]
    return report_model.Report(
        title=plan.title,
        subtitle=subtitle,
        language=language,
        date_line=format_date(plan.date_of_day(int(data.get("day", 0)))),
        phases=[
            report_model.PhaseProgress(
                name=phase["name"],
                percent_done=float(phase["percent"]),
                expected_percent=float(phase.get("expected", 0)),
            )
            for phase in data.get("phases", [])
        ],
        quick_wins=[
            report_model.QuickWin(
                title=item["title"],
                status=item.get("status_label", item["status"]),
                progress=float(item["progress"]),
            )
            for item in data.get("quick_wins", {}).get("committed", [])
        ],
        kpis=[
            report_model.KpiTile(
                name=tile["name"],
                value=_number(tile["latest"]),
                unit=format_unit(tile["unit"]),
                baseline=_number(tile["baseline"]),
                target=_number(tile["target"]),
                trend=[value for _day, value in tile.get("series", [])],
                on_track=tile["on_track"],
                baseline_value=tile["baseline"],
                target_value=tile["target"],
            )
            for tile in data.get("metrics", [])
        ],
        risks=risk_lines,
        asks=ask_lines,
        footer=plan.organisation.name,
        summary=summary,
        labels=report_model.ReportLabels(
            plan_progress=_("Progress by phase"),
            quick_wins=_("Quick wins"),
            kpis=_("Service metrics"),
            risks=_("Risks"),
            asks=_("Asks"),
            quick_win=_("Quick win"),
            status=_("Status"),
            progress=_("Progress"),
            expected=_("Expected by then"),
            baseline=_("Baseline"),
            target=_("Target"),
            on_track=_("On track"),
            off_track=_("Off track"),
            nothing=_("Nothing yet"),
            more=_("and %(count)d more"),
        ),
    )


def report_pdf(report: report_model.Report) -> bytes:
    return render_pdf(report)
