"""Read helpdesk and survey exports and compute weekly support KPIs (no Django models).

Start with ``inspect_export`` (which tool, which column for what), then ``read_tickets`` or
``read_survey``; store ``TicketImport.records`` (as JSON) and pass them to ``merge_uploads``
when the same tool's export is uploaded again.
"""

from .benchmarks import BENCHMARKS, Benchmark, benchmark_table, benchmarks_for
from .compute import (
    TICKET_KPIS,
    Basis,
    NeedsMapping,
    Options,
    SlaTarget,
    Support,
    SurveyImport,
    SurveyWeek,
    TicketImport,
    WeekFigures,
    inspect_export,
    read_survey,
    read_tickets,
    supported_kpis,
    survey_from_table,
    ticket_figures,
    tickets_from_table,
    weekly_ticket_kpis,
)
from .errors import ExportRefused, RowError
from .merge import KPIChanges, MergeResult, WeekChange, merge_uploads
from .reading import MAX_BYTES, MAX_ROWS, Table, open_export, report_progress
from .recognise import Field, Kind, Recognition, Tool, recognise
from .records import TicketRecord

__all__ = [
    "BENCHMARKS",
    "MAX_BYTES",
    "MAX_ROWS",
    "TICKET_KPIS",
    "Basis",
    "Benchmark",
    "ExportRefused",
    "Field",
    "KPIChanges",
    "Kind",
    "MergeResult",
    "NeedsMapping",
    "Options",
    "Recognition",
    "RowError",
    "SlaTarget",
    "Support",
    "SurveyImport",
    "SurveyWeek",
    "Table",
    "TicketImport",
    "TicketRecord",
    "Tool",
    "WeekChange",
    "WeekFigures",
    "benchmark_table",
    "benchmarks_for",
    "inspect_export",
    "merge_uploads",
    "open_export",
    "read_survey",
    "read_tickets",
    "recognise",
    "report_progress",
    "supported_kpis",
    "survey_from_table",
    "ticket_figures",
    "tickets_from_table",
    "weekly_ticket_kpis",
]
