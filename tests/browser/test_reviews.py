"""The manager sends the day-30 review; the executive agrees; the manager sees it."""

from __future__ import annotations

from playwright.sync_api import expect

from metrics.models import Review

from .conftest import sign_in


def test_manager_sends_executive_agrees_manager_sees_it(page, live_server, demo, screenshot):
    sign_in(page, live_server, "manager")
    page.get_by_role("navigation", name="Plan").get_by_role("link", name="Reviews").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reviews with your boss")
    page.get_by_role("link", name="Day 30 review").click()
    page.get_by_label("Summary").fill("Backlog halved; two quick wins delivered.")
    page.get_by_label("Decisions needed").fill("Approve the second shift lead")
    page.get_by_role("button", name="Send to your boss").click()
    expect(page.get_by_text("sent; its figures are frozen.")).to_be_visible()
    review = Review.objects.get(plan=demo, day=30)
    assert review.is_sent and review.snapshot

    page.context.clear_cookies()
    sign_in(page, live_server, "executive")
    page.goto(f"{live_server.url}/plans/{demo.pk}/reviews/{review.pk}/")
    expect(page.get_by_text("Backlog halved; two quick wins delivered.")).to_be_visible()
    expect(page.get_by_role("button", name="Send to your boss")).to_have_count(0)
    page.get_by_role("textbox", name="Comment").fill("Go ahead with the shift lead.")
    page.get_by_role("button", name="Agreed").click()
    discussion = page.locator("#discussion")
    expect(discussion).to_contain_text("agreed on")
    expect(page.get_by_role("button", name="Agreed")).to_have_count(0)
    screenshot("review-executive-agreed")

    page.context.clear_cookies()
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{demo.pk}/reviews/{review.pk}/")
    expect(page.locator("#discussion")).to_contain_text("Elena Sokolova agreed on")
    expect(page.locator("#discussion")).to_contain_text("Go ahead with the shift lead.")
    screenshot("review-manager-sees-agreement")
