"""From an export to weekly KPIs: tickets (reply and resolution times, SLA, CSAT, reopens,
repeat contacts, volume, with splits by channel and group) and surveys (NPS, CSAT, CES, eNPS).

Rows are turned into minimal records as they are read; a row with a date or duration that
cannot be read is skipped and listed with its line. Weeks start on Monday in the caller's
time zone (``metrics.rules.week_start``).
"""

from __future__ import annotations

import datetime as dt
import sys
import zoneinfo
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from metrics import formulas
from onboarding.core.calendar import week_start

from .errors import ExportRefused, RowError, ValueProblem
from .reading import Cell, Source, Table, open_export, report_progress
from .recognise import Field, Kind, Recognition, SlaStyle, Tool, recognise
from .records import TicketRecord
from .values import (
    Naive,
    Unit,
    jira_sla_met,
    parse_count,
    parse_datetime,
    parse_duration,
    parse_flag,
    parse_number,
    parse_satisfaction,
    parse_score,
    requester_key,
    text_of,
    zone_named,
)

TICKET_KPIS = (
    "tickets",
    "frt_median",
    "frt_p90",
    "resolution_median",
    "resolution_p90",
    "sla",
    "csat",
    "reopen_rate",
    "repeat_contact",
)
SURVEY_SCALES = {"nps": (0, 10), "enps": (0, 10), "csat": (1, 5), "ces": (1, 7)}
MAX_LISTED_ERRORS = 1000

Figures = dict[str, float | None]
T = TypeVar("T")


class Basis(StrEnum):
    CALENDAR = "calendar"
    BUSINESS = "business"


@dataclass(frozen=True)
class SlaTarget:
    """The caller's targets, in hours, used when the file has no breach fields."""

    first_reply_hours: float | None = None
    resolution_hours: float | None = None


@dataclass(frozen=True)
class Options:
    zone: str = "UTC"  # the plan's zone: weeks, and naive timestamps unless the tool says UTC
    basis: Basis = Basis.CALENDAR
    sla_by_priority: Mapping[str, SlaTarget] = field(default_factory=dict)
    sla_by_channel: Mapping[str, SlaTarget] = field(default_factory=dict)
    requester_secret: bytes = b""  # the same for every upload of a plan
    day_first: bool | None = None  # numeric dates like 03/04/2026; None: the tool's habit

    @property
    def has_targets(self) -> bool:
        return bool(self.sla_by_priority or self.sla_by_channel)


@dataclass(frozen=True)
class WeekFigures:
    week: dt.date  # the Monday
    values: Figures
    by_channel: Mapping[str, Figures] = field(default_factory=dict)
    by_group: Mapping[str, Figures] = field(default_factory=dict)


@dataclass(frozen=True)
class Support:
    """Which KPIs the file can give, and why not for the others."""

    supported: tuple[str, ...]
    unsupported: Mapping[str, Promise | str]


@dataclass(frozen=True)
class TicketImport:
    recognition: Recognition
    basis: Basis
    zone: str
    support: Support
    records: tuple[TicketRecord, ...]
    weeks: tuple[WeekFigures, ...]
    rows_read: int
    rows_used: int
    rows_skipped: int
    errors: tuple[RowError, ...]  # the first MAX_LISTED_ERRORS
    duplicates: int = 0  # rows whose ticket id appeared again later (the later row counts)

    def week(self, monday: dt.date) -> WeekFigures | None:
        return next((w for w in self.weeks if w.week == monday), None)


@dataclass(frozen=True)
class SurveyWeek:
    week: dt.date
    value: float | None
    responses: int


@dataclass(frozen=True)
class SurveyImport:
    recognition: Recognition
    kpi: str
    question: str
    zone: str
    weeks: tuple[SurveyWeek, ...]
    rows_read: int
    rows_used: int
    rows_skipped: int
    rows_ignored: int  # unanswered, or another survey type (Delighted)
    errors: tuple[RowError, ...]

    def week(self, monday: dt.date) -> SurveyWeek | None:
        return next((w for w in self.weeks if w.week == monday), None)


class NeedsMapping(ExportRefused):
    """The tool was not recognised (or lacks the creation date): the caller maps the columns."""

    def __init__(self, recognition: Recognition) -> None:
        super().__init__(
            _(
                "We could not tell which tool wrote this file. Choose which column holds "
                "each value: %(headers)s"
            ),
            headers=", ".join(recognition.headers),
        )
        self.recognition = recognition


# --- what a file can support -----------------------------------------------------------------


def supported_kpis(recognition: Recognition, options: Options | None = None) -> Support:
    options = options or Options()
    has = set(recognition.mapping)
    business = options.basis is Basis.BUSINESS
    unsupported: dict[str, Promise | str] = {}
    if business:
        frt = Field.FIRST_REPLY_BUSINESS in has
        resolution = Field.RESOLUTION_BUSINESS in has
    else:
        frt = bool({Field.FIRST_REPLY, Field.FIRST_REPLY_AT} & has)
        resolution = bool({Field.RESOLUTION, Field.SOLVED_AT} & has)
    if not frt:
        if recognition.tool is Tool.JIRA:
            unsupported["frt"] = _(
                "Jira's export holds the time left against the SLA goal, not the time to "
                "the first reply."
            )
        elif business and bool({Field.FIRST_REPLY, Field.FIRST_REPLY_AT} & has):
            unsupported["frt"] = _("The file has first reply times in calendar time only.")
        else:
            unsupported["frt"] = _("The file has no first reply time or timestamp.")
    if not resolution:
        if business and bool({Field.RESOLUTION, Field.SOLVED_AT} & has):
            unsupported["resolution"] = _("The file has resolution times in calendar time only.")
        else:
            unsupported["resolution"] = _("The file has no resolution time or solved date.")
    sla_fields = {Field.SLA_FIRST_REPLY, Field.SLA_RESOLUTION, Field.SLA_DUE, Field.OVERDUE}
    sla = bool(sla_fields & has) or (options.has_targets and (frt or resolution))
    if not sla:
        unsupported["sla"] = _(
            "The file says nothing about SLA breaches; give targets per priority or channel."
        )
    if Field.SATISFACTION not in has:
        unsupported["csat"] = _("The file has no satisfaction rating.")
    if Field.REOPENS not in has:
        unsupported["reopen_rate"] = _("The file has no reopen count.")
    if Field.REQUESTER not in has:
        unsupported["repeat_contact"] = _("The file does not say who asked.")
    supported = ["tickets"]
    for key in TICKET_KPIS[1:]:
        family = key.split("_")[0] if key.startswith(("frt", "resolution")) else key
        if family not in unsupported:
            supported.append(key)
    return Support(tuple(supported), unsupported)


# --- one row -> one record ---------------------------------------------------------------------


class _RowProblem(Exception):
    def __init__(self, column: str, value: Cell, problem: ValueProblem) -> None:
        super().__init__(problem.reason)
        self.column = column
        self.value = text_of(value)
        self.problem = problem


_NO_ID = _("The row has no ticket id in “%(column)s”.")
_NO_CREATED = _("The row has no creation date in “%(column)s”.")
_NO_DATE = _("The answer has no date in “%(column)s”.")
_BEFORE_CREATED = _("“%(value)s” in “%(column)s” is before the ticket was created.")


class _RowReader:
    """Turns cells into a TicketRecord for one recognised file and one set of options."""

    def __init__(self, recognition: Recognition, options: Options) -> None:
        self.recognition = recognition
        self.options = options
        self.zone = zone_named(options.zone)
        self.index = {name: recognition.headers.index(h) for name, h in recognition.mapping.items()}
        self.naive = Naive.LOCAL if recognition.naive is Naive.HEADER else recognition.naive
        self.day_first = recognition.day_first if options.day_first is None else options.day_first
        self.business = options.basis is Basis.BUSINESS
        self.tool = recognition.tool.value
        self.secret = options.requester_secret
        self.targets_priority = {k.casefold(): v for k, v in options.sla_by_priority.items()}
        self.targets_channel = {k.casefold(): v for k, v in options.sla_by_channel.items()}

    def cell(self, cells: Sequence[Cell], name: Field) -> Cell:
        position = self.index.get(name)
        if position is None or position >= len(cells):
            return None
        return cells[position]

    def parse(self, cells: Sequence[Cell], name: Field, parser: Callable[[Cell], T]) -> T:
        value = self.cell(cells, name)
        try:
            return parser(value)
        except ValueProblem as problem:
            raise _RowProblem(self.recognition.mapping[name], value, problem) from problem

    def moment(self, cells: Sequence[Cell], name: Field) -> dt.datetime | None:
        if name not in self.index:
            return None
        header_zone = self.recognition.zones.get(name)
        zone = zone_named(header_zone) if header_zone else self.zone
        result = self.parse(
            cells,
            name,
            lambda v: parse_datetime(v, zone=zone, naive=self.naive, day_first=self.day_first),
        )
        return result

    def hours(self, cells: Sequence[Cell], name: Field) -> float | None:
        if name not in self.index:
            return None
        unit = self.recognition.units.get(name, Unit.HOURS)
        result = self.parse(cells, name, lambda v: parse_duration(v, unit))
        return result

    def since(
        self,
        cells: Sequence[Cell],
        created: dt.datetime,
        end: dt.datetime | None,
        name: Field,
    ) -> float | None:
        """Hours from creation to ``end`` (read from column ``name``), computed when the
        tool left the duration cell empty."""
        if end is None:
            return None
        hours = (end - created).total_seconds() / 3600
        if hours < 0:
            raise _RowProblem(
                self.recognition.mapping[name],
                self.cell(cells, name),
                ValueProblem(_BEFORE_CREATED),
            )
        return hours

    def flag(self, cells: Sequence[Cell], name: Field) -> bool | None:
        if name not in self.index:
            return None
        result = self.parse(cells, name, parse_flag)
        return result

    def record(self, cells: Sequence[Cell]) -> TicketRecord:
        ticket_id = text_of(self.cell(cells, Field.ID))
        if not ticket_id:
            raise _RowProblem(
                self.recognition.mapping.get(Field.ID, ""), None, ValueProblem(_NO_ID)
            )
        created = self.moment(cells, Field.CREATED)
        if created is None:
            raise _RowProblem(
                self.recognition.mapping[Field.CREATED], None, ValueProblem(_NO_CREATED)
            )
        solved_at = self.moment(cells, Field.SOLVED_AT)
        if self.business:
            first_reply = self.hours(cells, Field.FIRST_REPLY_BUSINESS)
            resolution = self.hours(cells, Field.RESOLUTION_BUSINESS)
        else:
            first_reply = self.hours(cells, Field.FIRST_REPLY)
            if first_reply is None:
                replied_at = self.moment(cells, Field.FIRST_REPLY_AT)
                first_reply = self.since(cells, created, replied_at, Field.FIRST_REPLY_AT)
            resolution = self.hours(cells, Field.RESOLUTION)
            if resolution is None:
                resolution = self.since(cells, created, solved_at, Field.SOLVED_AT)
        channel = sys.intern(text_of(self.cell(cells, Field.CHANNEL)))
        priority = text_of(self.cell(cells, Field.PRIORITY))
        sla_met = self.sla(cells, solved_at)
        if sla_met is None and (self.targets_priority or self.targets_channel):
            sla_met = self.sla_from_targets(priority, channel, first_reply, resolution)
        satisfaction = self.parse(cells, Field.SATISFACTION, parse_satisfaction)
        reopens = (
            self.parse(cells, Field.REOPENS, parse_count) if Field.REOPENS in self.index else None
        )
        return TicketRecord(
            tool=self.tool,
            ticket_id=ticket_id,
            created=created.isoformat(),
            requester=requester_key(self.cell(cells, Field.REQUESTER), self.secret),
            first_reply_hours=first_reply,
            resolution_hours=resolution,
            sla_met=sla_met,
            csat=satisfaction,
            reopened=None if reopens is None else reopens > 0,
            channel=channel,
            group=sys.intern(text_of(self.cell(cells, Field.GROUP))),
        )

    def sla(self, cells: Sequence[Cell], solved_at: dt.datetime | None) -> bool | None:
        style = self.recognition.sla
        if style is SlaStyle.FLAG:
            return _all_met(
                [self.flag(cells, Field.SLA_FIRST_REPLY), self.flag(cells, Field.SLA_RESOLUTION)]
            )
        if style is SlaStyle.JIRA:
            first = self.parse(cells, Field.SLA_FIRST_REPLY, jira_sla_met)
            resolution = self.parse(cells, Field.SLA_RESOLUTION, jira_sla_met)
            if resolution is True and solved_at is None:
                resolution = None  # still running: not met yet
            return _all_met([first, resolution])
        if style is SlaStyle.DIFF:
            diffs = [
                self.parse(cells, name, parse_number) if name in self.index else None
                for name in (Field.SLA_FIRST_REPLY, Field.SLA_RESOLUTION)
            ]
            return _all_met([None if d is None else d >= 0 for d in diffs])
        if style is SlaStyle.DUE:
            due = self.moment(cells, Field.SLA_DUE)
            if due is not None and solved_at is not None:
                return solved_at <= due
            overdue = self.flag(cells, Field.OVERDUE)
            if overdue:
                return False
            return True if overdue is False and solved_at is not None else None
        return None

    def sla_from_targets(
        self,
        priority: str,
        channel: str,
        first_reply: float | None,
        resolution: float | None,
    ) -> bool | None:
        target = self.targets_priority.get(priority.casefold()) or self.targets_channel.get(
            channel.casefold()
        )
        if target is None:
            return None
        checks: list[bool | None] = []
        if target.first_reply_hours is not None:
            checks.append(None if first_reply is None else first_reply <= target.first_reply_hours)
        if target.resolution_hours is not None:
            checks.append(None if resolution is None else resolution <= target.resolution_hours)
        if any(check is None for check in checks):
            return False if False in checks else None
        return _all_met(checks)


def _all_met(flags: Iterable[bool | None]) -> bool | None:
    known = [flag for flag in flags if flag is not None]
    if not known:
        return None
    return all(known)


# --- weekly figures --------------------------------------------------------------------------


def _share(flags: Iterable[bool | None]) -> float | None:
    known = [flag for flag in flags if flag is not None]
    return None if not known else 100 * sum(known) / len(known)


def ticket_figures(
    records: Sequence[TicketRecord], supported: Iterable[str] | None = None
) -> Figures:
    """The KPIs of one group of tickets (a week, or a week's channel). Unsupported KPIs are None."""
    frt = [r.first_reply_hours for r in records if r.first_reply_hours is not None]
    resolution = [r.resolution_hours for r in records if r.resolution_hours is not None]
    values: Figures = {
        "tickets": float(len(records)),
        "frt_median": formulas.median(frt),
        "frt_p90": formulas.percentile(frt, 90),
        "resolution_median": formulas.median(resolution),
        "resolution_p90": formulas.percentile(resolution, 90),
        "sla": formulas.sla_attainment(r.sla_met for r in records if r.sla_met is not None),
        "csat": _share(r.csat for r in records),
        "reopen_rate": _share(r.reopened for r in records),
        "repeat_contact": formulas.repeat_contact_rate(r.requester for r in records if r.requester),
    }
    if supported is not None:
        keep = set(supported)
        values = {key: (value if key in keep else None) for key, value in values.items()}
    return values


def week_of(record: TicketRecord, zone: zoneinfo.ZoneInfo) -> dt.date:
    return week_start(record.created_at.astimezone(zone).date())


def group_by_week(records: Iterable[TicketRecord], zone: str) -> dict[dt.date, list[TicketRecord]]:
    tz = zone_named(zone)
    weeks: dict[dt.date, list[TicketRecord]] = defaultdict(list)
    for record in records:
        weeks[week_of(record, tz)].append(record)
    return weeks


def weekly_ticket_kpis(
    records: Iterable[TicketRecord],
    zone: str,
    *,
    supported: Iterable[str] | None = None,
    splits: bool = True,
    only_weeks: Iterable[dt.date] | None = None,
) -> tuple[WeekFigures, ...]:
    """Per week (Monday in ``zone``): the ticket KPIs, and per channel and group."""
    keep = None if supported is None else tuple(supported)
    wanted = None if only_weeks is None else set(only_weeks)
    result = []
    for monday, items in sorted(group_by_week(records, zone).items()):
        if wanted is not None and monday not in wanted:
            continue
        by_channel: dict[str, Figures] = {}
        by_group: dict[str, Figures] = {}
        if splits:
            for attribute, target in (("channel", by_channel), ("group", by_group)):
                parts: dict[str, list[TicketRecord]] = defaultdict(list)
                for record in items:
                    name = getattr(record, attribute)
                    if name:
                        parts[name].append(record)
                for name, part in sorted(parts.items()):
                    target[name] = ticket_figures(part, keep)
        result.append(WeekFigures(monday, ticket_figures(items, keep), by_channel, by_group))
    return tuple(result)


# --- whole files -----------------------------------------------------------------------------


def inspect_export(
    source: Source,
    overrides: Mapping[str, str | None] | None = None,
    *,
    units: Mapping[str, str] | None = None,
    tool: str | None = None,
) -> Recognition:
    """Read only the header: which tool, and the column for each input (for a mapping screen)."""
    with open_export(source) as table:
        return recognise(table.headers, overrides, units=units, tool=tool)


def read_tickets(
    source: Source,
    options: Options | None = None,
    *,
    overrides: Mapping[str, str | None] | None = None,
    units: Mapping[str, str] | None = None,
    tool: str | None = None,
) -> TicketImport:
    """Read a ticket export and compute its weekly KPIs. Raises ``ExportRefused`` for a
    refused file and ``NeedsMapping`` when the columns must be chosen by the user."""
    with open_export(source) as table:
        recognition = recognise(table.headers, overrides, units=units, tool=tool)
        return tickets_from_table(table, recognition, options or Options())


def tickets_from_table(table: Table, recognition: Recognition, options: Options) -> TicketImport:
    if recognition.kind is not Kind.TICKETS or Field.CREATED not in recognition.mapping:
        raise NeedsMapping(recognition)
    if Field.ID not in recognition.mapping:
        raise NeedsMapping(recognition)
    reader = _RowReader(recognition, options)
    records: dict[str, TicketRecord] = {}
    errors: list[RowError] = []
    read = skipped = duplicates = 0
    for line, cells in table.rows:
        read += 1
        try:
            record = reader.record(cells)
        except _RowProblem as problem:
            skipped += 1
            if len(errors) < MAX_LISTED_ERRORS:
                errors.append(
                    RowError(
                        line,
                        problem.column,
                        problem.value,
                        problem.problem.reason,
                        problem.problem.params,
                    )
                )
            continue
        if record.ticket_id in records:
            duplicates += 1
        records[record.ticket_id] = record
    support = supported_kpis(recognition, options)
    kept = tuple(records.values())
    weeks = weekly_ticket_kpis(kept, options.zone, supported=support.supported)
    return TicketImport(
        recognition=recognition,
        basis=options.basis,
        zone=options.zone,
        support=support,
        records=kept,
        weeks=weeks,
        rows_read=read,
        rows_used=read - skipped - duplicates,
        rows_skipped=skipped,
        errors=tuple(errors),
        duplicates=duplicates,
    )


# --- surveys ---------------------------------------------------------------------------------

_QUESTION_HINTS = {
    "nps": ("recommend", "likely"),
    "enps": ("recommend", "likely"),
    "csat": ("satisf",),
    "ces": ("easy", "effort"),
}


def guess_question(recognition: Recognition, kpi: str) -> str | None:
    """The first column whose question reads like the KPI's (or Delighted's score column)."""
    if Field.SCORE in recognition.mapping:
        return recognition.mapping[Field.SCORE]
    meta = set(recognition.mapping.values())
    for header in recognition.headers:
        lowered = header.lower()
        if header not in meta and any(hint in lowered for hint in _QUESTION_HINTS[kpi]):
            return header.split(" | ")[0]
    return None


def read_survey(
    source: Source,
    kpi: str,
    options: Options | None = None,
    *,
    question: str | None = None,
    overrides: Mapping[str, str | None] | None = None,
    tool: str | None = None,
    progress: Callable[[int], object] | None = None,
) -> SurveyImport:
    """Weekly NPS / CSAT / CES / eNPS from a survey export. ``question`` is the column (for
    SurveyMonkey, the question text also names its answer-option columns); ``progress``
    hears the share of the rows read (:func:`report_progress`)."""
    if kpi not in SURVEY_SCALES:
        raise ValueError(f"kpi must be one of {sorted(SURVEY_SCALES)}")
    with open_export(source) as table:
        recognition = recognise(table.headers, overrides, tool=tool)
        if progress is not None:
            report_progress(table, progress)
        return survey_from_table(table, recognition, kpi, options or Options(), question)


def survey_from_table(
    table: Table,
    recognition: Recognition,
    kpi: str,
    options: Options,
    question: str | None = None,
) -> SurveyImport:
    if Field.SUBMITTED not in recognition.mapping:
        raise NeedsMapping(recognition)
    question = question or guess_question(recognition, kpi)
    if question is None:
        raise NeedsMapping(recognition)
    columns: tuple[tuple[int, str], ...]
    if question in table.questions:
        columns = table.questions[question]
    elif question in recognition.headers:
        columns = ((recognition.headers.index(question), ""),)
    else:
        raise ExportRefused(
            _("The file has no column “%(column)s”. Choose one of its columns."), column=question
        )
    low, high = SURVEY_SCALES[kpi]
    zone = zone_named(options.zone)
    reader = _RowReader(recognition, options)
    type_index = reader.index.get(Field.SURVEY_TYPE)
    scores: dict[dt.date, list[int]] = defaultdict(list)
    errors: list[RowError] = []
    read = skipped = ignored = 0
    for line, cells in table.rows:
        read += 1
        if type_index is not None and type_index < len(cells):
            survey_type = text_of(cells[type_index]).lower()
            if survey_type and survey_type != kpi:
                ignored += 1
                continue
        try:
            score = _answer(cells, columns, question, low, high)
            submitted = None if score is None else reader.moment(cells, Field.SUBMITTED)
            if score is not None and submitted is None:
                raise _RowProblem(
                    recognition.mapping[Field.SUBMITTED], None, ValueProblem(_NO_DATE)
                )
        except _RowProblem as problem:
            skipped += 1
            if len(errors) < MAX_LISTED_ERRORS:
                errors.append(
                    RowError(
                        line,
                        problem.column,
                        problem.value,
                        problem.problem.reason,
                        problem.problem.params,
                    )
                )
            continue
        if score is None or submitted is None:
            ignored += 1
            continue
        scores[week_start(submitted.astimezone(zone).date())].append(score)
    formula = {
        "nps": formulas.nps,
        "enps": formulas.nps,
        "csat": formulas.csat,
        "ces": formulas.ces,
    }[kpi]
    weeks = tuple(
        SurveyWeek(monday, formula(values), len(values))
        for monday, values in sorted(scores.items())
    )
    return SurveyImport(
        recognition=recognition,
        kpi=kpi,
        question=question,
        zone=options.zone,
        weeks=weeks,
        rows_read=read,
        rows_used=read - skipped - ignored,
        rows_skipped=skipped,
        rows_ignored=ignored,
        errors=tuple(errors),
    )


def _answer(
    cells: Sequence[Cell],
    columns: tuple[tuple[int, str], ...],
    question: str,
    low: int,
    high: int,
) -> int | None:
    """The score in one response: one column, or the one filled option column of several."""
    filled = [
        (index, option, cells[index])
        for index, option in columns
        if index < len(cells) and text_of(cells[index])
    ]
    if not filled:
        return None
    if len(filled) > 1:
        raise _RowProblem(
            question,
            "; ".join(text_of(value) for _index, _option, value in filled),
            ValueProblem(_("“%(value)s”: more than one answer to “%(column)s”.")),
        )
    _index, option, value = filled[0]
    try:
        if len(columns) > 1 and option:
            try:
                return parse_score(option, low, high)
            except ValueProblem:
                pass
        return parse_score(value, low, high)
    except ValueProblem as problem:
        raise _RowProblem(question, value, problem) from problem
