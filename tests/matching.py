"""``found``: a regular-expression search that fails the test, with the pattern, when it finds nothing."""

from __future__ import annotations

import re


def found(pattern: str, text: object, flags: int = 0) -> re.Match[str]:
    match = re.search(pattern, str(text), flags)
    assert match is not None, f"{pattern!r} not found"
    return match
