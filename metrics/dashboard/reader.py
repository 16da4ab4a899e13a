"""The dashboard's parts that depend on who reads it, computed when the page is shown.

The snapshot (``snapshot.py``) is shared by every reader of a plan; what one
reader may see and another may not is never put in it. Here, for one member:

- the stakeholder section (coverage counts, attitudes, overdue key people),
  through the register's rules (``stakeholders.selectors.visible_stakeholders``
  and ``assessment_rule``);
- the risk checks that got worse, through
  ``roadmap.toolkit.risk_checks.selectors.visible_risk_checks``;
- every interface word in the reader's language: catalogue metric names, and
  the playbook's phase names (:func:`roadmap.playbook.phase_text`).

Three queries at most (coverage, overdue people, risk trend), whatever the plan's size.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation

from metrics.catalogue import CATALOGUE
from onboarding.models import Membership, Plan
from roadmap.playbook import phase_text
from roadmap.toolkit.risk_checks.rules import RISKS_BY_KEY
from roadmap.toolkit.risk_checks.selectors import risk_trend
from stakeholders.selectors import (
    OverduePeople,
    StakeholderCoverage,
    overdue_key_stakeholders,
    stakeholder_coverage,
    viewer_or_none,
)

LIST_LIMIT = 5  # overdue key people named on the dashboard; "and N more" for the rest


@dataclass
class ReaderDashboard:
    people: StakeholderCoverage | None  # None: the role sees no stakeholder
    overdue: OverduePeople = field(default_factory=lambda: OverduePeople([], 0))
    attitude_rows: list[dict[str, Any]] = field(default_factory=list)
    worsening_checks: list[str] = field(default_factory=list)  # risk titles


def reader_dashboard(plan: Plan, membership: Membership, today: dt.date) -> ReaderDashboard:
    """What this member may see of the stakeholders and the risk checks."""
    viewer = viewer_or_none(membership)
    people = overdue = None
    attitude_rows: list[dict[str, Any]] = []
    if viewer is not None:
        people = stakeholder_coverage(plan, viewer)
        overdue = overdue_key_stakeholders(plan, viewer, today, limit=LIST_LIMIT)
        if people.shows_power:
            attitude_rows = [
                {"key": key or "unknown", "label": label, "count": count}
                for key, label, count in people.attitude_items
            ]
    checks = []
    for trend in risk_trend(plan, membership.rights):
        item = RISKS_BY_KEY.get(trend.item)
        checks.append(str(item.title) if item else trend.item)
    return ReaderDashboard(
        people=people,
        overdue=overdue or OverduePeople([], 0),
        attitude_rows=attitude_rows,
        worsening_checks=checks,
    )


# --- Interface words in the reader's language ------------------------------------


def reader_language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def localise_snapshot(data: dict[str, Any], plan: Plan) -> dict[str, Any]:
    """Put the reader's words into a copy of the snapshot's data (names by key and id)."""
    language = reader_language()
    for phase in data.get("phases", []):
        phase["name"] = phase_text(phase["key"], "name", phase["name"], plan.language, language)
    names: dict[int, str] = {}
    for tile in data.get("metrics", []):
        kpi = CATALOGUE.get(tile["key"])
        if kpi is not None:  # custom metrics keep their own name and unit
            tile["name"], tile["unit"] = str(kpi.name), str(kpi.unit)
        names[tile["id"]] = tile["name"]
    risks = data.setdefault("risks", {})
    risks["metrics_off_track"] = [
        names[metric_id] for metric_id in risks.get("metrics_off_track", []) if metric_id in names
    ]
    return data
