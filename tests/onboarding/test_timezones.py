"""The time-zone choice: canonical zones by region, the likely one first, saved ones kept."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from onboarding.forms import PlanForm, PlanSettingsForm
from onboarding.models import Plan
from tests.matching import found

pytestmark = pytest.mark.django_db


def _options(html: str) -> list[str]:
    select = found(r'<select name="timezone".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"', select)


def _groups(html: str) -> list[str]:
    select = found(r'<select name="timezone".*?</select>', html, re.S).group(0)
    return re.findall(r'<optgroup label="([^"]*)"', select)


def test_only_canonical_zones_are_offered_grouped_by_region(client_for, world):
    html = client_for(world.manager).get("/plans/new/").content.decode()
    offered = _options(html)
    for legacy in ("Factory", "localtime", "W-SU", "US/Eastern", "Etc/GMT+3", "GB", "Iran"):
        assert legacy not in offered
    for zone in ("UTC", "Asia/Tehran", "Europe/Moscow", "America/Argentina/Buenos_Aires"):
        assert zone in offered
    assert _groups(html) == [
        "Africa",
        "Americas",
        "Antarctica",
        "Arctic",
        "Asia",
        "Atlantic Ocean",
        "Australia",
        "Europe",
        "Indian Ocean",
        "Pacific Ocean",
    ]
    assert offered[0] == "UTC"
    assert '<option value="Asia/Tehran">Tehran</option>' in html


@pytest.mark.parametrize(("language", "zone"), [("fa", "Asia/Tehran"), ("ru", "Europe/Moscow")])
def test_the_readers_likely_zone_comes_first(client_for, world, language, zone):
    client = client_for(world.manager)
    html = client.get("/plans/new/", headers={"accept-language": language}).content.decode()
    assert _options(html)[0] == zone
    assert _groups(html)[0] != "Africa"  # the suggestions' group comes first


def test_the_plans_language_suggests_its_zone_in_the_settings(client_for, world):
    world.plan.language = "ru"
    world.plan.timezone = "Asia/Tehran"
    world.plan.save()
    html = client_for(world.manager).get(f"/plans/{world.plan.pk}/settings/").content.decode()
    assert _options(html)[:2] == ["Asia/Tehran", "Europe/Moscow"]
    assert '<option value="Asia/Tehran" selected>' in html


def test_a_plan_keeps_a_zone_that_is_no_longer_offered(client_for, world):
    Plan.objects.filter(pk=world.plan.pk).update(timezone="W-SU")
    client = client_for(world.manager)
    html = client.get(f"/plans/{world.plan.pk}/settings/").content.decode()
    assert '<option value="W-SU" selected>' in html
    settings = {"title": "Kept", "digest_weekday": 0, "digest_time": "08:00", "currency": "EUR"}
    response = client.post(f"/plans/{world.plan.pk}/settings/", {**settings, "timezone": "W-SU"})
    assert response.status_code == 302
    world.plan.refresh_from_db()
    assert (world.plan.title, world.plan.timezone) == ("Kept", "W-SU")
    # Anything outside the list and the saved zone is refused.
    response = client.post(f"/plans/{world.plan.pk}/settings/", {**settings, "timezone": "Factory"})
    assert response.status_code == 422


def test_new_plans_cannot_pick_a_legacy_zone():
    data = {"title": "Mine", "organisation": "Acme", "start_date": "2026-03-01", "language": "en"}
    assert not PlanForm({**data, "timezone": "W-SU"}).is_valid()
    assert PlanForm({**data, "timezone": "Europe/Moscow"}).is_valid()
    form = PlanSettingsForm(
        {"title": "t", "timezone": "US/Eastern", "digest_weekday": 0, "digest_time": "08:00",
         "currency": "EUR"},
    )  # fmt: skip
    assert not form.is_valid()


# 18:00 on 9 March in Los Angeles is already 10 March in UTC.
EVENING_IN_LOS_ANGELES = dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC)


def test_every_time_on_a_plans_pages_reads_in_the_plans_time_zone(client_for, world):
    from metrics.models import Review
    from metrics.reviews.services import review_edit
    from roadmap.toolkit.introduction.selectors import share_code
    from roadmap.toolkit.models import SelfIntroductionVersion
    from stakeholders.models import Stakeholder
    from tests.toolkit.helpers import publish_introduction

    Plan.objects.filter(pk=world.plan.pk).update(timezone="America/Los_Angeles")
    saved = publish_introduction(world)
    SelfIntroductionVersion.objects.filter(pk=saved.version.pk).update(
        published_at=EVENING_IN_LOS_ANGELES, created_at=EVENING_IN_LOS_ANGELES
    )
    review = review_edit(
        review=Review.objects.create(plan=world.plan, day=30, title="First month"),
        summary="",
        asks="",
        decisions="",
        expected_version=1,
        send_by=world.manager,
    )
    Review.objects.filter(pk=review.pk).update(sent_at=EVENING_IN_LOS_ANGELES)
    Stakeholder.objects.create(
        plan=world.plan, name="Ana Silva", archived_at=EVENING_IN_LOS_ANGELES
    )
    manager = client_for(world.manager)
    toolkit = f"/plans/{world.plan.pk}/toolkit"

    introduction = manager.get(f"{toolkit}/introduction/").content.decode()
    assert "9 Mar 2026" in introduction and "10 Mar 2026" not in introduction
    hub = manager.get(f"{toolkit}/").content.decode()
    assert "9 Mar 2026" in hub and "10 Mar 2026" not in hub
    sent = manager.get(f"/plans/{world.plan.pk}/reviews/{review.pk}/").content.decode()
    assert "Sent on 9 Mar 2026" in sent
    export = manager.get(f"/plans/{world.plan.pk}/stakeholders/export.csv?archived=1")
    assert "2026-03-09" in export.content.decode()
    # The shared page, for anyone with the link.
    shared = client_for(None).get(
        f"{toolkit}/introduction/shared/{share_code(saved.introduction)}/"
    )
    assert "9 March 2026" in shared.content.decode()
