"""The reviews' forms: a new review, moving one, the agenda's text, a comment."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onboarding.core.forms import LocalIntegerField, SingleLineField, VersionedForm, form_field
from onboarding.models import Plan
from roadmap.toolkit.models import Challenge

from .rules import FIRST_DAY, LAST_DAY, QUARTERS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _text(label: StrOrPromise, help_text: StrOrPromise = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=4000,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReviewScheduleForm(VersionedForm):
    day = LocalIntegerField(label=_("Day of the plan"), min_value=FIRST_DAY, max_value=LAST_DAY)
    title = SingleLineField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty for “Day N review”."),
    )


class ReviewAgendaForm(VersionedForm):
    summary = _text(_("Summary"), _("Where you stand, in your own words."))
    asks = _text(_("My asks"), _("One per line: support, people, budget beyond the requests."))
    decisions = _text(_("Decisions needed"), _("One per line: what you need decided."))

    def __init__(self, *args: Any, sending: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sending = sending  # the "send" button: the review goes out and its figures freeze

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # Sending is one click and cannot be undone: an empty agenda would go out with its
        # figures frozen. Saving a draft needs nothing.
        if self.sending and "summary" in cleaned and not cleaned["summary"].strip():
            self.add_error(
                "summary", _("Write the summary before you send: it is what your boss reads first.")
            )
        return cleaned


class ReviewNoteForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BeyondPriorityForm(forms.Form):
    challenge = forms.ModelChoiceField(
        label=_("From a ranked challenge"),
        queryset=Challenge.objects.none(),
        required=False,
        empty_label=_("— a new priority —"),
    )
    title = SingleLineField(
        label=_("Priority"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the challenge's title."),
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter after day 100"),
        coerce=int,
        choices=[(q, _("Quarter %(n)s") % {"n": q}) for q in QUARTERS],
    )
    milestone = SingleLineField(label=_("Milestone"), max_length=300, required=False)
    owner = SingleLineField(label=_("Owner"), max_length=120, required=False)
    theme = SingleLineField(
        label=_("Theme"),
        max_length=120,
        required=False,
        help_text=_("One of your two key themes for the year."),
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "challenge", forms.ModelChoiceField).queryset = Challenge.objects.filter(
            plan=plan
        ).order_by("position", "pk")
