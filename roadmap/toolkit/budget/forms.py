"""The budget line and request forms; the rules give the messages for negative or zero amounts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onboarding.core.forms import LocalDecimalField, LocalNumberInput, VersionedForm
from roadmap.toolkit.budget.rules import check_amount, check_request
from roadmap.toolkit.models import BudgetCategory

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MONEY_WIDGET = LocalNumberInput(attrs={"inputmode": "decimal", "step": "0.01"})


def money_field(label: StrOrPromise, *, help_text: StrOrPromise = "") -> LocalDecimalField:
    """Optional to Django: the rules say which amounts are required, in their words."""
    return LocalDecimalField(
        label=label,
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text=help_text,
        widget=MONEY_WIDGET,
    )


class BudgetLineForm(VersionedForm):
    category = forms.ChoiceField(label=_("Category"), choices=BudgetCategory.choices)
    label = forms.CharField(label=pgettext_lazy("budget line", "Line"), max_length=200)
    amount = money_field(_("Rest of this fiscal year"))
    next_year_amount = money_field(
        _("Next fiscal year"), help_text=_("Your estimate; leave empty if unsure.")
    )
    assumption = forms.CharField(
        label=_("Assumption for next year"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the next year's figure assumes: volumes, hires, prices."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, required in (("amount", True), ("next_year_amount", False)):
            if name in self.errors:
                continue
            try:
                check_amount(cleaned.get(name), name, required=required)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class BudgetRequestForm(VersionedForm):
    title = forms.CharField(label=_("What the money is for"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=BudgetCategory.choices)
    cost = money_field(_("Cost"))
    monthly_benefit = money_field(
        _("Expected benefit per month"),
        help_text=_("Savings or extra revenue each month, in the same currency."),
    )
    benefit_basis = forms.CharField(
        label=_("How the benefit is estimated"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "cost" not in self.errors and "monthly_benefit" not in self.errors:
            try:
                check_request(cleaned.get("cost"), cleaned.get("monthly_benefit"))
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned
