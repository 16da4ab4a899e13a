"""A newcomer's journey: the three users, end to end, with a screenshot of every page.

Screenshots land in test-artifacts/screenshots/journey-*.png (see the README).
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.utils import timezone
from playwright.sync_api import expect

from metrics.models import Digest
from metrics.tasks import send_due_digests
from onboarding.models import Membership, Plan, Role, User
from roadmap.quick_wins.models import QuickWin

from .conftest import sign_in


def test_manager_starts_a_plan_and_works_through_today(page, live_server, demo, screenshot):
    sign_in(page, live_server, "manager")
    screenshot("journey-manager-home")
    page.get_by_role("link", name=re.compile("Demo: Maryam")).click()
    page.get_by_role("link", name="Start a new plan").click()
    page.get_by_label("Plan title").fill("Hundred days at Northwind")
    page.get_by_label("Organisation").fill("Northwind")
    # Three days ago in Tehran, where the plan is (its date is ahead of UTC's late in the day).
    tehran_today = timezone.now().astimezone(ZoneInfo("Asia/Tehran")).date()
    page.get_by_label("First working day").fill((tehran_today - dt.timedelta(days=3)).isoformat())
    page.get_by_label("Time zone").select_option("Asia/Tehran")
    screenshot("journey-manager-new-plan")
    page.get_by_role("button", name="Create my plan").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Day 3 of 100")
    screenshot("journey-manager-today")
    first_row = page.locator(".task-list .task").first
    first_row.get_by_role("button", name=re.compile("^Done")).click()
    expect(first_row.locator(".status-badge")).to_have_text("Done")

    page.get_by_role("navigation", name="Plan").get_by_role("link", name="Timeline").click()
    screenshot("journey-manager-timeline")
    page.get_by_role("navigation", name="Plan").get_by_role("link", name="Quick wins").click()
    page.get_by_role("link", name=re.compile("Propose")).first.click()
    page.get_by_label("Title").fill("Same-day answers to billing questions")
    page.get_by_label("The customer or team problem it fixes").fill(
        "Billing questions wait two days."
    )
    page.get_by_label("Target day").fill("40")
    screenshot("journey-manager-propose-quick-win")
    page.get_by_role("button", name="Propose").click()
    plan = Plan.objects.get(title="Hundred days at Northwind")
    assert QuickWin.objects.filter(plan=plan, title__startswith="Same-day").exists()
    screenshot("journey-manager-quick-win")
    page.get_by_role("navigation", name="Plan").get_by_role("link", name="People").click()
    screenshot("journey-manager-people")


def test_team_member_updates_a_quick_win_from_a_phone(chromium, live_server, demo):
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        sign_in(page, live_server, "member")
        expect(page.get_by_role("heading", level=1)).to_contain_text("quick wins")
        quick_win = QuickWin.objects.get(plan=demo, title__startswith="Answer refund")
        page.get_by_label("Progress (%)").first.fill("70")
        page.get_by_label("Short note").first.fill("Macro live for all agents.")
        page.get_by_role("button", name=re.compile("^Save progress")).first.click()
        expect(page.locator("body")).to_contain_text("70")
        page.screenshot(path=_artifact("journey-member-phone"), full_page=True)
        quick_win.refresh_from_db()
        assert quick_win.progress == 70
        # No horizontal scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    finally:
        context.close()


def test_executive_reads_the_dashboard_and_a_digest(page, live_server, demo, screenshot):
    executive = User.objects.get(username="executive")
    assert Membership.objects.get(plan=demo, user=executive).role == Role.EXECUTIVE
    demo.digest_weekday = timezone.now().astimezone(demo.zone).weekday()
    demo.digest_time = dt.time(0, 0)
    demo.save()
    send_due_digests()
    assert Digest.objects.filter(recipient=executive, status="sent").exists()

    sign_in(page, live_server, "executive")
    expect(page.get_by_role("heading", level=1)).to_contain_text("of 100")
    expect(page.get_by_role("heading", name="Quick wins")).to_be_visible()
    screenshot("journey-executive-dashboard")
    page.get_by_role("link", name="All digests").click()
    page.locator(".plain-list a").first.click()
    expect(page.locator("iframe.digest-frame")).to_be_visible()
    screenshot("journey-executive-digest")
    # Read-only: no editing controls anywhere on Today.
    page.get_by_role("navigation", name="Plan").get_by_role("link", name="Today").click()
    assert page.locator("form[action*='/status/']").count() == 0
    screenshot("journey-executive-today")


def _artifact(name: str) -> str:
    from .conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return str(ARTIFACTS / f"{name}.png")


def test_the_private_calendar_address_shows_whole_and_copies(page, live_server, demo):
    """On a phone the address used to be cut off, with no way to copy it but select-all."""
    page.set_viewport_size({"width": 375, "height": 740})
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{demo.pk}/calendar/")
    field = page.get_by_label("Private calendar address")
    address = field.input_value()
    assert demo.calendar_token in address
    # All of it is on screen: nothing scrolls inside the field.
    assert field.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert field.evaluate("el => el.scrollHeight <= el.clientHeight + 1")
    page.get_by_role("button", name="Copy the address").click()
    expect(page.locator("#messages")).to_contain_text("Address copied.")
    assert page.evaluate("navigator.clipboard.readText()") == address
