"""The weekly habits form: one answer per habit, and a note."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from roadmap.toolkit.habits.rules import HABIT_ANSWERS, HABITS, NOTE_MAX_LENGTH, check_habit_answers


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
