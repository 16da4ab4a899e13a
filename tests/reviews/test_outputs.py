"""The reviews in the digest and in the PDF, and the pages' query counts."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.utils import timezone

from metrics.digests.emails import render_digest
from metrics.digests.selectors import digest_content
from metrics.models import BeyondPriority, Measurement, PlanMetric, Review, ReviewComment
from metrics.reviews.services import review_edit, review_note_add, reviews_ensure_defaults
from onboarding.models import Membership
from tests.factories import make_world, resize
from tests.reports.pdftext import needs_pdftotext, squash, text

pytestmark = pytest.mark.django_db

WEEK = dt.date(2026, 3, 23)  # a Monday: the digest covers 16-22 March


def _sent(world, day=30, **text):
    reviews_ensure_defaults(plan=world.plan)
    review = Review.objects.get(plan=world.plan, day=day)
    return review_edit(
        review=review,
        summary=text.get("summary", ""),
        asks=text.get("asks", ""),
        decisions=text.get("decisions", ""),
        expected_version=review.version,
        send_by=world.manager,
    )


def _digest_for(world, content, user):
    membership = Membership.objects.select_related("user").get(plan=world.plan, user=user)
    _subject, body_text, body_html = render_digest(content, membership)
    return body_text + body_html


def test_the_digest_mentions_comments_and_agreement_to_who_may_see_reviews(world):
    review = _sent(world)
    review_note_add(review=review, author=world.executive, kind="comment", body="Hire the lead")
    review_note_add(review=review, author=world.executive, kind="ack", body="Agreed in full")
    moment = dt.datetime(2026, 3, 18, 9, tzinfo=dt.UTC)  # in the week the digest covers
    ReviewComment.objects.filter(review=review).update(created_at=moment)
    content = digest_content(world.plan, WEEK)
    manager = _digest_for(world, content, world.manager)
    executive = _digest_for(world, content, world.executive)
    member = _digest_for(world, content, world.member)
    name = world.executive.get_full_name()
    assert f"{name} commented on Day 30 review: “Hire the lead”" in manager
    assert f"{name} agreed to Day 30 review: “Agreed in full”" in manager
    assert "Hire the lead" in executive
    # The heading speaks to its reader: the boss reads "the plan's reviews".
    assert "Reviews with your boss" in manager and "Reviews with your boss" not in executive
    assert "The plan's reviews" in html.unescape(executive)
    assert "Reviews with your boss" not in member and "Hire the lead" not in member


def test_the_digest_reminds_of_a_review_in_the_week_ahead(world):
    reviews_ensure_defaults(plan=world.plan)
    Review.objects.filter(plan=world.plan, day=30).update(day=24)  # 25 March: day 22 is WEEK
    content = digest_content(world.plan, WEEK)
    assert "Coming up: Day 24 review" in _digest_for(world, content, world.manager)
    # A draft is the manager's: the executive hears of it once it is sent.
    assert "Coming up" not in _digest_for(world, content, world.executive)


@needs_pdftotext
@pytest.mark.parametrize(
    ("language", "title", "subtitle"),
    [
        ("fa", "صد روز نخست پشتیبانی", "بازبینی روز ۳۰"),
        ("ru", "Первые сто дней поддержки", "Обзор 30-го дня"),
    ],
)
def test_the_pdf_carries_the_plan_title_in_the_readers_language(
    client_for, language, title, subtitle
):
    world = make_world(title=title, language=language)
    world.executive.language = language
    world.executive.save()
    summary = {
        "en": "Refund backlog halved",
        "fa": "صف بازپرداخت نصف شد",
        "ru": "Очередь вдвое короче",
    }
    review = _sent(world, summary=summary[language])
    response = client_for(world.executive).get(f"/plans/{world.plan.pk}/reviews/{review.pk}/pdf/")
    assert response.status_code == 200
    page = text(response.content)
    assert squash(title) in squash(page)
    assert squash(subtitle) in squash(page)
    assert squash(summary[language]) in squash(page), "the manager's summary is in the PDF"


@pytest.mark.parametrize("size", [10, 1500])
def test_review_pages_query_counts_do_not_depend_on_plan_size(
    client_for, world, django_assert_num_queries, size
):
    resize(world.plan, size)
    metrics = PlanMetric.objects.bulk_create(
        PlanMetric(plan=world.plan, key="custom", custom_name=f"KPI {i}")
        for i in range(30 if size > 10 else 1)
    )
    Measurement.objects.bulk_create(
        Measurement(metric=m, period_start=dt.date(2026, 1, 5) + dt.timedelta(weeks=w), value=w)
        for m in metrics
        for w in range(8)
    )
    sent = _sent(world, 30)
    for i in range(20 if size > 10 else 1):
        review_note_add(review=sent, author=world.executive, kind="comment", body=f"Note {i}")
    draft = Review.objects.get(plan=world.plan, day=60)
    base = f"/plans/{world.plan.pk}/reviews/"
    client = client_for(world.manager)
    client.get(base)
    # session, user, savepoint pair, membership; the reviews exist; the list.
    with django_assert_num_queries(7):
        assert client.get(base).status_code == 200
    # session, user, savepoint pair, membership, the review, its comments: the sent
    # figures are stored, nothing of the plan is read again.
    with django_assert_num_queries(7):
        assert client.get(f"{base}{sent.pk}/").status_code == 200
    # A draft reads the plan now: phases, overdue tasks (2), metrics (2), quick wins,
    # due tasks, key people overdue, the risk trend, budget requests and, from day 60,
    # the plan beyond day 100.
    client.get(f"{base}{draft.pk}/")
    with django_assert_num_queries(18):
        assert client.get(f"{base}{draft.pk}/").status_code == 200
    BeyondPriority.objects.bulk_create(
        BeyondPriority(plan=world.plan, title=f"Priority {i}", quarter=1 + i % 4)
        for i in range(20 if size > 10 else 1)
    )
    # session, user, savepoint pair, membership; the priorities, the ranked challenges,
    # the form's choice of challenges.
    with django_assert_num_queries(8):
        assert client.get(f"{base}beyond/").status_code == 200
    assert timezone.now()


@needs_pdftotext
def test_the_persian_pdf_writes_a_metrics_percent_with_the_arabic_sign(client_for):
    world = make_world(title="صد روز نخست", language="fa")
    world.executive.language = "fa"
    world.executive.save()
    metric = PlanMetric.objects.create(plan=world.plan, key="csat", baseline=70, target=85)
    Measurement.objects.create(metric=metric, period_start=world.plan.start_date, value=76)
    review = _sent(world)
    response = client_for(world.executive).get(f"/plans/{world.plan.pk}/reviews/{review.pk}/pdf/")
    page = text(response.content)
    assert squash("رضایت مشتری") in squash(page)  # the CSAT tile is on the page
    assert "٪" in page and "%" not in page


@needs_pdftotext
@pytest.mark.parametrize(("language", "written"), [("ru", "82,4"), ("fa", "۸۲٫۴"), ("en", "82.4")])
def test_the_pdf_writes_a_figure_as_the_page_does(client_for, language, written):
    """The PDF wrote "82.4" in Russian and «۸۲.۴» in Persian beside pages saying 82,4 and ۸۲٫۴."""
    world = make_world()
    world.executive.language = language
    world.executive.save()
    metric = PlanMetric.objects.create(plan=world.plan, key="csat")
    Measurement.objects.create(metric=metric, period_start=world.plan.start_date, value=82.4)
    review = _sent(world)
    response = client_for(world.executive).get(f"/plans/{world.plan.pk}/reviews/{review.pk}/pdf/")
    assert written in text(response.content)
