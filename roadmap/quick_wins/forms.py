from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from onboarding.core.forms import LocalIntegerField, LocalNumberInput, VersionedForm, form_field
from onboarding.core.i18n import format_number
from onboarding.models import Plan, User
from roadmap.quick_wins.models import QuickWin, QuickWinStatus

from ..forms import PeopleChoiceField, PersonChoiceField, day_field, people_of
from .rules import (
    ANNOUNCEMENT_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    SCORE_MAX,
    SCORE_MIN,
    check_status,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Each score's label is written when shown, in the reader's digits («۳» on Persian pages).
_readers_digits = lazy(format_number, str)
SCORE_CHOICES = [
    ("", _("Not scored yet")),
    *((str(n), _readers_digits(n)) for n in range(SCORE_MIN, SCORE_MAX + 1)),
]


def score_field(label: StrOrPromise, help_text: StrOrPromise) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=SCORE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=help_text,
    )


class QuickWinForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    problem = forms.CharField(
        label=_("The customer or team problem it fixes"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    expected_impact = forms.CharField(
        label=_("Expected impact"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What will be better, for whom, and how you will know."),
    )
    impact = score_field(_("Impact"), _("1 = small, 5 = large."))
    effort = score_field(_("Effort"), _("1 = a few hours, 5 = weeks of work."))
    theme = forms.CharField(
        label=_("Theme"),
        max_length=120,
        required=False,
        help_text=_("One of your plan's two key themes."),
        widget=forms.TextInput(attrs={"list": "quick-win-themes", "autocomplete": "off"}),
    )
    owner = PersonChoiceField(
        label=_("Owner"), queryset=User.objects.none(), required=False, empty_label=_("Nobody yet")
    )
    team = PeopleChoiceField(
        label=_("Team members"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Everyone on it can update its status, progress and milestones."),
    )
    target_day = day_field(_("Target day"))

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "owner", PersonChoiceField).queryset = people_of(plan)
        form_field(self, "team", PeopleChoiceField).queryset = people_of(plan)
        self.fields["target_day"].help_text = _(
            "Quick wins are delivered during Act, days 30 to 80."
        )
        self.themes = sorted(
            set(
                QuickWin.objects.filter(plan=plan).exclude(theme="").values_list("theme", flat=True)
            )
        )


class QuickWinStatusForm(VersionedForm):
    status = forms.ChoiceField(label=_("Status"), choices=QuickWinStatus.choices)
    note = forms.CharField(
        label=_("Why? (needed for blocked or dropped)"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
    )

    @property
    def is_malformed(self) -> bool:
        """An unknown status never comes from the page: a 400, not a form to correct."""
        return super().is_malformed or "status" in self.errors

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        status = cleaned.get("status")
        if status is not None and "note" not in self.errors:
            try:
                check_status(status, cleaned.get("note", ""))
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class QuickWinProgressForm(VersionedForm):
    progress = LocalIntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        widget=LocalNumberInput(attrs={"inputmode": "numeric"}),
    )
    note = forms.CharField(
        label=_("Short note"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MilestoneForm(VersionedForm):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    target_day = day_field(_("Target day"))


class MilestoneDoneForm(VersionedForm):
    done = forms.TypedChoiceField(
        choices=[("true", "true"), ("false", "false")], coerce=lambda value: value == "true"
    )


class AnnouncementForm(VersionedForm):
    text = forms.CharField(
        label=_("Announcement"),
        max_length=ANNOUNCEMENT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    sent = forms.BooleanField(
        label=_("I have sent it to my manager and shared it with the organisation"),
        required=False,
    )
