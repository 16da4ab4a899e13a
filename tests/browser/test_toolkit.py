"""The manager writes their introduction and completes the reboot diagnostic;
the executive reads the results; the challenges are ranked by keyboard and by drag."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from roadmap.models import Task
from roadmap.toolkit.budget.services import (
    BudgetLineInput,
    BudgetRequestInput,
    budget_line_create,
    budget_request_create,
)
from roadmap.toolkit.challenges.services import ChallengeInput, challenge_create
from roadmap.toolkit.models import Diagnostic, SelfIntroduction

from .conftest import ARTIFACTS, sign_in

SHORT = "Hello everyone, I am Maryam, your new head of customer support."
INTRODUCTION = (
    "I have led support teams for nine years, most recently at a software company where "
    "we cut the time to a first answer from two days to four hours. At work I care about "
    "clear priorities and honest feedback; outside it, about my family and long walks. I "
    "believe every customer contact is a chance to keep a customer, and that people do "
    "their best work when they know why it matters. I joined because this team already "
    "cares about customers. I will spend my first weeks listening."
)


@pytest.fixture
def plan(demo):
    # The demo finished its preparation; start the introduction's task afresh.
    Task.objects.filter(plan=demo, key="prepare-self-introduction").update(status="todo")
    return demo


def _task(plan, key: str) -> Task:
    return Task.objects.get(plan=plan, key=key)


def test_manager_writes_the_introduction_and_completes_the_diagnostic(
    page, live_server, plan, screenshot, chromium
):
    sign_in(page, live_server, "manager")
    page.get_by_role("navigation", name="Plan").get_by_role("link", name="Toolkit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Toolkit")
    expect(page.locator(".tk-tool")).to_have_count(6)
    screenshot("toolkit-hub")

    # Write the introduction: the word count follows the typing.
    page.get_by_role("link", name="Self-introduction").click()
    editor = page.get_by_role("textbox", name="Your introduction")
    count = page.locator("#introduction-word-count")
    editor.fill(SHORT)
    expect(count).to_contain_text("Words: 11")
    expect(count).to_contain_text("Short for an introduction")
    editor.fill(INTRODUCTION)
    expect(count).to_contain_text(f"Words: {len(INTRODUCTION.split())}")
    expect(count).to_contain_text("A good length.")
    screenshot("toolkit-introduction-editor")

    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("#messages")).to_contain_text("Version 1 saved.")
    expect(page.locator("#tool-task .status-badge")).to_have_text("In progress")

    page.get_by_role("button", name="Save and publish").click()
    expect(page.locator("#messages")).to_contain_text("Version 1 is published")
    expect(page.locator("#tool-task .status-badge")).to_have_text("Done")
    assert _task(plan, "prepare-self-introduction").status == "done"
    link = page.get_by_label("Link to your introduction").input_value()
    screenshot("toolkit-introduction-published")

    # The team reads it without signing in.
    visitor = chromium.new_context(viewport={"width": 800, "height": 700}, locale="en-GB")
    try:
        public = visitor.new_page()
        public.goto(link)
        expect(public.get_by_role("heading", level=1)).to_have_text("Hello from Maryam Karimi")
        expect(public.locator(".tk-public__text")).to_contain_text("nine years")
        expect(public.get_by_role("navigation", name="Plan")).to_have_count(0)
        public.screenshot(path=str(ARTIFACTS / "toolkit-introduction-public.png"), full_page=True)
    finally:
        visitor.close()

    # The diagnostic: saving nothing is refused with a clear message.
    page.get_by_role("navigation", name="Toolkit").get_by_role("link", name="Diagnostic").click()
    page.get_by_role("link", name="Run the diagnostic").first.click()
    page.get_by_role("button", name="Save the diagnostic").click()
    errors = page.locator(".form-errors")
    expect(errors).to_contain_text("none of them is answered yet")
    screenshot("toolkit-diagnostic-errors")

    answers = {
        "No voice at the top": (
            "Yes",
            "Service reports to the CFO; nobody from it sits on the board",
        ),
        "Too little investment": ("Partly", "The CRM is six years old; no training budget"),
        "Several CRMs": ("No", ""),
        "Rigid scripts": ("No", ""),
        "Unhappy agents": ("Partly", "Two resignations in a month"),
    }
    for title, (answer, evidence) in answers.items():
        group = page.get_by_role("group", name=re.compile(title))
        group.get_by_label(answer, exact=True).check()
        if evidence:
            group.get_by_label("Evidence").fill(evidence)
    screenshot("toolkit-diagnostic-form")
    page.get_by_role("button", name="Save the diagnostic").click()

    expect(page.locator("#messages")).to_contain_text("Diagnostic saved: 60 out of 100.")
    expect(page.locator(".tk-score__number")).to_have_text("60")
    first = page.locator(".tk-first > li")
    expect(first).to_have_count(3)
    expect(first.nth(0)).to_contain_text("No voice at the top")
    expect(first.nth(1)).to_contain_text("Too little investment")
    screenshot("toolkit-diagnostic-result")
    assert _task(plan, "assess-reboot-diagnostic").status == "done"
    assert Diagnostic.objects.get(plan=plan).score == 60

    page.get_by_role("navigation", name="Toolkit").get_by_role("link", name="All tools").click()
    expect(page.locator("#tool-introduction .status-badge")).to_have_text("Complete")
    expect(page.locator("#tool-diagnostic .status-badge")).to_have_text("Complete")
    screenshot("toolkit-hub-after")
    assert SelfIntroduction.objects.get(plan=plan).published.number == 1  # type: ignore[union-attr]


@pytest.fixture
def challenges(plan):
    titles = ["Refunds wait ten days", "Chat is under-used", "Night shift is thin"]
    return [
        challenge_create(
            plan=plan,
            data=ChallengeInput(
                kind="opportunity" if n == 1 else "challenge",
                title=title,
                evidence=f"Evidence for {title.lower()}",
                source="interview",
                source_detail="Listening tour",
            ),
        )
        for n, title in enumerate(titles)
    ]


def _titles(page) -> list[str]:
    return page.locator(".tk-challenge__title bdi").all_inner_texts()


def test_challenges_are_ranked_by_keyboard_and_by_drag(page, live_server, challenges, screenshot):
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{challenges[0].plan_id}/toolkit/challenges/")
    expect(page.locator(".tk-challenge")).to_have_count(3)
    screenshot("toolkit-challenges")

    third = page.locator(f"#challenge-{challenges[2].pk}")
    third.get_by_role("button", name=re.compile("^Move up")).focus()
    page.keyboard.press("Enter")
    expect(page.locator("#messages")).to_contain_text("“Night shift is thin” is now number 2 of 3.")
    assert _titles(page) == ["Refunds wait ten days", "Night shift is thin", "Chat is under-used"]
    expect(page.locator(f"#challenge-{challenges[2].pk}")).to_be_focused()
    assert page.url.endswith("/toolkit/challenges/"), "htmx moved the item in place"

    page.locator(f"#challenge-{challenges[1].pk}").drag_to(
        page.locator(f"#challenge-{challenges[0].pk}")
    )
    expect(page.locator("#messages")).to_contain_text("“Chat is under-used” is now number 1 of 3.")
    assert _titles(page) == ["Chat is under-used", "Refunds wait ten days", "Night shift is thin"]

    page.get_by_role("button", name="Mark the list complete").click()
    expect(page.locator("#messages")).to_contain_text("The list is complete")
    expect(page.locator("#tool-task .status-badge")).to_have_text("Done")
    screenshot("toolkit-challenges-complete")

    page.get_by_role("button", name=re.compile("^Sign out")).click()
    sign_in(page, live_server, "executive")
    page.goto(f"{live_server.url}/plans/{challenges[0].plan_id}/toolkit/challenges/")
    expect(page.locator(".tk-challenge")).to_have_count(3)
    expect(page.get_by_role("button", name=re.compile("^Move"))).to_have_count(0)
    screenshot("toolkit-challenges-executive")


def test_the_budget_page_prints_and_the_executive_reads_it(page, live_server, plan, screenshot):
    for category, label, amount, next_year in [
        ("people", "Twelve agents", "420000", "450000"),
        ("people", "Night-shift allowance", "18000", None),
        ("tools", "Help-desk licences", "9600", "10800"),
        ("training", "Soft-skills course", "6000", "8000"),
    ]:
        budget_line_create(
            plan=plan,
            data=BudgetLineInput(
                category=category,
                label=label,
                amount=Decimal(amount),
                next_year_amount=Decimal(next_year) if next_year else None,
                assumption="Volumes grow 10%" if next_year else "",
            ),
        )
    budget_request_create(
        plan=plan,
        data=BudgetRequestInput(
            title="A knowledge base",
            category="tools",
            cost=Decimal("12000"),
            monthly_benefit=Decimal("1500"),
            benefit_basis="Deflects 300 tickets a month at 5 each",
        ),
    )
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{plan.pk}/toolkit/budget/")
    expect(page.locator(".tk-grand-total")).to_contain_text("453,600.00")
    expect(page.locator(".tk-roi__payback")).to_contain_text("8 months")
    screenshot("toolkit-budget")
    page.emulate_media(media="print")
    expect(page.locator(".tk-add").first).to_be_hidden()
    screenshot("toolkit-budget-print")
    page.emulate_media(media="screen")

    page.get_by_role("button", name=re.compile("^Sign out")).click()
    sign_in(page, live_server, "executive")
    page.goto(f"{live_server.url}/plans/{plan.pk}/toolkit/")
    expect(page.locator(".tk-tool")).to_have_count(3)
    screenshot("toolkit-hub-executive")
    page.goto(f"{live_server.url}/plans/{plan.pk}/toolkit/budget/")
    expect(page.get_by_role("link", name="Edit")).to_have_count(0)
    expect(page.get_by_role("link", name="Download CSV")).to_be_visible()


def test_the_weekly_habits_and_the_monthly_risk_check(page, live_server, plan, screenshot):
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{plan.pk}/toolkit/habits/")
    for title, answer in [
        ("The customer at the centre", "Yes"),
        ("Listening and clarity", "Partly"),
        ("Collaboration and empathy", "Yes"),
        ("Priorities first", "Not this week"),
        ("The bigger purpose", "Yes"),
    ]:
        page.get_by_role("group", name=title).get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Save this week's check").click()
    expect(page.locator("#messages")).to_contain_text("Streak: 1 week.")
    expect(page.locator(".tk-streak__number")).to_have_text("1")
    screenshot("toolkit-habits")

    page.get_by_role("navigation", name="Toolkit").get_by_role("link", name="Risk check").click()
    page.get_by_role("button", name="Save this month's check").click()
    expect(page.locator(".form-errors")).to_contain_text("none of them is rated yet")
    for group in page.locator(".tk-risk").all():
        group.get_by_label("Minor").check()
    page.get_by_role("group", name="Burnout").get_by_label("Serious").check()
    page.get_by_role("group", name="Burnout").get_by_label("What you see").fill(
        "Two agents covering nights alone"
    )
    page.get_by_role("button", name="Save this month's check").click()
    expect(page.locator("#messages")).to_contain_text("This month's risk check is saved.")
    expect(page.locator(".tk-risk-history tbody tr")).to_have_count(6)
    screenshot("toolkit-risk-checks")


def test_the_tools_fit_a_phone(chromium, live_server, challenges):
    plan_id = challenges[0].plan_id
    budget_line_create(
        plan=challenges[0].plan,
        data=BudgetLineInput(
            category="people",
            label="Twelve agents on two shifts",
            amount=Decimal("420000"),
            next_year_amount=Decimal("450000"),
            assumption="Ticket volume grows by a tenth",
        ),
    )
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
        sign_in(phone, live_server, "manager")
        for path, name in [
            ("", "hub"),
            ("introduction/", "introduction"),
            ("diagnostic/new/", "diagnostic-form"),
            ("challenges/", "challenges"),
            ("budget/", "budget"),
            ("risk-checks/", "risk-checks"),
            ("habits/", "habits"),
        ]:
            phone.goto(f"{live_server.url}/plans/{plan_id}/toolkit/{path}")
            phone.screenshot(path=str(ARTIFACTS / f"toolkit-phone-{name}.png"), full_page=True)
            assert phone.evaluate("document.documentElement.scrollWidth") <= 390, name
    finally:
        context.close()


def test_a_persian_manager_adds_a_budget_line_typed_on_a_persian_keyboard(page, live_server, plan):
    """Persian digits and the momayyez in the amount boxes; the two boxes side by side
    keep one height though only one has help text; the total reads «۱۲٬۰۰۰٫۵۰»."""
    from onboarding.models import User
    from roadmap.toolkit.models import BudgetLine

    User.objects.filter(username="manager").update(language="fa")
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{plan.pk}/toolkit/budget/")
    form = page.locator("#add-line form")
    amount, next_year = (
        form.locator("input[name=amount]"),
        form.locator("input[name=next_year_amount]"),
    )
    assert amount.bounding_box()["height"] == next_year.bounding_box()["height"]

    form.locator("input[name=label]").fill("Agents")
    amount.press_sequentially("۱۲۰۰۰٫۵")
    next_year.press_sequentially("۱۳۰۰۰")
    form.locator("button[type=submit]").click()

    expect(page.locator(".tk-grand-total")).to_contain_text("۱۲٬۰۰۰٫۵۰")
    line = BudgetLine.objects.get(plan=plan, label="Agents")
    assert (line.amount, line.next_year_amount) == (Decimal("12000.50"), Decimal("13000"))
