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

WORD_COUNT_ID = "introduction-word-count"  # the live word count beside the text box


class _CountedText(forms.BoundField):
    """The text box is described by the word count beside it, and by its error when refused."""

    @property
    def aria_describedby(self) -> str:
        return " ".join(filter(None, [WORD_COUNT_ID, super().aria_describedby]))


class _CountedTextField(forms.CharField):
    bound_field_class = _CountedText


class IntroductionForm(VersionedForm):
    text = _CountedTextField(
        label=_("Your introduction"),
        required=False,
        strip=False,
        max_length=CHARACTERS_MAX,
        widget=forms.Textarea(
            attrs={
                "rows": 12,
                "data-word-count": WORD_COUNT_ID,
                "data-words-short": WORDS_SHORT,
                "data-words-long": WORDS_LONG,
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
