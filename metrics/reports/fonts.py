"""The report's TrueType fonts, vendored under static/vendor/, and which one draws a string.

Vazirmatn draws Persian (and the Latin inside Persian text); it has no
Cyrillic. DejaVu Sans draws Latin and Cyrillic. Each is the other's fallback,
so a Russian name inside a Persian report, or a Persian name inside an English
one, still renders.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF

VENDOR = Path(__file__).resolve().parents[2] / "static" / "vendor"

PERSIAN = "vazirmatn"
LATIN = "dejavu"


@dataclass(frozen=True)
class FontFiles:
    family: str
    regular: Path
    bold: Path


FONTS = (
    FontFiles(
        PERSIAN,
        VENDOR / "vazirmatn-ttf" / "Vazirmatn-Regular.ttf",
        VENDOR / "vazirmatn-ttf" / "Vazirmatn-Bold.ttf",
    ),
    FontFiles(
        LATIN,
        VENDOR / "dejavu-sans" / "DejaVuSans.ttf",
        VENDOR / "dejavu-sans" / "DejaVuSans-Bold.ttf",
    ),
)


def register(pdf: FPDF, families: Iterable[str]) -> None:
    """Add ``families``, regular and bold, to ``pdf``.

    fpdf2 embeds every font added, used or not, so a page adds only those it needs.
    """
    wanted = set(families)
    for font in FONTS:
        if font.family in wanted:
            pdf.add_font(font.family, "", str(font.regular))
            pdf.add_font(font.family, "B", str(font.bold))


@functools.cache
def coverage(family: str) -> frozenset[int]:
    """The code points ``family`` has glyphs for (the bold face has the same)."""
    font = next(font for font in FONTS if font.family == family)
    with TTFont(font.regular, lazy=True) as parsed:
        return frozenset(parsed.getBestCmap())


def default_family(language: str) -> str:
    return PERSIAN if language == "fa" else LATIN


def families_needed(texts: Iterable[str], language: str) -> list[str]:
    """The families that draw ``texts``: each string's own, and its fallback where it lacks a glyph."""
    needed = {default_family(language)}
    for text in texts:
        primary, fallback = family_for(text, language)
        needed.add(primary)
        covered = coverage(primary)
        if any(ord(char) not in covered for char in text if not char.isspace()):
            needed.add(fallback)
    return [font.family for font in FONTS if font.family in needed]


def _is_arabic_script(char: str) -> bool:
    code = ord(char)
    return (
        0x0600 <= code <= 0x06FF
        or 0x0750 <= code <= 0x077F
        or 0x08A0 <= code <= 0x08FF
        or 0xFB50 <= code <= 0xFDFF
        or 0xFE70 <= code <= 0xFEFF
    )


def _is_cyrillic(char: str) -> bool:
    return 0x0400 <= ord(char) <= 0x052F


def family_for(text: str, language: str) -> tuple[str, str]:
    """The family that draws ``text`` in a report in ``language``, and its fallback.

    Text with Persian letters gets Vazirmatn, text with Cyrillic (and no
    Persian) gets DejaVu Sans; anything else (Latin, digits) follows the
    report's language so a page keeps one look.
    """
    if any(_is_arabic_script(char) for char in text):
        return PERSIAN, LATIN
    if any(_is_cyrillic(char) for char in text):
        return LATIN, PERSIAN
    primary = default_family(language)
    return primary, LATIN if primary == PERSIAN else PERSIAN
