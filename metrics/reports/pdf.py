"""Draw a :class:`~metrics.reports.model.Report` on one A4 page with fpdf2.

Layout, from the top: the header (title, subtitle, date), plan progress (a bar
per phase with a marker where it should be by today), the quick wins table,
the KPI tiles (value, on/off track, a sparkline, baseline and target) and, in
the room left above the footer, risks and asks side by side.

Nothing overflows the page: each section has a cap and says "and N more" for
the rest, long text shrinks to a minimum size and is then wrapped or cut with
an ellipsis, and risks and asks stop where the footer starts.

Right-to-left: the layout is written in *logical* coordinates (an offset from
the start side of the page), and :meth:`_Page.box_x` mirrors them for Persian,
so columns, bars, bullets and sparklines (time runs right to left, as on the
web dashboard) all flip. Text is shaped by HarfBuzz (uharfbuzz) through
fpdf2's text shaping, with the report's direction as the paragraph direction
of the Unicode bidi algorithm, and aligned to the start side.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import astuple, dataclass, replace
from typing import Literal

from fpdf import FPDF

from onboarding.core.i18n import persian_digits

from . import fonts
from .model import KpiTile, PhaseProgress, QuickWin, Report

RGB = tuple[int, int, int]
Align = Literal["start", "end", "center"]

# Colours from static/css/app.css.
INK: RGB = (28, 35, 48)
INK_SOFT: RGB = (56, 65, 79)
MUTED: RGB = (91, 100, 114)
LINE: RGB = (227, 230, 236)
LINE_STRONG: RGB = (201, 206, 216)
SUNKEN: RGB = (248, 249, 251)
WHITE: RGB = (255, 255, 255)
ACCENT: RGB = (59, 63, 182)
ACCENT_SOFT: RGB = (236, 237, 250)
SUCCESS: RGB = (31, 138, 85)
SUCCESS_INK: RGB = (29, 107, 66)
DANGER: RGB = (180, 35, 24)
WARNING: RGB = (198, 136, 0)

# Page geometry, in millimetres.
PAGE_WIDTH = 210.0
PAGE_HEIGHT = 297.0
MARGIN = 12.0
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
FOOTER_HEIGHT = 6.0
FOOTER_TOP = PAGE_HEIGHT - MARGIN - FOOTER_HEIGHT
SECTION_GAP = 4.0
HEADING_HEIGHT = 7.5
MORE_HEIGHT = 4.5

# How much of each list fits; the rest is counted in "and N more".
MAX_PHASES = 6
MAX_QUICK_WINS = 6
KPI_COLUMNS = 3
MAX_KPI_ROWS = 2
MAX_LIST_LINES = 3
# Longer strings cannot fit anywhere on the page; cutting them first keeps wrapping cheap.
MAX_TEXT_CHARS = 500

MM_PER_PT = 25.4 / 72
ELLIPSIS = "…"
NO_VALUE = "—"


@dataclass(frozen=True)
class _Style:
    size: float
    bold: bool = False
    color: RGB = INK

    @property
    def line_height(self) -> float:
        return self.size * MM_PER_PT * 1.3


TITLE = _Style(20, bold=True)
TITLE_MIN = 14.0
SUBTITLE = _Style(12, color=INK_SOFT)
DATE = _Style(10, color=MUTED)
HEADING = _Style(11, bold=True, color=ACCENT)
BODY = _Style(8.5)
SMALL = _Style(7.5, color=MUTED)
TABLE_HEAD = _Style(7.5, bold=True, color=MUTED)
KPI_NAME = _Style(8, bold=True, color=INK_SOFT)
KPI_VALUE = _Style(15, bold=True)
KPI_UNIT = _Style(8, color=MUTED)
BADGE = _Style(7, bold=True)
MIN_SIZE = 6.5
SUMMARY_LINES = 3


def render_pdf(report: Report) -> bytes:
    """The report as the bytes of a one-page A4 PDF."""
    page = _Page(report)
    y = page.header(MARGIN)
    y = page.summary(y)
    y = page.plan_progress(y + SECTION_GAP)
    y = page.quick_wins(y + SECTION_GAP)
    y = page.kpis(y + SECTION_GAP)
    page.risks_and_asks(y + SECTION_GAP, FOOTER_TOP - 2)
    page.footer()
    return page.output()


def clean(text: str) -> str:
    """One line: runs of whitespace (newlines, tabs) become one space.

    Control characters (category Cc) go; format characters such as the
    zero-width non-joiner, which Persian words need, stay.
    """
    text = "".join(
        char
        for char in text[: MAX_TEXT_CHARS * 2]
        if char.isspace() or unicodedata.category(char) != "Cc"
    )
    return " ".join(text.split())[:MAX_TEXT_CHARS]


def first_strong_direction(text: str) -> Literal["ltr", "rtl"] | None:
    """The direction of ``text``'s first letter (the Unicode bidi rule P2), None without one."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return None


class _Page:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.labels = report.labels
        self.rtl = report.is_rtl
        pdf = FPDF(orientation="P", unit="mm", format="A4")
        pdf.set_auto_page_break(False)
        pdf.set_margins(MARGIN, MARGIN, MARGIN)
        pdf.c_margin = 0
        self.families = fonts.families_needed(self._texts(), report.language)
        fonts.register(pdf, self.families)
        self.direction = "rtl" if self.rtl else "ltr"
        pdf.set_text_shaping(True, direction=self.direction)
        pdf.set_title(clean(report.title))
        pdf.set_lang(report.language)
        pdf.set_creator("First 100 Days")
        pdf.add_page()
        self.pdf = pdf
        self._fallback: list[str] | None = None

    def _texts(self) -> list[str]:
        """Every string the page may draw, to choose the fonts to embed."""
        report = self.report
        texts = [report.title, report.subtitle, report.date_line, report.footer, report.summary]
        texts += [*report.risks, *report.asks, *astuple(self.labels)]
        texts += [phase.name for phase in report.phases]
        texts += [text for win in report.quick_wins for text in (win.title, win.status)]
        for tile in report.kpis:
            texts += [tile.name, tile.value, tile.unit, tile.baseline, tile.target]
        texts += [self.more(0), self.percent(0), ELLIPSIS, NO_VALUE]
        return [clean(text) for text in texts]

    def output(self) -> bytes:
        return bytes(self.pdf.output())

    # Coordinates: an offset from the start side (left in LTR, right in RTL).

    def box_x(self, offset: float, width: float) -> float:
        """The page x of the left edge of a box ``width`` wide, ``offset`` from the start side."""
        if self.rtl:
            return MARGIN + CONTENT_WIDTH - offset - width
        return MARGIN + offset

    def point_x(self, offset: float) -> float:
        return MARGIN + CONTENT_WIDTH - offset if self.rtl else MARGIN + offset

    # Numbers the renderer writes itself.

    def digits(self, text: str) -> str:
        return persian_digits(text) if self.report.language == "fa" else text

    def percent(self, value: float) -> str:
        number = round(_clamp(value))
        if self.report.language == "fa":
            return self.digits(str(number)) + "٪"
        return f"{number}%"

    def more(self, count: int) -> str:
        try:
            text = self.labels.more % {"count": count}
        except (KeyError, TypeError, ValueError):
            text = f"+{count}"
        return self.digits(text)

    # Text.

    def use(self, style: _Style, text: str) -> None:
        family, fallback = fonts.family_for(text, self.report.language)
        if family not in self.families:
            family = fonts.default_family(self.report.language)
        fallback_ids = [fallback] if fallback in self.families and fallback != family else []
        if fallback_ids != self._fallback:
            self.pdf.set_fallback_fonts(fallback_ids)
            self._fallback = fallback_ids
        self.pdf.set_font(family, "B" if style.bold else "", style.size)
        self.pdf.set_text_color(*style.color)

    def width(self, text: str, style: _Style) -> float:
        if not text:
            return 0.0
        self.use(style, text)
        return float(self.pdf.get_string_width(text))

    def ellipsize(self, text: str, width: float, style: _Style) -> str:
        """``text`` if it fits in ``width``, else its longest start that fits, with an ellipsis."""
        if self.width(text, style) <= width:
            return text
        low, high = 0, len(text)
        while low < high:
            middle = (low + high + 1) // 2
            if self.width(text[:middle].rstrip() + ELLIPSIS, style) <= width:
                low = middle
            else:
                high = middle - 1
        if low == 0:
            return ELLIPSIS if self.width(ELLIPSIS, style) <= width else ""
        return text[:low].rstrip() + ELLIPSIS

    def fit(
        self, text: str, width: float, style: _Style, min_size: float = MIN_SIZE
    ) -> tuple[str, _Style]:
        """Shrink ``style`` (down to ``min_size``) until ``text`` fits on one line; then cut it."""
        measured = self.width(text, style)
        if measured <= width:
            return text, style
        size = max(min_size, math.floor(style.size * width / measured * 4) / 4)
        smaller = replace(style, size=size)
        return self.ellipsize(text, width, smaller), smaller

    def wrap(self, text: str, width: float, style: _Style, max_lines: int) -> list[str]:
        """Break ``text`` into at most ``max_lines`` lines; the last one cut with an ellipsis."""
        lines: list[str] = []
        current = ""
        for word in text.split(" "):
            if len(lines) > max_lines:
                break
            candidate = f"{current} {word}" if current else word
            if self.width(candidate, style) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = word
            # A word longer than the line is broken where it must be.
            while self.width(current, style) > width and len(lines) <= max_lines:
                cut = self._longest_start(current, width, style)
                lines.append(current[:cut])
                current = current[cut:]
        if current and len(lines) <= max_lines:
            lines.append(current)
        if len(lines) > max_lines:
            rest = " ".join(lines[max_lines - 1 :])
            lines = [*lines[: max_lines - 1], self.ellipsize(rest, width, style)]
        return lines

    def _longest_start(self, word: str, width: float, style: _Style) -> int:
        low, high = 1, len(word)
        while low < high:
            middle = (low + high + 1) // 2
            if self.width(word[:middle], style) <= width:
                low = middle
            else:
                high = middle - 1
        return low

    def text(
        self,
        offset: float,
        y: float,
        width: float,
        height: float,
        text: str,
        style: _Style,
        align: Align = "start",
    ) -> None:
        """Draw one line of ``text`` (already fitted) in a box, vertically centred."""
        if not text or width <= 0:
            return
        self.use(style, text)
        # Each line reads in its own direction, as dir="auto" on the page: a Persian title in
        # a Russian report, drawn as a left-to-right paragraph, had its words reordered at
        # every zero-width non-joiner. Text with no letters follows the report.
        direction = first_strong_direction(text) or ("rtl" if self.rtl else "ltr")
        if direction != self.direction:
            self.pdf.set_text_shaping(True, direction=direction)
            self.direction = direction
        physical = {
            "start": "R" if self.rtl else "L",
            "end": "L" if self.rtl else "R",
            "center": "C",
        }
        self.pdf.set_xy(self.box_x(offset, width), y)
        self.pdf.cell(width, height, text, align=physical[align])

    def fitted_text(
        self,
        offset: float,
        y: float,
        width: float,
        height: float,
        text: str,
        style: _Style,
        align: Align = "start",
        min_size: float = MIN_SIZE,
    ) -> None:
        line, used = self.fit(clean(text), width, style, min_size)
        self.text(offset, y, width, height, line, used, align)

    # Shapes.

    def rect(
        self,
        offset: float,
        y: float,
        width: float,
        height: float,
        fill: RGB | None = None,
        border: RGB | None = None,
        radius: float = 0,
    ) -> None:
        if width <= 0 or height <= 0:
            return
        style = ("F" if fill else "") + ("D" if border else "")
        if not style:
            return
        if fill:
            self.pdf.set_fill_color(*fill)
        if border:
            self.pdf.set_draw_color(*border)
            self.pdf.set_line_width(0.25)
        self.pdf.rect(
            self.box_x(offset, width),
            y,
            width,
            height,
            style=style,
            round_corners=radius > 0,
            corner_radius=radius,
        )

    def bar(
        self,
        offset: float,
        y: float,
        width: float,
        height: float,
        percent: float,
        color: RGB = ACCENT,
        expected: float | None = None,
    ) -> None:
        """A progress bar filling from the start side, with an optional 'expected' marker."""
        self.rect(offset, y, width, height, fill=LINE, radius=height / 2)
        done = width * _clamp(percent) / 100
        if done > 0:
            self.rect(offset, y, max(done, height), height, fill=color, radius=height / 2)
        if expected is not None:
            x = self.point_x(offset + width * _clamp(expected) / 100)
            self.pdf.set_draw_color(*INK)
            self.pdf.set_line_width(0.5)
            self.pdf.line(x, y - 1.0, x, y + height + 1.0)

    def dot(self, offset: float, y: float, radius: float, color: RGB) -> None:
        self.pdf.set_fill_color(*color)
        self.pdf.circle(self.point_x(offset), y, radius, style="F")

    # Sections.

    def header(self, y: float) -> float:
        self.rect(0, y - 4, CONTENT_WIDTH, 1.2, fill=ACCENT)
        title = clean(self.report.title)
        line, style = self.fit(title, CONTENT_WIDTH, TITLE, TITLE_MIN)
        if line != title:
            style = replace(TITLE, size=TITLE_MIN)
            lines = self.wrap(title, CONTENT_WIDTH, style, 2)
        else:
            lines = [line]
        for text in lines:
            self.text(0, y, CONTENT_WIDTH, style.line_height, text, style)
            y += style.line_height
        y += 1.0
        date_line = clean(self.report.date_line)
        date_text, date_style = self.fit(date_line, CONTENT_WIDTH * 0.45, DATE)
        date_width = self.width(date_text, date_style)
        subtitle_width = CONTENT_WIDTH - date_width - (6 if date_text else 0)
        height = SUBTITLE.line_height
        self.fitted_text(0, y, subtitle_width, height, self.report.subtitle, SUBTITLE)
        self.text(CONTENT_WIDTH - date_width, y, date_width, height, date_text, date_style, "end")
        y += height + 1.5
        self.rect(0, y, CONTENT_WIDTH, 0.3, fill=LINE_STRONG)
        return y + 0.3

    def summary(self, y: float) -> float:
        """The author's words under the header, wrapped; nothing when there are none."""
        text = clean(self.report.summary)
        if not text:
            return y
        y += 2.0
        for line in self.wrap(text, CONTENT_WIDTH, BODY, SUMMARY_LINES):
            self.text(0, y, CONTENT_WIDTH, BODY.line_height, line, BODY)
            y += BODY.line_height
        return y

    def heading(self, y: float, text: str) -> float:
        self.fitted_text(0, y, CONTENT_WIDTH * 0.6, HEADING_HEIGHT - 1.5, text, HEADING)
        self.rect(0, y + HEADING_HEIGHT - 1.2, CONTENT_WIDTH, 0.2, fill=LINE)
        return y + HEADING_HEIGHT

    def nothing(self, y: float) -> float:
        self.fitted_text(0, y, CONTENT_WIDTH, MORE_HEIGHT, self.labels.nothing, SMALL)
        return y + MORE_HEIGHT

    def more_line(self, offset: float, y: float, width: float, count: int) -> float:
        self.fitted_text(offset, y, width, MORE_HEIGHT, self.more(count), SMALL)
        return y + MORE_HEIGHT

    def plan_progress(self, y: float) -> float:
        phases: Sequence[PhaseProgress] = self.report.phases
        top = y
        y = self.heading(y, self.labels.plan_progress)
        if any(phase.expected_percent is not None for phase in phases):
            self._expected_legend(top)
        if not phases:
            return self.nothing(y)
        name_width, percent_width, gap = 52.0, 13.0, 3.0
        bar_offset = name_width + gap
        bar_width = CONTENT_WIDTH - bar_offset - gap - percent_width
        row = 6.0
        for phase in phases[:MAX_PHASES]:
            self.fitted_text(0, y, name_width, row, phase.name, BODY)
            color = ACCENT
            expected = phase.expected_percent
            if expected is not None and _clamp(phase.percent_done) < _clamp(expected) - 10:
                color = WARNING
            self.bar(
                bar_offset, y + row / 2 - 1.6, bar_width, 3.2, phase.percent_done, color, expected
            )
            self.text(
                CONTENT_WIDTH - percent_width,
                y,
                percent_width,
                row,
                self.percent(phase.percent_done),
                replace(BODY, bold=True),
                "end",
            )
            y += row
        if len(phases) > MAX_PHASES:
            y = self.more_line(0, y, CONTENT_WIDTH, len(phases) - MAX_PHASES)
        return y

    def _expected_legend(self, y: float) -> None:
        width = 60.0
        text, style = self.fit(clean(self.labels.expected), width - 4, SMALL)
        text_width = self.width(text, style)
        start = CONTENT_WIDTH - text_width - 3
        x = self.point_x(start + 1)
        self.pdf.set_draw_color(*INK)
        self.pdf.set_line_width(0.5)
        self.pdf.line(x, y + 1.2, x, y + 4.6)
        self.text(CONTENT_WIDTH - text_width, y, text_width, 6.0, text, style, "end")

    def quick_wins(self, y: float) -> float:
        wins: Sequence[QuickWin] = self.report.quick_wins
        y = self.heading(y, self.labels.quick_wins)
        if not wins:
            return self.nothing(y)
        progress_width, status_width, gap = 36.0, 32.0, 3.0
        status_offset = CONTENT_WIDTH - progress_width - gap - status_width
        title_width = status_offset - gap - 2
        progress_offset = CONTENT_WIDTH - progress_width
        head = 5.0
        self.fitted_text(2, y, title_width, head, self.labels.quick_win, TABLE_HEAD)
        self.fitted_text(status_offset, y, status_width, head, self.labels.status, TABLE_HEAD)
        self.fitted_text(progress_offset, y, progress_width, head, self.labels.progress, TABLE_HEAD)
        y += head
        row = 5.5
        for index, win in enumerate(wins[:MAX_QUICK_WINS]):
            if index % 2 == 0:
                self.rect(0, y, CONTENT_WIDTH, row, fill=SUNKEN)
            self.fitted_text(2, y, title_width, row, win.title, BODY)
            self.fitted_text(status_offset, y, status_width, row, win.status, BODY)
            bar_width = progress_width - 13
            self.bar(progress_offset, y + row / 2 - 1.1, bar_width, 2.2, win.progress)
            self.text(
                progress_offset + bar_width + 1,
                y,
                12,
                row,
                self.percent(win.progress),
                BODY,
                "end",
            )
            y += row
        if len(wins) > MAX_QUICK_WINS:
            y = self.more_line(2, y, CONTENT_WIDTH, len(wins) - MAX_QUICK_WINS)
        return y

    def kpis(self, y: float) -> float:
        tiles: Sequence[KpiTile] = self.report.kpis
        y = self.heading(y, self.labels.kpis)
        if not tiles:
            return self.nothing(y)
        gap = 4.0
        width = (CONTENT_WIDTH - gap * (KPI_COLUMNS - 1)) / KPI_COLUMNS
        height = 31.0
        shown = tiles[: KPI_COLUMNS * MAX_KPI_ROWS]
        y += 1
        for index, tile in enumerate(shown):
            row, column = divmod(index, KPI_COLUMNS)
            self.kpi_tile(column * (width + gap), y + row * (height + gap), width, height, tile)
        rows = math.ceil(len(shown) / KPI_COLUMNS)
        y += rows * height + (rows - 1) * gap
        if len(tiles) > len(shown):
            y = self.more_line(0, y + 0.5, CONTENT_WIDTH, len(tiles) - len(shown))
        return y

    def kpi_tile(self, offset: float, y: float, width: float, height: float, tile: KpiTile) -> None:
        self.rect(offset, y, width, height, fill=WHITE, border=LINE_STRONG, radius=1.5)
        stripe = {True: SUCCESS, False: DANGER, None: LINE_STRONG}[tile.on_track]
        self.rect(offset, y + 1.5, 1.2, height - 3, fill=stripe)
        pad = 3.5
        inner = offset + pad
        inner_width = width - 2 * pad

        # Name: up to two lines.
        name_lines = self.wrap(clean(tile.name), inner_width, KPI_NAME, 2)
        line_y = y + 2
        for line in name_lines:
            self.text(inner, line_y, inner_width, 3.6, line, KPI_NAME)
            line_y += 3.6

        # Value and unit at the start, the on/off track badge at the end.
        value_y = y + 9.5
        badge_width = 0.0
        if tile.on_track is not None:
            label = self.labels.on_track if tile.on_track else self.labels.off_track
            color = SUCCESS_INK if tile.on_track else DANGER
            text, style = self.fit(clean(label), inner_width * 0.45, replace(BADGE, color=color))
            text_width = self.width(text, style)
            badge_width = text_width + 3
            self.text(
                inner + inner_width - text_width, value_y, text_width, 6.5, text, style, "end"
            )
            self.dot(inner + inner_width - text_width - 1.6, value_y + 3.25, 0.8, color)
        value_room = inner_width - badge_width - 2
        value, value_style = self.fit(clean(tile.value) or NO_VALUE, value_room, KPI_VALUE, 9)
        value_width = self.width(value, value_style)
        self.text(inner, value_y, value_width, 6.5, value, value_style)
        unit = clean(tile.unit)
        if unit:
            unit_room = value_room - value_width - 1.2
            unit_text, unit_style = self.fit(unit, unit_room, KPI_UNIT)
            self.text(
                inner + value_width + 1.2,
                value_y + 1.2,
                max(unit_room, 0),
                5.5,
                unit_text,
                unit_style,
            )

        # Sparkline.
        self.sparkline(inner, y + 17, inner_width, 8.5, tile)

        # Baseline at the start, target at the end.
        labels_y = y + height - 5
        half = inner_width / 2 - 1
        if tile.baseline:
            text = f"{self.labels.baseline} {clean(tile.baseline)}"
            self.fitted_text(inner, labels_y, half, 3.8, text, SMALL)
        if tile.target:
            text = f"{self.labels.target} {clean(tile.target)}"
            self.fitted_text(inner + inner_width - half, labels_y, half, 3.8, text, SMALL, "end")

    def sparkline(
        self, offset: float, y: float, width: float, height: float, tile: KpiTile
    ) -> None:
        values = [value for value in tile.trend if math.isfinite(value)]
        references = [
            (value, color)
            for value, color in ((tile.baseline_value, MUTED), (tile.target_value, SUCCESS))
            if value is not None and math.isfinite(value)
        ]
        if len(values) < 2 and not references:
            self.rect(offset, y + height / 2, width, 0.2, fill=LINE)
            return
        everything = values + [value for value, _color in references]
        low, high = min(everything), max(everything)
        if high == low:
            low, high = low - 1, high + 1
        span = high - low
        low, high = low - span * 0.08, high + span * 0.08

        def to_y(value: float) -> float:
            return y + height * (high - value) / (high - low)

        for value, color in references:
            self.pdf.set_draw_color(*color)
            self.pdf.set_line_width(0.25)
            self.pdf.set_dash_pattern(dash=0.8, gap=0.6)
            self.pdf.line(
                self.point_x(offset), to_y(value), self.point_x(offset + width), to_y(value)
            )
            self.pdf.set_dash_pattern()
        if len(values) < 2:
            return
        points = [
            (self.point_x(offset + width * index / (len(values) - 1)), to_y(value))
            for index, value in enumerate(values)
        ]
        self.pdf.set_draw_color(*ACCENT)
        self.pdf.set_line_width(0.45)
        self.pdf.polyline(points)
        last_x, last_y = points[-1]
        self.pdf.set_fill_color(*ACCENT)
        self.pdf.circle(last_x, last_y, 0.7, style="F")

    def risks_and_asks(self, y: float, bottom: float) -> None:
        gap = 6.0
        width = (CONTENT_WIDTH - gap) / 2
        self.bullet_list(0, y, width, bottom, self.labels.risks, self.report.risks, DANGER)
        self.bullet_list(width + gap, y, width, bottom, self.labels.asks, self.report.asks, ACCENT)

    def bullet_list(
        self,
        offset: float,
        y: float,
        width: float,
        bottom: float,
        title: str,
        items: Sequence[str],
        color: RGB,
    ) -> None:
        self.fitted_text(offset, y, width, HEADING_HEIGHT - 1.5, title, HEADING)
        self.rect(offset, y + HEADING_HEIGHT - 1.2, width, 0.2, fill=LINE)
        y += HEADING_HEIGHT
        items = [text for text in (clean(item) for item in items) if text]
        if not items:
            if y + MORE_HEIGHT <= bottom:
                self.fitted_text(offset, y, width, MORE_HEIGHT, self.labels.nothing, SMALL)
            return
        indent = 4.0
        line_height = BODY.line_height + 0.3
        shown = 0
        for index, item in enumerate(items):
            lines = self.wrap(item, width - indent, BODY, MAX_LIST_LINES)
            needed = len(lines) * line_height + 1.2
            if index < len(items) - 1:
                needed += MORE_HEIGHT
            if y + needed > bottom:
                break
            self.dot(offset + 1.4, y + line_height / 2, 0.6, color)
            for line in lines:
                self.text(offset + indent, y, width - indent, line_height, line, BODY)
                y += line_height
            y += 1.2
            shown += 1
        if shown < len(items) and y + MORE_HEIGHT <= bottom + 0.01:
            self.more_line(offset + indent, y, width - indent, len(items) - shown)

    def footer(self) -> None:
        self.rect(0, FOOTER_TOP, CONTENT_WIDTH, 0.2, fill=LINE_STRONG)
        self.fitted_text(
            0, FOOTER_TOP + 1, CONTENT_WIDTH, FOOTER_HEIGHT - 1, self.report.footer, SMALL
        )


def _clamp(value: float) -> float:
    if not math.isfinite(value):
        return 0.0
    return min(100.0, max(0.0, value))
