"""The stakeholder register's pages.

Every view is wrapped in ``plan_view``; the register's readers are decided by
:func:`selectors.viewer_for` (the whole register, or only what was shared).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from onboarding.access import PlanRequest, Right, plan_view
from onboarding.core.forms import with_version
from onboarding.core.htmx import is_partial, malformed, posted, redirect_back, render_page
from onboarding.core.i18n import format_number, numbers
from onboarding.core.versioning import StaleVersion
from roadmap.playbook import phase_name

from . import csv_io, grid, selectors, services
from .forms import (
    ArchiveForm,
    ImportMappingForm,
    ImportUploadForm,
    InteractionForm,
    StakeholderForm,
)
from .models import Attitude, InteractionKind, Relationship, Scope

# --- Helpers --------------------------------------------------------------------


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError shown on the form's fields (or at its top)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages_ in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages_)


def _detail_url(plan_id: int, stakeholder_id: int) -> str:
    return reverse("stakeholder_detail", args=[plan_id, stakeholder_id])


def _filter_choices(viewer: selectors.Viewer) -> dict[str, Any]:
    return {
        "relationship_choices": Relationship.choices,
        "scope_choices": Scope.choices,
        "attitude_choices": Attitude.choices,
        "sees_register": viewer.sees_register,
    }


def _columns(filters: selectors.RegisterFilters, viewer: selectors.Viewer) -> list[dict[str, Any]]:
    """The register table's sortable headers, with their links and aria-sort."""
    columns = [
        ("name", _("Name")),
        ("organisation", _("Department or organisation")),
        ("relationship", _("Relationship")),
    ]
    if viewer.sees_register:
        columns += [("power", _("Power")), ("interest", _("Interest")), ("attitude", _("Attitude"))]
    columns += [("last_contact", _("Last contact"))]
    return [
        {
            "key": key,
            "id": f"sort-{key}",  # htmx keeps focus on it, and names it in HX-Trigger
            "label": label,
            "link": filters.sort_link(key),
            "sort": (
                ("descending" if filters.descending else "ascending")
                if filters.sort_key == key
                else ""
            ),
        }
        for key, label in columns
    ]


def _sorted_by(filters: selectors.RegisterFilters, columns: list[dict[str, Any]]) -> str:
    """The register's order in words, for the live region: "Sorted by Name, A to Z."."""
    # (ascending, descending), as whole sentences for the translators.
    a_to_z = (_("Sorted by %(column)s, A to Z."), _("Sorted by %(column)s, Z to A."))
    scale = (_("Sorted by %(column)s, lowest first."), _("Sorted by %(column)s, highest first."))
    sentences = {
        "name": a_to_z,
        "organisation": a_to_z,
        "power": scale,
        "interest": scale,
        "last_contact": (
            _("Sorted by %(column)s, oldest first."),
            _("Sorted by %(column)s, most recent first."),
        ),
    }
    ascending, descending = sentences.get(
        filters.sort_key,
        (_("Sorted by %(column)s, ascending."), _("Sorted by %(column)s, descending.")),
    )
    label = next((c["label"] for c in columns if c["key"] == filters.sort_key), filters.sort_key)
    return (descending if filters.descending else ascending) % {"column": label}


def _matches(request: PlanRequest, count: int) -> str:
    """After a filter (or a page link) updated the register or the map in place: how many
    people it shows now, for the live region (focus stays where it was)."""
    if not is_partial(request):
        return ""
    return ngettext("%(count)s person matches.", "%(count)s people match.", count) % {
        "count": format_number(count)
    }


# --- The register ---------------------------------------------------------------


@require_GET
@plan_view(Right.VIEW_PLAN)
def stakeholder_list(request: PlanRequest, plan_id: int) -> HttpResponse:
    viewer = selectors.viewer_for(request.membership)
    today = request.plan.local_today()
    filters = selectors.RegisterFilters.from_query(request.GET, viewer)
    register = selectors.register_page(
        request.plan, viewer, filters, request.GET.get("page"), today
    )
    columns = _columns(filters, viewer)
    # A column heading's sort link made the request: say the new order (focus stays on the link).
    sorted_here = is_partial(request) and request.htmx.trigger == f"sort-{filters.sort_key}"
    context = {
        "plan": request.plan,
        "register": register,
        "filters": filters,
        "viewer": viewer,
        "today": today,
        "columns": columns,
        # Each cell's column, written beside it when the table stacks on phones.
        "labels": {column["key"]: column["label"] for column in columns},
        "announce": _sorted_by(filters, columns)
        if sorted_here
        else _matches(request, register.total),
        **_filter_choices(viewer),
    }
    response = render_page(request, "stakeholders/list.html", context, partial="register")
    patch_vary_headers(response, ("HX-Trigger",))
    return response


@require_GET
@plan_view(Right.VIEW_STAKEHOLDERS)
def power_map(request: PlanRequest, plan_id: int) -> HttpResponse:
    viewer = selectors.viewer_for(request.membership)
    today = request.plan.local_today()
    filters = selectors.RegisterFilters.from_query(request.GET, viewer)
    view = selectors.power_map(request.plan, viewer, filters, today)
    xs, ys = grid.cell_lines()
    context = {
        "plan": request.plan,
        "map": view,
        "filters": filters,
        "viewer": viewer,
        "plot": grid.PLOT,
        "x_ticks": grid.x_ticks(),
        "y_ticks": grid.y_ticks(),
        "grid_xs": xs,
        "grid_ys": ys,
        "announce": _matches(request, len(view.dots) + len(view.unplaced)),
        **_filter_choices(viewer),
    }
    return render_page(request, "stakeholders/map.html", context, partial="grid")


@require_GET
@plan_view(Right.VIEW_STAKEHOLDERS)
def stakeholder_export(request: PlanRequest, plan_id: int) -> HttpResponse:
    """The register as CSV, filtered like the list; never any private notes.

    Assessments the viewer may not see are empty (``selectors.assessment_rule``).
    """
    viewer = selectors.viewer_for(request.membership)
    today = request.plan.local_today()
    filters = selectors.RegisterFilters.from_query(request.GET, viewer)
    rows = selectors.export_stakeholders(request.plan, viewer, filters, today)
    response = HttpResponse(
        "".join(csv_io.export_lines(rows)), content_type="text/csv; charset=utf-8"
    )
    filename = f"stakeholders-{request.plan.pk}-{today.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- One stakeholder ---------------------------------------------------------------


@require_GET
@plan_view(Right.VIEW_PLAN)
def stakeholder_detail(request: PlanRequest, plan_id: int, stakeholder_id: int) -> HttpResponse:
    viewer = selectors.viewer_for(request.membership)
    detail = selectors.stakeholder_detail(request.plan, viewer, stakeholder_id)
    today = request.plan.local_today()
    context = {
        "plan": request.plan,
        "detail": detail,
        "stakeholder": detail.stakeholder,
        "status": detail.stakeholder.contact_status(today),
        "viewer": viewer,
        "today": today,
    }
    return render(request, "stakeholders/detail.html", context)


@require_http_methods(["GET", "POST"])
@plan_view(Right.EDIT_STAKEHOLDERS)
def stakeholder_new(request: PlanRequest, plan_id: int) -> HttpResponse:
    plan = request.plan
    form = StakeholderForm(posted(request), plan=plan, new=True)
    if request.method == "POST" and form.is_valid():
        try:
            stakeholder = services.stakeholder_create(plan=plan, fields=form.to_fields())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s is in the register.") % {"name": stakeholder.name}
            )
            if request.POST.get("then") == "log":
                return redirect("interaction_new", plan_id=plan_id, stakeholder_id=stakeholder.pk)
            if request.POST.get("then") == "another":
                return redirect("stakeholder_new", plan_id=plan_id)
            return redirect("stakeholder_detail", plan_id=plan_id, stakeholder_id=stakeholder.pk)
    return render(
        request,
        "stakeholders/form.html",
        {"plan": plan, "form": form, "stakeholder": None},
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@plan_view(Right.EDIT_STAKEHOLDERS)
def stakeholder_edit(request: PlanRequest, plan_id: int, stakeholder_id: int) -> HttpResponse:
    plan = request.plan
    stakeholder = selectors.stakeholder_for_update(plan, stakeholder_id)
    form = StakeholderForm(posted(request), plan=plan, instance=stakeholder)
    status, current = 200, None
    if request.method == "POST":
        status = 422
        if form.is_malformed:
            return malformed(form)
        if form.is_valid():
            try:
                services.stakeholder_update(
                    stakeholder=stakeholder,
                    fields=form.to_fields(),
                    expected_version=form.cleaned_data["version"],
                )
            except StaleVersion as error:
                # Your input stays in the form, now carrying their version: saving
                # again is a deliberate choice to replace what they saved.
                status, current = 409, error.current
                form = with_version(
                    StakeholderForm, request.POST, current.version, plan=plan, instance=current
                )
                form.add_error(
                    None,
                    _(
                        "Someone saved this person after you opened the form; their version "
                        "is shown above the form. Your changes are still in the form: save "
                        "again to replace theirs."
                    ),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(
                    "stakeholder_detail", plan_id=plan_id, stakeholder_id=stakeholder.pk
                )
    return render(
        request,
        "stakeholders/form.html",
        {"plan": plan, "form": form, "stakeholder": stakeholder, "current": current},
        status=status,
    )


def _archive_or_restore(
    request: PlanRequest, plan_id: int, stakeholder_id: int, *, archive: bool
) -> HttpResponse:
    stakeholder = selectors.stakeholder_for_update(request.plan, stakeholder_id)
    form = ArchiveForm(request.POST)
    if not form.is_valid():
        return malformed(form)
    action = services.stakeholder_archive if archive else services.stakeholder_restore
    try:
        action(stakeholder=stakeholder, expected_version=form.cleaned_data["version"])
    except StaleVersion:
        messages.warning(
            request,
            _("Someone changed this person while you were looking. Here is the latest version."),
        )
    else:
        if archive:
            messages.success(
                request,
                _("%(name)s is archived: off the lists and the grid, with their history kept.")
                % {"name": stakeholder.name},
            )
        else:
            messages.success(
                request, _("%(name)s is back in the register.") % {"name": stakeholder.name}
            )
    return redirect("stakeholder_detail", plan_id=plan_id, stakeholder_id=stakeholder.pk)


@require_POST
@plan_view(Right.EDIT_STAKEHOLDERS)
def stakeholder_archive(request: PlanRequest, plan_id: int, stakeholder_id: int) -> HttpResponse:
    return _archive_or_restore(request, plan_id, stakeholder_id, archive=True)


@require_POST
@plan_view(Right.EDIT_STAKEHOLDERS)
def stakeholder_restore(request: PlanRequest, plan_id: int, stakeholder_id: int) -> HttpResponse:
    return _archive_or_restore(request, plan_id, stakeholder_id, archive=False)


# --- Interactions ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@plan_view(Right.EDIT_STAKEHOLDERS)
def interaction_new(request: PlanRequest, plan_id: int, stakeholder_id: int) -> HttpResponse:
    plan = request.plan
    stakeholder = selectors.stakeholder_for_update(plan, stakeholder_id)
    today = plan.local_today()
    initial = {}
    if request.GET.get("kind") in InteractionKind.values:
        initial["kind"] = request.GET["kind"]
    form = InteractionForm(posted(request), stakeholder=stakeholder, today=today, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            interaction = services.interaction_create(
                stakeholder=stakeholder,
                kind=data["kind"],
                date=data["date"],
                sentiment=data["sentiment"],
                notes=data["notes"],
                answers=form.answers(),
                follow_ups=data["follow_ups"],
                created_by=request.user,
                today=today,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Logged."))
            return redirect(_detail_url(plan_id, stakeholder.pk) + f"#interaction-{interaction.pk}")
    return render(
        request,
        "stakeholders/interaction_form.html",
        {"plan": plan, "form": form, "stakeholder": stakeholder, "interaction": None},
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@plan_view(Right.EDIT_STAKEHOLDERS)
def interaction_edit(
    request: PlanRequest, plan_id: int, stakeholder_id: int, interaction_id: int
) -> HttpResponse:
    plan = request.plan
    interaction = selectors.interaction_for_update(plan, stakeholder_id, interaction_id)
    stakeholder = interaction.stakeholder
    today = plan.local_today()
    form = InteractionForm(
        posted(request),
        stakeholder=stakeholder,
        today=today,
        editing=True,
        existing_answers={a.question_key: a.answer for a in interaction.answers.all()},
        initial={
            "kind": interaction.kind,
            "date": interaction.date,
            "sentiment": interaction.sentiment,
            "notes": interaction.notes,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.interaction_update(
                interaction=interaction,
                kind=data["kind"],
                date=data["date"],
                sentiment=data["sentiment"],
                notes=data["notes"],
                answers=form.answers(),
                new_follow_ups=data["follow_ups"],
                today=today,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_detail_url(plan_id, stakeholder.pk) + f"#interaction-{interaction.pk}")
    return render(
        request,
        "stakeholders/interaction_form.html",
        {"plan": plan, "form": form, "stakeholder": stakeholder, "interaction": interaction},
        status=422 if form.errors else 200,
    )


@require_POST
@plan_view(Right.EDIT_STAKEHOLDERS)
def interaction_delete(
    request: PlanRequest, plan_id: int, stakeholder_id: int, interaction_id: int
) -> HttpResponse:
    interaction = selectors.interaction_for_update(request.plan, stakeholder_id, interaction_id)
    services.interaction_delete(interaction=interaction)
    messages.success(request, _("The interaction was deleted."))
    return redirect("stakeholder_detail", plan_id=plan_id, stakeholder_id=stakeholder_id)


@require_POST
@plan_view(Right.EDIT_STAKEHOLDERS)
def follow_up_to_task(request: PlanRequest, plan_id: int, follow_up_id: int) -> HttpResponse:
    """One click: the follow-up becomes a task on the roadmap (once)."""
    if Right.EDIT_ROADMAP not in request.membership.rights:
        raise PermissionDenied
    follow_up = selectors.follow_up_for_update(request.plan, follow_up_id)
    stakeholder_id = follow_up.interaction.stakeholder_id
    status, level = 200, messages.SUCCESS
    try:
        task = services.follow_up_to_task(follow_up=follow_up, owner=request.user)
    except services.AlreadyOnRoadmap as already:
        follow_up.task = already.task
        message, level = _("This follow-up is already on your roadmap."), messages.INFO
    except ValidationError as error:
        message, level, status = " ".join(error.messages), messages.ERROR, 422
    else:
        message = _("Added to your roadmap: %(phase)s, days %(first)s to %(last)s.") % numbers(
            {
                "phase": phase_name(task.phase, request.plan),
                "first": task.start_day,
                "last": task.end_day,
            }
        )
    if is_partial(request):
        context = {
            "plan": request.plan,
            "follow_up": follow_up,
            "message": message,
            "level": messages.DEFAULT_TAGS[level],
            "viewer": selectors.viewer_for(request.membership),
        }
        return render(request, "stakeholders/detail.html#follow-up", context, status=status)
    messages.add_message(request, level, message)
    return redirect_back(request, _detail_url(plan_id, stakeholder_id))


# --- Answers side by side ---------------------------------------------------------------


@require_GET
@plan_view(Right.VIEW_PRIVATE_NOTES)
def interview_answers(request: PlanRequest, plan_id: int) -> HttpResponse:
    overview = selectors.answers_overview(request.plan, request.GET.get("question") or None)
    context = {"plan": request.plan, "overview": overview}
    if is_partial(request) and overview.selected is not None:
        # A question's link updated the panel in place; focus stays on the link.
        context["announce"] = _("Showing the answers to “%(question)s”.") % {
            "question": overview.selected.text
        }
    return render_page(request, "stakeholders/answers.html", context, partial="answers")


# --- CSV import ---------------------------------------------------------------------------


class UploadLimit(FileUploadHandler):
    """Skip a file the moment it passes the import limit, instead of spooling it to disk."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.exceeded: int | None = None

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > csv_io.MAX_BYTES:
            self.exceeded = start + len(raw_data)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


@csrf_exempt
@require_http_methods(["GET", "POST"])
def stakeholder_import(request: PlanRequest, plan_id: int) -> HttpResponse:
    # The size limit must be in place before anything reads the body, and the
    # CSRF check reads it; so CSRF is checked just after, in _import_upload.
    limit = UploadLimit(request)
    request.upload_handlers.insert(0, limit)
    return _import_upload(request, plan_id=plan_id, limit=limit)


@plan_view(Right.EDIT_STAKEHOLDERS)
@csrf_protect
def _import_upload(request: PlanRequest, plan_id: int, limit: UploadLimit) -> HttpResponse:
    form = ImportUploadForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST":
        if limit.exceeded is not None:
            # The skipped file is missing from the form: say why instead of "required".
            form.is_valid()
            form.errors["file"] = form.error_class([csv_io.too_big_message(None)])
        elif form.is_valid():
            try:
                pending = services.import_upload(
                    plan=request.plan, user=request.user, upload=form.cleaned_data["file"]
                )
            except csv_io.ImportRefused as refused:
                form.add_error("file", refused.message)
            else:
                return redirect("stakeholder_import_preview", plan_id=plan_id, import_id=pending.pk)
    return render(
        request,
        "stakeholders/import_upload.html",
        {
            "plan": request.plan,
            "form": form,
            "fields": csv_io.IMPORT_FIELDS,
            "max_rows": csv_io.MAX_ROWS,
        },
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@plan_view(Right.EDIT_STAKEHOLDERS)
def stakeholder_import_preview(request: PlanRequest, plan_id: int, import_id: int) -> HttpResponse:
    pending = selectors.pending_import_for_update(request.plan, import_id)
    form = ImportMappingForm(posted(request), header=pending.header, mapping=pending.mapping)
    status = 200
    result = None
    if request.method == "POST":
        if not form.is_valid():
            status = 422
        elif request.POST.get("action") == "import":
            try:
                count = services.import_commit(pending=pending, mapping=form.mapping())
            except services.ImportInvalid as invalid:
                result, status = invalid.result, 422
            except csv_io.ImportRefused as refused:
                messages.error(request, refused.message)
                return redirect("stakeholder_list", plan_id=plan_id)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Imported %(count)s person into the register.",
                        "Imported %(count)s people into the register.",
                        count,
                    )
                    % numbers({"count": count}),
                )
                return redirect("stakeholder_list", plan_id=plan_id)
        else:
            pending.mapping = form.mapping()
            pending.save(update_fields=["mapping"])
            result = services.import_check(pending=pending, mapping=pending.mapping)
            status = 200 if result.is_importable else 422
    else:
        result = services.import_check(pending=pending, mapping=pending.mapping)
    context = {
        "plan": request.plan,
        "pending": pending,
        "form": form,
        "result": result,
        "preview_rows": [_preview(row) for row in result.rows[: csv_io.PREVIEW_ROWS]]
        if result
        else [],
        "errors": result.errors[:200] if result else [],
        "more_errors": max(0, len(result.errors) - 200) if result else 0,
        "columns": list(zip(form, _samples(pending), strict=True)),
    }
    return render_page(
        request, "stakeholders/import_preview.html", context, partial="import-check", status=status
    )


def _preview(row: csv_io.RowResult) -> dict[str, Any]:
    """A checked row with choice values shown by their names."""
    values = row.values

    def label(choices: Any, key: str, default: str = "") -> str:
        value = values.get(key) or default
        return str(choices(value).label) if value else ""

    return {
        "line": row.line,
        "problem": bool(row.errors),
        "name": values.get("name", ""),
        "email": values.get("email", ""),
        "organisation": values.get("organisation", ""),
        "relationship": label(Relationship, "relationship", Relationship.OTHER),
        "power": values.get("power", ""),
        "interest": values.get("interest", ""),
        "attitude": label(Attitude, "attitude"),
        "tags": ", ".join(values.get("tags", [])),
    }


def _samples(pending: Any) -> list[str]:
    """A few values of each column, to help choose what it holds."""
    samples = []
    for index in range(len(pending.header)):
        values = [
            str(cells[index]).strip()
            for _line, cells in pending.rows[:5]
            if index < len(cells) and str(cells[index]).strip()
        ]
        samples.append(", ".join(v[:30] for v in values[:3]))
    return samples


@require_POST
@plan_view(Right.EDIT_STAKEHOLDERS)
def stakeholder_import_cancel(request: PlanRequest, plan_id: int, import_id: int) -> HttpResponse:
    pending = selectors.pending_import_for_update(request.plan, import_id)
    pending.delete()
    messages.info(request, _("The upload was discarded; nothing was imported."))
    return redirect("stakeholder_list", plan_id=plan_id)
