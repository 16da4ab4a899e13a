"""The challenge form, and the small forms that rank a challenge or complete the list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from onboarding.core.forms import VersionedForm, form_field
from onboarding.models import Plan
from roadmap.models import Task
from roadmap.quick_wins.models import QuickWin
from roadmap.toolkit.challenges.rules import check_outcome
from roadmap.toolkit.models import ChallengeKind, ChallengeOutcome, ChallengeSource


class TaskChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Task) -> str:
        return obj.title


class QuickWinChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: QuickWin) -> str:
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
        label=_("Status"),
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
        super().__init__(*args, **kwargs)
        # Sources from higher apps, read through the plan's own relations (see selectors).
        people = plan.stakeholders.filter(archived_at__isnull=True).order_by("name", "pk")
        stakeholder_field = form_field(self, "stakeholder", forms.TypedChoiceField)
        stakeholder_field.choices = [("", _("None"))] + [
            (str(person.pk), person.name) for person in people
        ]
        metric_field = form_field(self, "metric", forms.TypedChoiceField)
        metric_field.choices = [("", _("None"))] + [
            (str(metric.pk), metric.name) for metric in plan.metrics.all()
        ]
        quick_win_field = form_field(self, "quick_win", QuickWinChoiceField)
        task_field = form_field(self, "task", TaskChoiceField)
        quick_win_field.queryset = QuickWin.objects.filter(plan=plan).order_by("title")
        task_field.queryset = Task.objects.filter(plan=plan).order_by("start_day", "order", "pk")
        quick_win_field.empty_label = _("Not linked")
        task_field.empty_label = _("Not linked")

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
