"""Forms of the plan's tools: challenges and opportunities, budget lines and requests.

Money fields accept any number; the rules (``toolkit_rules.py``) give the
messages for negative amounts, a zero cost and a payback without a benefit.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from onboarding.models import Plan

from .forms import VersionedForm
from .models import (
    BudgetCategory,
    ChallengeKind,
    ChallengeOutcome,
    ChallengeSource,
    QuickWin,
    Task,
)
from .toolkit_rules import check_amount, check_outcome, check_request

MONEY_WIDGET = forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"})


def money_field(label: str, *, help_text: str = "") -> forms.DecimalField:
    """Optional to Django: the rules say which amounts are required, in their words."""
    return forms.DecimalField(
        label=label,
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text=help_text,
        widget=MONEY_WIDGET,
    )


class TaskChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Task) -> str:  # type: ignore[override]
        return obj.title


class QuickWinChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: QuickWin) -> str:  # type: ignore[override]
        return obj.title


class ChallengeForm(VersionedForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=ChallengeKind.choices,
        initial=ChallengeKind.CHALLENGE,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label=_("Challenge or opportunity"), max_length=200)
    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What shows it: a fact, a quote, a figure."),
    )
    source = forms.ChoiceField(label=_("Where it came from"), choices=ChallengeSource.choices)
    source_detail = forms.CharField(
        label=_("Which one"),
        max_length=300,
        required=False,
        help_text=_("The interview, report or meeting, so you can find it again."),
    )
    stakeholder = forms.TypedChoiceField(
        label=_("Stakeholder"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("The person or group it came from, if they are in your register."),
    )
    metric = forms.TypedChoiceField(label=_("Metric"), coerce=int, empty_value=None, required=False)
    outcome = forms.ChoiceField(
        label=_("What became of it"),
        choices=ChallengeOutcome.choices,
        initial=ChallengeOutcome.OPEN,
    )
    quick_win = QuickWinChoiceField(
        label=_("The quick win"), queryset=QuickWin.objects.none(), required=False
    )
    task = TaskChoiceField(
        label=_("The roadmap task"), queryset=Task.objects.none(), required=False
    )
    outcome_note = forms.CharField(label=_("Why it is parked"), max_length=300, required=False)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        from metrics.models import PlanMetric
        from stakeholders.models import Stakeholder

        super().__init__(*args, **kwargs)
        people = Stakeholder.objects.filter(plan=plan).active().order_by("name", "pk")
        self.fields["stakeholder"].choices = [("", _("None"))] + [
            (str(person.pk), person.name) for person in people
        ]
        self.fields["metric"].choices = [("", _("None"))] + [
            (str(metric.pk), metric.name) for metric in PlanMetric.objects.filter(plan=plan)
        ]
        self.fields["quick_win"].queryset = QuickWin.objects.filter(plan=plan).order_by("title")
        self.fields["task"].queryset = Task.objects.filter(plan=plan).order_by(
            "start_day", "order", "pk"
        )
        self.fields["quick_win"].empty_label = _("Not linked")
        self.fields["task"].empty_label = _("Not linked")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        outcome = cleaned.get("outcome")
        if outcome and "outcome_note" not in self.errors:
            try:
                check_outcome(outcome, cleaned.get("outcome_note", ""))
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class ChallengeMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")], required=False)
    position = forms.IntegerField(min_value=1, max_value=10_000, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not cleaned.get("direction") and not cleaned.get("position"):
            raise ValidationError(_("Say where to move it."))
        return cleaned


class CompleteForm(forms.Form):
    complete = forms.TypedChoiceField(
        choices=[("true", "true"), ("false", "false")], coerce=lambda value: value == "true"
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
