"""Forms of the manager's own tools: the introduction and the weekly habits check."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .toolkit_rules import (
    CHARACTERS_MAX,
    HABIT_ANSWERS,
    HABITS,
    NOTE_MAX_LENGTH,
    WORDS_LONG,
    WORDS_SHORT,
    check_habit_answers,
    check_introduction,
)


class IntroductionForm(forms.Form):
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
    # The version the user saw, so a save over someone else's is refused (409).
    version = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    def clean_text(self) -> str:
        text = self.cleaned_data.get("text", "")
        try:
            check_introduction(text)
        except ValidationError as error:
            raise ValidationError(error.message_dict["text"]) from None
        return text.strip()


class HabitsForm(forms.Form):
    """One radio group per habit, and a note; every habit needs an answer."""

    note = forms.CharField(
        label=_("A note for yourself (optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for habit in HABITS:
            self.fields[habit.key] = forms.ChoiceField(
                label=habit.question,
                choices=HABIT_ANSWERS,
                required=False,
                widget=forms.RadioSelect,
            )
        self.order_fields([habit.key for habit in HABITS] + ["note"])

    @property
    def habits(self) -> list[tuple[Any, forms.BoundField]]:
        return [(habit, self[habit.key]) for habit in HABITS]

    @property
    def answers(self) -> dict[str, str]:
        return {habit.key: self.cleaned_data.get(habit.key) or "" for habit in HABITS}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            try:
                check_habit_answers(self.answers, cleaned.get("note", ""))
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned
