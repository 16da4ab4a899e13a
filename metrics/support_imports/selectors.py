"""Reads for the support-data pages: what an upload would change, computed from its file
and the plan's stored data in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.functional import Promise

from metrics.catalogue import CATALOGUE
from metrics.models import Measurement, PlanMetric
from metrics.support_data import (
    Basis,
    Benchmark,
    ExportRefused,
    Field,
    Kind,
    MergeResult,
    NeedsMapping,
    Options,
    Recognition,
    RowError,
    TicketRecord,
    Tool,
    benchmarks_for,
    inspect_export,
    merge_uploads,
    read_survey,
    read_tickets,
)
from onboarding.models import Plan

from .models import SupportDataset, SupportTicket, SupportUpload
from .rules import (
    FEEDS,
    INPUT_LABELS,
    SURVEY_KPIS,
    UNITS,
    baseline_of,
    missing_columns,
    same_value,
)


def requester_secret(plan: Plan, tool: str) -> bytes:
    """The key of a plan's requester hashes: the same for every upload of the plan and tool."""
    message = f"support-requester:{plan.pk}:{tool}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()


@dataclass
class WeekRow:
    week: dt.date
    value: float
    count: int | None
    old: float | None = None
    state: str = "added"  # added, changed, same, manual (a value typed by hand, kept)


@dataclass
class KpiPreview:
    key: str
    name: str
    unit: str
    rows: list[WeekRow]
    benchmarks: tuple[Benchmark, ...]
    metric_id: int | None
    baseline: float | None  # what the weeks before day 0 give
    current_baseline: float | None
    baseline_kept: bool  # a baseline entered by hand stays

    @property
    def added(self) -> list[WeekRow]:
        return [row for row in self.rows if row.state == "added"]

    @property
    def changed(self) -> list[WeekRow]:
        return [row for row in self.rows if row.state == "changed"]

    @property
    def manual(self) -> list[WeekRow]:
        return [row for row in self.rows if row.state == "manual"]


@dataclass
class Computed:
    """An upload read with its options: what it would store, or why it cannot."""

    recognition: Recognition | None = None
    tool: str = ""
    kind: str = ""  # "tickets" or "survey"
    zone: str = "UTC"
    basis: str = Basis.CALENDAR.value
    survey_kpi: str = ""
    question: str = ""
    needs_mapping: bool = False
    refused: str = ""
    errors: tuple[RowError, ...] = ()
    rows_read: int = 0
    rows_used: int = 0
    kpis: list[KpiPreview] = field(default_factory=list)
    unsupported: Mapping[str, Promise | str] = field(default_factory=dict)
    records: tuple[TicketRecord, ...] = ()  # this upload's ticket records, to store
    overrides: Mapping[str, str] = field(default_factory=dict)
    units: Mapping[str, str] = field(default_factory=dict)
    merge: MergeResult | None = None
    dataset: SupportDataset | None = None

    @property
    def ok(self) -> bool:
        return not self.needs_mapping and not self.refused

    @property
    def business_available(self) -> bool:
        """Durations in business hours the calendar-time preview leaves unused."""
        if self.recognition is None or self.basis != Basis.CALENDAR.value:
            return False
        business = {Field.FIRST_REPLY_BUSINESS, Field.RESOLUTION_BUSINESS}
        return bool(business & set(self.recognition.mapping))

    @property
    def columns(self) -> list[tuple[str, str, list[str]]]:
        """(input, column, KPI names) for every mapped input."""
        if self.recognition is None:
            return []
        rows = []
        for name, header in self.recognition.mapping.items():
            feeds = FEEDS.get(name.value, ())
            if self.kind == "survey" and name.value == "score":
                feeds = (self.survey_kpi,)
            kpis = [str(CATALOGUE[key].name) for key in feeds if key in CATALOGUE]
            rows.append((str(INPUT_LABELS.get(name.value, name.value)), header, kpis))
        if self.kind == "survey" and Field.SCORE not in self.recognition.mapping:
            kpi = CATALOGUE[self.survey_kpi]
            rows.append((str(INPUT_LABELS["score"]), self.question, [str(kpi.name)]))
        return rows

    @property
    def assumed_units(self) -> list[tuple[str, str]]:
        if self.recognition is None:
            return []
        return [
            (str(INPUT_LABELS.get(name.value, name.value)), str(UNIT_LABELS.get(unit, unit)))
            for name, unit in self.recognition.units.items()
            if name in self.recognition.mapping
        ]


# A unit in the reader's language ("minutes" reads «دقیقه»); Jira's own notation as it is.
UNIT_LABELS: dict[str, Promise | str] = dict(UNITS)


def recognise_upload(content: bytes) -> Recognition:
    return inspect_export(content)


def remembered_mapping(plan: Plan, recognition: Recognition) -> dict[str, Any]:
    """The options saved with the plan's last import from this tool, if they fit the file."""
    tool = recognition.tool.value if recognition.tool is not Tool.UNKNOWN else Tool.CUSTOM.value
    dataset = SupportDataset.objects.filter(plan=plan, tool=tool).first()
    if dataset is None or not dataset.mapping:
        return {}
    if missing_columns(dataset.mapping.get("overrides", {}), recognition.headers):
        return {}
    return dict(dataset.mapping)


def compute_upload(plan: Plan, content: bytes, options: Mapping[str, Any]) -> Computed:
    """Read the file with the manager's options and compare it with what the plan has."""
    overrides = options.get("overrides") or None
    units = options.get("units") or None
    zone = options.get("zone") or plan.timezone
    basis = Basis(options.get("basis") or Basis.CALENDAR.value)
    try:
        recognition = inspect_export(content, overrides, units=units)
    except NeedsMapping as needs:
        return Computed(recognition=needs.recognition, needs_mapping=True, zone=zone)
    except ExportRefused as refused:
        return Computed(refused=refused.message, zone=zone)
    if recognition.kind is Kind.UNKNOWN:
        return Computed(recognition=recognition, needs_mapping=True, zone=zone)
    tool = recognition.tool.value
    if recognition.kind is Kind.SURVEY:
        return _survey(plan, content, recognition, options, zone)
    engine_options = Options(zone=zone, basis=basis, requester_secret=requester_secret(plan, tool))
    try:
        result = read_tickets(content, engine_options, overrides=overrides, units=units)
    except NeedsMapping as needs:
        return Computed(recognition=needs.recognition, needs_mapping=True, zone=zone)
    except ExportRefused as refused:
        return Computed(recognition=recognition, refused=refused.message, zone=zone)
    dataset = SupportDataset.objects.filter(plan=plan, tool=tool).first()
    previous = (
        [
            TicketRecord.from_json(data)
            for data in SupportTicket.objects.filter(dataset=dataset).values_list("data", flat=True)
        ]
        if dataset is not None
        else []
    )
    merge = merge_uploads(previous, result.records, zone=zone, supported=result.support.supported)
    affected = set(merge.affected_weeks)
    weekly: dict[str, dict[dt.date, tuple[float, int | None]]] = {}
    for week in merge.weeks:
        if week.week not in affected:
            continue
        count = week.values.get("tickets")
        for key in result.support.supported:
            value = week.values.get(key)
            if value is not None and key in CATALOGUE:
                weekly.setdefault(key, {})[week.week] = (
                    float(value),
                    None if count is None else int(count),
                )
    computed = Computed(
        recognition=result.recognition,
        tool=tool,
        kind="tickets",
        zone=zone,
        basis=basis.value,
        errors=result.errors,
        rows_read=result.rows_read,
        rows_used=result.rows_used,
        unsupported=result.support.unsupported,
        records=result.records,
        merge=merge,
        overrides=dict(overrides or {}),
        units=dict(units or {}),
        dataset=dataset,
    )
    computed.kpis = _compare(plan, weekly, dataset)
    return computed


def _survey(
    plan: Plan,
    content: bytes,
    recognition: Recognition,
    options: Mapping[str, Any],
    zone: str,
) -> Computed:
    kpi = options.get("survey_kpi") or "nps"
    if kpi not in SURVEY_KPIS:
        kpi = "nps"
    tool = recognition.tool.value
    try:
        result = read_survey(
            content,
            kpi,
            Options(zone=zone),
            question=options.get("question") or None,
            overrides=options.get("overrides") or None,
        )
    except NeedsMapping as needs:
        return Computed(recognition=needs.recognition, needs_mapping=True, zone=zone)
    except ExportRefused as refused:
        return Computed(
            recognition=recognition, refused=refused.message, zone=zone, kind="survey", tool=tool
        )
    weekly = {
        kpi: {w.week: (float(w.value), w.responses) for w in result.weeks if w.value is not None}
    }
    dataset = SupportDataset.objects.filter(plan=plan, tool=tool).first()
    computed = Computed(
        recognition=result.recognition,
        tool=tool,
        kind="survey",
        zone=zone,
        survey_kpi=kpi,
        question=result.question,
        overrides=dict(options.get("overrides") or {}),
        errors=result.errors,
        rows_read=result.rows_read,
        rows_used=result.rows_used,
        dataset=dataset,
    )
    computed.kpis = _compare(plan, weekly, dataset)
    return computed


def _compare(
    plan: Plan,
    weekly: Mapping[str, Mapping[dt.date, tuple[float, int | None]]],
    dataset: SupportDataset | None,
) -> list[KpiPreview]:
    """Each KPI's weeks against the values the plan has (two queries)."""
    metrics = {m.key: m for m in PlanMetric.objects.filter(plan=plan, key__in=list(weekly))}
    existing: dict[tuple[int, dt.date], tuple[float, str]] = {
        (metric_id, week): (value, origin)
        for metric_id, week, value, origin in Measurement.objects.filter(
            metric__in=list(metrics.values())
        ).values_list("metric_id", "period_start", "value", "origin")
    }
    remembered = dataset.baselines if dataset is not None else {}
    previews = []
    for key, weeks in weekly.items():
        kpi = CATALOGUE[key]
        metric = metrics.get(key)
        rows = []
        all_weeks: dict[dt.date, float] = {}
        if metric is not None:
            all_weeks = {w: v for (mid, w), (v, _o) in existing.items() if mid == metric.pk}
        for week in sorted(weeks):
            value, count = weeks[week]
            row = WeekRow(week, value, count)
            stored = existing.get((metric.pk, week)) if metric is not None else None
            if stored is not None:
                row.old = stored[0]
                if same_value(stored[0], value):
                    row.state = "same"
                elif stored[1] == Measurement.Origin.MANUAL:
                    row.state = "manual"
                else:
                    row.state = "changed"
            if row.state != "manual":
                all_weeks[week] = value
            rows.append(row)
        current = metric.baseline if metric is not None else None
        kept = current is not None and not same_value(current, remembered.get(key))
        previews.append(
            KpiPreview(
                key=key,
                name=str(kpi.name),
                unit=str(kpi.unit),
                rows=rows,
                benchmarks=benchmarks_for(key),
                metric_id=metric.pk if metric is not None else None,
                baseline=baseline_of(all_weeks, plan.start_date),
                current_baseline=current,
                baseline_kept=kept,
            )
        )
    order = list(CATALOGUE)
    previews.sort(key=lambda p: order.index(p.key))
    return previews


def recent_uploads(plan: Plan, limit: int = 10) -> list[SupportUpload]:
    """The plan's latest uploads for the metrics page (one query, without their files)."""
    return list(
        SupportUpload.objects.filter(plan=plan)
        .defer("content", "options", "result")
        .select_related("uploaded_by")[:limit]
    )


def stalled_upload_ids(now: dt.datetime, *, after: dt.timedelta) -> list[int]:
    """Confirmed uploads still queued or running long after their confirmation: their task
    was lost (the broker was down) or its worker died; the periodic job enqueues them again."""
    return list(
        SupportUpload.objects.filter(
            status__in=[SupportUpload.Status.QUEUED, SupportUpload.Status.RUNNING],
            confirmed_at__lt=now - after,
        ).values_list("pk", flat=True)
    )
