from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_GET, require_POST

from metrics.selectors import metric_tile, metric_tiles
from metrics.support_imports.forms import UploadForm
from metrics.support_imports.selectors import recent_uploads
from onboarding.access import PlanRequest, Right, plan_view
from onboarding.core.forms import with_version
from onboarding.core.htmx import malformed
from onboarding.core.i18n import format_date, numbers
from onboarding.core.versioning import StaleVersion

from . import services
from .catalogue import CATALOGUE, Source
from .charts import line_chart, tile_sparkline
from .forms import GoalsForm, ImportForm, MeasurementForm, MetricAddForm
from .imports import ImportRefused, weekly_values
from .models import Measurement, PlanMetric


def _metric(request: PlanRequest, metric_id: int) -> PlanMetric:
    return get_object_or_404(PlanMetric.objects.filter(plan=request.plan), pk=metric_id)


@require_GET
@plan_view(Right.VIEW_METRICS)
def metric_list(request: PlanRequest, plan_id: int) -> HttpResponse:
    return _list_page(request, MetricAddForm())


def _list_page(request: PlanRequest, form: MetricAddForm, status: int = 200) -> HttpResponse:
    plan = request.plan
    day = plan.day_number(plan.local_today())
    tiles = metric_tiles(plan, day)
    for tile in tiles:
        tile["sparkline"] = tile_sparkline(tile)
    can_edit = Right.EDIT_METRICS in request.membership.rights
    context = {
        "plan": plan,
        "tiles": tiles,
        "form": form,
        "can_edit": can_edit,
        "catalogue": CATALOGUE,
        "upload_form": UploadForm(),
        "uploads": recent_uploads(plan) if can_edit else [],
    }
    return render(request, "metrics/metric_list.html", context, status=status)


@require_POST
@plan_view(Right.EDIT_METRICS)
def metric_add(request: PlanRequest, plan_id: int) -> HttpResponse:
    form = MetricAddForm(request.POST)
    if form.is_valid():
        try:
            metric = services.metric_add(plan=request.plan, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Now tracking %(name)s. Set its baseline and target.") % {"name": metric.name},
            )
            return redirect("metric_detail", plan_id=plan_id, metric_id=metric.pk)
    return _list_page(request, form, status=422)


@require_GET
@plan_view(Right.VIEW_METRICS)
def metric_detail(request: PlanRequest, plan_id: int, metric_id: int) -> HttpResponse:
    metric = _metric(request, metric_id)
    return _detail_page(request, metric)


def _detail_page(
    request: PlanRequest,
    metric: PlanMetric,
    *,
    goals_form: GoalsForm | None = None,
    measurement_form: MeasurementForm | None = None,
    import_form: ImportForm | None = None,
    import_errors: list[str] | None = None,
    existing: Measurement | None = None,
    status: int = 200,
) -> HttpResponse:
    """The metric's page. ``existing``: the week's value a new one would replace (asked)."""
    plan = request.plan
    measurements = list(metric.measurements.order_by("period_start"))
    chart = None
    if measurements:
        chart = line_chart(
            [(m.period_start, m.value) for m in measurements],
            baseline=metric.baseline,
            target=metric.target,
        )
    day = plan.day_number(plan.local_today())
    tile = metric_tile(metric, [(m.period_start.isoformat(), m.value) for m in measurements], day)
    context = {
        "plan": plan,
        "metric": metric,
        "tile": tile,
        "measurements": list(reversed(measurements)),
        "chart": chart,
        "can_edit": Right.EDIT_METRICS in request.membership.rights,
        "goals_form": goals_form
        or GoalsForm(
            metric=metric,
            initial={
                "baseline": metric.baseline,
                "baseline_day": metric.baseline_day,
                "target": metric.target,
                "target_day": metric.target_day,
                "version": metric.version,
            },
        ),
        "measurement_form": measurement_form
        or MeasurementForm(metric=metric, initial={"day": plan.local_today()}),
        "import_form": import_form or ImportForm(),
        "import_errors": import_errors or [],
        "existing": existing,
        "replacement_token": services.replacement_token(existing) if existing else "",
        "importable": metric.source not in (Source.NONE, Source.HELPDESK),
    }
    return render(request, "metrics/metric_detail.html", context, status=status)


@require_POST
@plan_view(Right.EDIT_METRICS)
def metric_goals(request: PlanRequest, plan_id: int, metric_id: int) -> HttpResponse:
    metric = _metric(request, metric_id)
    form = GoalsForm(request.POST, metric=metric)
    if form.is_malformed:
        return malformed(form)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.metric_set_goals(
                metric=metric,
                baseline=data["baseline"],
                baseline_day=data["baseline_day"],
                target=data["target"],
                target_day=data["target_day"],
                expected_version=data["version"],
            )
        except StaleVersion as error:
            current = error.current
            form = with_version(GoalsForm, request.POST, current.version, metric=metric)
            form.add_error(
                None,
                _(
                    "Someone changed these goals after you opened the page: baseline "
                    "%(baseline)s (day %(baseline_day)s), target %(target)s (day %(target_day)s). "
                    "Your values are still in the form: save again to replace theirs."
                )
                % {
                    "baseline": _shown(current.baseline),
                    "baseline_day": _shown(current.baseline_day),
                    "target": _shown(current.target),
                    "target_day": _shown(current.target_day),
                },
            )
            return _detail_page(request, metric, goals_form=form, status=409)
        messages.success(request, _("Baseline and target saved."))
        return redirect("metric_detail", plan_id=plan_id, metric_id=metric.pk)
    return _detail_page(request, metric, goals_form=form, status=422)


@require_POST
@plan_view(Right.EDIT_METRICS)
def measurement_add(request: PlanRequest, plan_id: int, metric_id: int) -> HttpResponse:
    metric = _metric(request, metric_id)
    form = MeasurementForm(request.POST, metric=metric, today=request.plan.local_today())
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.measurement_record(
                metric=metric,
                day=data["day"],
                value=data["value"],
                sample_size=data["sample_size"],
                user=request.user,
                replaces=data["replaces"],
            )
        except services.WeekHasValue as conflict:
            # Never replace a figure silently: show it and ask (409, the input kept).
            return _detail_page(
                request, metric, measurement_form=form, existing=conflict.existing, status=409
            )
        messages.success(request, _("Measurement saved."))
        return redirect("metric_detail", plan_id=plan_id, metric_id=metric.pk)
    return _detail_page(request, metric, measurement_form=form, status=422)


@require_POST
@plan_view(Right.EDIT_METRICS)
def measurement_delete(
    request: PlanRequest, plan_id: int, metric_id: int, measurement_id: int
) -> HttpResponse:
    metric = _metric(request, metric_id)
    measurement = get_object_or_404(metric.measurements.select_related("metric"), pk=measurement_id)
    if not services.measurement_delete(measurement=measurement):
        messages.warning(
            request,
            _(
                "That value was replaced while you were deleting it (an import stored the "
                "week again), so nothing was deleted. Here are the values as they are now."
            ),
        )
        return _detail_page(request, metric, status=409)
    messages.success(request, _("Measurement deleted."))
    return redirect("metric_detail", plan_id=plan_id, metric_id=metric.pk)


@require_POST
@plan_view(Right.EDIT_METRICS)
def metric_import(request: PlanRequest, plan_id: int, metric_id: int) -> HttpResponse:
    metric = _metric(request, metric_id)
    form = ImportForm(request.POST, request.FILES)
    if metric.kpi is None or metric.source in (Source.NONE, Source.HELPDESK):
        return _detail_page(
            request, metric, import_errors=[_("This metric is entered by hand.")], status=422
        )
    if not form.is_valid():
        return _detail_page(request, metric, import_form=form, status=422)
    try:
        weekly = weekly_values(
            metric.kpi, form.cleaned_data["file"].read(), timezone=request.plan.timezone
        )
    except ImportRefused as refused:
        return _detail_page(
            request, metric, import_form=form, import_errors=refused.errors, status=422
        )
    imported = services.measurements_import(
        metric=metric,
        weekly=weekly,
        user=request.user,
        replace_typed=form.cleaned_data["replace_typed"],
    )
    if imported.weeks:
        said = ngettext(
            "Imported %(weeks)s week of values.",
            "Imported %(weeks)s weeks of values.",
            imported.weeks,
        )
        messages.success(request, said % numbers({"weeks": imported.weeks}))
    if imported.kept:
        kept = ngettext(
            "The week of %(weeks)s keeps the value you typed; the file's was skipped. To use "
            "the file's, tick “Replace values typed by hand” and import again.",
            "The weeks of %(weeks)s keep the values you typed; the file's were skipped. To use "
            "the file's, tick “Replace values typed by hand” and import again.",
            len(imported.kept),
        )
        separator = pgettext("list separator", ", ")
        weeks = separator.join(format_date(week, "medium") for week in imported.kept)
        messages.warning(request, kept % {"weeks": weeks})
    return redirect("metric_detail", plan_id=plan_id, metric_id=metric.pk)


@require_POST
@plan_view(Right.EDIT_METRICS)
def metric_remove(request: PlanRequest, plan_id: int, metric_id: int) -> HttpResponse:
    metric = _metric(request, metric_id)
    services.metric_remove(metric=metric)
    messages.success(request, _("The metric and its measurements were removed."))
    return redirect("metric_list", plan_id=plan_id)


def _shown(value: object) -> str:
    """A goal's value as the conflict message shows it ("none" when unset)."""
    return _("none") if value is None else str(value)
