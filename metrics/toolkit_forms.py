"""Forms of the measurement tools: the reboot diagnostic and the monthly risk check.

Each form has one group of fields per sign or risk, named ``<key>-<part>``,
so the rules' errors (keyed the same way) land beside the right question.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import SignAnswer
from .toolkit_rules import (
    RATINGS,
    RISK_ITEMS,
    RISK_NOTE_MAX_LENGTH,
    SIGNS,
    TEXT_MAX_LENGTH,
    RiskItem,
    Sign,
    SignInput,
    check_answers,
    check_ratings,
)


@dataclass(frozen=True)
class SignFields:
    sign: Sign
    answer: forms.BoundField
    evidence: forms.BoundField
    note: forms.BoundField


class DiagnosticForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for sign in SIGNS:
            self.fields[f"{sign.key}-answer"] = forms.ChoiceField(
                label=sign.question,
                choices=SignAnswer.choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"{sign.key}-evidence"] = forms.CharField(
                label=_("Evidence"),
                help_text=sign.evidence_hint,
                required=False,
                max_length=TEXT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"{sign.key}-note"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=TEXT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @property
    def signs(self) -> list[SignFields]:
        return [
            SignFields(
                sign=sign,
                answer=self[f"{sign.key}-answer"],
                evidence=self[f"{sign.key}-evidence"],
                note=self[f"{sign.key}-note"],
            )
            for sign in SIGNS
        ]

    @property
    def answers(self) -> list[SignInput]:
        data = self.cleaned_data
        return [
            SignInput(
                sign=sign.key,
                answer=data.get(f"{sign.key}-answer") or "",
                evidence=data.get(f"{sign.key}-evidence") or "",
                note=data.get(f"{sign.key}-note") or "",
            )
            for sign in SIGNS
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            try:
                check_answers(self.answers)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


@dataclass(frozen=True)
class RiskFields:
    item: RiskItem
    rating: forms.BoundField
    note: forms.BoundField


class RiskCheckForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in RISK_ITEMS:
            self.fields[f"{item.key}-rating"] = forms.TypedChoiceField(
                label=item.question,
                choices=[(str(value), label) for value, label in RATINGS],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"{item.key}-note"] = forms.CharField(
                label=_("What you see"),
                required=False,
                max_length=RISK_NOTE_MAX_LENGTH,
            )

    @property
    def items(self) -> list[RiskFields]:
        return [
            RiskFields(item=item, rating=self[f"{item.key}-rating"], note=self[f"{item.key}-note"])
            for item in RISK_ITEMS
        ]

    @property
    def ratings(self) -> dict[str, tuple[int | None, str]]:
        data = self.cleaned_data
        return {
            item.key: (data.get(f"{item.key}-rating"), data.get(f"{item.key}-note") or "")
            for item in RISK_ITEMS
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            try:
                check_ratings(self.ratings)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned
