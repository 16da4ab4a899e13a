"""Reviews with the boss: the drafted agenda, sending and its frozen figures, who sees what."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from metrics.models import Measurement, PlanMetric, Review, ReviewComment, ReviewStatus
from metrics.reviews.services import review_edit, reviews_ensure_defaults
from roadmap.models import Task, TaskStatus
from roadmap.quick_wins.services import quick_win_set_status
from roadmap.toolkit.models import BudgetRequest, RiskCheck
from roadmap.toolkit.risk_checks.services import risk_check_save
from stakeholders.models import Stakeholder
from tests.factories import at_noon_utc
from tests.quick_wins.helpers import make_quick_win
from tests.toolkit.helpers import risk_ratings

pytestmark = pytest.mark.django_db


def _url(world, *parts):
    return "/".join([f"/plans/{world.plan.pk}/reviews", *map(str, parts)]) + "/"


def _review(world, day=30):
    reviews_ensure_defaults(plan=world.plan)
    return Review.objects.get(plan=world.plan, day=day)


def _send(world, review, **text):
    return review_edit(
        review=review,
        summary=text.get("summary", ""),
        asks=text.get("asks", ""),
        decisions=text.get("decisions", ""),
        expected_version=review.version,
        send_by=world.manager,
    )


def _seed(world):
    """A plan with a KPI, a committed quick win, a budget request, a key person overdue,
    and risk checks: one worse and shared with the executive, one worse and private."""
    plan = world.plan
    metric = PlanMetric.objects.create(
        plan=plan, key="custom", custom_name="Backlog size", baseline=400, target=150
    )
    for week, value in enumerate((400, 380, 310)):
        Measurement.objects.create(
            metric=metric, period_start=dt.date(2026, 3, 2) + dt.timedelta(weeks=week), value=value
        )
    quick_win = make_quick_win(world, title="Macro library for refunds")
    quick_win_set_status(quick_win=quick_win, user=world.manager, status="committed")
    BudgetRequest.objects.create(
        plan=plan,
        title="Second shift lead",
        category="people",
        cost=12000,
        monthly_benefit=3000,
        benefit_basis="Fewer escalations",
    )
    Stakeholder.objects.create(plan=plan, name="Kim Keyholder", power=5, interest=5)
    for day, burnout, key_person in ((dt.date(2026, 1, 5), 1, 1), (dt.date(2026, 2, 5), 1, 4)):
        risk_check_save(
            plan=plan,
            user=world.manager,
            today=day,
            ratings=risk_ratings(1, burnout=burnout, key_person=key_person),
        )
    RiskCheck.objects.filter(plan=plan).update(shared_with_executive=True)
    risk_check_save(
        plan=plan,
        user=world.manager,
        today=dt.date(2026, 3, 5),
        ratings={**risk_ratings(1, key_person=4), "burnout": (5, "PRIVATE burnout note")},
    )


def test_the_list_offers_days_30_60_90_once_and_the_manager_adds_one(client_for, world):
    client = client_for(world.manager)
    client.get(_url(world))
    page = client.get(_url(world)).content.decode()
    assert list(Review.objects.filter(plan=world.plan).values_list("day", flat=True)) == [
        30,
        60,
        90,
    ]
    assert "Day 30 review" in page and "Day 90 review" in page
    response = client.post(_url(world, "add"), {"day": 45, "title": "Budget check-in"})
    assert response.status_code == 302
    assert client.get(_url(world)).content.decode().count("Budget check-in") == 1
    # The same day twice is refused with the form again.
    response = client.post(_url(world, "add"), {"day": 45, "title": "Again"})
    assert response.status_code == 422
    assert "There is already a review on that day." in response.content.decode()


def test_the_executive_sees_only_sent_reviews_in_the_list(client_for, world):
    review = _review(world, 30)
    _send(world, review, summary="On track")
    page = client_for(world.executive).get(_url(world)).content.decode()
    assert "Day 30 review" in page
    assert "Day 60 review" not in page and "Day 90 review" not in page


def test_the_drafted_agenda_reads_the_plan_for_the_executive(client_for, world):
    _seed(world)
    with time_machine.travel(at_noon_utc(25), tick=False):
        page = client_for(world.manager).get(_url(world, _review(world).pk)).content.decode()
    assert "expected by day 30:" in page
    assert "Macro library for refunds" in page
    assert "Backlog size" in page and "Baseline 400" in page and "target 150" in page
    assert "Key people not contacted on time:" in page and "Kim Keyholder" in page
    assert "Second shift lead" in page
    # The risk checks as the executive sees them: only what got worse between shared checks.
    assert "Getting worse in the monthly risk check: Key-person dependence" in page
    assert "Getting worse in the monthly risk check: Burnout" not in page
    assert "PRIVATE burnout note" not in page


def _first_phase_percent(page: str) -> str:
    bars = page.split('class="phase-bars"', 1)[1]
    return bars.split('value="', 1)[1].split('"', 1)[0]


def test_sending_freezes_the_figures(client_for, world):
    review = _review(world)
    client = client_for(world.manager)
    response = client.post(
        _url(world, review.pk, "edit"),
        {
            "version": review.version,
            "summary": "Good start",
            "asks": "",
            "decisions": "",
            "send": "1",
        },
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.SENT and review.sent_by == world.manager
    assert _first_phase_percent(client.get(_url(world, review.pk)).content.decode()) == "0"
    first_phase = world.plan.phases.order_by("order").first()
    Task.objects.filter(phase=first_phase).update(status=TaskStatus.DONE)
    # The live draft of another review moved on; the sent one did not.
    assert _first_phase_percent(client.get(_url(world, review.pk)).content.decode()) == "0"
    draft = Review.objects.get(plan=world.plan, day=60)
    assert _first_phase_percent(client.get(_url(world, draft.pk)).content.decode()) == "100"
    # A sent review is not edited any more.
    response = client.post(
        _url(world, review.pk, "edit"),
        {"version": review.version, "summary": "Rewritten", "asks": "", "decisions": ""},
    )
    assert response.status_code == 403
    review.refresh_from_db()
    assert review.summary == "Good start"


def test_a_stale_version_is_a_409_that_keeps_the_text(client_for, world):
    review = _review(world)
    client = client_for(world.manager)
    client.post(
        _url(world, review.pk, "edit"),
        {"version": review.version, "summary": "First", "asks": "", "decisions": ""},
    )
    response = client.post(
        _url(world, review.pk, "edit"),
        {"version": review.version, "summary": "My careful words", "asks": "", "decisions": ""},
    )
    assert response.status_code == 409
    assert "My careful words" in response.content.decode()
    review.refresh_from_db()
    assert review.summary == "First"


def test_a_member_never_sees_a_review(client_for, world):
    draft = _review(world, 30)
    sent = _send(world, _review(world, 60), summary="SENT-SUMMARY")
    client = client_for(world.member)
    for path in (
        _url(world),
        _url(world, draft.pk),
        _url(world, sent.pk),
        _url(world, draft.pk, "pdf"),
        _url(world, "today", "print"),
    ):
        response = client.get(path)
        assert response.status_code == 403, path
        assert "SENT-SUMMARY" not in response.content.decode()
    # Nor through Today's panel.
    with time_machine.travel(at_noon_utc(25), tick=False):
        page = client.get(f"/plans/{world.plan.pk}/today/").content.decode()
    assert "Reviews coming up" not in page


def test_the_executive_comments_and_agrees_but_cannot_edit(client_for, world):
    review = _send(world, _review(world), summary="Original words")
    client = client_for(world.executive)
    response = client.post(
        _url(world, review.pk, "edit"),
        {"version": review.version, "summary": "Boss rewrote it", "asks": "", "decisions": ""},
    )
    assert response.status_code == 403
    assert client.post(_url(world, review.pk, "schedule"), {"day": 40}).status_code == 403
    client.post(_url(world, review.pk, "notes"), {"body": "Hire the shift lead."})
    client.post(_url(world, review.pk, "notes"), {"body": "Go ahead", "ack": "1"})
    client.post(_url(world, review.pk, "notes"), {"body": "", "ack": "1"})  # once is enough
    review.refresh_from_db()
    assert review.summary == "Original words"
    assert ReviewComment.objects.filter(review=review, kind="ack").count() == 1
    page = client_for(world.manager).get(_url(world, review.pk)).content.decode()
    assert "Hire the shift lead." in page
    assert "agreed on" in page and "Go ahead" in page
    # The executive cannot open a draft at all.
    draft = _review(world, 60)
    client = client_for(world.executive)
    assert client.get(_url(world, draft.pk)).status_code == 404
    assert client.post(_url(world, draft.pk, "notes"), {"body": "x"}).status_code == 404


def test_an_empty_comment_is_refused(client_for, world):
    review = _send(world, _review(world))
    response = client_for(world.executive).post(_url(world, review.pk, "notes"), {"body": "  "})
    assert response.status_code == 422
    assert not ReviewComment.objects.exists()


def test_another_plans_manager_gets_404(client_for, world):
    review = _send(world, _review(world))
    client = client_for(world.other_manager)
    other = f"/plans/{world.other_plan.pk}/reviews/{review.pk}/"
    assert client.get(other).status_code == 404
    assert client.get(_url(world, review.pk)).status_code == 404


def test_the_manager_moves_a_draft(client_for, world):
    review = _review(world)
    client = client_for(world.manager)
    response = client.post(
        _url(world, review.pk, "schedule"), {"version": review.version, "day": 33, "title": ""}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.day == 33
    response = client.post(
        _url(world, review.pk, "schedule"), {"version": review.version, "day": 60, "title": ""}
    )
    assert response.status_code == 422


def test_compare_shows_two_sent_reviews_side_by_side(client_for, world):
    first = _send(world, _review(world, 30))
    Task.objects.filter(plan=world.plan).update(status=TaskStatus.DONE)
    last = _send(world, _review(world, 90))
    page = (
        client_for(world.executive)
        .get(_url(world, "compare"), {"a": first.pk, "b": last.pk})
        .content.decode()
    )
    assert "Day 30 review" in page and "Day 90 review" in page
    row = page.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert row.index("0%") < row.index("100%")


def test_a_review_due_this_week_is_on_today_and_in_the_calendar(client_for, world):
    _review(world)
    with time_machine.travel(at_noon_utc(25), tick=False):
        page = client_for(world.manager).get(f"/plans/{world.plan.pk}/today/").content.decode()
        assert "Reviews coming up" in page and "in 5 days" in page
        # The executive is reminded once it is sent.
        executive = client_for(world.executive).get(f"/plans/{world.plan.pk}/today/")
        assert "Reviews coming up" not in executive.content.decode()
        _send(world, _review(world))
        executive = client_for(world.executive).get(f"/plans/{world.plan.pk}/today/")
        assert "Day 30 review" in executive.content.decode()
    feed = client_for(None).get(f"/calendar/{world.plan.calendar_token}.ics").content.decode()
    assert "SUMMARY:Review with your boss: Day 30 review" in feed
    assert "DTSTART;VALUE=DATE:20260331" in feed


def test_the_print_page_and_pdf_are_private_downloads(client_for, world):
    review = _send(world, _review(world), summary="Printed words")
    client = client_for(world.executive)
    page = client.get(_url(world, review.pk, "print"))
    assert "Printed words" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    pdf = client.get(_url(world, review.pk, "pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment; filename=")
    assert "review-day-30.pdf" in pdf["Content-Disposition"]
    assert "no-store" in pdf["Cache-Control"]
    assert pdf.content.startswith(b"%PDF")


def test_a_persian_reader_gets_persian_words_digits_and_jalali_dates(client_for, world):
    review = _send(world, _review(world))
    world.executive.language = "fa"
    world.executive.save()
    client = client_for(world.executive)
    page = client.get(_url(world, review.pk, "print")).content.decode()
    assert "بازبینی روز ۳۰" in page
    assert "انتظار تا روز ۳۰" in page
    jalali = client.get(_url(world, review.pk)).content.decode()
    assert "۱۴۰۵" in jalali  # the plan's days in 2026 are in the Jalali year 1405


def test_an_empty_review_is_not_sent(client_for, world):
    """One click sent an empty agenda to the boss with its figures frozen for good."""
    review = _review(world)
    client = client_for(world.manager)
    empty = {"version": review.version, "summary": "  ", "asks": "", "decisions": ""}
    response = client.post(_url(world, review.pk, "edit"), {**empty, "send": "1"})
    assert response.status_code == 422
    assert "Write the summary before you send" in response.content.decode()
    review.refresh_from_db()
    assert review.status != ReviewStatus.SENT and not review.snapshot
    # A draft is saved as it is, summary or not.
    assert client.post(_url(world, review.pk, "edit"), empty).status_code == 302
