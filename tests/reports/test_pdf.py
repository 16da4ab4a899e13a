"""The one-page report PDF, read back with pdftotext.

pdftotext gives right-to-left text in logical order wrapped in bidi marks;
``normalise`` drops the marks, so Persian is compared as typed. The layout
(mirroring, shaping) was checked by eye on PNGs from ``pdftoppm -png -r 60``.
"""

from __future__ import annotations

import re

import pytest

from metrics.reports import KpiTile, PhaseProgress, QuickWin, Report, render_pdf
from metrics.reports.pdf import MARGIN, MM_PER_PT

from . import samples
from .pdftext import needs_pdftotext, normalise, page_count, squash, text, words

MAKERS = {"en": samples.english, "fa": samples.persian, "ru": samples.russian}
LONG_EN = "The telephony contract renews before the review of alternatives ends, so we pay twice "
LONG_FA = "قرارداد تلفن پیش از پایان بررسی جایگزین‌ها تمدید می‌شود و نام Zendesk و Jira هم در آن هست "


def _crowded(language: str) -> Report:
    """Every list far too long and every string far too wide for its place."""
    long = LONG_FA if language == "fa" else LONG_EN
    make = MAKERS[language]
    return make(
        title=samples.TITLES[language] + " " + long * 3,
        subtitle=long * 2,
        date_line=long,
        phases=[PhaseProgress(f"{index} {long}", index * 11, 50) for index in range(12)],
        quick_wins=[QuickWin(f"{index} {long}", long, index * 7) for index in range(15)],
        kpis=[
            KpiTile(long, "123456789.25", long, long, long, [1, float("nan"), 3, 2] * 30, True)
            for _ in range(10)
        ],
        risks=[f"{index} {long * (index % 4 + 1)}" for index in range(40)],
        asks=[long * 10 for _ in range(40)],
        footer=long * 4,
        summary=long * 20,
    )


def test_a_pdf_of_one_a4_page() -> None:
    data = render_pdf(samples.english())
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert b"/MediaBox [0 0 595.28 841.89]" in data
    # One page object (and one page tree, "/Type /Pages"), even without pdftotext.
    assert len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data)) == 1


@needs_pdftotext
@pytest.mark.parametrize("language", ["en", "fa", "ru"])
def test_one_page_with_the_plan_title(language: str) -> None:
    data = render_pdf(MAKERS[language]())
    assert page_count(data) == 1
    assert normalise(samples.TITLES[language]) in text(data)


@needs_pdftotext
def test_persian_is_drawn_in_vazirmatn_with_persian_digits_and_latin_names() -> None:
    data = render_pdf(samples.persian())
    content = text(data)
    assert "صد روز نخست پشتیبانی" in content
    assert "بازبینی روز ۳۰" in content
    assert squash("۱ آذر ۱۴۰۵") in squash(content)
    # Percentages the renderer writes itself get Persian digits and the Persian percent sign.
    assert "۸۰٪" in content
    assert "80%" not in content
    # A Latin product name inside Persian text.
    assert "Zendesk" in content
    # Vazirmatn draws everything, Latin included: DejaVu (for Cyrillic) is not even embedded.
    assert b"Vazirmatn" in data
    assert b"DejaVu" not in data


@needs_pdftotext
def test_russian_is_drawn_in_dejavu_sans() -> None:
    data = render_pdf(samples.russian())
    content = text(data)
    assert "Первые 100 дней поддержки" in content
    assert "Итоги 30-го дня" in content
    assert "Время первого ответа" in content
    assert b"DejaVuSans" in data
    assert b"Vazirmatn" not in data


@needs_pdftotext
def test_a_russian_name_in_a_persian_report_and_a_persian_name_in_an_english_one() -> None:
    persian = render_pdf(samples.persian(risks=["جلسه با Иван Петров در هفته بعد"]))
    assert squash("جلسه با Иван Петров در هفته بعد") in squash(text(persian))
    assert b"DejaVuSans" in persian  # the fallback drew the Cyrillic

    english = render_pdf(samples.english(asks=["Meet Sara Ahmadi (سارا احمدی) on Monday"]))
    assert "سارا احمدی" in text(english)
    assert b"Vazirmatn" in english


@needs_pdftotext
def test_english_sections_and_numbers() -> None:
    content = text(render_pdf(samples.english()))
    for expected in [
        "Day 30 review",
        "22 Nov 2026",
        "Plan progress",
        "Days 31-60: Quick wins",
        "35%",
        "Zendesk views per tier",
        "In progress",
        "First response time",
        "3.2",
        "On track",
        "Off track",
        "Baseline 6.5 h",
        "Target 2 h",
        "Two senior agents leave in January",
        "A product owner for the help centre",
        "prepared by Dana Reyes",
    ]:
        assert expected in content


def _shown_and_more(content: str, item: str, more: str) -> tuple[int, int]:
    shown = len(set(re.findall(item, content)))
    counts = [int(number) for number in re.findall(more, content)]
    assert len(counts) == 1, counts
    return shown, counts[0]


@needs_pdftotext
def test_long_lists_say_how_many_more() -> None:
    report = samples.english(
        phases=[PhaseProgress(f"Phase P{index:02d}", index * 10) for index in range(10)],
        quick_wins=[QuickWin(f"Win W{index:02d}", "Doing", 50) for index in range(15)],
    )
    content = text(render_pdf(report))
    phases = len(set(re.findall(r"P\d\d", content)))
    wins = len(set(re.findall(r"W\d\d", content)))
    assert (phases, wins) == (6, 6)
    assert "and 4 more" in content
    assert "and 9 more" in content


@needs_pdftotext
def test_kpis_beyond_two_rows_are_counted() -> None:
    tiles = [KpiTile(f"Metric M{index:02d}", str(index), "", "", "", [1, 2]) for index in range(8)]
    content = text(render_pdf(samples.english(kpis=tiles)))
    assert len(set(re.findall(r"M\d\d", content))) == 6
    assert "and 2 more" in content


@needs_pdftotext
def test_risks_fill_the_room_left_and_count_the_rest() -> None:
    risks = [f"Risk R{index:02d}: {LONG_EN}" for index in range(30)]
    content = text(render_pdf(samples.english(risks=risks)))
    shown, more = _shown_and_more(content, r"R\d\d", r"and (\d+) more")
    assert shown >= 5
    assert shown + more == 30
    # The first ones are kept, in order.
    assert content.index("R00") < content.index("R01") < content.index(f"and {more} more")


@needs_pdftotext
def test_persian_truncation_uses_the_translated_pattern_with_persian_digits() -> None:
    wins = [QuickWin(f"برد شماره {index}", "در جریان", 10) for index in range(15)]
    content = text(render_pdf(samples.persian(quick_wins=wins)))
    assert squash("و ۹ مورد دیگر") in squash(content)


@needs_pdftotext
def test_russian_truncation() -> None:
    asks = [f"Просьба {index}: {LONG_EN}" for index in range(40)]
    content = text(render_pdf(samples.russian(asks=asks)))
    assert re.search(r"и ещё \d+", content)


@needs_pdftotext
@pytest.mark.parametrize("language", ["en", "fa", "ru"])
def test_crowded_report_stays_on_one_page_inside_the_margins(language: str) -> None:
    data = render_pdf(_crowded(language))
    assert page_count(data) == 1
    (width, height), found = words(data)
    assert len(found) > 100
    margin = MARGIN / MM_PER_PT
    slack = 1.0  # points: rounding in pdftotext's boxes
    for word in found:
        assert word.x_min >= margin - slack, word
        assert word.x_max <= width - margin + slack, word
        # Glyph boxes include the font's ascent, which reaches a little above the line.
        assert word.y_min >= margin - 3 / MM_PER_PT, word
        assert word.y_max <= height - margin + slack, word
    content = text(data)
    assert "..." in content  # the ellipsis, after NFKC
    assert samples.TITLES[language].split()[0] in content


@needs_pdftotext
@pytest.mark.parametrize("language", ["en", "fa", "ru"])
def test_an_empty_report_still_renders(language: str) -> None:
    full = MAKERS[language]()
    report = Report(
        title=full.title,
        subtitle=full.subtitle,
        language=full.language,
        date_line=full.date_line,
        labels=full.labels,
    )
    data = render_pdf(report)
    assert page_count(data) == 1
    content = text(data)
    assert normalise(full.title) in content
    assert content.count(normalise(full.labels.nothing)) == 5  # phases, wins, KPIs, risks, asks


@needs_pdftotext
def test_no_kpis_and_no_quick_wins() -> None:
    data = render_pdf(samples.english(kpis=[], quick_wins=[]))
    content = text(data)
    assert page_count(data) == 1
    assert content.count("Nothing yet") == 2
    assert "Two senior agents leave in January" in content


@pytest.mark.parametrize(
    "trend",
    [[], [5.0], [3.0, 3.0, 3.0], [float("nan"), float("inf"), 2.0], [-1e9, 1e9]],
)
def test_odd_trends_and_percentages_do_not_break_the_page(trend: list[float]) -> None:
    report = samples.english(
        phases=[PhaseProgress("Odd", float("nan"), 250), PhaseProgress("Over", 180, -20)],
        quick_wins=[QuickWin("Negative", "?", -40)],
        kpis=[KpiTile("Odd trend", "", "", "", "", trend, None, float("nan"), 4)],
    )
    assert render_pdf(report).startswith(b"%PDF-")


@needs_pdftotext
def test_control_characters_and_line_breaks_are_cleaned() -> None:
    report = samples.english(risks=["Line one\nline two\x00\x07 end"])
    assert "Line one line two end" in text(render_pdf(report))


@needs_pdftotext
def test_the_authors_summary_is_under_the_header() -> None:
    summary = "Two quick wins committed; the refund backlog is down by half."
    content = text(render_pdf(samples.english(summary=summary)))
    assert squash(summary) in squash(content)
    # Above the plan progress: the reader sees it first.
    assert content.index("Two quick wins") < content.index("Plan progress")


@needs_pdftotext
def test_a_persian_title_in_a_russian_report_keeps_its_word_order() -> None:
    """Drawn as a left-to-right line, «پاسخ سریع‌تر به ایمیل‌ها» came out as
    «هاتر به ایمیل‌پاسخ سریع»: its words reordered at each zero-width non-joiner."""
    title = "پاسخ سریع‌تر به ایمیل‌ها"
    russian = render_pdf(samples.russian(quick_wins=[QuickWin(title, "В работе", 40)]))
    assert squash(title) in squash(text(russian))
    english = "Answer refunds within a day."
    persian = render_pdf(samples.persian(quick_wins=[QuickWin(english, "در حال انجام", 40)]))
    assert english in text(persian)
