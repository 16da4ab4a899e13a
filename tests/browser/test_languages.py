"""The product in each language, as a reader sees it in Chromium."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from metrics.models import PlanMetric
from metrics.reviews.services import reviews_ensure_defaults
from onboarding.models import User

from .conftest import sign_in
from .pages import pages_for


@pytest.mark.parametrize("language", ["fa", "ru", "en"])
def test_today_and_dashboard_in_each_language(page, live_server, demo, screenshot, language):
    User.objects.filter(username="manager").update(language=language)
    sign_in(page, live_server, "manager")

    for name in ("today", "dashboard"):
        page.goto(f"{live_server.url}/plans/{demo.pk}/{name}/")
        direction = page.evaluate("getComputedStyle(document.documentElement).direction")
        assert page.evaluate("document.documentElement.lang") == language
        brand = page.locator(".brand").bounding_box()
        links = page.locator(".main-nav a")
        first, last = links.first.bounding_box(), links.last.bounding_box()
        width = page.viewport_size["width"]
        if language == "fa":
            assert direction == "rtl"
            # The header reads from the right: the brand, and the navigation
            # starting under it at the right edge.
            assert brand["x"] > width / 2
            assert first["x"] + first["width"] > width / 2
            assert first["x"] > last["x"] or first["y"] < last["y"]
        else:
            assert direction == "ltr"
            assert brand["x"] < width / 2
            assert first["x"] < width / 2
            assert first["x"] < last["x"] or first["y"] < last["y"]
        if name == "dashboard":
            # Each phase's name, with "running now", on one line: the bars start level.
            heights = page.locator(".phase-bar__name").evaluate_all(
                "(names) => names.map((n) => Math.round(n.getBoundingClientRect().height))"
            )
            assert len(set(heights)) == 1, heights
        screenshot(f"{language}-{name}")

    if language == "fa":
        # Jalali date with Persian digits in the Today header.
        page.goto(f"{live_server.url}/plans/{demo.pk}/today/")
        eyebrow = page.locator(".eyebrow time").inner_text()
        assert any("۰" <= ch <= "۹" for ch in eyebrow)
        assert "۱۴۰" in eyebrow  # the Solar Hijri year, 140x
        font = page.evaluate("getComputedStyle(document.body).fontFamily")
        assert "Vazirmatn" in font


# The last character of an element's text and the one before it, as laid out:
# in a left-to-right sentence the closing full stop sits to the right.
_FULL_STOP_ON_THE_RIGHT = """(element) => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let last = null;
  while (walker.nextNode()) { if (walker.currentNode.data.trim()) last = walker.currentNode; }
  const end = last.data.trimEnd().length;
  const box = (start) => {
    const range = document.createRange();
    range.setStart(last, start);
    range.setEnd(last, start + 1);
    return range.getBoundingClientRect();
  };
  return box(end - 1).left > box(end - 2).left;
}"""


def test_english_text_reads_left_to_right_on_persian_pages(page, live_server, demo):
    """A team member reading Persian sees the plan's English text (and types their own)
    in its own direction: the full stop ends the sentence, not starts the line."""
    from roadmap.models import QuickWin

    User.objects.filter(username__in=["member", "manager"]).update(language="fa")
    quick_win = QuickWin.objects.get(plan=demo, problem__contains="chasers")
    sign_in(page, live_server, "member")
    page.goto(f"{live_server.url}/plans/{demo.pk}/quick-wins/mine/")
    card = page.locator(f"#my-quick-win-{quick_win.pk}")
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    assert card.locator(".qw-panel__problem bdi").evaluate(_FULL_STOP_ON_THE_RIGHT)

    note = card.locator("textarea[name=note]")
    assert note.input_value().startswith("Macro drafted")
    assert note.evaluate("(box) => getComputedStyle(box).direction") == "ltr"
    note.fill("ماکرو آماده است.")
    assert note.evaluate("(box) => getComputedStyle(box).direction") == "rtl"

    # A form drawn by Django's widgets (the manager's quick-win form) does the same.
    page.context.clear_cookies()
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{demo.pk}/quick-wins/{quick_win.pk}/edit/")
    title = page.locator("input[name=title]")
    assert title.evaluate("(box) => getComputedStyle(box).direction") == "ltr"
    problem = page.locator("textarea[name=problem]")
    assert problem.evaluate("(box) => getComputedStyle(box).direction") == "ltr"
    problem.fill("مشتری‌ها سه روز منتظر می‌مانند.")
    assert problem.evaluate("(box) => getComputedStyle(box).direction") == "rtl"


def test_a_persian_member_types_progress_in_persian_digits(page, live_server, demo):
    """Chromium's number box drops Persian digits; on Persian pages the box takes them."""
    from roadmap.models import QuickWin

    User.objects.filter(username="member").update(language="fa")
    quick_win = QuickWin.objects.get(plan=demo, problem__contains="chasers")
    sign_in(page, live_server, "member")
    page.goto(f"{live_server.url}/plans/{demo.pk}/quick-wins/mine/")
    card = page.locator(f"#my-quick-win-{quick_win.pk}")
    box = card.locator("input[name=progress]")
    box.fill("")
    box.press_sequentially("۶۵")  # as a Persian keyboard types it
    card.locator(".qw-form--progress button[type=submit]").click()

    expect(page.locator(f"#my-quick-win-{quick_win.pk} .qw-progress__text")).to_contain_text("۶۵")
    assert QuickWin.objects.get(pk=quick_win.pk).progress == 65


def test_the_file_picker_speaks_the_pages_language(page, live_server, demo, tmp_path):
    """The browser words its file control in its own language (this one is English);
    a Persian page shows its own words, and the chosen file's name."""
    User.objects.filter(username="manager").update(language="fa")
    export = tmp_path / "export.csv"
    export.write_text("Ticket ID,Created at\n1,2026-11-02\n", encoding="utf-8")
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{demo.pk}/metrics/")
    picker = page.locator("[data-file-picker]").first
    expect(picker).to_contain_text("انتخاب فایل")
    expect(picker.locator("[data-file-name]")).to_have_text("فایلی انتخاب نشده است")

    with page.expect_file_chooser() as chooser:  # a click on the words opens the chooser
        picker.click()
    chooser.value.set_files(str(export))
    expect(picker.locator("[data-file-name]")).to_have_text("export.csv")

    # The native input still takes the keyboard, under its label.
    upload = page.get_by_label("خروجی سامانهٔ پشتیبانی یا نظرسنجی", exact=True)
    upload.focus()
    assert upload.evaluate("(input) => input === document.activeElement && input.type === 'file'")


@pytest.mark.parametrize("width", [1024, 1280])
@pytest.mark.parametrize("language", ["ru", "fa", "en"])
def test_every_register_column_is_in_view_on_a_desktop(page, live_server, demo, language, width):
    """Russian headings are long: the stakeholder table must not hide "Last contact" off
    to the side of a 1024- or 1280-pixel window, nor break words in the middle to fit."""
    User.objects.filter(username="manager").update(language=language)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{demo.pk}/stakeholders/")
    table = page.locator(".register-table")
    fits = table.evaluate("(table) => table.scrollWidth <= table.parentElement.clientWidth")
    assert fits
    last = page.locator(".register-table thead th").last.bounding_box()
    scroller = page.locator(".table-scroll").bounding_box()
    assert last is not None and scroller is not None
    assert scroller["x"] - 1 <= last["x"] <= scroller["x"] + scroller["width"] - last["width"] + 1
    # Headings wrap between words only: no word's letters are split over two lines.
    split_words = page.locator(".register-table thead .sort-link").evaluate_all(
        """(links) => links.flatMap((link) => {
          const text = link.firstChild;
          const range = document.createRange();
          const split = [];
          for (const match of text.data.matchAll(/\\S+/g)) {
            const tops = new Set();
            for (let i = match.index; i < match.index + match[0].length; i++) {
              range.setStart(text, i);
              range.setEnd(text, i + 1);
              tops.add(Math.round(range.getBoundingClientRect().top));
            }
            if (tops.size > 1) split.push(match[0]);
          }
          return split;
        })"""
    )
    assert split_words == []


@pytest.mark.parametrize("language", ["fa", "ru"])
def test_on_a_phone_each_stakeholder_reads_as_a_block_with_every_figure_in_view(
    page, live_server, demo, language
):
    """At 390 px the register did not fit its card: power, interest, attitude and last
    contact were off to the side (in Persian the year of a member's last contact was cut).
    Each person is now a block, each figure under its label, and the headings stay as
    sort links."""
    User.objects.filter(username="manager").update(language=language)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{demo.pk}/stakeholders/")

    card = page.locator("#register").bounding_box()
    assert card is not None
    cells = page.locator(".register-table tbody td")
    assert cells.count() >= 7 * 7
    outside = cells.evaluate_all(
        """(cells, [left, right]) => cells
          .filter((cell) => cell.getClientRects().length)
          .map((cell) => cell.getBoundingClientRect())
          .filter((box) => box.left < left - 1 || box.right > right + 1).length""",
        [card["x"], card["x"] + card["width"]],
    )
    assert outside == 0
    # Nothing in a block is wider than the card either ("Просрочено на 6 дней" was).
    assert page.locator("#register .table-scroll").evaluate(
        "(box) => box.scrollWidth <= box.clientWidth"
    )
    with translation.override(language):
        label = gettext("Last contact")
    first_contact = page.locator(".register-table tbody tr").first.locator(".col-last_contact")
    assert first_contact.evaluate("(cell) => getComputedStyle(cell, '::before').content") == (
        f'"{label}"'
    )
    sort = page.locator(".register-table thead").get_by_role("link", name=label)
    expect(sort).to_be_visible()
    sort.click()
    expect(page.locator(".register-table thead th[aria-sort]")).to_contain_text(label)


def test_a_metrics_weekly_values_fit_a_tablet_in_russian(page, live_server, demo):
    """At 768 px the trend and the weekly values shared the width: the table scrolled in
    its card and hid each week's "Delete". They now stack there, the table whole."""
    User.objects.filter(username="manager").update(language="ru")
    page.set_viewport_size({"width": 768, "height": 1024})
    sign_in(page, live_server, "manager")
    metric = PlanMetric.objects.filter(plan=demo).order_by("pk").first()
    assert metric is not None and metric.measurements.exists()
    page.goto(f"{live_server.url}/plans/{demo.pk}/metrics/{metric.pk}/")

    weeks = page.locator("section[aria-labelledby=values-title] .table-scroll")
    assert weeks.evaluate("(box) => box.scrollWidth <= box.clientWidth")
    card = page.locator("section[aria-labelledby=values-title]").bounding_box()
    delete = weeks.get_by_role("button").first.bounding_box()
    assert card is not None and delete is not None
    assert card["x"] <= delete["x"] and delete["x"] + delete["width"] <= card["x"] + card["width"]


@pytest.mark.parametrize("width", [390, 768])
def test_no_page_scrolls_sideways_on_a_phone_or_tablet_in_russian(
    chromium, live_server, demo, width
):
    """Russian has the longest words: every page the manager opens fits a 390-pixel phone
    and a 768-pixel tablet (a wide table or the quick-win board scrolls inside its own box,
    the page does not)."""
    manager = User.objects.get(username="manager")
    User.objects.filter(pk=manager.pk).update(language="ru")
    paths = pages_for(manager, demo)
    assert len(paths) >= 20
    context = chromium.new_context(
        viewport={"width": width, "height": 844}, is_mobile=width < 500, has_touch=width < 500
    )
    page = context.new_page()
    try:
        sign_in(page, live_server, "manager")
        too_wide = {}
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            scrolled = page.evaluate("document.documentElement.scrollWidth")
            if scrolled > width + 1:
                too_wide[path] = scrolled
        assert too_wide == {}
    finally:
        context.close()


def test_the_dashboards_quick_wins_read_as_blocks_on_a_phone_in_persian(
    chromium, live_server, demo
):
    """Five columns do not fit a phone: each committed quick win becomes a block with its
    name across the top and each figure under its own label, no word broken mid-way."""
    User.objects.filter(username="executive").update(language="fa")
    with translation.override("fa"):
        expected = [f'"{gettext(h)}"' for h in ("Status", "Progress", "Owner", "Target day")]
        caption = gettext("Committed quick wins")
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        sign_in(page, live_server, "executive")
        page.goto(f"{live_server.url}/plans/{demo.pk}/dashboard/")
        rows = page.get_by_role("table", name=caption).locator("tbody tr")
        assert rows.count() >= 2
        for index in range(rows.count()):
            row = rows.nth(index)
            labels = row.locator("td").evaluate_all(
                "(cells) => cells.map((cell) => getComputedStyle(cell, '::before').content)"
            )
            assert labels == expected
            name, whole = row.locator("th").bounding_box(), row.bounding_box()
            assert name is not None and whole is not None
            assert name["width"] >= whole["width"] - 1  # the name spans the block
            # The owner's name (two words) sits on one line: nothing squeezed it.
            owner_lines = row.locator("td bdi").evaluate("(bdi) => bdi.getClientRects().length")
            assert owner_lines == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 391
    finally:
        context.close()


@pytest.mark.parametrize("language", ["fa", "en"])
def test_a_figures_heading_lines_up_with_its_figures(page, live_server, demo, language):
    """The reviews' comment counts sit at the end of their column, and so does its heading."""
    User.objects.filter(username="manager").update(language=language)
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{demo.pk}/reviews/")
    table = page.locator("main table").first
    ends = table.evaluate(
        """(table) => {
          const rtl = getComputedStyle(table).direction === "rtl";
          const end = (cell) => {
            const range = document.createRange();
            range.selectNodeContents(cell);
            const box = range.getBoundingClientRect();
            return Math.round(rtl ? box.left : box.right);
          };
          return [...table.querySelectorAll("tr")].map((row) => end(row.lastElementChild));
        }"""
    )
    assert len(ends) >= 2
    assert max(ends) - min(ends) <= 1, ends


# The words on the page whose letters are split over two lines: a break after a hyphen
# ("топ-/менеджер") is a line break, not a split; addresses and hidden text aside.
SPLIT_WORDS = """(root) => {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const split = [];
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    if (text.parentElement.closest(".visually-hidden, thead, svg, option, script")) continue;
    for (const match of text.data.matchAll(/\\S+/g)) {
      if (match[0].includes("@")) continue;
      let previous = null;
      for (let i = match.index; i < match.index + match[0].length; i++) {
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        const box = range.getBoundingClientRect();
        if (!box.height) continue;
        const top = Math.round(box.top);
        if (previous !== null && top !== previous && !"-–/".includes(text.data[i - 1])) {
          split.push(match[0]);
          break;
        }
        previous = top;
      }
    }
  }
  return split;
}"""


def test_words_stay_whole_on_a_phone_in_russian(chromium, live_server, demo):
    """Russian has the longest words. On a 390-pixel phone the tables read as blocks
    (reviews, their figures, a metric's weeks, the members, the pulses, the import's
    headings), a quick win's status chips and the risk check's scale fit their words:
    no "Черн-овик", "Удал-ить", "Блокирован-о" or "проявля-ется" broken over two lines."""
    User.objects.filter(username__in=["manager", "member"]).update(language="ru")
    reviews_ensure_defaults(plan=demo)  # day 30, 60 and 90, as a plan's first visit makes them
    metric = demo.metrics.first()
    review = demo.reviews.first()
    assert metric is not None and review is not None
    pages = {
        "manager": [
            f"/plans/{demo.pk}/reviews/",
            f"/plans/{demo.pk}/reviews/{review.pk}/",
            f"/plans/{demo.pk}/metrics/{metric.pk}/",
            f"/plans/{demo.pk}/members/",
            f"/plans/{demo.pk}/pulses/",
            f"/plans/{demo.pk}/stakeholders/import/",
            f"/plans/{demo.pk}/toolkit/risk-checks/",
        ],
        "member": [f"/plans/{demo.pk}/quick-wins/mine/"],
    }
    split = {}
    for role, paths in pages.items():
        context = chromium.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
        )
        page = context.new_page()
        try:
            sign_in(page, live_server, role)
            for path in paths:
                page.goto(f"{live_server.url}{path}")
                # What each page is here for: its tables, the status chips, the scale.
                assert page.locator("main tbody tr, .qw-choice, .tk-scale__step").count(), path
                words = page.locator("main").evaluate(SPLIT_WORDS)
                if words:
                    split[path] = words
        finally:
            context.close()
    assert split == {}


def test_numbered_lists_count_in_persian_digits_on_persian_pages(page, live_server, demo):
    """The five reboot signs were numbered "1." to "5." on a page that writes «۵»."""
    User.objects.filter(username="manager").update(language="fa")
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{demo.pk}/toolkit/diagnostic/")
    markers = page.locator("main ol").evaluate_all(
        "(lists) => lists.map((list) => getComputedStyle(list).listStyleType)"
    )
    shown = [marker for marker in markers if marker != "none"]
    assert shown and set(shown) == {"persian"}, markers


# Where each phase's bar starts and how long it is, in the order of the list.
BAR_BOXES = """(bars) => bars.map((bar) => {
  const box = bar.getBoundingClientRect();
  return [Math.round(box.left), Math.round(box.width)];
})"""


@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_reviews_phase_bars_are_level_whatever_their_figures_say(
    page, live_server, demo, language
):
    """Each row sized its bar to what was left beside its own figure («expected by day 30:
    40%»), so the bars of the review's progress could not be compared."""
    User.objects.filter(username="manager").update(language=language)
    reviews_ensure_defaults(plan=demo)
    review = demo.reviews.first()
    assert review is not None
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{demo.pk}/reviews/{review.pk}/")
    bars = page.locator(".phase-bar progress").evaluate_all(BAR_BOXES)
    assert len(bars) == 6 and len(set(map(tuple, bars))) == 1, bars


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_people_page_shows_each_address_on_one_line(page, live_server, demo, language):
    """The members' table shared a third of the page with two forms: "executive@e / xample.com"."""
    User.objects.filter(username="manager").update(language=language)
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{demo.pk}/members/")
    lines = page.locator(".table-email").evaluate_all(
        "(cells) => cells.map((cell) => cell.getClientRects().length)"
    )
    assert lines and set(lines) == {1}, lines


@pytest.mark.parametrize(("language", "width"), [("en", 390), ("fa", 390), ("ru", 768)])
def test_on_a_phone_or_tablet_the_navigation_is_one_row_showing_the_current_page(
    chromium, live_server, demo, language, width
):
    """Wrapped, the manager's twelve links took four rows (190px) above every page on a
    phone, three on a tablet."""
    User.objects.filter(username="manager").update(language=language)
    context = chromium.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{demo.pk}/calendar/")  # the last link
    rows = page.locator(".main-nav a").evaluate_all(
        "(links) => new Set(links.map((link) => Math.round(link.getBoundingClientRect().top))).size"
    )
    current = page.locator(".main-nav [aria-current=page]").bounding_box()
    header = page.locator(".site-header").bounding_box()
    scrolled = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert rows == 1
    assert current is not None and current["x"] >= 0 and current["x"] + current["width"] <= width
    assert header is not None and header["height"] < 160
    assert scrolled == width  # the row scrolls inside itself, not the page


def test_on_a_tablet_the_registers_names_stay_in_view_while_it_scrolls(chromium, live_server, demo):
    """At 768px the register is wider than its card (Russian needs ~930px of 678) and scrolls
    sideways; scrolled to its last columns, every row still shows whose they are."""
    User.objects.filter(username="manager").update(language="ru")
    context = chromium.new_context(viewport={"width": 768, "height": 900})
    page = context.new_page()
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{demo.pk}/stakeholders/")
    box = page.locator("#register .table-scroll")
    box.evaluate("(s) => s.scrollTo({left: s.scrollWidth, behavior: 'instant'})")
    page.wait_for_timeout(200)
    inside = box.evaluate(
        """(s) => {
          const edge = s.getBoundingClientRect();
          return [...s.querySelectorAll('tbody .col-name')].map((cell) => {
            const name = cell.getBoundingClientRect();
            return name.left >= edge.left - 1 && name.right <= edge.right + 1;
          });
        }"""
    )
    scrolled = box.evaluate("(s) => s.scrollLeft")
    context.close()
    assert scrolled > 0
    assert inside and all(inside), inside
