from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from metrics.dashboard.snapshot import COALESCE_SECONDS, dashboard_refresh, pending_key
from metrics.digests.selectors import plans_with_due_digests, stalled_digest_ids
from metrics.digests.services import digest_deliver, digests_create, digests_settle_abandoned
from metrics.pulse.services import pulses_close_due
from metrics.support_imports.selectors import stalled_upload_ids
from metrics.support_imports.services import support_upload_read_preview, support_upload_run
from onboarding.models import Plan

from .models import Digest

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def refresh_dashboard(plan_id: int) -> None:
    """Rebuild one plan's dashboard snapshot."""

    # Clear the coalescing mark first: a change made while we build asks again.
    cache.delete(pending_key(plan_id))
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is not None:
        dashboard_refresh(plan)


@shared_task
def refresh_all_dashboards() -> int:
    """Periodic safety net: every plan's snapshot, even if an enqueue was lost."""

    plan_ids = list(Plan.objects.values_list("pk", flat=True))
    for plan_id in plan_ids:
        refresh_dashboard.delay(plan_id)
    return len(plan_ids)


@shared_task
def send_due_digests() -> int:
    """Beat job: fan out one task per plan whose weekly digest is due.

    Also settles digests a dead worker left SENDING (uncertain if the e-mail
    had been handed over, otherwise waiting again) and re-enqueues waiting
    digests whose task was lost, so a missed week is caught up when the
    system is back, and nothing that may have arrived is sent twice.
    """

    due = plans_with_due_digests(timezone.now())
    for plan_id, week in due:
        prepare_plan_digests.delay(plan_id, week.isoformat())
    digests_settle_abandoned()
    for digest_id in stalled_digest_ids():
        send_digest.delay(digest_id)
    return len(due)


@shared_task(acks_late=True)
def prepare_plan_digests(plan_id: int, week: str) -> int:
    """Create the week's digest rows of one plan, then send each."""

    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        return 0
    week_start = dt.date.fromisoformat(week)
    digests_create(plan, week_start)
    pending = Digest.objects.filter(
        plan=plan, week_start=week_start, status=Digest.Status.PENDING
    ).values_list("pk", flat=True)
    for digest_id in pending:
        send_digest.delay(digest_id)
    return len(pending)


@shared_task(acks_late=True)
def send_digest(digest_id: int) -> str:
    """Send one digest at most once (``digest_deliver``); schedule the retry it asks for.

    Every run claims with a fresh token, so a redelivery of this task (its
    worker killed) finds the row taken and does nothing. If the retry cannot
    be enqueued, the periodic job picks the waiting row up.
    """

    delivery = digest_deliver(digest_id=digest_id)
    if delivery.retry_at is not None:
        delay = max((delivery.retry_at - timezone.now()).total_seconds(), 0)
        try:
            send_digest.apply_async((digest_id,), countdown=delay)
        except Exception:
            logger.exception("Could not enqueue the retry of digest %s", digest_id)
    return delivery.status


def refresh_on_plan_change(sender: object, *, plan_id: int, **kwargs: object) -> None:
    """Subscribed to ``plan_data_changed`` (runs after the commit): enqueue one rebuild.

    A rebuild already waiting covers this change too, so a burst of changes
    coalesces into one. If the broker or the cache is down, the hourly
    refresh of every dashboard catches up.
    """
    key = pending_key(plan_id)
    try:
        if cache.add(key, 1, timeout=60):
            refresh_dashboard.apply_async((plan_id,), countdown=COALESCE_SECONDS)
    except Exception:
        logger.exception("Could not enqueue a dashboard refresh for plan %s", plan_id)
        try:
            cache.delete(key)
        except Exception:
            logger.debug("Cache unavailable too; the periodic refresh will catch up")


@shared_task
def close_due_pulses() -> int:
    """Close the team pulses whose closing day has passed in their plan (eNPS recorded)."""
    return pulses_close_due(now=timezone.now())


@shared_task(acks_late=True)
def run_support_upload(upload_id: int) -> None:
    """Store a large confirmed helpdesk or survey export, with progress on its row."""
    support_upload_run(upload_id=upload_id)


@shared_task
def read_support_preview(upload_id: int) -> None:
    """Read a large helpdesk or survey export for its preview; the page shows the progress."""
    support_upload_read_preview(upload_id=upload_id)


@shared_task
def resume_support_uploads() -> int:
    """Periodic catch-up: enqueue again the large imports whose task was lost."""
    stalled = stalled_upload_ids(timezone.now(), after=dt.timedelta(minutes=15))
    for upload_id in stalled:
        run_support_upload.delay(upload_id)
    return len(stalled)
