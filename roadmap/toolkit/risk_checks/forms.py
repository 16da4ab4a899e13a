"""The risk check's form: a rating and a note per risk, named ``<risk>-<part>``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from roadmap.toolkit.risk_checks.rules import (
    RATINGS,
    RISK_ITEMS,
    RISK_NOTE_MAX_LENGTH,
    RiskItem,
    check_ratings,
)


@dataclass(frozen=True)
class RiskFields:
    item: RiskItem
    rating: forms.BoundField
    note: forms.BoundField


class RiskCheckForm(forms.Form):
    shared = forms.BooleanField(
        label=_("Share this month's check with the executive"),
        required=False,
        help_text=_(
            "Their dashboard then shows which risks got worse since the check you shared "
            "before; never your notes. Team members never see your risk checks."
        ),
    )

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
