"""Plain rules of digest delivery: one-line subjects, how often and when to try again."""

from __future__ import annotations

import datetime as dt

# Claims of one digest before a failure that certainly delivered nothing
# (no connection, a refusal) becomes final: the first try and seven retries.
MAX_ATTEMPTS = 8
# The wait after the n-th failed attempt doubles from 30 seconds, at most 15 minutes:
# 30 s, 1, 2, 4, 8, 15, 15 minutes (about 46 minutes in all).
FIRST_RETRY_SECONDS = 30
MAX_RETRY_SECONDS = 15 * 60
# A subject longer than the column is cut; the e-mail itself is whole.
SUBJECT_MAX_LENGTH = 300
# How much of a failure's text is kept for the manager to read.
ERROR_MAX_LENGTH = 1000


def one_line(text: str) -> str:
    """Whitespace (line breaks and tabs included) collapsed to single spaces."""
    return " ".join(text.split())


def subject_line(text: str) -> str:
    """An e-mail subject: one line, never longer than the stored column."""
    line = one_line(text)
    if len(line) > SUBJECT_MAX_LENGTH:
        line = line[: SUBJECT_MAX_LENGTH - 1].rstrip() + "…"
    return line


def retry_delay(attempts: int) -> dt.timedelta:
    """How long to wait after ``attempts`` claims that certainly delivered nothing."""
    seconds = FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, MAX_RETRY_SECONDS))


def may_retry(attempts: int) -> bool:
    return attempts < MAX_ATTEMPTS


def error_text(error: BaseException) -> str:
    """``Class: message``, one line, short enough to show on a page."""
    text = one_line(f"{type(error).__name__}: {error}")
    return text[:ERROR_MAX_LENGTH]
