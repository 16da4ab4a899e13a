"""Writes of the support-data import: keep an upload, remember the manager's choices,
store the weekly values, the ticket records and the baselines."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from metrics.models import Measurement, PlanMetric
from metrics.support_data import MAX_BYTES, ExportRefused, NeedsMapping, Tool
from onboarding.core.events import announce_plan_changed
from onboarding.core.i18n import numbers
from onboarding.models import Plan, User

from .models import SupportDataset, SupportTicket, SupportUpload
from .rules import PREVIEW_HOURS, SLA_OPTIONS, baseline_kept_by_hand, baseline_of, same_value
from .selectors import (
    Computed,
    WeekRow,
    compute_upload,
    forget_reading,
    preview_key,
    recognise_upload,
    remember_preview,
    remembered_mapping,
    report_reading,
)

logger = logging.getLogger(__name__)


class ImportFailed(Exception):
    """The file cannot be stored as it is: refused, unmapped, or with rows in error."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


class AlreadyConfirmed(Exception):
    """The upload was confirmed already (another tab, a double click)."""


def support_uploads_expire(*, plan: Plan) -> int:
    """Delete the plan's previews nobody confirmed in time (and their files)."""
    limit = timezone.now() - dt.timedelta(hours=PREVIEW_HOURS)
    deleted, _counts = SupportUpload.objects.filter(
        plan=plan, status=SupportUpload.Status.PREVIEW, created_at__lt=limit
    ).delete()
    return deleted


def support_upload_create(
    *, plan: Plan, user: User, filename: str, content: bytes
) -> SupportUpload:
    """Keep the file for its preview; the mapping remembered for its tool comes with it."""
    if len(content) > MAX_BYTES:
        raise ExportRefused(
            _("The file is larger than %(limit)s MB. Export a shorter period."),
            limit=MAX_BYTES // (1024 * 1024),
        )
    support_uploads_expire(plan=plan)
    options: dict[str, Any] = {}
    tool = ""
    try:
        recognition = recognise_upload(content)
    except NeedsMapping as needs:
        recognition = needs.recognition
    tool = recognition.tool.value
    options = remembered_mapping(plan, recognition)
    return SupportUpload.objects.create(
        plan=plan,
        uploaded_by=user,
        filename=filename[:200],
        size=len(content),
        content=content,
        tool=tool,
        options=options,
    )


def support_upload_set_options(*, upload: SupportUpload, changes: Mapping[str, Any]) -> None:
    """The manager's corrections (columns, units, zone, basis, survey question)."""
    options = dict(upload.options) | dict(changes)
    SupportUpload.objects.filter(pk=upload.pk, status=SupportUpload.Status.PREVIEW).update(
        options=options
    )
    upload.options = options


def support_upload_read_preview(*, upload_id: int) -> None:
    """Read a large upload's preview in the background (``metrics.tasks``), reporting how far
    it is; the page polls for it (``selectors.reading_progress``, ``remembered_preview``)."""
    upload = (
        SupportUpload.objects.select_related("plan", "uploaded_by")
        .filter(pk=upload_id, status=SupportUpload.Status.PREVIEW)
        .first()
    )
    if upload is None:
        return
    key = preview_key(upload, upload.plan)
    # A refusal is worded when the file is read: in the language of the one who will read it.
    reader = upload.uploaded_by
    language = reader.language if reader is not None and reader.language else upload.plan.language
    with translation.override(language):
        try:
            computed = compute_upload(
                upload.plan,
                bytes(upload.content),
                upload.options,
                progress=lambda percent: report_reading(key, percent),
            )
        except Exception:
            # A bug or an outage: say so on the page rather than read the file for ever.
            logger.exception("Could not read the preview of upload %s", upload_id)
            computed = Computed(
                refused=_("The file could not be read because of an error. Upload it again.")
            )
    remember_preview(key, computed)
    forget_reading(key)


def support_upload_confirm(*, upload: SupportUpload, replace_manual: bool) -> bool:
    """Store the upload now, or mark it queued when the file is large (True: the caller
    enqueues the task, after the commit)."""
    options = dict(upload.options) | {"replace_manual": replace_manual}
    background = upload.size > settings.SUPPORT_IMPORT_BACKGROUND_BYTES
    status = SupportUpload.Status.QUEUED if background else SupportUpload.Status.RUNNING
    claimed = SupportUpload.objects.filter(
        pk=upload.pk, status=SupportUpload.Status.PREVIEW
    ).update(status=status, options=options, progress=0, confirmed_at=timezone.now())
    if not claimed:
        raise AlreadyConfirmed
    upload.status, upload.options = status, options
    if background:
        return True  # the caller enqueues metrics.tasks.run_support_upload
    support_upload_run(upload_id=upload.pk)
    upload.refresh_from_db()
    return False


def support_upload_run(*, upload_id: int) -> None:
    """Compute and store one confirmed upload, recording progress on its row."""
    upload = (
        SupportUpload.objects.select_related("plan", "uploaded_by").filter(pk=upload_id).first()
    )
    if upload is None or upload.finished:
        return
    rows = SupportUpload.objects.filter(pk=upload_id)
    rows.update(status=SupportUpload.Status.RUNNING, progress=10)
    try:
        # Reading the file is most of the work: the bar moves from 10% to 60% with it.
        computed = compute_upload(
            upload.plan,
            bytes(upload.content),
            upload.options,
            progress=lambda percent: rows.update(progress=10 + percent * 50 // 90),
        )
        _check(computed)
        rows.update(progress=60)
        with transaction.atomic():
            if _lock_plan_data(upload.plan, computed):
                computed = compute_upload(upload.plan, bytes(upload.content), upload.options)
                _check(computed)
            result = support_data_store(
                plan=upload.plan,
                computed=computed,
                user=upload.uploaded_by,
                replace_manual=bool(upload.options.get("replace_manual")),
            )
            rows.update(
                status=SupportUpload.Status.DONE,
                progress=100,
                result=result,
                content=b"",
                tool=computed.tool,
                finished_at=timezone.now(),
            )
    except ImportFailed as failed:
        _fail(rows, failed.messages)
    except Exception:
        # A bug or an outage: the row must not stay "being imported" for ever.
        _fail(rows, [_("The import stopped because of an error. Upload the file again.")])
        raise


def _lock_plan_data(plan: Plan, computed: Computed) -> bool:
    """Take the plan's import lock (one import per plan at a time); True when another import
    stored this tool's data since ``computed`` was read, so it must be computed again."""
    Plan.objects.select_for_update().filter(pk=plan.pk).values_list("pk", flat=True).first()
    stored = (
        SupportDataset.objects.filter(plan=plan, tool=computed.tool)
        .values_list("updated_at", flat=True)
        .first()
    )
    read = computed.dataset.updated_at if computed.dataset is not None else None
    return stored != read


def _fail(rows: QuerySet[SupportUpload], messages: list[str]) -> None:
    rows.update(
        status=SupportUpload.Status.FAILED,
        progress=100,
        error="\n".join(messages),
        content=b"",
        finished_at=timezone.now(),
    )


def _check(computed: Computed) -> None:
    if computed.needs_mapping:
        raise ImportFailed([_("Choose which column holds each value first.")])
    if computed.refused:
        raise ImportFailed([computed.refused])


def row_error_lines(computed: Computed) -> list[str]:
    return [
        _("Line %(line)s: %(reason)s") % numbers({"line": error.line, "reason": error.message})
        for error in computed.errors
    ]


def support_file_import(
    *, plan: Plan, filename: str, content: bytes, options: Mapping[str, Any] | None = None
) -> tuple[Computed, dict[str, Any]]:
    """The management command's import of one file: everything or nothing (raises
    :class:`ImportFailed` with the row errors). Call inside a transaction for several files."""
    if len(content) > MAX_BYTES:
        raise ImportFailed([_("The file is larger than 50 MB. Export a shorter period.")])
    try:
        recognition = recognise_upload(content)
    except NeedsMapping as needs:
        recognition = needs.recognition
    except ExportRefused as refused:
        raise ImportFailed([refused.message]) from None
    chosen = dict(options or remembered_mapping(plan, recognition))
    computed = compute_upload(plan, content, chosen)
    _check(computed)
    if _lock_plan_data(plan, computed):
        computed = compute_upload(plan, content, chosen)
        _check(computed)
    if computed.errors:
        raise ImportFailed(row_error_lines(computed))
    result = support_data_store(plan=plan, computed=computed, user=None, replace_manual=False)
    SupportUpload.objects.create(
        plan=plan,
        filename=filename[:200],
        size=len(content),
        tool=computed.tool,
        options=chosen,
        status=SupportUpload.Status.DONE,
        progress=100,
        result=result,
        finished_at=timezone.now(),
    )
    return computed, result


def support_data_store(
    *, plan: Plan, computed: Computed, user: User | None, replace_manual: bool
) -> dict[str, Any]:
    """Store the computed weeks, the merged ticket records, the remembered mapping and the
    baselines; returns what changed (the result page's content). Runs in one transaction."""
    with transaction.atomic():
        dataset, _created = SupportDataset.objects.select_for_update().get_or_create(
            plan=plan, tool=computed.tool or Tool.CUSTOM.value
        )
        dataset.mapping = _remembered(computed)
        kpis = []
        for preview in computed.kpis:
            # Locked: a baseline or value typed by hand while the preview was computed is seen.
            metric, _new = PlanMetric.objects.select_for_update().get_or_create(
                plan=plan, key=preview.key
            )
            wanted = [
                row
                for row in preview.rows
                if row.state in ("added", "changed") or (row.state == "manual" and replace_manual)
            ]
            weeks, typed_since = _not_overwriting_typed_values(metric, wanted, replace_manual)
            Measurement.objects.filter(
                metric=metric, period_start__in=[row.week for row in weeks]
            ).delete()
            Measurement.objects.bulk_create(
                Measurement(
                    metric=metric,
                    period_start=row.week,
                    value=row.value,
                    sample_size=row.count,
                    origin=Measurement.Origin.IMPORT,
                    recorded_by=user,
                )
                for row in weeks
            )
            baseline = preview.baseline
            if typed_since:  # the weeks typed meanwhile count as they are now
                stored_weeks = dict(metric.measurements.values_list("period_start", "value"))
                baseline = baseline_of(stored_weeks, plan.start_date)
            # The preview's rule (rules.baseline_kept_by_hand) on the rows as they are now.
            baseline_kept = baseline_kept_by_hand(
                metric.baseline, dataset.baselines.get(preview.key)
            )
            baseline_set = False
            if baseline is not None and not baseline_kept:
                if not same_value(metric.baseline, baseline):
                    PlanMetric.objects.filter(pk=metric.pk).update(
                        baseline=baseline, baseline_day=0, version=F("version") + 1
                    )
                    baseline_set = True
                dataset.baselines[preview.key] = baseline
            latest = metric.measurements.order_by("-period_start").values_list(
                "period_start", "value"
            )[:1]
            latest_week, latest_value = latest[0] if latest else (None, None)
            kpis.append(
                {
                    "key": preview.key,
                    "metric_id": metric.pk,
                    "added": [[r.week.isoformat(), r.value] for r in weeks if r.state == "added"],
                    "changed": [
                        [r.week.isoformat(), r.old, r.value]
                        for r in weeks
                        if r.state in ("changed", "manual")
                    ],
                    "kept_manual": [
                        [r.week.isoformat(), r.old, r.value]
                        for r in preview.rows
                        if r.state == "manual" and not replace_manual
                    ]
                    + typed_since,
                    "unchanged": sum(1 for r in preview.rows if r.state == "same"),
                    "baseline": baseline,
                    "baseline_set": baseline_set,
                    "baseline_kept": baseline_kept,
                    "current_baseline": metric.baseline,
                    "latest_week": latest_week.isoformat() if latest_week else None,
                    "latest": latest_value,
                }
            )
        dataset.save()
        if computed.kind == "tickets" and computed.merge is not None:
            _store_records(dataset, computed)
    announce_plan_changed(plan.pk)
    return {
        "tool": computed.tool,
        "kind": computed.kind,
        "rows_read": computed.rows_read,
        "rows_used": computed.rows_used,
        "rows_skipped": computed.rows_skipped,
        "kpis": kpis,
        "splits": dict(computed.splits),
    }


def _not_overwriting_typed_values(
    metric: PlanMetric, rows: list[WeekRow], replace_manual: bool
) -> tuple[list[WeekRow], list[list[Any]]]:
    """The rows still safe to write, and ``[week, typed, imported]`` for the weeks kept.

    The preview was computed before the lock was taken: someone may have typed
    a value for one of these weeks since. A value typed by hand is replaced only
    when the user agreed to replace that very value (it was in the preview); a
    newer one is kept. ``measurement_record`` takes the plan's lock too, so no
    value can be typed between this check and the write.
    """
    now = {
        week: (value, origin)
        for week, value, origin in Measurement.objects.select_for_update()
        .filter(metric=metric, period_start__in=[row.week for row in rows])
        .values_list("period_start", "value", "origin")
    }
    safe: list[WeekRow] = []
    kept: list[list[Any]] = []
    for row in rows:
        current = now.get(row.week)
        if current is not None and current[1] == Measurement.Origin.MANUAL:
            agreed = row.state == "manual" and replace_manual and same_value(current[0], row.old)
            if not agreed:
                kept.append([row.week.isoformat(), current[0], row.value])
                continue
        safe.append(row)
    return safe, kept


def _remembered(computed: Computed) -> dict[str, Any]:
    remembered: dict[str, Any] = {"zone": computed.zone, "basis": computed.basis}
    if computed.overrides:
        remembered["overrides"] = dict(computed.overrides)
    if computed.units:
        remembered["units"] = dict(computed.units)
    if computed.sla_by and computed.sla_targets:
        remembered[SLA_OPTIONS[computed.sla_by]] = {
            name: dict(target) for name, target in computed.sla_targets.items()
        }
    if computed.kind == "survey":
        remembered |= {"survey_kpi": computed.survey_kpi, "question": computed.question}
    return remembered


def _store_records(dataset: SupportDataset, computed: Computed) -> None:
    """Upsert the tickets this upload touched (keyed by the tool's ticket id)."""
    merge = computed.merge
    assert merge is not None
    if not merge.records_added and not merge.records_replaced:
        return
    SupportTicket.objects.bulk_create(
        (
            SupportTicket(dataset=dataset, ticket_id=record.ticket_id, data=record.to_json())
            for record in computed.records
        ),
        update_conflicts=True,
        unique_fields=["dataset", "ticket_id"],
        update_fields=["data"],
        batch_size=2000,
    )
