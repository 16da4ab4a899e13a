"""Background work with a real Redis broker and a real Celery worker (CI runs these)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from config.celery_app import app as celery_app
from metrics.models import DashboardSnapshot, Digest
from metrics.tasks import send_due_digests
from roadmap.services import task_set_status
from tests.factories import make_world
from tests.support import Worker, delivered, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker(settings):
    """Send tasks to Redis instead of running them in-process."""
    celery_app.conf.update(task_always_eager=False, broker_url=settings.REDIS_URL)
    celery_app.control.purge()
    yield
    celery_app.control.purge()
    celery_app.conf.update(task_always_eager=True)


@pytest.fixture
def start_worker(tmp_path):
    workers: list[Worker] = []

    def start(**kwargs) -> Worker:
        worker = Worker(database_name=connection.settings_dict["NAME"], mail_dir=tmp_path, **kwargs)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


def _due_now(plan) -> None:
    """Make this week's digest due: today's weekday, at midnight plan time."""
    now = timezone.now().astimezone(plan.zone)
    plan.digest_weekday, plan.digest_time = now.weekday(), dt.time(0, 0)
    plan.save()


def test_a_task_change_refreshes_the_dashboard_through_the_worker(broker, start_worker):
    world = make_world()
    start_worker()
    task = world.plan.tasks.first()
    with transaction.atomic():
        task_set_status(task=task, status="done")

    snapshot = wait_for(
        lambda: DashboardSnapshot.objects.filter(plan=world.plan, data__tasks__settled=1).first(),
        message="the worker to rebuild the snapshot",
    )
    assert snapshot.data["tasks"]["overdue"] >= 0


def test_the_weekly_job_run_twice_at_once_sends_one_digest_per_person(
    broker, start_worker, tmp_path
):
    world = make_world()
    _due_now(world.plan)
    start_worker()
    start_worker()  # two workers compete for the same jobs

    threads = [threading.Thread(target=send_due_digests.delay) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    wait_for(
        lambda: Digest.objects.filter(plan=world.plan, status=Digest.Status.SENT).count() == 3,
        message="three digests to be sent",
    )
    send_due_digests.delay()  # and once more, later
    # The other plan of the world is due too (Monday 08:00 by default): 4 people.
    wait_for(lambda: len(delivered(tmp_path)) == 4, message="four deliveries")
    wait_for(
        lambda: not Digest.objects.exclude(status=Digest.Status.SENT).exists(), message="all sent"
    )
    assert delivered(tmp_path) == {
        "manager@example.com": 1,
        "executive@example.com": 1,
        "member@example.com": 1,
        "other@example.com": 1,
    }
    assert Digest.objects.filter(plan=world.plan).count() == 3


def test_a_worker_killed_mid_send_delivers_each_digest_once_after_restart(
    broker, start_worker, tmp_path
):
    world = make_world()
    _due_now(world.plan)
    first = start_worker(slow_mail=True)
    send_due_digests.delay()

    claimed = wait_for(
        lambda: Digest.objects.filter(plan=world.plan, status=Digest.Status.SENDING).first(),
        message="a worker to start sending",
    )
    first.kill()
    assert delivered(tmp_path).get(claimed.recipient.email) is None

    start_worker()
    # The periodic job picks up the digest the dead worker left half-sent.
    wait_for(
        lambda: (
            send_due_digests.delay()
            and not Digest.objects.exclude(status=Digest.Status.SENT).exists()
            and Digest.objects.count() == 4
        ),
        timeout=45,
        interval=1.5,
        message="every digest to be sent after the restart",
    )
    wait_for(lambda: len(delivered(tmp_path)) == 4, message="four deliveries")
    assert delivered(tmp_path) == {
        "manager@example.com": 1,
        "executive@example.com": 1,
        "member@example.com": 1,
        "other@example.com": 1,
    }
