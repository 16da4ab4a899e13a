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
from tests.metrics.workers import WRITE_AFTER_PAUSE, WRITE_THEN_PAUSE, DigestWorker
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

    def start(worker_class: type[Worker] = Worker, **kwargs) -> Worker:
        worker = worker_class(
            database_name=connection.settings_dict["NAME"], mail_dir=tmp_path, **kwargs
        )
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


EVERYONE = {
    "manager@example.com": 1,
    "executive@example.com": 1,
    "member@example.com": 1,
    "other@example.com": 1,
}


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
        task_set_status(task=task, status="done")  # type: ignore[arg-type]

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
    _due_now(world.other_plan)
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
    # The other plan of the world is due too: 4 people.
    wait_for(lambda: len(delivered(tmp_path)) == 4, message="four deliveries")
    wait_for(
        lambda: not Digest.objects.exclude(status=Digest.Status.SENT).exists(), message="all sent"
    )
    assert delivered(tmp_path) == EVERYONE
    assert Digest.objects.filter(plan=world.plan).count() == 3


def _settled() -> bool:
    """No digest waiting or being sent: each is sent, uncertain or failed."""
    return (
        Digest.objects.count() == 4
        and not Digest.objects.filter(status__in=["pending", "sending"]).exists()
    )


@pytest.mark.parametrize(
    ("backend", "killed", "delivered_to_killed"),
    [
        # Killed while the e-mail is being handed over, before it was written.
        (WRITE_AFTER_PAUSE, "worker", 0),
        # Killed after the e-mail left and before the row was marked sent.
        (WRITE_THEN_PAUSE, "worker", 1),
        # Only the pool's child killed: the parent requeues the same task (same id).
        (WRITE_AFTER_PAUSE, "pool child", 0),
        (WRITE_THEN_PAUSE, "pool child", 1),
    ],
    ids=["worker-before-write", "worker-after-write", "child-before-write", "child-after-write"],
)
def test_a_digest_interrupted_by_a_kill_is_never_sent_twice_and_shown_as_uncertain(
    broker, start_worker, tmp_path, backend, killed, delivered_to_killed
):
    world = make_world()
    _due_now(world.plan)
    _due_now(world.other_plan)
    pool = "solo" if killed == "worker" else "prefork"
    first = start_worker(DigestWorker, email_backend=backend, pool=pool)
    send_due_digests.delay()
    if backend == WRITE_THEN_PAUSE:
        # The first e-mail has left; its worker pauses before marking it sent.
        wait_for(lambda: sum(delivered(tmp_path).values()) == 1, message="a delivery")
    interrupted = wait_for(
        lambda: Digest.objects.filter(
            status=Digest.Status.SENDING, handed_over_at__isnull=False
        ).first(),
        message="a worker to hand an e-mail over",
    )
    if killed == "worker":
        first.kill()
        start_worker(DigestWorker)  # a fresh worker takes over
    else:
        first.kill_pool_child()

    # The periodic job runs until every digest is settled; the lease is 2 s.
    wait_for(
        lambda: send_due_digests.delay() and _settled(),
        timeout=60,
        interval=1.5,
        message="every digest to be sent or settled",
    )

    interrupted.refresh_from_db()
    assert interrupted.status == Digest.Status.UNCERTAIN
    assert interrupted.problem == Digest.Problem.INTERRUPTED
    others = Digest.objects.exclude(pk=interrupted.pk)
    assert sorted(others.values_list("status", flat=True)) == ["sent"] * 3
    mail = delivered(tmp_path)
    expected = {**EVERYONE, interrupted.recipient.email: delivered_to_killed}
    assert mail == {address: count for address, count in expected.items() if count}
    assert max(mail.values()) == 1  # nobody got a digest twice
