"""What goes wrong with an export: a refused file, or a single row that cannot be used.

Messages are lazy translations kept with their parameters, so nothing here needs Django's
settings until a message is shown (the engine also runs from a plain script, see bench.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise

from onboarding.core.i18n import numbers

Params = dict[str, str | int | float]


def _render(message: Promise | str, params: Params) -> str:
    text = str(message)
    return text % numbers(params) if params else text


class ExportRefused(Exception):
    """The whole file is refused (too big, not text, no header...). Nothing was computed."""

    def __init__(self, message: Promise | str, **params: str | int | float) -> None:
        super().__init__(message)
        self.template = message
        self.params: Params = dict(params)

    @property
    def message(self) -> str:
        return _render(self.template, self.params)

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class RowError:
    """One row that was skipped: its line in the file (header rows counted) and why."""

    line: int
    column: str
    value: str
    reason: Promise | str
    params: Params = field(default_factory=dict)

    @property
    def message(self) -> str:
        return _render(self.reason, {"column": self.column, "value": self.value, **self.params})

    def __str__(self) -> str:
        return f"{self.line}: {self.message}"


class ValueProblem(ValueError):
    """Raised by the value parsers; the row reader turns it into a RowError."""

    def __init__(self, reason: Promise | str, **params: str | int | float) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params: Params = dict(params)
