from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from onboarding.core.forms import (
    LocalDateField,
    LocalIntegerField,
    LocalNumberInput,
    VersionedForm,
    form_field,
)
from onboarding.core.i18n import numbers
from onboarding.models import Plan, User
from onboarding.rights import Right, roles_with

from . import csv_io, rules
from .models import Attitude, InteractionKind, Kind, Relationship, Scope, Stakeholder
from .questions import Question, group_for, question
from .selectors import choice_stakeholders
from .services import FOLLOW_UP_MAX_LENGTH, StakeholderFields

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SCALE_CHOICES = [
    ("", _("Not assessed yet")),
    (1, _("1 · very low")),
    (2, _("2 · low")),
    (3, _("3 · medium")),
    (4, _("4 · high")),
    (5, _("5 · very high")),
]
SENTIMENT_CHOICES = [
    ("", _("Not rated")),
    (-2, _("-2 · very negative")),
    (-1, _("-1 · negative")),
    (0, _("0 · neutral")),
    (1, _("+1 · positive")),
    (2, _("+2 · very positive")),
]
SCALE_ERROR = _("Choose a value from 1 (lowest) to 5 (highest).")
FOREIGN_ERROR = _("Choose someone from this plan's register.")


def scale_field(label: StrOrPromise, help_text: StrOrPromise) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=SCALE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=help_text,
        error_messages={"invalid_choice": SCALE_ERROR},
    )


class StakeholderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Stakeholder) -> str:
        return _person_label(obj)


class StakeholdersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Stakeholder) -> str:
        return _person_label(obj)


class TeamMembersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class StakeholderForm(VersionedForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Person or group"), choices=Kind.choices, initial=Kind.PERSON)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Job title, or what the group is."),
    )
    organisation = forms.CharField(
        label=_("Department or organisation"), max_length=200, required=False
    )
    scope = forms.ChoiceField(
        label=_("Internal or external"),
        choices=Scope.choices,
        initial=Scope.INTERNAL,
        widget=forms.RadioSelect,
    )
    relationship = forms.ChoiceField(
        label=_("Relationship"),
        choices=Relationship.choices,
        initial=Relationship.OTHER,
        help_text=_("Decides which key questions an interview offers."),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    power = scale_field(_("Power/influence"), _("How much can they shape your success?"))
    interest = scale_field(_("Interest"), _("How much do they care about what you change?"))
    attitude = forms.ChoiceField(
        label=_("Attitude"),
        choices=[("", _("Not assessed yet")), *Attitude.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose one of the listed attitudes.")},
    )
    influence_note = forms.CharField(
        label=_("Who really decides?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Informal influence beyond the org chart: whose word counts, who is allied with whom."
        ),
    )
    assessment_shared = forms.BooleanField(
        label=_("Share my assessment (attitude, who really decides) with the executive"),
        required=False,
        help_text=_(
            "Off: only you read the attitude and who really decides. Executives always see "
            "power and interest; team members never see the assessment."
        ),
    )
    reports_to = StakeholderChoiceField(
        label=_("Reports to"),
        queryset=Stakeholder.objects.none(),
        required=False,
        empty_label=_("Nobody in the register"),
        error_messages={"invalid_choice": FOREIGN_ERROR},
    )
    influences = StakeholdersChoiceField(
        label=_("Influences"),
        queryset=Stakeholder.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_(
            "People whose views this person shapes. Hold Ctrl (⌘ on a Mac) to pick several."
        ),
        error_messages={
            "invalid_choice": _("Choose people from this plan's register."),
            "invalid_pk_value": _("Choose people from this plan's register."),
        },
    )
    cadence_days = LocalIntegerField(
        label=_("Contact every (days)"),
        required=False,
        min_value=rules.CADENCE_MIN_DAYS,
        max_value=rules.CADENCE_MAX_DAYS,
        widget=LocalNumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("How often you want to be in touch. Leave empty for no regular contact."),
        error_messages={
            "min_value": _("Use a number of days from 1 to 365."),
            "max_value": _("Use a number of days from 1 to 365."),
            "invalid": _("Use a whole number of days from 1 to 365."),
        },
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=600,
        help_text=_("Separate tags with commas, e.g. “EMEA, budget”."),
    )
    shared_with = TeamMembersChoiceField(
        label=_("Share with team members"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "They see this person's contact card and contact dates, never your notes or assessment."
        ),
        error_messages={"invalid_choice": _("Share only with team members of this plan.")},
    )

    def __init__(
        self, *args: Any, plan: Plan, instance: Stakeholder | None = None, **kwargs: Any
    ) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_for(instance)
        super().__init__(*args, **kwargs)
        self.plan = plan
        others = choice_stakeholders(plan).order_by("name", "pk")
        if instance is not None:
            others = others.exclude(pk=instance.pk)
        form_field(self, "reports_to", StakeholderChoiceField).queryset = others
        form_field(self, "influences", StakeholdersChoiceField).queryset = others
        form_field(self, "shared_with", TeamMembersChoiceField).queryset = User.objects.filter(
            memberships__plan=plan,
            memberships__role__in=roles_with(Right.VIEW_SHARED_STAKEHOLDERS),
        ).order_by("first_name", "username")

    def clean_tags(self) -> list[str]:
        try:
            return rules.parse_tags(self.cleaned_data.get("tags") or "")
        except ValidationError as error:
            raise ValidationError(error.messages) from None

    def to_fields(self) -> StakeholderFields:
        data = self.cleaned_data
        return StakeholderFields(
            name=data["name"],
            kind=data["kind"],
            title=data["title"],
            organisation=data["organisation"],
            scope=data["scope"],
            relationship=data["relationship"],
            email=data["email"],
            power=data["power"],
            interest=data["interest"],
            attitude=data["attitude"],
            influence_note=data["influence_note"],
            assessment_shared=data["assessment_shared"],
            reports_to=data["reports_to"],
            influences=list(data["influences"]),
            cadence_days=data["cadence_days"],
            tags=data["tags"],
            shared_with=list(data["shared_with"]),
        )


def _person_label(person: Stakeholder) -> str:
    return f"{person.name} · {person.organisation}" if person.organisation else person.name


def initial_for(stakeholder: Stakeholder) -> dict[str, Any]:
    return {
        "name": stakeholder.name,
        "kind": stakeholder.kind,
        "title": stakeholder.title,
        "organisation": stakeholder.organisation,
        "scope": stakeholder.scope,
        "relationship": stakeholder.relationship,
        "email": stakeholder.email,
        "power": stakeholder.power,
        "interest": stakeholder.interest,
        "attitude": stakeholder.attitude,
        "influence_note": stakeholder.influence_note,
        "assessment_shared": stakeholder.assessment_shared,
        "reports_to": stakeholder.reports_to_id,
        "influences": [p.pk for p in stakeholder.influences.all()],
        "cadence_days": stakeholder.cadence_days,
        "tags": ", ".join(t.name for t in stakeholder.tags.all()),
        "shared_with": [u.pk for u in stakeholder.shared_with.all()],
        "version": stakeholder.version,
    }


def answer_field_name(key: str) -> str:
    return "answer__" + key.replace(".", "__")


class InteractionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=InteractionKind.choices,
        initial=InteractionKind.INTERVIEW,
        widget=forms.RadioSelect,
    )
    date = LocalDateField(label=_("Date"))
    sentiment = forms.TypedChoiceField(
        label=_("How did it feel?"),
        choices=SENTIMENT_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Sentiment runs from -2 to +2.")},
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Private: only you can read them. Executives see only the date, kind and sentiment."
        ),
    )
    follow_ups = forms.CharField(
        label=_("Follow-up actions"),
        required=False,
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One action per line. Each can become a roadmap task in one click."),
    )

    def __init__(
        self,
        *args: Any,
        stakeholder: Stakeholder,
        today: Any,
        editing: bool = False,
        existing_answers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.group = group_for(stakeholder.relationship)
        if not self.is_bound and "date" not in self.initial:
            self.initial["date"] = today
        if editing:
            self.fields["follow_ups"].label = _("More follow-up actions")
        keys = [q.key for q in self.group.questions]
        keys += [k for k in (existing_answers or {}) if k not in keys]
        self.questions: list[Question] = [q for k in keys if (q := question(k)) is not None]
        for q in self.questions:
            name = answer_field_name(q.key)
            self.fields[name] = forms.CharField(
                label=q.text,
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            if existing_answers and q.key in existing_answers:
                self.initial.setdefault(name, existing_answers[q.key])

    @property
    def question_fields(self) -> list[forms.BoundField]:
        return [self[answer_field_name(q.key)] for q in self.questions]

    @property
    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("kind", "date", "sentiment", "notes", "follow_ups")]

    def clean_date(self) -> Any:
        date = self.cleaned_data["date"]
        try:
            rules.check_interaction_date(date, self.today)
        except ValidationError as error:
            raise ValidationError(error.message_dict["date"]) from None
        return date

    def clean_follow_ups(self) -> list[str]:
        lines = [" ".join(line.split()) for line in self.cleaned_data["follow_ups"].splitlines()]
        lines = [line for line in lines if line]
        for line in lines:
            if len(line) > FOLLOW_UP_MAX_LENGTH:
                raise ValidationError(
                    _("Each follow-up can be at most %(max)s characters.")
                    % numbers({"max": FOLLOW_UP_MAX_LENGTH})
                )
        return lines

    def answers(self) -> dict[str, str]:
        return {q.key: self.cleaned_data.get(answer_field_name(q.key), "") for q in self.questions}


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8 text with a header line; at most 2 MB and 5,000 rows."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={
            "required": _("Choose a CSV file to upload."),
            "empty": _("The file is empty."),
        },
    )


class ImportMappingForm(forms.Form):
    """One choice per CSV column: which register field it fills."""

    def __init__(
        self, *args: Any, header: list[str], mapping: dict[str, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Do not import")), *((f.key, f.label) for f in csv_io.IMPORT_FIELDS)]
        for index, name in enumerate(header):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=name,
                choices=choices,
                required=False,
                initial=mapping.get(str(index), ""),
                error_messages={"invalid_choice": _("Choose a field from the list.")},
            )

    def mapping(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            name.removeprefix("column_"): value
            for name, value in data.items()
            if name.startswith("column_") and value
        }


class ArchiveForm(VersionedForm):
    pass
