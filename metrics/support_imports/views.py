from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from metrics.catalogue import CATALOGUE
from metrics.support_data import ExportRefused, Recognition, benchmarks_for
from metrics.tasks import read_support_preview, run_support_upload
from onboarding.access import PlanRequest, Right, plan_view
from onboarding.core.enqueue import enqueue_on_commit
from onboarding.core.htmx import is_partial, render_page, vary_on_htmx

from . import services
from .forms import ConfirmForm, MappingForm, SettingsForm, UploadForm
from .models import SupportUpload
from .rules import TOOL_NAMES
from .selectors import (
    Computed,
    SettingsShape,
    compute_upload,
    forget_reading,
    mapping_recognition,
    mark_reading,
    preview_key,
    reading_progress,
    remember_preview,
    remembered_preview,
    split_tables,
)

TEMPLATES = "metrics/support_imports"


def _upload(request: PlanRequest, upload_id: int, *, content: bool = True) -> SupportUpload:
    """The plan's upload; a file still in preview only for the one who uploaded it.

    ``content=False`` leaves the file (up to 50 MB) in the database until it is used.
    """
    uploads = SupportUpload.objects.filter(plan=request.plan).filter(
        ~Q(status=SupportUpload.Status.PREVIEW) | Q(uploaded_by=request.user)
    )
    if not content:
        uploads = uploads.defer("content")
    return get_object_or_404(uploads, pk=upload_id)


@require_GET
@plan_view(Right.EDIT_METRICS)
def support_upload_new(request: PlanRequest, plan_id: int) -> HttpResponse:
    return _new_page(request, UploadForm())


def _new_page(request: PlanRequest, form: UploadForm, status: int = 200) -> HttpResponse:
    context = {"plan": request.plan, "upload_form": form}
    return render(request, f"{TEMPLATES}/upload.html", context, status=status)


@require_POST
@plan_view(Right.EDIT_METRICS)
def support_upload(request: PlanRequest, plan_id: int) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _new_page(request, form, status=422)
    file = form.cleaned_data["file"]
    try:
        upload = services.support_upload_create(
            plan=request.plan, user=request.user, filename=file.name, content=file.read()
        )
    except ExportRefused as refused:
        form.add_error("file", refused.message)
        return _new_page(request, form, status=422)
    return redirect("support_upload_detail", plan_id=plan_id, upload_id=upload.pk)


@require_GET
@plan_view(Right.EDIT_METRICS)
def support_upload_detail(request: PlanRequest, plan_id: int, upload_id: int) -> HttpResponse:
    upload = _upload(request, upload_id, content=False)
    if upload.status != SupportUpload.Status.PREVIEW:
        return _result_page(request, upload)
    key = preview_key(upload, request.plan)
    preview = _preview_or_reading(request, upload, key)
    if preview is None:
        context = {"plan": request.plan, "upload": upload, "progress": reading_progress(key)}
        return render_page(request, f"{TEMPLATES}/reading.html", context, partial="status")
    if is_partial(request):  # the reading page's poll: the preview is ready, load it whole
        return vary_on_htmx(HttpResponseClientRefresh())
    if preview.needs_mapping:
        return _mapping_page(request, upload, preview.recognition, None)
    return _preview_page(request, upload, preview)


def _preview_or_reading(request: PlanRequest, upload: SupportUpload, key: str) -> Computed | None:
    """The upload's preview; for a large file not read yet, None while a worker reads it
    (started here unless one already is)."""
    if upload.size <= settings.SUPPORT_IMPORT_BACKGROUND_BYTES:
        return _preview_now(request, upload, key)
    preview = remembered_preview(key, request.plan)
    if preview is not None or reading_progress(key) is not None:
        return preview
    if mark_reading(key):
        try:
            read_support_preview.apply_async(args=(upload.pk,))
        except Exception:  # the broker is down: read it here, as a small file
            forget_reading(key)
        else:
            # Without a broker (`make run`) the task ran in-process and the preview is here.
            return remembered_preview(key, request.plan)
    elif reading_progress(key) is not None:  # another tab started it just now
        return None
    return _read_now(request, upload, key)


def _preview_now(request: PlanRequest, upload: SupportUpload, key: str) -> Computed:
    """The upload's preview, remembered or read in this request."""
    return remembered_preview(key, request.plan) or _read_now(request, upload, key)


def _read_now(request: PlanRequest, upload: SupportUpload, key: str) -> Computed:
    """Read the file in this request, and remember what it gives."""
    computed = compute_upload(request.plan, bytes(upload.content), upload.options)
    remember_preview(key, computed)
    return computed


def _settings_form(shape: SettingsShape, data: Any = None) -> SettingsForm:
    initial = {
        "zone": shape.zone,
        "basis": shape.basis,
        "survey_kpi": shape.survey_kpi,
        "question": shape.question,
    }
    return SettingsForm(
        data,
        kind=shape.kind,
        headers=shape.headers,
        initial=initial,
        sla_by=shape.sla_by,
        sla_values=shape.sla_values,
        sla_targets=shape.sla_targets,
    )


def _preview_page(
    request: PlanRequest,
    upload: SupportUpload,
    computed: Computed,
    *,
    settings_form: SettingsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "plan": request.plan,
        "upload": upload,
        "computed": computed,
        "tool_name": TOOL_NAMES.get(computed.tool, computed.tool),
        "settings_form": settings_form or _settings_form(SettingsShape.of(computed)),
        "confirm_form": ConfirmForm(),
        "has_manual": any(kpi.manual for kpi in computed.kpis),
        "start_date": request.plan.start_date,
    }
    context |= _splits_context(computed.splits)
    return render(request, f"{TEMPLATES}/preview.html", context, status=status)


def _splits_context(splits: Any) -> dict[str, Any]:
    first, last, tables = split_tables(splits or {})
    return {"split_first": first, "split_last": last, "split_tables": tables}


def _mapping_page(
    request: PlanRequest,
    upload: SupportUpload,
    recognition: Recognition | None,
    form: MappingForm | None,
    status: int = 200,
) -> HttpResponse:
    headers = recognition.headers if recognition else ()
    if form is None:
        mapping = {k.value: v for k, v in recognition.mapping.items()} if recognition else {}
        kind = "survey" if "submitted" in mapping and "created" not in mapping else "tickets"
        units = {k.value: v.value for k, v in recognition.units.items()} if recognition else {}
        form = MappingForm(
            headers=headers,
            initial_mapping=mapping,
            initial_units=units,
            initial={"kind": kind},
        )
    context = {"plan": request.plan, "upload": upload, "form": form, "headers": headers}
    return render(request, f"{TEMPLATES}/mapping.html", context, status=status)


@require_http_methods(["GET", "POST"])
@plan_view(Right.EDIT_METRICS)
def support_upload_mapping(request: PlanRequest, plan_id: int, upload_id: int) -> HttpResponse:
    upload = _upload(request, upload_id)
    if upload.status != SupportUpload.Status.PREVIEW:
        return redirect("support_upload_detail", plan_id=plan_id, upload_id=upload.pk)
    # Only the header is read: the columns to choose from, and the choices in effect.
    recognition = mapping_recognition(bytes(upload.content), upload.options)
    if request.method == "GET":
        return _mapping_page(request, upload, recognition, None)
    headers = recognition.headers if recognition else ()
    form = MappingForm(request.POST, headers=headers, initial_mapping={})
    if not form.is_valid():
        return _mapping_page(request, upload, recognition, form, status=422)
    services.support_upload_set_options(upload=upload, changes=form.options())
    return redirect("support_upload_detail", plan_id=plan_id, upload_id=upload.pk)


@require_POST
@plan_view(Right.EDIT_METRICS)
def support_upload_settings(request: PlanRequest, plan_id: int, upload_id: int) -> HttpResponse:
    upload = _upload(request, upload_id, content=False)
    if upload.status != SupportUpload.Status.PREVIEW:
        return redirect("support_upload_detail", plan_id=plan_id, upload_id=upload.pk)
    # The form's fields come from the file: the preview the manager is looking at has them,
    # so a change does not read a large file again. When that preview is no longer
    # remembered (hours later), a large file is read by a worker, not in this request.
    preview = _preview_or_reading(request, upload, preview_key(upload, request.plan))
    if preview is None:
        messages.warning(
            request,
            _(
                "The file's preview had to be read again, so your changes were not saved. "
                "Make them again once it is back."
            ),
        )
        return redirect("support_upload_detail", plan_id=plan_id, upload_id=upload.pk)
    form = _settings_form(SettingsShape.of(preview), request.POST)
    if not form.is_valid():
        return _preview_page(request, upload, preview, settings_form=form, status=422)
    services.support_upload_set_options(upload=upload, changes=form.options())
    return redirect("support_upload_detail", plan_id=plan_id, upload_id=upload.pk)


@require_POST
@plan_view(Right.EDIT_METRICS)
def support_upload_confirm(request: PlanRequest, plan_id: int, upload_id: int) -> HttpResponse:
    upload = _upload(request, upload_id)
    form = ConfirmForm(request.POST)
    form.is_valid()
    try:
        queued = services.support_upload_confirm(
            upload=upload, replace_manual=bool(form.cleaned_data.get("replace_manual"))
        )
    except services.AlreadyConfirmed:
        messages.info(request, _("This file was already imported; here is its result."))
        return redirect("support_upload_detail", plan_id=plan_id, upload_id=upload.pk)
    if queued:
        enqueue_on_commit(run_support_upload, upload.pk)
        messages.info(request, _("The file is large: it is being imported in the background."))
    return redirect("support_upload_detail", plan_id=plan_id, upload_id=upload.pk)


def _result_page(request: PlanRequest, upload: SupportUpload) -> HttpResponse:
    kpis = []
    for item in upload.result.get("kpis", []):
        kpi = CATALOGUE.get(item["key"])
        kpis.append(
            item
            | {
                "name": kpi.name if kpi else item["key"],
                "unit": kpi.unit if kpi else "",
                "added": [(dt.date.fromisoformat(w), new) for w, new in item["added"]],
                "changed": [(dt.date.fromisoformat(w), o, n) for w, o, n in item["changed"]],
                "kept_manual": [
                    (dt.date.fromisoformat(w), o, n) for w, o, n in item["kept_manual"]
                ],
                "latest_week": dt.date.fromisoformat(item["latest_week"])
                if item.get("latest_week")
                else None,
                "benchmarks": benchmarks_for(item["key"]),
            }
        )
    context = {"plan": request.plan, "upload": upload, "kpis": kpis}
    context |= _splits_context(upload.result.get("splits"))
    return render_page(request, f"{TEMPLATES}/result.html", context, partial="status")
