"""Reads for the support-data pages: what an upload would change, computed from its file
and the plan's stored data in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

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
    SlaTarget,
    TicketRecord,
    Tool,
    WeekFigures,
    benchmarks_for,
    inspect_export,
    merge_uploads,
    open_export,
    read_survey,
    recognise,
    report_progress,
    ticket_figures,
    tickets_from_table,
)
from onboarding.models import Plan

from .models import SupportDataset, SupportTicket, SupportUpload
from .rules import (
    FEEDS,
    INPUT_LABELS,
    MAX_SLA_VALUES,
    SLA_OPTIONS,
    SPLIT_KPIS,
    SPLIT_ROWS,
    SPLIT_WEEKS,
    SURVEY_KPIS,
    UNITS,
    baseline_kept_by_hand,
    baseline_of,
    missing_columns,
    same_value,
    sla_targets,
)

logger = logging.getLogger(__name__)


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
    rows_skipped: int = 0  # every row in error (a remembered preview keeps only the first)
    # What the file gives per KPI and week: (value, tickets or answers); ``kpis`` is this
    # compared with the values the plan has.
    weekly: Mapping[str, Mapping[dt.date, tuple[float, int | None]]] = field(default_factory=dict)
    kpis: list[KpiPreview] = field(default_factory=list)
    unsupported: Mapping[str, Promise | str] = field(default_factory=dict)
    records: tuple[TicketRecord, ...] = ()  # this upload's ticket records, to store
    overrides: Mapping[str, str] = field(default_factory=dict)
    units: Mapping[str, str] = field(default_factory=dict)
    merge: MergeResult | None = None
    dataset: SupportDataset | None = None
    # SLA targets the manager may give (the file has no breach fields): per "priority" or
    # "channel", for these values of the file; the targets in effect, per value.
    sla_by: str = ""
    sla_values: tuple[str, ...] = ()
    sla_targets: Mapping[str, Mapping[str, float | None]] = field(default_factory=dict)
    # The latest weeks split by channel and by group (JSON, stored with the result).
    splits: Mapping[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.needs_mapping and not self.refused

    def for_preview(self) -> Computed:
        """What a preview shows, small enough to keep: no ticket records, the first row
        errors, and no comparison with the plan (it is made again when shown)."""
        return replace(
            self,
            records=(),
            merge=None,
            dataset=None,
            errors=self.errors[:PREVIEW_ERRORS],
            kpis=[],
        )

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


@dataclass(frozen=True)
class SettingsShape:
    """What the preview's settings form is built from: the file's kind and columns, the
    priorities or channels SLA targets can be given for, and the choices in effect."""

    kind: str
    headers: tuple[str, ...]
    zone: str
    basis: str
    survey_kpi: str
    question: str
    sla_by: str
    sla_values: tuple[str, ...]
    sla_targets: Mapping[str, Mapping[str, float | None]]

    @classmethod
    def of(cls, computed: Computed) -> SettingsShape:
        return cls(
            kind=computed.kind,
            headers=tuple(computed.recognition.headers) if computed.recognition else (),
            zone=computed.zone,
            basis=computed.basis,
            survey_kpi=computed.survey_kpi,
            question=computed.question,
            sla_by=computed.sla_by,
            sla_values=tuple(computed.sla_values),
            sla_targets={value: dict(target) for value, target in computed.sla_targets.items()},
        )


# --- The preview, remembered ---------------------------------------------------------
#
# Reading a large export takes seconds (about 8 s for 200,000 tickets), so what the file
# gives is read once per upload and options and kept in the cache: looking at the preview
# again, or saving its settings, does not read the file again. A large file is read by a
# worker while the page shows a progress bar (``metrics.tasks.read_support_preview``).
# The cache is read only after the view found the upload for this user; a miss, or a
# cache that is down, means the file is read again.

# Long enough for a manager going back and forth between the preview and its settings.
PREVIEW_SECONDS = 2 * 60 * 60
# Row errors a preview keeps and lists (``rows_skipped`` counts them all).
PREVIEW_ERRORS = 100
# How long a preview being read in the background stays marked without news: the
# task's time limit and a margin. A worker that died leaves its mark; it expires.
READING_SECONDS = settings.CELERY_TASK_TIME_LIMIT + 60


def preview_key(upload: SupportUpload, plan: Plan) -> str:
    """What a preview depends on: the file (fixed per upload), its options, the plan's zone
    and the ticket records earlier imports stored (the file is merged with them). One query."""
    stored = SupportDataset.objects.filter(plan=plan).aggregate(
        latest=Max("updated_at"), count=Count("pk")
    )
    inputs = json.dumps(
        [upload.options, plan.timezone, stored["latest"], stored["count"]],
        sort_keys=True,
        default=str,
    )
    digest = hashlib.sha256(inputs.encode()).hexdigest()[:32]
    return f"support-upload-preview:{upload.pk}:{digest}"


def remember_preview(key: str, computed: Computed) -> None:
    """Keep what the file gave (not the records, not the comparison with the plan)."""
    try:
        cache.set(key, computed.for_preview(), PREVIEW_SECONDS)
    except Exception:
        logger.warning("Could not remember the preview %s", key, exc_info=True)


def remembered_preview(key: str, plan: Plan) -> Computed | None:
    """The preview kept under ``key``, its weeks compared afresh with the plan's values
    (someone may have typed one since), or None."""
    try:
        preview = cache.get(key)
    except Exception:
        logger.warning("Could not read the preview %s", key, exc_info=True)
        return None
    if not isinstance(preview, Computed):
        return None
    if preview.ok:
        dataset = SupportDataset.objects.filter(plan=plan, tool=preview.tool).first()
        preview.kpis = _compare(plan, preview.weekly, dataset)
    return preview


def mark_reading(key: str) -> bool:
    """Mark the preview under ``key`` as being read; False if it already was (or the cache
    is down, and then the caller reads the file itself)."""
    try:
        return bool(cache.add(f"{key}:reading", 0, READING_SECONDS))
    except Exception:
        logger.warning("Could not mark the preview %s as being read", key, exc_info=True)
        return False


def forget_reading(key: str) -> None:
    try:
        cache.delete(f"{key}:reading")
    except Exception:
        logger.warning("Could not clear the reading mark of %s", key, exc_info=True)


def report_reading(key: str, percent: int) -> None:
    try:
        cache.set(f"{key}:reading", percent, READING_SECONDS)
    except Exception:
        logger.warning("Could not record the progress of %s", key, exc_info=True)


def reading_progress(key: str) -> int | None:
    """How far the background reading of the preview under ``key`` is (0-100), or None
    when nothing is reading it."""
    try:
        percent = cache.get(f"{key}:reading")
    except Exception:
        return None
    return percent if isinstance(percent, int) else None


# A unit in the reader's language ("minutes" reads «دقیقه»); Jira's own notation as it is.
UNIT_LABELS: dict[str, Promise | str] = dict(UNITS)


def recognise_upload(content: bytes) -> Recognition:
    return inspect_export(content)


def mapping_recognition(content: bytes, options: Mapping[str, Any]) -> Recognition | None:
    """The file's columns and the choices in effect, from its header only (the mapping
    screen); None for a file that cannot be read at all."""
    try:
        return inspect_export(
            content, options.get("overrides") or None, units=options.get("units") or None
        )
    except NeedsMapping as needs:
        return needs.recognition
    except ExportRefused:
        return None


def remembered_mapping(plan: Plan, recognition: Recognition) -> dict[str, Any]:
    """The options saved with the plan's last import from this tool, if they fit the file."""
    tool = recognition.tool.value if recognition.tool is not Tool.UNKNOWN else Tool.CUSTOM.value
    dataset = SupportDataset.objects.filter(plan=plan, tool=tool).first()
    if dataset is None or not dataset.mapping:
        return {}
    if missing_columns(dataset.mapping.get("overrides", {}), recognition.headers):
        return {}
    return dict(dataset.mapping)


def compute_upload(
    plan: Plan,
    content: bytes,
    options: Mapping[str, Any],
    *,
    progress: Callable[[int], object] | None = None,
) -> Computed:
    """Read the file with the manager's options and compare it with what the plan has.

    ``progress`` hears, now and then, the share of the file's rows read (0-90).
    """
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
        return _survey(plan, content, recognition, options, zone, progress)
    targets = {by: sla_targets(options.get(key)) for by, key in SLA_OPTIONS.items()}
    engine_options = Options(
        zone=zone,
        basis=basis,
        sla_by_priority=_sla_targets(targets["priority"]),
        sla_by_channel=_sla_targets(targets["channel"]),
        requester_secret=requester_secret(plan, tool),
    )
    priorities: Counter[str] = Counter()
    try:
        with open_export(content) as table:
            recognition = recognise(table.headers, overrides, units=units)
            table.rows = _counting_priorities(table.rows, recognition, priorities)
            if progress is not None:
                report_progress(table, progress)
            result = tickets_from_table(table, recognition, engine_options)
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
        rows_skipped=len(result.errors),
        weekly=weekly,
        unsupported=result.support.unsupported,
        records=result.records,
        merge=merge,
        overrides=dict(overrides or {}),
        units=dict(units or {}),
        dataset=dataset,
        splits=split_figures(merge.records, merge.weeks, result.support.supported, zone),
    )
    if result.recognition.sla.value == "none" and (
        {"frt_median", "resolution_median"} & set(result.support.supported)
    ):
        channels = Counter(record.channel for record in result.records if record.channel)
        by, counts = ("priority", priorities) if priorities else ("channel", channels)
        if counts:
            computed.sla_by = by
            # One target per value as the engine matches them (case aside), busiest first.
            spellings: dict[str, str] = {}
            for name, _count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
                spellings.setdefault(name.casefold(), name)
            computed.sla_values = tuple(spellings.values())[:MAX_SLA_VALUES]
            computed.sla_targets = targets[by]
    computed.kpis = _compare(plan, weekly, dataset)
    return computed


def _sla_targets(targets: Mapping[str, Mapping[str, float | None]]) -> dict[str, SlaTarget]:
    return {
        name: SlaTarget(target["first_reply_hours"], target["resolution_hours"])
        for name, target in targets.items()
    }


def _counting_priorities(
    rows: Iterator[Any], recognition: Recognition, counts: Counter[str]
) -> Iterator[Any]:
    """The rows, unchanged, counting the priorities they name (for the SLA targets form)."""
    header = recognition.mapping.get(Field.PRIORITY)
    if header is None:
        yield from rows
        return
    position = recognition.headers.index(header)
    for line, cells in rows:
        value = cells[position] if position < len(cells) else None
        name = "" if value is None else str(value).strip()
        if name and (name in counts or len(counts) < 1000):
            counts[name] += 1
        yield line, cells


def split_figures(
    records: Sequence[TicketRecord],
    weeks: Sequence[WeekFigures],
    supported: Sequence[str],
    zone: str,
) -> dict[str, Any]:
    """The KPIs of the latest SPLIT_WEEKS weeks per channel and per group, as JSON: the
    first and last week, the KPI keys shown, and [name, values] rows per split."""
    if not weeks:
        return {}
    last = weeks[-1].week
    first = last - dt.timedelta(weeks=SPLIT_WEEKS - 1)
    try:
        tz = zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = zoneinfo.ZoneInfo("UTC")
    keys = [key for key, _label in SPLIT_KPIS if key in supported]
    parts: dict[str, dict[str, list[TicketRecord]]] = {
        "channel": defaultdict(list),
        "group": defaultdict(list),
    }
    end = last + dt.timedelta(days=7)
    for record in records:
        day = record.created_at.astimezone(tz).date()
        if not first <= day < end:
            continue
        for attribute, part in parts.items():
            name = getattr(record, attribute)
            if name:
                part[name].append(record)
    splits: dict[str, Any] = {
        "first_week": first.isoformat(),
        "last_week": last.isoformat(),
        "columns": keys,
    }
    for attribute, part in parts.items():
        rows = []
        busiest = sorted(part.items(), key=lambda item: (-len(item[1]), item[0]))
        for name, items in busiest[:SPLIT_ROWS]:
            figures = ticket_figures(items, supported)
            rows.append([name, [figures.get(key) for key in keys]])
        splits[attribute] = rows
        splits[f"{attribute}_more"] = max(0, len(busiest) - SPLIT_ROWS)
    if not splits["channel"] and not splits["group"]:
        return {}
    return splits


@dataclass
class SplitTable:
    """One split (by channel, or by group) ready for a template."""

    key: str
    title: str
    name_heading: str
    columns: list[tuple[str, str]]  # (KPI key, heading)
    rows: list[tuple[str, list[tuple[str, float | None]]]]  # (name, [(key, value)])
    more: int = 0  # the quieter channels (or groups) not listed


def split_tables(splits: Mapping[str, Any]) -> tuple[dt.date | None, dt.date | None, list]:
    """The stored splits as tables: (first week, last week, [SplitTable])."""
    if not splits:
        return None, None, []
    labels = dict(SPLIT_KPIS)
    keys = [key for key in splits.get("columns", []) if key in labels]
    titles = {
        "channel": (_("By channel"), _("Channel")),
        "group": (_("By group or team"), _("Group or team")),
    }
    tables = []
    for attribute, (title, heading) in titles.items():
        rows = [
            (str(name), list(zip(keys, values, strict=False)))
            for name, values in splits.get(attribute, [])
        ]
        if rows:
            tables.append(
                SplitTable(
                    attribute,
                    str(title),
                    str(heading),
                    [(key, str(labels[key])) for key in keys],
                    rows,
                    int(splits.get(f"{attribute}_more") or 0),
                )
            )
    first = splits.get("first_week")
    last = splits.get("last_week")
    return (
        dt.date.fromisoformat(first) if first else None,
        dt.date.fromisoformat(last) if last else None,
        tables,
    )


def _survey(
    plan: Plan,
    content: bytes,
    recognition: Recognition,
    options: Mapping[str, Any],
    zone: str,
    progress: Callable[[int], object] | None,
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
            progress=progress,
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
        rows_skipped=len(result.errors),
        weekly=weekly,
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
        kept = baseline_kept_by_hand(current, remembered.get(key))
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
