"""Two saves of one stakeholder at once: the second never silently wins."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from onboarding.core.versioning import StaleVersion
from stakeholders import services
from stakeholders.models import Stakeholder
from stakeholders.services import StakeholderFields
from tests.factories import UserFactory, make_plan


def _race(*jobs):
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []

    def run(job):
        try:
            barrier.wait()
            job()
            outcomes.append("saved")
        except StaleVersion:
            outcomes.append("stale")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_edits_of_one_stakeholder_lose_no_update():
    plan = make_plan(UserFactory())
    ana = services.stakeholder_create(plan=plan, fields=StakeholderFields(name="Ana", power=2))
    version = ana.version

    def edit(power):
        return lambda: services.stakeholder_update(
            stakeholder=Stakeholder.objects.get(pk=ana.pk),
            fields=StakeholderFields(name="Ana", power=power),
            expected_version=version,
        )

    assert _race(edit(4), edit(5)) == ["saved", "stale"]
    ana.refresh_from_db()
    assert ana.version == version + 1
    assert ana.power in {4, 5}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_logs_keep_the_latest_contact():
    plan = make_plan(UserFactory())
    ana = services.stakeholder_create(
        plan=plan, fields=StakeholderFields(name="Ana", cadence_days=10)
    )
    today = dt.date(2026, 5, 1)

    def log(day):
        return lambda: services.interaction_create(
            stakeholder=Stakeholder.objects.get(pk=ana.pk),
            kind="call",
            date=dt.date(2026, 4, day),
            today=today,
        )

    assert _race(log(10), log(20), log(15)) == ["saved", "saved", "saved"]
    ana.refresh_from_db()
    assert ana.last_contact_on == dt.date(2026, 4, 20)
    assert ana.contact_due_on == dt.date(2026, 4, 30)
