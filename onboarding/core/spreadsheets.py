"""Cells for spreadsheets: nothing the app writes into a CSV runs as a formula.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula (OWASP "CSV injection"), also after leading spaces; a tab or a
carriage return can hide such a start. Every CSV export writes its cells
through ``inert_cell``; an import refuses what ``looks_like_formula``.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@")
HIDDEN_STARTS = ("\t", "\r")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would run this text as a formula."""
    if not text:
        return False
    return text.startswith(HIDDEN_STARTS) or text.lstrip().startswith(FORMULA_STARTS)


def inert_cell(value: object) -> object:
    """The cell as written to CSV: a formula-like text behind a ``'``, which a spreadsheet
    shows and never runs. Numbers (a negative return, a power of 5) pass unchanged, so
    they stay numbers; write them as numbers, not as text."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value
