"""The self-introduction's form: the text, and whether to publish it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from onboarding.core.forms import VersionedForm
from roadmap.toolkit.introduction.rules import (
    CHARACTERS_MAX,
    WORDS_LONG,
    WORDS_SHORT,
    check_introduction,
)


class IntroductionForm(VersionedForm):
    text = forms.CharField(
        label=_("Your introduction"),
        required=False,
        strip=False,
        max_length=CHARACTERS_MAX,
        widget=forms.Textarea(
            attrs={
                "rows": 12,
                "data-word-count": "introduction-word-count",
                "data-words-short": WORDS_SHORT,
                "data-words-long": WORDS_LONG,
                "aria-describedby": "introduction-word-count",
            }
        ),
    )

    def clean_text(self) -> str:
        text = self.cleaned_data.get("text", "")
        try:
            check_introduction(text)
        except ValidationError as error:
            raise ValidationError(error.message_dict["text"]) from None
        return text.strip()
