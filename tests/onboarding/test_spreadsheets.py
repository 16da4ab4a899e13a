"""Cells written for spreadsheets: text that would run as a formula is made inert, numbers stay numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from onboarding.core.spreadsheets import inert_cell, looks_like_formula


@pytest.mark.parametrize(
    ("cell", "formula"),
    [
        ('=HYPERLINK("http://evil.example","click")', True),
        ("+1-555", True),
        ("-2+3", True),
        ("@SUM(A1)", True),
        ("  =1+1", True),  # a spreadsheet trims the spaces, then runs it
        ("\t=1", True),
        ("\rx", True),
        ("Anna Müller", False),
        ("anna@example.com", False),
        ("Hello = world", False),
        ("", False),
        ("5", False),
    ],
)
def test_formula_like_text_is_written_behind_a_quote(cell, formula):
    assert looks_like_formula(cell) is formula
    assert inert_cell(cell) == ("'" + cell if formula else cell)


@pytest.mark.parametrize("number", [5, -5, Decimal("-50"), Decimal("-12.50"), 3.5, None])
def test_numbers_and_empty_cells_pass_unchanged(number):
    assert inert_cell(number) is number
