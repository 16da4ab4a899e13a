"""Access matrix entries for metrics, the dashboard and digests."""

import datetime as dt

from metrics.models import Digest, Measurement, PlanMetric
from tests.access import MANAGER_AND_EXECUTIVE, MANAGER_ONLY, VIEW_PLAN, Case

CASES = [
    Case("metric_list", "GET", "/plans/{plan}/metrics/", VIEW_PLAN),
    Case("metric_add", "POST", "/plans/{plan}/metrics/add/", MANAGER_ONLY, {"key": "ces"}),
    Case("metric_detail", "GET", "/plans/{plan}/metrics/{metric}/", VIEW_PLAN),
    Case(
        "metric_goals",
        "POST",
        "/plans/{plan}/metrics/{metric}/goals/",
        MANAGER_ONLY,
        {"version": 1, "baseline": 30, "baseline_day": 5, "target": 50, "target_day": 90},
    ),
    Case(
        "measurement_add",
        "POST",
        "/plans/{plan}/metrics/{metric}/measurements/",
        MANAGER_ONLY,
        {"day": "2026-05-04", "value": 20},
    ),
    Case(
        "measurement_delete",
        "POST",
        "/plans/{plan}/metrics/{metric}/measurements/{measurement}/delete/",
        MANAGER_ONLY,
    ),
    Case(
        "metric_import",
        "POST",
        "/plans/{plan}/metrics/{metric}/import/",
        MANAGER_ONLY,
        ok_status=422,
    ),
    Case("metric_remove", "POST", "/plans/{plan}/metrics/{metric}/remove/", MANAGER_ONLY),
    Case("dashboard", "GET", "/plans/{plan}/dashboard/", VIEW_PLAN),
    Case("digest_list", "GET", "/plans/{plan}/digests/", MANAGER_AND_EXECUTIVE),
    Case("digest_preview", "GET", "/plans/{plan}/digests/preview/", MANAGER_ONLY),
    Case("digest_preview_email", "GET", "/plans/{plan}/digests/preview/email/", MANAGER_ONLY),
    # Each user reads only their own copy; the manager's is not the executive's.
    Case(
        "digest_detail",
        "GET",
        "/plans/{plan}/digests/{digest}/",
        {**MANAGER_AND_EXECUTIVE, "executive": 404},
    ),
    Case(
        "digest_email",
        "GET",
        "/plans/{plan}/digests/{digest}/email/",
        {**MANAGER_AND_EXECUTIVE, "executive": 404},
    ),
    # Only the manager decides to send a digest that may not have arrived again.
    Case(
        "digest_resend",
        "POST",
        "/plans/{plan}/digests/{uncertain_digest}/send-again/",
        MANAGER_ONLY,
    ),
    Case(
        "digest_subscription",
        "POST",
        "/plans/{plan}/digests/subscription/",
        VIEW_PLAN,
        {"receives_digest": "on"},
    ),
]

OUTSIDE_PLANS = {"digest_unsubscribe": "tests/metrics/test_digests.py (signed token)"}


# What the digest task stores: a whole e-mail document (the HTML check reads it too).
EMAIL_HTML = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Week</title></head>'
    "<body><p>…</p></body></html>"
)


def make_ids(world):
    metric = PlanMetric.objects.create(plan=world.plan, key="csat")
    measurement = Measurement.objects.create(
        metric=metric, period_start=dt.date(2026, 3, 2), value=80
    )
    digest = Digest.objects.create(
        plan=world.plan,
        week_start=dt.date(2026, 3, 2),
        recipient=world.manager,
        role="manager",
        language="en",
        subject="Week",
        body_text="…",
        body_html=EMAIL_HTML,
        status=Digest.Status.SENT,
    )
    uncertain = Digest.objects.create(
        plan=world.plan,
        week_start=dt.date(2026, 3, 2),
        recipient=world.executive,
        role="executive",
        language="en",
        subject="Week",
        body_text="…",
        body_html=EMAIL_HTML,
        status=Digest.Status.UNCERTAIN,
    )
    return {
        "metric": metric.pk,
        "measurement": measurement.pk,
        "digest": digest.pk,
        "uncertain_digest": uncertain.pk,
    }
