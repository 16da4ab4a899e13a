"""The diagnostic's form: one group of fields per sign, named ``<sign>-<part>``,
so the rules' errors (keyed the same way) land beside the right question.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from roadmap.toolkit.diagnostic.rules import SIGNS, TEXT_MAX_LENGTH, Sign, SignInput, check_answers
from roadmap.toolkit.models import SignAnswer


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
            # Five "Evidence" boxes: the error summary names the sign each belongs to.
            for part in ("evidence", "note"):
                field = self.fields[f"{sign.key}-{part}"]
                field.error_label = format_lazy("{}: {}", sign.title, field.label)  # type: ignore[attr-defined]

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
