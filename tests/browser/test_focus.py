"""Keyboard focus and the live region after htmx updates in place (WCAG 2.4.3, 4.1.3),
and no inline style (the CSP) while Today and the quick-win board are used.

Each update replaces the part of the page the pressed control was in. Focus must
land on the replacement, never fall back to <body> (from where the next Tab starts
again at "Skip to content"), and what changed is said in the live region.
"""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from onboarding.models import User
from roadmap.models import Task
from roadmap.playbook import phase_name
from roadmap.quick_wins import services as quick_wins
from roadmap.quick_wins.models import QuickWin
from stakeholders.models import FollowUp, Stakeholder

from .conftest import sign_in

ACTIVE_ID = "document.activeElement && document.activeElement.id"


def _refund_macros(plan, manager: User) -> QuickWin:
    """The quick win the keyboard tests work on, owned by the manager."""
    return quick_wins.quick_win_create(
        plan=plan,
        user=manager,
        title="Macros for refund answers",
        problem="Slow refunds",
        impact=4,
        effort=2,
        owner=manager,
        target_day=40,
    )


@pytest.fixture(autouse=True)
def _patient_expect():
    """The machine that runs CI is shared; give each check 15 s instead of 5 s."""
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


def todays_task(plan) -> Task:
    """A task on Today's list (the demo plan is on day 12), not started yet."""
    return (
        Task.objects.filter(plan=plan, status="todo", start_day__lte=12, end_day__gte=12)  # type: ignore[return-value]
        .order_by("pk")
        .first()
    )


@pytest.mark.parametrize("language", ["en", "fa"])
def test_done_on_today_keeps_focus_on_the_task_and_says_so(
    page, live_server, demo, screenshot, language
):
    User.objects.filter(username="manager").update(language=language)
    task = todays_task(demo)
    sign_in(page, live_server, "manager")
    expect(page.locator("html")).to_have_attribute("lang", language)
    row = page.locator(f"#task-{task.pk}")
    # Mark the row that is on the page now, to tell it from its replacement.
    row.evaluate("row => { row.dataset.before = 'yes'; }")

    row.locator('button[name="status"][value="done"]').focus()
    page.keyboard.press("Enter")

    expect(row.locator(".status-badge")).to_have_class(re.compile(r"status-badge--done"))
    expect(row).not_to_have_attribute("data-before", "yes")  # swapped
    # Focus is in the new row: on the row itself (its Done button is gone) or a control in it.
    expect(page.locator(f"#task-{task.pk}:focus, #task-{task.pk} :focus")).to_have_count(1)
    assert page.evaluate("document.activeElement !== document.body")
    with translation.override(language):
        announcement = gettext("“%(title)s” moved to %(status)s.") % {
            "title": task.title,
            "status": gettext("Done"),
        }
    expect(page.locator("#messages")).to_have_text(announcement)
    screenshot(f"focus-today-done-{language}")

    # The next Tab continues in the task's row (Reopen), not at "Skip to content".
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')") is False
    assert page.evaluate(ACTIVE_ID) == f"task-{task.pk}-todo"
    task.refresh_from_db()
    assert task.status == "done"


@pytest.mark.parametrize("language", ["en", "fa"])
def test_sorting_the_register_keeps_focus_on_the_column_and_says_the_order(
    page, live_server, demo, screenshot, language
):
    assert Stakeholder.objects.filter(plan=demo).count() >= 2
    User.objects.filter(username="manager").update(language=language)
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{demo.pk}/stakeholders/")
    table = page.locator("#register table")
    table.evaluate("table => { table.dataset.before = 'yes'; }")
    with translation.override(language):
        column = gettext("Department or organisation")
        a_to_z = gettext("Sorted by %(column)s, A to Z.") % {"column": column}
        z_to_a = gettext("Sorted by %(column)s, Z to A.") % {"column": column}

    page.locator("#register th.col-organisation a").focus()
    page.keyboard.press("Enter")

    header = page.locator("#register th.col-organisation")
    expect(header).to_have_attribute("aria-sort", "ascending")
    expect(table).not_to_have_attribute("data-before", "yes")  # a new table
    expect(header.locator("a")).to_be_focused()
    assert page.evaluate(ACTIVE_ID) == "sort-organisation"
    expect(page.locator("#messages")).to_have_text(a_to_z)
    assert "sort=organisation" in page.url
    screenshot(f"focus-register-sorted-{language}")

    # Again, from the new link: the other way round, and focus stays.
    page.keyboard.press("Enter")
    expect(header).to_have_attribute("aria-sort", "descending")
    expect(page.locator("#messages")).to_have_text(z_to_a)
    expect(header.locator("a")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate(ACTIVE_ID) == "sort-relationship"


def test_today_and_the_board_apply_no_inline_style(page, live_server, demo, screenshot):
    """The CSP (style-src 'self') refuses inline style; normal use must not try any."""
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    manager = User.objects.get(username="manager")
    quick_win = _refund_macros(demo, manager)
    sign_in(page, live_server, "manager")

    tasks = list(
        Task.objects.filter(plan=demo, status="todo", start_day__lte=12, end_day__gte=12).order_by(
            "pk"
        )[:3]
    )
    for task, status in zip(tasks, ["doing", "done", "skipped"], strict=True):
        row = page.locator(f"#task-{task.pk}")
        # Browser extensions and zoom or reading tools set styles through the
        # CSSOM (which the CSP allows); an update must not copy them back as a
        # style attribute (which it refuses).
        row.evaluate("row => { row.style.scrollMarginBlockStart = '4rem'; }")
        row.locator(f'button[name="status"][value="{status}"]').click()
        expect(row.locator(".status-badge")).to_have_class(re.compile(f"status-badge--{status}"))
        row.locator("summary").click()
        row.locator("textarea").fill(f"Checked on day 12 ({status}).")
        row.locator("form:has(textarea) button[type=submit]").click()
        expect(row.locator(".task__note")).to_contain_text("Checked on day 12")

    page.goto(f"{live_server.url}/plans/{demo.pk}/quick-wins/")
    card = page.locator(f"#quick-win-card-{quick_win.pk}")
    card.evaluate("card => { card.style.scrollMarginBlockStart = '4rem'; }")
    card.drag_to(page.locator('section[data-status="committed"]'))
    committed = page.locator('section[data-status="committed"]')
    expect(committed.locator(f"#quick-win-card-{quick_win.pk}")).to_be_focused()
    card = page.locator(f"#quick-win-card-{quick_win.pk}")
    card.locator("summary").click()
    card.locator("select[name=status]").select_option("in_progress")
    card.locator("form[data-qw-move] button[type=submit]").press("Enter")
    in_progress = page.locator('section[data-status="in_progress"]')
    expect(in_progress.locator(f"#quick-win-card-{quick_win.pk}")).to_be_focused()
    screenshot("focus-board-after-move")

    assert QuickWin.objects.get(pk=quick_win.pk).status == "in_progress"
    csp = [text for text in errors if "Content Security Policy" in text or "style-src" in text]
    assert csp == []


@pytest.mark.parametrize(("status", "label"), [("doing", "In progress"), ("skipped", "Skipped")])
def test_start_and_skip_on_today_keep_focus_on_the_task_and_say_so(
    page, live_server, demo, status, label
):
    task = todays_task(demo)
    sign_in(page, live_server, "manager")
    row = page.locator(f"#task-{task.pk}")
    row.evaluate("row => { row.dataset.before = 'yes'; }")

    row.locator(f'button[name="status"][value="{status}"]').focus()
    page.keyboard.press("Enter")

    expect(row.locator(".status-badge")).to_have_class(re.compile(f"status-badge--{status}"))
    expect(row).not_to_have_attribute("data-before", "yes")
    expect(page.locator(f"#task-{task.pk}:focus, #task-{task.pk} :focus")).to_have_count(1)
    expect(page.locator("#messages")).to_have_text(f"“{task.title}” moved to {label}.")


def test_saving_a_note_on_today_keeps_focus_on_the_task_and_says_so(page, live_server, demo):
    task = todays_task(demo)
    sign_in(page, live_server, "manager")
    row = page.locator(f"#task-{task.pk}")
    row.locator("summary").focus()
    page.keyboard.press("Enter")
    row.locator("textarea").fill("Asked Sam for the queue numbers.")
    row.locator("form:has(textarea) button[type=submit]").focus()
    page.keyboard.press("Enter")

    expect(row.locator(".task__note")).to_contain_text("Asked Sam for the queue numbers.")
    expect(page.locator(f"#task-{task.pk}:focus, #task-{task.pk} :focus")).to_have_count(1)
    expect(page.locator("#messages")).to_have_text(f"Note saved on “{task.title}”.")


def test_moving_a_card_with_its_form_keeps_focus_on_the_card_and_says_so(page, live_server, demo):
    manager = User.objects.get(username="manager")
    quick_win = _refund_macros(demo, manager)
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{demo.pk}/quick-wins/")
    card = page.locator(f"#quick-win-card-{quick_win.pk}")
    card.locator("summary").focus()
    page.keyboard.press("Enter")
    card.locator("select[name=status]").select_option("committed")
    card.locator("form[data-qw-move] button[type=submit]").focus()
    page.keyboard.press("Enter")

    committed = page.locator('section[data-status="committed"]')
    expect(committed.locator(f"#quick-win-card-{quick_win.pk}")).to_be_focused()
    expect(page.locator("#messages")).to_contain_text("Macros for refund answers")
    assert QuickWin.objects.get(pk=quick_win.pk).status == "committed"


def test_adding_a_follow_up_to_the_roadmap_keeps_focus_there_and_says_so(page, live_server, demo):
    follow_up = (
        FollowUp.objects.filter(interaction__stakeholder__plan=demo, task__isnull=True)
        .order_by("pk")
        .first()
    )
    assert follow_up is not None
    sign_in(page, live_server, "manager")
    page.goto(
        f"{live_server.url}/plans/{demo.pk}/stakeholders/{follow_up.interaction.stakeholder_id}/"
    )
    item = page.locator(f"#follow-up-{follow_up.pk}")
    item.get_by_role("button", name=re.compile("^Add to roadmap")).focus()
    page.keyboard.press("Enter")

    expect(item.locator(".follow-up__task")).to_be_visible()
    expect(
        page.locator(f"#follow-up-{follow_up.pk}:focus, #follow-up-{follow_up.pk} :focus")
    ).to_have_count(1)
    expect(page.locator("#messages")).to_contain_text("Added to your roadmap")


@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_refused_form_puts_focus_on_its_error_summary(page, live_server, demo, language):
    User.objects.filter(username="manager").update(language=language)
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{demo.pk}/toolkit/budget/")
    page.locator("#add-line").evaluate("details => { details.open = true; }")
    form = page.locator("form[action$='/budget/lines/add/']")
    form.locator("input[name=label]").fill("Licences")
    form.locator("input[name=amount]").fill("-5")
    form.locator("button[type=submit]").press("Enter")

    summary = page.locator("#form-errors")
    expect(summary).to_be_focused()
    with translation.override(language):
        prefix = gettext("Error: ")
    assert page.title().startswith(prefix)


def test_ticking_a_milestone_keeps_focus_on_it_and_says_so(page, live_server, demo):
    manager = User.objects.get(username="manager")
    quick_win = _refund_macros(demo, manager)
    quick_wins.milestone_add(
        quick_win=quick_win, user=manager, title="Write the refund macros", target_day=20
    )
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{demo.pk}/quick-wins/{quick_win.pk}/")
    body = page.locator("#quick-win-body")
    body.evaluate("body => { body.dataset.before = 'yes'; }")
    button = page.locator(".qw-check", has_text="Write the refund macros")
    button.focus()
    page.keyboard.press("Enter")

    expect(body).not_to_have_attribute("data-before", "yes")
    expect(page.locator(".qw-check", has_text="Write the refund macros")).to_have_attribute(
        "aria-pressed", "true"
    )
    # Focus is on the milestone just ticked (it was on the whole quick win: the next Tab
    # started again at its status), so it can be reopened or passed at once.
    expect(page.locator(".qw-check", has_text="Write the refund macros")).to_be_focused()
    expect(page.locator("#messages")).to_have_text("Milestone “Write the refund macros” done.")

    # After adding a milestone, focus is in the box for the next one.
    title = page.get_by_label("New milestone")
    title.fill("Train the team on the macros")
    title.press("Enter")
    expect(page.locator(".qw-check", has_text="Train the team on the macros")).to_have_count(1)
    expect(page.get_by_label("New milestone")).to_be_focused()
    expect(page.get_by_label("New milestone")).to_have_value("")


@pytest.mark.parametrize("language", ["en", "fa"])
def test_choosing_a_phase_on_the_timeline_keeps_focus_on_its_link_and_says_so(
    page, live_server, demo, language
):
    User.objects.filter(username="manager").update(language=language)
    phase = demo.phases.order_by("start_day").last()
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{demo.pk}/timeline/")
    body = page.locator("#timeline-body")
    body.evaluate("body => { body.dataset.before = 'yes'; }")

    page.locator(f"#phase-link-{phase.key}").focus()
    page.keyboard.press("Enter")

    expect(page.locator(f"#phase-link-{phase.key}")).to_have_attribute("aria-current", "true")
    expect(body).not_to_have_attribute("data-before", "yes")
    expect(page.locator(f"#phase-link-{phase.key}")).to_be_focused()
    with translation.override(language):
        # The phase as the reader names it (the playbook's word in their language).
        said = gettext("Showing the tasks in %(phase)s.") % {"phase": phase_name(phase, demo)}
    expect(page.locator("#messages")).to_have_text(said)
    assert f"phase={phase.key}" in page.url


def test_filtering_the_register_keeps_focus_in_the_search_box_and_says_how_many(
    page, live_server, demo
):
    stakeholder = Stakeholder.objects.filter(plan=demo).order_by("pk").first()
    assert stakeholder is not None
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{demo.pk}/stakeholders/")
    table = page.locator("#register table")
    table.evaluate("table => { table.dataset.before = 'yes'; }")

    page.locator("#filter-q").focus()
    page.keyboard.type(stakeholder.name)

    expect(page.locator("#register table")).not_to_have_attribute("data-before", "yes")
    expect(page.locator("#messages")).to_have_text("1 person matches.")
    expect(page.locator("#filter-q")).to_be_focused()
    expect(page.locator("#register tbody tr")).to_have_count(1)


def test_filtering_the_power_map_keeps_focus_in_the_search_box_and_says_how_many(
    page, live_server, demo
):
    stakeholder = Stakeholder.objects.filter(plan=demo).order_by("pk").first()
    assert stakeholder is not None
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{demo.pk}/stakeholders/map/")
    page.locator("#grid").evaluate("grid => { grid.dataset.before = 'yes'; }")

    page.locator("#map-q").focus()
    page.keyboard.type(stakeholder.name)

    expect(page.locator("#grid")).not_to_have_attribute("data-before", "yes")
    expect(page.locator("#messages")).to_have_text("1 person matches.")
    expect(page.locator("#map-q")).to_be_focused()


def test_choosing_a_question_keeps_focus_on_its_link_and_says_so(page, live_server, demo):
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{demo.pk}/stakeholders/answers/")
    link = page.locator(".question-index a").nth(1)
    question = link.inner_text()
    page.locator("#answers").evaluate("panel => { panel.dataset.before = 'yes'; }")

    link.focus()
    page.keyboard.press("Enter")

    expect(page.locator("#answers")).not_to_have_attribute("data-before", "yes")
    expect(page.locator("#answers-heading")).to_have_text(question)
    expect(link).to_be_focused()
    expect(page.locator("#messages")).to_have_text(f"Showing the answers to “{question}”.")


# Text added to the live region after the page loaded: what a screen reader says.
SAID_AFTER_LOAD = """
window.__said = [];
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("messages");
  if (!box) return;
  new MutationObserver((changes) => {
    for (const change of changes) {
      for (const node of change.addedNodes) window.__said.push(node.textContent.trim());
    }
  }).observe(box, {childList: true, subtree: true});
});
"""


def test_a_message_on_the_page_a_save_leads_to_is_said(page, live_server, demo):
    """ "Your profile is saved." was in the live region from the first byte, so it was never
    announced: a screen-reader user heard only the page's title."""
    page.add_init_script(SAID_AFTER_LOAD)
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/profile/")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("#messages")).to_contain_text("Your profile is saved.")
    said: list[str] = []
    for _attempt in range(30):  # it comes a moment after the load (no eval: the CSP refuses it)
        said = page.evaluate("window.__said")
        if said:
            break
        page.wait_for_timeout(100)
    assert any("Your profile is saved." in text for text in said), said
    # Seen once on the screen, not twice.
    expect(page.locator("#messages .message")).to_have_count(1)


def test_a_week_that_already_has_a_value_asks_with_focus_on_the_question(page, live_server, demo):
    """The page came back with the question below the fold and focus at the top: it looked as
    if nothing had happened."""
    sign_in(page, live_server, "manager")
    metric = demo.metrics.order_by("pk").first()
    measured = metric.measurements.order_by("-period_start").first()
    page.set_viewport_size({"width": 1280, "height": 700})
    page.goto(f"{live_server.url}/plans/{demo.pk}/metrics/{metric.pk}/")
    form = page.locator("section[aria-labelledby=add-title] form").first
    form.get_by_label("Week of").fill(measured.period_start.isoformat())
    form.get_by_label("Value", exact=True).fill("82.4")
    form.locator("button[type=submit]").click()

    question = page.locator("#replace-question")
    expect(question).to_be_focused()
    expect(question).to_be_in_viewport()


def test_deleting_a_weekly_value_asks_first(page, live_server, demo):
    """One stray click on "Delete" removed a week's value for good."""
    sign_in(page, live_server, "manager")
    metric = demo.metrics.order_by("pk").first()
    count = metric.measurements.count()
    page.goto(f"{live_server.url}/plans/{demo.pk}/metrics/{metric.pk}/")
    delete = page.locator("section[aria-labelledby=values-title] form[data-confirm] button").first
    asked = []

    def answer(dialog, accept):
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    delete.click()
    page.wait_for_timeout(300)
    assert asked == ["This cannot be undone. Go ahead?"]
    assert metric.measurements.count() == count

    page.once("dialog", lambda dialog: answer(dialog, True))
    delete.click()
    expect(page.locator("#messages")).to_contain_text("Measurement deleted.")
    assert metric.measurements.count() == count - 1


def test_removing_a_milestone_asks_first_and_then_removes_it_in_place(page, live_server, demo):
    manager = User.objects.get(username="manager")
    quick_win = _refund_macros(demo, manager)
    quick_wins.milestone_add(quick_win=quick_win, user=manager, title="Pilot", target_day=20)
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{demo.pk}/quick-wins/{quick_win.pk}/")
    remove = page.locator(".qw-milestone", has_text="Pilot").locator("form[data-confirm] button")
    page.once("dialog", lambda dialog: dialog.dismiss())
    remove.click()
    page.wait_for_timeout(300)
    expect(page.locator(".qw-check", has_text="Pilot")).to_have_count(1)
    page.once("dialog", lambda dialog: dialog.accept())
    remove.click()
    expect(page.locator(".qw-check", has_text="Pilot")).to_have_count(0)
    assert not quick_win.milestones.filter(title="Pilot").exists()
