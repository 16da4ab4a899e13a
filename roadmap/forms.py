from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from onboarding.core.forms import LocalIntegerField, LocalNumberInput, VersionedForm, form_field
from onboarding.models import Plan, User
from onboarding.rights import Right, roles_with

from .models import Phase, TaskStatus
from .playbook import phase_name
from .rules import FIRST_DAY, LAST_DAY, check_day_range, check_task_in_phase

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DAY_HELP = _("Day 0 is your first working day; preparation days are negative (-10 to 100).")


def day_field(label: StrOrPromise) -> LocalIntegerField:
    return LocalIntegerField(
        label=label,
        min_value=FIRST_DAY,
        max_value=LAST_DAY,
        widget=LocalNumberInput(attrs={"inputmode": "numeric"}),
    )


def people_of(plan: Plan) -> Any:
    """The plan's people who can own work: tasks and quick wins (executives only read)."""
    roles = set(roles_with(Right.UPDATE_OWN_QUICK_WINS)) | set(roles_with(Right.EDIT_QUICK_WINS))
    return (
        User.objects.filter(memberships__plan=plan, memberships__role__in=roles)
        .order_by("first_name", "username")
        .distinct()
    )


class PersonChoiceField(forms.ModelChoiceField):
    """People shown by name (their username only when they gave no name)."""

    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class TaskStatusForm(VersionedForm):
    status = forms.ChoiceField(
        choices=TaskStatus.choices,
        error_messages={"required": _("Unknown status."), "invalid_choice": _("Unknown status.")},
    )


class TaskNoteForm(VersionedForm):
    note = forms.CharField(
        label=_("Note"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PhaseChoiceField(forms.ModelChoiceField):
    """A plan's phases by the names their reader reads (the playbook's, in their language)."""

    plan: Plan | None = None

    def label_from_instance(self, obj: Any) -> str:
        return phase_name(obj, self.plan) if self.plan else str(obj)


class TaskForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    phase = PhaseChoiceField(label=_("Phase"), queryset=Phase.objects.none())
    start_day = day_field(_("First day"))
    end_day = day_field(_("Last day"))
    owner = PersonChoiceField(
        label=_("Owner"), queryset=User.objects.none(), required=False, empty_label=_("Nobody yet")
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        phase = form_field(self, "phase", PhaseChoiceField)
        phase.queryset = Phase.objects.filter(plan=plan)
        phase.plan = plan
        form_field(self, "owner", PersonChoiceField).queryset = people_of(plan)
        self.fields["start_day"].help_text = DAY_HELP

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        phase, start, end = cleaned.get("phase"), cleaned.get("start_day"), cleaned.get("end_day")
        if phase is not None and start is not None and end is not None:
            try:
                check_task_in_phase(start, end, phase, phase_name(phase, self.plan))
            except ValidationError as error:
                if hasattr(error, "error_dict"):  # the days' own rules, each under its day
                    self.add_error(None, error)
                else:  # outside the phase: under the day that leaves it, for the summary's link
                    self.add_error("end_day" if end > phase.end_day else "start_day", error)
        return cleaned


class PhaseRangeForm(forms.Form):
    start_day = day_field(_("First day"))
    end_day = day_field(_("Last day"))
    move_tasks = forms.BooleanField(
        label=_("Move the phase's tasks with it"),
        required=False,
        initial=True,
        help_text=_("Tasks shift by as many days as the first day moves."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_day"), cleaned.get("end_day")
        if start is not None and end is not None:
            try:
                check_day_range(start, end)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned
