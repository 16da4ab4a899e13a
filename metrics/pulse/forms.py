"""The team pulse's forms: answering, opening, and the plan's own wording."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from metrics.pulse import rules
from onboarding.core.forms import LocalDateField, VersionedForm
from onboarding.core.i18n import numbers


class PulseAnswerForm(forms.Form):
    """The eNPS question (0-10), five statements (1-5) and an optional comment."""

    def __init__(self, *args: Any, wording: Mapping[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[rules.ENPS_KEY] = forms.TypedChoiceField(
            label=wording[rules.ENPS_KEY],
            choices=[(str(n), str(n)) for n in range(11)],
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"required": _("Choose a number from 0 to 10.")},
        )
        for item in rules.ITEMS:
            self.fields[item.key] = forms.TypedChoiceField(
                label=wording[item.key],
                choices=[(str(n), label) for n, label in rules.AGREEMENT.items()],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose how much you agree.")},
            )
        self.fields[rules.COMMENT_KEY] = forms.CharField(
            label=wording[rules.COMMENT_KEY],
            required=False,
            max_length=rules.COMMENT_MAX,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Do not write names, yours or others', if you want to stay anonymous."),
        )

    @property
    def enps_field(self) -> forms.BoundField:
        return self[rules.ENPS_KEY]

    @property
    def item_fields(self) -> list[forms.BoundField]:
        return [self[key] for key in rules.ITEM_KEYS]

    @property
    def comment_field(self) -> forms.BoundField:
        return self[rules.COMMENT_KEY]

    @property
    def scores(self) -> dict[str, int]:
        return {key: self.cleaned_data[key] for key in [rules.ENPS_KEY, *rules.ITEM_KEYS]}


class PulseOpenForm(forms.Form):
    # Jalali dates for Persian readers, the browser's picker for everyone else.
    opens_on = LocalDateField(
        label=_("Opens on"),
        help_text=_("Today, or a moment you pick, such as day 10 or day 90."),
    )
    closes_on = LocalDateField(label=_("Closes on"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if isinstance(opens, dt.date) and isinstance(closes, dt.date):
            if closes < opens:
                self.add_error("closes_on", _("The pulse must close on or after its first day."))
            elif (closes - opens).days >= rules.MAX_DAYS_OPEN:
                self.add_error(
                    "closes_on",
                    _("A pulse stays open at most %(days)s days, so the next one starts fresh.")
                    % numbers({"days": rules.MAX_DAYS_OPEN}),
                )
        return data


class PulseQuestionsForm(VersionedForm):
    """One text per question; an empty one asks the standard question in each reader's language."""

    def __init__(self, *args: Any, wording: Mapping[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        standard = rules.standard_wording()
        labels = {
            rules.ENPS_KEY: _("The 0-10 question"),
            rules.COMMENT_KEY: _("The free-text question"),
            **{item.key: item.title for item in rules.ITEMS},
        }
        for key in rules.QUESTION_KEYS:
            self.fields[key] = forms.CharField(
                label=labels[key],
                required=False,
                max_length=300,
                initial=str(wording[key]),
                help_text=_("Standard wording: %(text)s") % {"text": standard[key]},
            )

    @property
    def questions(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key, "") for key in rules.QUESTION_KEYS}

    def question_fields(self) -> list[forms.BoundField]:
        return [self[key] for key in rules.QUESTION_KEYS]
