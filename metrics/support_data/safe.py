"""Cells the app writes into a CSV must not be read as formulas by a spreadsheet."""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """Prefix a single quote to a cell a spreadsheet would run as a formula (CSV injection)."""
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[object]) -> list[str]:
    """Every cell of a row as safe text (None becomes an empty cell)."""
    return [safe_cell("" if value is None else str(value)) for value in values]
