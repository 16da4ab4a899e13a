"""The service KPIs a plan can track, with their definitions.

Definitions are code (not rows) so every plan reads the same formula; a plan
chooses which to track and sets its own baseline and target.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise, StrPromise


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Source(StrEnum):
    """What a CSV import for the metric contains."""

    SCORES = "scores"  # one survey answer per row: date, score
    TICKETS = "tickets"  # one ticket per row: created, first response, resolved, SLA met, customer
    COSTS = "costs"  # one period per row: date, cost, contacts
    HELPDESK = "helpdesk"  # only from a helpdesk export (metrics/support_imports/)
    NONE = "none"  # entered by hand only


@dataclass(frozen=True)
class KPI:
    key: str
    name: StrPromise
    definition: StrPromise
    unit: StrOrPromise  # "%" needs no translation
    direction: Direction
    source: Source
    minimum: float | None = None
    maximum: float | None = None


CATALOGUE: dict[str, KPI] = {
    kpi.key: kpi
    for kpi in [
        KPI(
            "nps",
            _("Net Promoter Score (NPS)"),
            _(
                "Share of promoters (9-10) minus share of detractors (0-6) on the 0-10 "
                "“would you recommend us” question; passives (7-8) count in the total."
            ),
            _("points"),
            Direction.HIGHER,
            Source.SCORES,
            -100,
            100,
        ),
        KPI(
            "csat",
            _("Customer satisfaction (CSAT)"),
            _("Share of ratings of 4 or 5 on a 1-5 scale; unrated answers are left out."),
            "%",
            Direction.HIGHER,
            Source.SCORES,
            0,
            100,
        ),
        KPI(
            "ces",
            _("Customer effort score (CES)"),
            _("Share of answers from 5 to 7 on the 1-7 “how easy was it” scale."),
            "%",
            Direction.HIGHER,
            Source.SCORES,
            0,
            100,
        ),
        KPI(
            "frt_median",
            _("First response time, median"),
            _("Median hours from a ticket's creation to the first reply."),
            _("hours"),
            Direction.LOWER,
            Source.TICKETS,
            0,
        ),
        KPI(
            "frt_p90",
            _("First response time, 90th percentile"),
            # xgettext:no-python-format
            _("Hours within which 90% of tickets got their first reply."),
            _("hours"),
            Direction.LOWER,
            Source.TICKETS,
            0,
        ),
        KPI(
            "resolution_median",
            _("Resolution time, median"),
            _("Median hours from a ticket's creation to its resolution."),
            _("hours"),
            Direction.LOWER,
            Source.TICKETS,
            0,
        ),
        KPI(
            "resolution_p90",
            _("Resolution time, 90th percentile"),
            # xgettext:no-python-format
            _("Hours within which 90% of tickets were resolved."),
            _("hours"),
            Direction.LOWER,
            Source.TICKETS,
            0,
        ),
        KPI(
            "sla",
            _("SLA attainment"),
            _("Share of tickets that met their service-level target."),
            "%",
            Direction.HIGHER,
            Source.TICKETS,
            0,
            100,
        ),
        KPI(
            "enps",
            _("Employee NPS (eNPS)"),
            _(
                "Promoters minus detractors among the team on the 0-10 “would you recommend "
                "working here” question."
            ),
            _("points"),
            Direction.HIGHER,
            Source.SCORES,
            -100,
            100,
        ),
        KPI(
            "cost_per_contact",
            _("Cost per contact"),
            _("Cost of the service operation in the period divided by the contacts handled."),
            _("per contact"),
            Direction.LOWER,
            Source.COSTS,
            0,
        ),
        KPI(
            "repeat_contact",
            _("Repeat-contact rate"),
            _("Share of contacts from customers who got in touch more than once in the week."),
            "%",
            Direction.LOWER,
            Source.TICKETS,
            0,
            100,
        ),
        KPI(
            "reopen_rate",
            _("Reopen rate"),
            _("Share of solved tickets that were reopened at least once."),
            "%",
            Direction.LOWER,
            Source.HELPDESK,
            0,
            100,
        ),
        KPI(
            "tickets",
            _("Tickets per week"),
            _("Tickets created in the week, from the helpdesk export."),
            _("tickets"),
            Direction.LOWER,
            Source.HELPDESK,
            0,
        ),
    ]
}

CUSTOM = "custom"
