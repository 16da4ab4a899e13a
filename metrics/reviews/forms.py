"""The reviews' forms: a new review, moving one, the agenda's text, a comment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from onboarding.core.forms import SingleLineField, VersionedForm

from .rules import FIRST_DAY, LAST_DAY

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
    day = forms.IntegerField(label=_("Day of the plan"), min_value=FIRST_DAY, max_value=LAST_DAY)
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


class ReviewNoteForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
