"""Background work at scale: the dashboard refresh and the weekly digests.

The digests go through the real path: ``send_due_digests`` is enqueued on
Redis, a ``celery -A config worker`` subprocess fans out one
``prepare_plan_digests`` per due plan and one ``send_digest`` per member, and
the clock stops when every Digest row is marked sent.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from metrics.dashboard.snapshot import dashboard_refresh
from metrics.models import Digest
from onboarding.models import Membership, Plan

from .seed import SeededPlan
from .services import BenchError, CeleryWorker, child_pids, cpu_ticks, peak_memory_kib

REFRESH_RUNS = 5
WARM_UP_PLANS = 10  # a small unmeasured digest round: worker processes import and load templates


@dataclass
class RefreshTiming:
    label: str
    median_ms: float
    runs_ms: list[float]
    queries: int


def time_dashboard_refresh(label: str, seeded: SeededPlan) -> RefreshTiming:
    plan = Plan.objects.get(pk=seeded.plan.pk)
    runs = []
    for _ in range(REFRESH_RUNS):
        started = time.perf_counter()
        dashboard_refresh(plan)
        runs.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        dashboard_refresh(plan)
    return RefreshTiming(label, statistics.median(runs), runs, len(queries))


@dataclass
class DigestTiming:
    plans: int
    digests: int
    seconds: float
    # CPU the worker processes used: steadier than wall time on a busy machine.
    worker_cpu_seconds: float

    @property
    def per_plan_ms(self) -> float:
        return 1000 * self.seconds / self.plans

    @property
    def cpu_per_plan_ms(self) -> float:
        return 1000 * self.worker_cpu_seconds / self.plans

    @property
    def per_digest_ms(self) -> float:
        return 1000 * self.seconds / self.digests if self.digests else 0.0


def make_due(participants: list[int]) -> int:
    """Make exactly these plans' digests due now; returns how many digests that is.

    ``due_weeks`` offers the weeks from the plan's creation week on whose
    local send time has passed: created now and sent Mondays at 00:00, a plan
    owes exactly this week's digest; created next week, it owes none.
    """
    Digest.objects.all().delete()
    now = timezone.now()
    Plan.objects.update(created_at=now + dt.timedelta(days=8))
    Plan.objects.filter(pk__in=participants).update(
        created_at=now, digest_weekday=0, digest_time=dt.time(0, 0)
    )
    return (
        Membership.objects.filter(
            plan_id__in=participants, receives_digest=True, user__is_active=True
        )
        .exclude(user__email="")
        .count()
    )


def run_digests(worker: CeleryWorker, participants: list[int], timeout: float) -> DigestTiming:
    from metrics.tasks import send_due_digests

    expected = make_due(participants)
    ticks = cpu_ticks([worker.pid, *child_pids(worker.pid)])
    started = time.perf_counter()
    send_due_digests.delay()
    deadline = started + timeout
    sent = 0
    while sent < expected:
        if time.perf_counter() > deadline:
            raise BenchError(
                f"Digests of {len(participants)} plans: only {sent} of {expected} sent after "
                f"{timeout:.0f} s; see {worker.log_path}"
            )
        if not worker.running():
            raise BenchError(f"The Celery worker died; its log ends with:\n{worker.log_tail()}")
        time.sleep(0.5)  # a cheap COUNT twice a second: the worker has the CPU to itself
        sent = Digest.objects.filter(status=Digest.Status.SENT).count()
    seconds = time.perf_counter() - started
    cpu = (cpu_ticks([worker.pid, *child_pids(worker.pid)]) - ticks) / os.sysconf("SC_CLK_TCK")
    unexpected = Digest.objects.exclude(status=Digest.Status.SENT).count()
    if unexpected:
        raise BenchError(f"{unexpected} digests were not sent (skipped or stuck)")
    return DigestTiming(len(participants), expected, seconds, cpu)


def worker_peak_memory(worker: CeleryWorker) -> list[int]:
    pids = child_pids(worker.pid)
    return [kib for pid in pids if (kib := peak_memory_kib(pid)) is not None]


def time_digests(
    worker: CeleryWorker, plans: list[SeededPlan], sizes: tuple[int, ...]
) -> list[DigestTiming]:
    ids = [seeded.plan.pk for seeded in plans]
    run_digests(worker, ids[:WARM_UP_PLANS], timeout=120)
    timings = []
    for size in sizes:
        timings.append(run_digests(worker, ids[:size], timeout=120 + 0.5 * size))
    return timings
