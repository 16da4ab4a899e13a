from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onboarding.core.calendar import week_start
from onboarding.core.forms import LocalDateField, LocalFloatField, LocalIntegerField, VersionedForm
from onboarding.core.i18n import format_date
from roadmap.rules import FIRST_DAY, LAST_DAY

from .catalogue import CATALOGUE, CUSTOM, Direction
from .imports import MAX_BYTES
from .rules import range_error

MAX_SAMPLE_SIZE = 10_000_000  # answers or tickets in one week: far above any real team

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile
    from django_stubs_ext import StrOrPromise, StrPromise

    from .models import PlanMetric


def metric_choices() -> list[tuple[str, StrPromise]]:
    return [(key, kpi.name) for key, kpi in CATALOGUE.items()] + [(CUSTOM, _("A metric of my own"))]


class MetricAddForm(forms.Form):
    key = forms.ChoiceField(label=_("Metric"), choices=metric_choices)
    custom_name = forms.CharField(
        label=_("Name (for your own metric)"), max_length=120, required=False
    )
    custom_unit = forms.CharField(label=_("Unit"), max_length=30, required=False)
    custom_direction = forms.ChoiceField(
        label=_("Better when"),
        choices=[(Direction.HIGHER, _("higher")), (Direction.LOWER, _("lower"))],
        initial=Direction.HIGHER,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["custom_direction"] = cleaned.get("custom_direction") or Direction.HIGHER
        if cleaned.get("key") == CUSTOM and not cleaned.get("custom_name", "").strip():
            self.add_error("custom_name", _("Give your custom metric a name."))
        return cleaned


def _day(label: StrOrPromise) -> LocalIntegerField:
    return LocalIntegerField(label=label, min_value=FIRST_DAY, max_value=LAST_DAY, required=False)


class GoalsForm(VersionedForm):
    baseline = LocalFloatField(label=_("Baseline"), required=False)
    baseline_day = _day(_("Baseline measured on day"))
    target = LocalFloatField(label=_("Target"), required=False)
    target_day = _day(_("Reach the target by day"))

    def __init__(self, *args: Any, metric: PlanMetric | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.metric = metric

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kpi = self.metric.kpi if self.metric else None
        for field in ("baseline", "target"):
            value = cleaned.get(field)
            if value is None or kpi is None:
                continue
            message = range_error(kpi.minimum, kpi.maximum, value)
            if message:
                self.add_error(field, message)
        # A target refused above (out of range) was given all the same: "together" would be
        # a second, false error.
        given = {"target", "target_day"} - self.errors.keys()
        if len(given) == 2 and (cleaned.get("target") is None) != (
            cleaned.get("target_day") is None
        ):
            self.add_error("target_day", _("Give the target and its day together."))
        baseline_day, target_day = cleaned.get("baseline_day"), cleaned.get("target_day")
        if baseline_day is not None and target_day is not None and target_day <= baseline_day:
            self.add_error("target_day", _("The target day must come after the baseline day."))
        return cleaned


class MeasurementForm(forms.Form):
    day = LocalDateField(label=_("Week of"))
    value = LocalFloatField(label=_("Value"))
    sample_size = LocalIntegerField(
        label=_("Answers or tickets"), min_value=0, max_value=MAX_SAMPLE_SIZE, required=False
    )
    # Set when the user confirmed replacing the week's value: the value they saw
    # replaced (its id and when it was recorded), so a newer one is not replaced blindly.
    replaces = forms.CharField(required=False, max_length=80, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        metric: PlanMetric | None = None,
        today: dt.date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.metric = metric
        self.today = today  # the plan's today: a week not begun yet has no value to give

    def clean_day(self) -> dt.date:
        day = self.cleaned_data["day"]
        if self.today is not None and week_start(day) > week_start(self.today):
            raise forms.ValidationError(
                _("That week has not begun yet (today is %(today)s): give its value once it has.")
                % {"today": format_date(self.today)}
            )
        return day

    def clean_value(self) -> float:
        value = self.cleaned_data["value"]
        kpi = self.metric.kpi if self.metric else None
        message = kpi and range_error(kpi.minimum, kpi.maximum, value)
        if message:
            raise forms.ValidationError(message)
        return value


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))
    replace_typed = forms.BooleanField(
        label=_("Replace values typed by hand"),
        required=False,
        help_text=_("Unticked, a week you typed keeps its value and the file's is skipped."),
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 2 MB. Split it by month and import each part.")
            )
        return upload
