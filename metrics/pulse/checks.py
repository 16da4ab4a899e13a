"""A system check: the pulse's threshold may never fall below the floor."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error

from metrics.pulse.rules import FLOOR


def check_pulse_threshold(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    value = getattr(settings, "PULSE_MIN_ANSWERS", 5)
    if not isinstance(value, int) or value < FLOOR:
        return [
            Error(
                f"PULSE_MIN_ANSWERS is {value!r}; it must be an integer of at least {FLOOR}, "
                "or a pulse's results could identify who answered.",
                id="metrics.E001",
            )
        ]
    return []
