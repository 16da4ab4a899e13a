from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from metrics.catalogue import CATALOGUE
from metrics.support_data import MAX_BYTES
from onboarding.core.forms import LocalFloatField, LocalNumberInput
from onboarding.core.i18n import numbers
from onboarding.forms import TimeZoneField

from .rules import (
    DURATION_INPUTS,
    MAX_SLA_HOURS,
    SLA_OPTIONS,
    SURVEY_INPUTS,
    SURVEY_KPIS,
    TICKET_INPUTS,
    UNITS,
)

SLA_TARGETS = (("first_reply_hours", "sla_first"), ("resolution_hours", "sla_resolution"))


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Helpdesk or survey export"),
        help_text=_(
            "CSV from Zendesk, Freshdesk, Intercom, Jira Service Management, osTicket, "
            "SurveyMonkey, Typeform or Delighted, or Zammad's XLSX. You see a preview first."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB. Export a shorter period."),
                params=numbers({"limit": MAX_BYTES // (1024 * 1024)}),
            )
        return upload


def _column_choices(headers: Sequence[str]) -> list[tuple[str, str]]:
    return [("", "—")] + [(header, header) for header in headers]


class MappingForm(forms.Form):
    """Which column holds each input, for a file from a tool we do not know."""

    kind = forms.ChoiceField(
        label=_("The file holds"),
        choices=[
            ("tickets", _("tickets, one per row")),
            ("survey", _("survey answers, one per row")),
        ],
        widget=forms.RadioSelect,
    )

    def __init__(
        self,
        *args: Any,
        headers: Sequence[str],
        initial_mapping: Mapping[str, str],
        initial_units: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = _column_choices(headers)
        for name, label in TICKET_INPUTS + SURVEY_INPUTS:
            self.fields[f"col_{name}"] = forms.ChoiceField(
                label=label, choices=choices, required=False, initial=initial_mapping.get(name, "")
            )
            if name in DURATION_INPUTS:
                self.fields[f"unit_{name}"] = forms.ChoiceField(
                    label=_("Unit of “%(input)s”") % {"input": label},
                    choices=UNITS,
                    initial=(initial_units or {}).get(name, "hours"),
                    required=False,
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        needed = ("id", "created") if kind == "tickets" else ("submitted", "score")
        labels = dict(TICKET_INPUTS + SURVEY_INPUTS)
        for name in needed:
            if not data.get(f"col_{name}"):
                self.add_error(
                    f"col_{name}", _("Choose the column for “%(input)s”.") % {"input": labels[name]}
                )
        return data

    def options(self) -> dict[str, Any]:
        data = self.cleaned_data
        inputs = TICKET_INPUTS if data["kind"] == "tickets" else SURVEY_INPUTS
        overrides = {
            name: data[f"col_{name}"] for name, _label in inputs if data.get(f"col_{name}")
        }
        units = {
            name: data.get(f"unit_{name}") or "hours"
            for name in DURATION_INPUTS
            if name in overrides
        }
        return {"overrides": overrides, "units": units}


class SettingsForm(forms.Form):
    """The preview's corrections: time zone, business or calendar time, survey question."""

    zone = TimeZoneField(label=_("Time zone of the file's dates"))
    basis = forms.ChoiceField(
        label=_("Count durations in"),
        choices=[("calendar", _("calendar time")), ("business", _("business hours"))],
        required=False,
    )
    survey_kpi = forms.ChoiceField(
        label=_("The score is"),
        choices=[(key, CATALOGUE[key].name) for key in SURVEY_KPIS],
        required=False,
    )
    question = forms.ChoiceField(label=_("Question column"), choices=[], required=False)

    def __init__(
        self,
        *args: Any,
        kind: str,
        headers: Sequence[str],
        sla_by: str = "",
        sla_values: Sequence[str] = (),
        sla_targets: Mapping[str, Mapping[str, float | None]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.sla_by = sla_by if sla_by in SLA_OPTIONS else ""
        self.sla_values = tuple(sla_values) if self.sla_by else ()
        labels = {
            "first_reply_hours": _("“%(value)s”: first reply within (hours)"),
            "resolution_hours": _("“%(value)s”: resolution within (hours)"),
        }
        for index, value in enumerate(self.sla_values):
            target = (sla_targets or {}).get(value, {})
            for key, prefix in SLA_TARGETS:
                hours = target.get(key)
                self.fields[f"{prefix}_{index}"] = LocalFloatField(
                    label=labels[key] % {"value": value},
                    required=False,
                    initial=int(hours) if hours is not None and hours.is_integer() else hours,
                    widget=LocalNumberInput(attrs={"step": "any", "inputmode": "decimal"}),
                )
        zone_field = self.fields["zone"]
        assert isinstance(zone_field, TimeZoneField)
        zone_field.suggest(self.initial.get("zone"))
        if kind == "survey":
            del self.fields["basis"]
            questions = list(dict.fromkeys(header.split(" | ")[0] for header in headers))
            question_field = self.fields["question"]
            assert isinstance(question_field, forms.ChoiceField)
            question_field.choices = [(q, q) for q in questions]
        else:
            del self.fields["survey_kpi"]
            del self.fields["question"]

    @property
    def general_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith("sla_")]

    @property
    def sla_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """(value, first reply field, resolution field) per priority or channel."""
        return [
            (value, self[f"sla_first_{index}"], self[f"sla_resolution_{index}"])
            for index, value in enumerate(self.sla_values)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.fields:
            value = data.get(name)
            if not name.startswith("sla_") or value is None:
                continue
            if value <= 0:
                self.add_error(name, _("Give a number of hours above zero, or leave it empty."))
            elif value > MAX_SLA_HOURS:
                self.add_error(
                    name,
                    forms.ValidationError(
                        _("Give at most %(limit)s hours."),
                        params=numbers({"limit": MAX_SLA_HOURS}),
                    ),
                )
        return data

    def options(self) -> dict[str, Any]:
        data = self.cleaned_data
        chosen = {key: value for key, value in data.items() if value and not key.startswith("sla_")}
        if self.sla_by:
            targets = {}
            for index, value in enumerate(self.sla_values):
                hours = {key: data.get(f"{prefix}_{index}") for key, prefix in SLA_TARGETS}
                if any(hour is not None for hour in hours.values()):
                    targets[value] = hours
            # The other kind is cleared: a file is judged per priority or per channel.
            chosen |= {key: {} for key in SLA_OPTIONS.values()}
            chosen[SLA_OPTIONS[self.sla_by]] = targets
        return chosen


class ConfirmForm(forms.Form):
    replace_manual = forms.BooleanField(
        label=_("Replace the values I entered by hand in these weeks"), required=False
    )
