"""The team member moves their quick win to done; the manager sees it and the announcement."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from onboarding.models import User
from roadmap.quick_wins import services
from roadmap.quick_wins.models import QuickWin

from .conftest import ARTIFACTS, sign_in

TITLE = "Answer refund tickets within a day"
PROBLEM = "Customers wait ten days to hear about a refund"


@pytest.fixture
def quick_win(demo):
    manager = User.objects.get(username="manager")
    member = User.objects.get(username="member")
    quick_win = services.quick_win_create(
        plan=demo,
        user=manager,
        title=TITLE,
        problem=PROBLEM,
        expected_impact="Refund complaints halve within a month",
        impact=4,
        effort=2,
        theme="Faster answers",
        owner=member,
        team=[manager],
        target_day=40,
    )
    services.quick_win_set_status(quick_win=quick_win, user=manager, status="in_progress")
    services.milestone_add(
        quick_win=quick_win, user=manager, title="Write the refund macros", target_day=20
    )
    services.quick_win_create(
        plan=demo,
        user=manager,
        title="Callback instead of hold music",
        problem="Callers hang up after five minutes on hold",
        impact=3,
        effort=4,
        owner=manager,
        target_day=55,
    )
    return QuickWin.objects.get(pk=quick_win.pk)


def test_member_moves_their_quick_win_to_done_and_the_manager_sees_the_announcement(
    page, live_server, quick_win, screenshot
):
    sign_in(page, live_server, "member")
    page.get_by_role("navigation", name="Plan").get_by_role("link", name="Quick wins").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quick wins")
    card = page.locator(f"#quick-win-card-{quick_win.pk}")
    in_progress = page.locator('section[data-status="in_progress"]')
    done = page.locator('section[data-status="done"]')
    expect(in_progress.locator(f"#quick-win-card-{quick_win.pk}")).to_be_visible()
    screenshot("quick-wins-board-member")

    card.drag_to(done)

    expect(done.locator(f"#quick-win-card-{quick_win.pk}")).to_be_visible()
    expect(page.locator("#messages")).to_contain_text(f"“{TITLE}” moved to Done.")
    expect(done.locator(f"#quick-win-card-{quick_win.pk}")).to_be_focused()
    expect(done.locator(f"#quick-win-card-{quick_win.pk} .qw-progress__text")).to_contain_text(
        "100% done"
    )
    assert page.url.endswith("/quick-wins/"), "htmx moved the card in place"
    screenshot("quick-wins-board-member-after-drop")
    quick_win.refresh_from_db()
    assert (quick_win.status, quick_win.progress) == ("done", 100)

    page.get_by_role("button", name=re.compile("^Sign out")).click()
    sign_in(page, live_server, "manager")
    page.get_by_role("navigation", name="Plan").get_by_role("link", name="Quick wins").click()
    done = page.locator('section[data-status="done"]')
    expect(done.get_by_role("link", name=TITLE)).to_be_visible()
    done.get_by_role("link", name=TITLE).click()

    announcement = page.get_by_label("Announcement", exact=True)
    expect(announcement).to_have_value(re.compile(f"Quick win delivered: {TITLE}"))
    expect(announcement).to_have_value(re.compile(PROBLEM))
    expect(announcement).to_have_value(re.compile("Tom Baker"))
    history = page.locator(".qw-history")
    expect(history).to_contain_text("Tom Baker moved it from In progress to Done.")
    screenshot("quick-wins-manager-announcement")

    announcement.fill("Dear all, refunds are answered within a day now. Thank you, Tom!")
    page.get_by_label("I have sent it").check()
    page.get_by_role("button", name="Save announcement").click()
    expect(page.locator("#messages")).to_contain_text("Announcement saved.")
    expect(history).to_contain_text("Maryam Karimi marked the announcement as sent.")
    quick_win.refresh_from_db()
    assert quick_win.announcement.startswith("Dear all")
    assert quick_win.announced_at is not None


def test_moving_a_card_with_the_keyboard_asks_for_a_reason_to_block(
    page, live_server, quick_win, screenshot
):
    sign_in(page, live_server, "member")
    page.goto(f"{live_server.url}/plans/{quick_win.plan_id}/quick-wins/")
    card = page.locator(f"#quick-win-card-{quick_win.pk}")
    card.get_by_text("Move to…").focus()
    page.keyboard.press("Enter")
    card.get_by_label("Move to", exact=True).select_option("blocked")
    card.get_by_role("button", name=re.compile("^Move")).press("Enter")

    card = page.locator(f"#quick-win-card-{quick_win.pk}")
    expect(card.locator(".field__error")).to_have_text("Say what blocks it, so someone can help.")
    reason = card.get_by_label("Why? (needed for blocked or dropped)")
    expect(reason).to_be_focused()
    screenshot("quick-wins-board-reason-needed")

    reason.fill("Waiting for CRM access")
    page.keyboard.press("Enter")
    blocked = page.locator('section[data-status="blocked"]')
    expect(blocked.locator(f"#quick-win-card-{quick_win.pk}")).to_contain_text(
        "Waiting for CRM access"
    )
    quick_win.refresh_from_db()
    assert (quick_win.status, quick_win.status_reason) == ("blocked", "Waiting for CRM access")


def count_of(page, status):
    return int(page.locator(f"#qw-count-{status}").inner_text().split()[0])


def test_a_move_updates_the_counts_and_survives_a_board_changed_meanwhile(
    page, live_server, quick_win
):
    """The answer carries the moved card only; a card placed next to one this page
    has never seen (someone else's change) brings the whole board back instead."""
    manager = User.objects.get(username="manager")
    callback = QuickWin.objects.get(plan=quick_win.plan, title="Callback instead of hold music")
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{quick_win.plan_id}/quick-wins/")
    proposed, in_progress = count_of(page, "proposed"), count_of(page, "in_progress")

    # Meanwhile, elsewhere: a new card lands right after Callback's place in "In progress".
    unseen = services.quick_win_create(
        plan=quick_win.plan, user=manager, title="Unseen elsewhere", problem="p",
        owner=manager, target_day=callback.target_day,
    )  # fmt: skip
    services.quick_win_set_status(quick_win=unseen, user=manager, status="in_progress")

    card = page.locator(f"#quick-win-card-{callback.pk}")
    card.get_by_text("Move to…").click()
    card.get_by_label("Move to", exact=True).select_option("in_progress")
    card.get_by_role("button", name=re.compile("^Move")).click()

    column = page.locator('section[data-status="in_progress"]')
    expect(column.locator(f"#quick-win-card-{callback.pk}")).to_be_visible()
    expect(column.locator(f"#quick-win-card-{unseen.pk}")).to_be_visible()
    expect(page.locator(f"#quick-win-card-{callback.pk}")).to_have_count(1)
    assert count_of(page, "in_progress") == in_progress + 2
    assert count_of(page, "proposed") == proposed - 1
    expect(page.locator("#messages")).to_contain_text("moved to In progress.")


def test_an_emptied_column_says_none_and_a_filled_one_stops_saying_it(page, live_server, quick_win):
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{quick_win.plan_id}/quick-wins/")
    blocked = page.locator('section[data-status="blocked"]')
    assert not QuickWin.objects.filter(plan=quick_win.plan, status="blocked").exists()
    expect(blocked.get_by_text("None", exact=True)).to_be_visible()
    card = page.locator(f"#quick-win-card-{quick_win.pk}")
    card.get_by_text("Move to…").click()
    card.get_by_label("Move to", exact=True).select_option("blocked")
    card.get_by_label("Why? (needed for blocked or dropped)").fill("Waiting for CRM access")
    card.get_by_role("button", name=re.compile("^Move")).click()
    expect(blocked.locator(f"#quick-win-card-{quick_win.pk}")).to_be_focused()
    expect(blocked.get_by_text("None", exact=True)).to_be_hidden()


def test_member_updates_their_quick_win_from_a_phone(chromium, live_server, quick_win):
    context = chromium.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
    )
    phone = context.new_page()
    phone.set_default_timeout(10_000)
    try:
        sign_in(phone, live_server, "member")
        phone.goto(f"{live_server.url}/plans/{quick_win.plan_id}/quick-wins/mine/")
        panel = phone.locator(f"#my-quick-win-{quick_win.pk}")
        expect(panel).to_be_visible()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=str(ARTIFACTS / "quick-wins-mine-phone.png"), full_page=True)

        # No horizontal scrolling at 390px.
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        # Touch targets are at least 44px tall.
        for control in [
            panel.get_by_role("button", name=re.compile("^Update status")),
            panel.get_by_role("button", name=re.compile("^Save progress")),
            panel.get_by_role("button", name="Write the refund macros"),
            panel.get_by_label("Progress (%)"),
        ]:
            assert control.bounding_box()["height"] >= 44

        panel.get_by_label("Progress (%)").fill("80")
        panel.get_by_label("Short note").fill("Macros live for two of three queues")
        panel.get_by_role("button", name=re.compile("^Save progress")).tap()
        panel = phone.locator(f"#my-quick-win-{quick_win.pk}")
        expect(panel.locator(".qw-progress__text")).to_have_text("80% done")
        expect(phone.locator("#messages")).to_contain_text("saved: 80%")

        panel.get_by_role("button", name="Write the refund macros").tap()
        expect(panel.get_by_role("button", name="Write the refund macros")).to_have_attribute(
            "aria-pressed", "true"
        )
        phone.screenshot(path=str(ARTIFACTS / "quick-wins-mine-phone-after.png"), full_page=True)
        quick_win.refresh_from_db()
        assert (quick_win.progress, quick_win.note) == (80, "Macros live for two of three queues")
        assert quick_win.milestones.get().is_done
    finally:
        context.close()


def test_the_chart_and_the_executives_read_only_board(page, live_server, quick_win, screenshot):
    sign_in(page, live_server, "executive")
    page.goto(f"{live_server.url}/plans/{quick_win.plan_id}/quick-wins/chart/")
    scored = QuickWin.objects.filter(
        plan_id=quick_win.plan_id, impact__isnull=False, effort__isnull=False
    ).count()
    expect(page.locator(".qw-dot")).to_have_count(scored)
    expect(
        page.get_by_role("link", name=re.compile(rf"^\d+\. {TITLE}: impact 4, effort 2"))
    ).to_be_visible()
    screenshot("quick-wins-chart")
    page.get_by_role("link", name="Board", exact=True).click()
    expect(page.locator("[data-qw-card]")).to_have_count(0)
    expect(page.get_by_text("Move to…")).to_have_count(0)
    screenshot("quick-wins-board-executive")


def test_in_persian_an_english_note_reads_left_to_right_and_progress_in_persian_digits(
    page, live_server, quick_win
):
    """The note's hidden «یادداشت:» label set its direction: the full stop of an English
    note stood at its left. And the history's progress change kept Latin digits."""
    manager = User.objects.get(username="manager")
    services.quick_win_set_progress(
        quick_win=QuickWin.objects.get(pk=quick_win.pk),
        user=manager,
        progress=40,
        note="Macro drafted, testing with two agents.",
    )
    User.objects.filter(username="executive").update(language="fa")
    sign_in(page, live_server, "executive")
    page.goto(f"{live_server.url}/plans/{quick_win.plan_id}/quick-wins/{quick_win.pk}/")

    note = page.locator(".task__note")
    expect(note).to_contain_text("Macro drafted, testing with two agents.")
    assert note.evaluate("(p) => getComputedStyle(p).direction") == "ltr"
    expect(page.locator(".qw-event--progress")).to_contain_text("از ۰٪ به ۴۰٪")
    # The changed note, after its arrow: isolated, so its full stop stays at its end.
    after = page.locator(".qw-event--note ins bdi")
    expect(after).to_have_text("Macro drafted, testing with two agents.")


# Room for the chosen option's words in a <select> (its box less padding and the arrow),
# and the widest option's words in the select's own font.
OPTION_ROOM = """(select) => {
  const style = getComputedStyle(select);
  const pen = document.createElement("canvas").getContext("2d");
  pen.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const arrow = 20;
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - arrow;
  const widest = Math.max(...[...select.options].map((option) => pen.measureText(option.text).width));
  return {room, widest};
}"""


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_cards_move_list_shows_each_status_whole(page, live_server, demo, language):
    """Six columns side by side leave a card 128px: the list cut "Committed" to "Committec"."""
    User.objects.filter(username="manager").update(language=language)
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{demo.pk}/quick-wins/")
    page.locator(".qw-move > summary").first.click()
    fit = page.locator(".qw-move__form select").first.evaluate(OPTION_ROOM)
    assert fit["widest"] <= fit["room"], fit


@pytest.mark.parametrize("width", [768, 1024])
def test_on_a_tablet_or_small_laptop_every_column_of_the_board_is_in_view(
    page, live_server, demo, width
):
    """Six columns need about 1,100px: at 768 and 1024px the board scrolled in its box and
    "Done" and "Dropped" were out of sight. It now reads as two rows of three."""
    User.objects.filter(username="manager").update(language="ru")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{demo.pk}/quick-wins/")
    board = page.locator(".qw-board")
    assert board.evaluate("(box) => box.scrollWidth <= box.clientWidth")
    edge = board.bounding_box()
    columns = page.locator(".qw-column")
    assert columns.count() == 6
    tops = []
    for index in range(6):
        column = columns.nth(index).bounding_box()
        assert edge is not None and column is not None
        assert edge["x"] - 1 <= column["x"]
        assert column["x"] + column["width"] <= edge["x"] + edge["width"] + 1
        tops.append(round(column["y"]))
    # Proposed, committed, in progress on the first row; blocked, done, dropped below.
    assert len(set(tops[:3])) == 1 and len(set(tops[3:])) == 1 and tops[3] > tops[0]


def test_a_refused_move_does_not_leave_the_last_moves_success_on_screen(
    page, live_server, quick_win
):
    """After a move the page said "moved to In progress."; a second move refused (changed
    meanwhile) left that green message beside the refusal."""
    callback = QuickWin.objects.get(plan=quick_win.plan, title="Callback instead of hold music")
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{quick_win.plan_id}/quick-wins/")
    card = page.locator(f"#quick-win-card-{callback.pk}")
    card.get_by_text("Move to…").click()
    card.get_by_label("Move to", exact=True).select_option("committed")
    card.get_by_role("button", name=re.compile("^Move")).click()
    expect(page.locator("#messages")).to_contain_text("moved to Committed.")

    # Meanwhile, elsewhere, the card moves on: this page's next move of it is refused.
    manager = User.objects.get(username="manager")
    current = QuickWin.objects.get(pk=callback.pk)
    services.quick_win_set_status(quick_win=current, user=manager, status="in_progress")
    card = page.locator(f"#quick-win-card-{callback.pk}")
    card.get_by_text("Move to…").click()
    card.get_by_label("Move to", exact=True).select_option("done")
    card.get_by_role("button", name=re.compile("^Move")).click()
    expect(page.get_by_text("Someone changed this quick win")).to_be_visible()
    expect(page.locator("#messages")).not_to_contain_text("moved to Committed.")
