"""Checks on text that models and services share with the form fields.

``check_single_line`` is what ``forms.SingleLineField`` enforces, for code
that writes without a form (services, imports, management commands).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .forms import CONTROL

# For a database CHECK (PostgreSQL's regular expressions read these escapes too).
CONTROL_PATTERN = CONTROL.pattern


def check_single_line(value: str) -> None:
    """Refuse line breaks and control characters, as ``SingleLineField`` does."""
    if isinstance(value, str) and CONTROL.search(value):
        raise ValidationError(
            _("Keep it on one line, without line breaks or control characters."),
            code="single_line",
        )
