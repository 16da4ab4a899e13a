"""The plan beyond day 100: built from ranked challenges, shown in the day-60/90 reviews."""

from __future__ import annotations

import pytest

from metrics.models import BeyondPriority, Review
from metrics.reviews.services import reviews_ensure_defaults
from roadmap.toolkit.models import Challenge

pytestmark = pytest.mark.django_db


def _challenge(world, title, position):
    return Challenge.objects.create(
        plan=world.plan,
        kind="challenge",
        title=title,
        evidence="Seen in tickets",
        position=position,
    )


def test_the_manager_builds_priorities_from_ranked_challenges(client_for, world):
    _challenge(world, "Second-ranked", 2)
    first = _challenge(world, "Refund backlog never clears", 1)
    client = client_for(world.manager)
    base = f"/plans/{world.plan.pk}/reviews/beyond/"
    page = client.get(base).content.decode()
    assert page.index("Refund backlog never clears") < page.index("Second-ranked")  # by rank
    response = client.post(
        f"{base}add/",
        {"challenge": first.pk, "title": "", "quarter": 1, "owner": "Maryam", "theme": "Speed"},
    )
    assert response.status_code == 302
    priority = BeyondPriority.objects.get(plan=world.plan)
    assert priority.title == "Refund backlog never clears" and priority.challenge == first
    client.post(f"{base}add/", {"title": "Self-service portal", "quarter": 3, "theme": "speed"})
    client.post(f"{base}add/", {"title": "Quality scorecard", "quarter": 2, "theme": "Quality"})
    assert set(BeyondPriority.objects.values_list("theme", flat=True)) == {"Speed", "Quality"}
    # A third key theme is refused, with the form again.
    response = client.post(f"{base}add/", {"title": "Chatbot", "quarter": 4, "theme": "Bots"})
    assert response.status_code == 422
    assert "Keep to two key themes" in response.content.decode()
    assert not BeyondPriority.objects.filter(title="Chatbot").exists()


def test_another_plans_challenge_is_not_offered(client_for, world):
    other = Challenge.objects.create(
        plan=world.other_plan, kind="challenge", title="Not yours", evidence="x"
    )
    response = client_for(world.manager).post(
        f"/plans/{world.plan.pk}/reviews/beyond/add/",
        {"challenge": other.pk, "title": "", "quarter": 1},
    )
    assert response.status_code == 422
    assert not BeyondPriority.objects.exists()


def test_the_day_60_and_90_reviews_show_it_and_freeze_it(client_for, world):
    BeyondPriority.objects.create(
        plan=world.plan, title="Tiered support", quarter=2, owner="Maryam", theme="Speed"
    )
    reviews_ensure_defaults(plan=world.plan)
    client = client_for(world.manager)
    pages = {
        review.day: client.get(f"/plans/{world.plan.pk}/reviews/{review.pk}/").content.decode()
        for review in Review.objects.filter(plan=world.plan)
    }
    assert "The plan beyond day 100" not in pages[30]
    for day in (60, 90):
        assert "The plan beyond day 100" in pages[day] and "Tiered support" in pages[day]
    assert "Quarter 2" in pages[60]
