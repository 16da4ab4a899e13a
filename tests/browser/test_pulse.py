"""A team member answers the pulse on a phone-sized screen, without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from metrics.pulse.models import Pulse, PulseAnswer, PulseResponse

from .conftest import ARTIFACTS, sign_in

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def phone(chromium):
    # No JavaScript at all: the form must work as plain HTML.
    context = chromium.new_context(viewport=PHONE, locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def open_pulse(demo):
    """The demo opens its team pulse this week."""
    return Pulse.objects.get(plan=demo, status=Pulse.Status.OPEN)


def test_a_member_answers_the_pulse_on_a_375px_screen(phone, live_server, open_pulse):
    sign_in(phone, live_server, "member")
    invite = phone.locator("#pulse-invite")
    expect(invite).to_be_visible()
    invite.get_by_role("link", name="Answer the pulse").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Team pulse")
    # Sizes are read once the stylesheets have arrived (the "load" event), as a person sees them.
    phone.wait_for_load_state("load")

    # Nothing wider than the screen, and every choice is a big enough target.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # Every question reads inside its card: a legend sits on the fieldset's top border, and
    # one of two lines or more was cut by it.
    across_the_border = phone.locator(".pulse-question").evaluate_all(
        """(questions) => questions.filter((question) => {
          const legend = question.querySelector('legend').getBoundingClientRect();
          return legend.top <= question.getBoundingClientRect().top + 1;
        }).length"""
    )
    assert across_the_border == 0
    steps = phone.locator(".pulse-scale__step")
    assert steps.count() == 11 + 5 * 5
    for index in range(steps.count()):
        box = steps.nth(index).bounding_box()
        assert box is not None and box["height"] >= 44 and box["width"] >= 44, index

    # Each question is a fieldset with its legend; a tap on the box chooses.
    enps = phone.get_by_role("group", name="How likely are you to recommend working in this team")
    enps.get_by_text("9", exact=True).click()
    for statement, choice in (
        ("My workload is manageable", "Disagree"),
        ("When a case or a day gets hard", "Agree"),
        ("I know what matters most", "Agree"),
        ("I can raise a problem", "Strongly agree"),
        ("I am proud of the service", "Agree"),
    ):
        phone.get_by_role("group", name=statement).get_by_text(choice, exact=True).click()
    phone.get_by_label("Anything else you want your manager to know?").fill("More quiet time")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "pulse-answer-375.png"), full_page=True)
    phone.get_by_role("button", name="Send my answer").click()

    expect(phone.get_by_text("Thank you! Your answer is anonymous.")).to_be_visible()
    expect(phone.locator("#pulse-invite")).to_have_count(0)
    answer = PulseAnswer.objects.get(pulse=open_pulse)
    assert (answer.enps, answer.workload, answer.trust, answer.comment) == (
        9,
        2,
        5,
        "More quiet time",
    )
    assert PulseResponse.objects.filter(pulse=open_pulse).count() == 1


def test_a_missing_answer_is_shown_on_the_phone(phone, live_server, open_pulse):
    sign_in(phone, live_server, "member")
    phone.goto(f"{live_server.url}/plans/{open_pulse.plan_id}/pulses/{open_pulse.pk}/answer/")
    phone.get_by_role("button", name="Send my answer").click()
    expect(phone.get_by_role("alert")).to_contain_text("Please correct the following")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not PulseAnswer.objects.exists()
