"""Reading a rendered PDF back with poppler's pdftotext, for the report tests.

Two quirks of pdftotext with right-to-left text, neither in the PDF itself:
it loses or adds spaces where Persian meets digits or Latin (compare with
``squash``), and it reverses a ligature's characters, so the lam-alef
ligature in "تعطیلات" comes out as "تعطیالت" even though the PDF maps that
glyph to U+0644 U+0627 in logical order. Tests avoid words with "لا".
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

PDFTOTEXT = shutil.which("pdftotext")

# Skipped (and named in the summary) without poppler-utils; a failure with CI=true (tests/conftest.py).
needs_pdftotext = pytest.mark.pdftotext

# Marks pdftotext wraps around right-to-left runs, and the zero-width (non-)joiners.
INVISIBLE = dict.fromkeys(
    [0x200C, 0x200D, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)


def normalise(text: str) -> str:
    """Compare text, not marks: NFKC (presentation forms → letters), no bidi marks, one space."""
    text = unicodedata.normalize("NFKC", text).translate(INVISIBLE)
    return " ".join(text.split())


def squash(text: str) -> str:
    """``normalise`` without any spaces: pdftotext drops or adds spaces where the direction changes."""
    return "".join(normalise(text).split())


def _run(data: bytes, *options: str) -> str:
    assert PDFTOTEXT is not None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(data)
        result = subprocess.run(
            [PDFTOTEXT, *options, "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            check=True,
            timeout=60,
        )
    return result.stdout.decode("utf-8")


def raw_text(data: bytes) -> str:
    return _run(data)


def text(data: bytes) -> str:
    return normalise(raw_text(data))


def page_count(data: bytes) -> int:
    """pdftotext ends every page with a form feed."""
    return raw_text(data).count("\f")


@dataclass(frozen=True)
class Word:
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float


WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


def words(data: bytes) -> tuple[tuple[float, float], list[Word]]:
    """The page size in points and every word's box (pdftotext -bbox)."""
    html = _run(data, "-bbox")
    page = PAGE.search(html)
    assert page is not None
    size = (float(page.group(1)), float(page.group(2)))
    found = [
        Word(match.group(5), *(float(match.group(index)) for index in range(1, 5)))
        for match in WORD.finditer(html)
    ]
    return size, found
