"""Paths to the sample exports, and small builders shared by the support-data tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

FILES = Path(__file__).parent / "files"


def monday(year: int, month: int, day: int) -> dt.date:
    date = dt.date(year, month, day)
    assert date.weekday() == 0, f"{date} is not a Monday"
    return date


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)
