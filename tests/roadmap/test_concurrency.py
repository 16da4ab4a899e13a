"""Two people saving the same task at once: the second never silently wins."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from onboarding.core.versioning import StaleVersion
from roadmap import services
from roadmap.models import Task
from tests.factories import UserFactory, make_plan


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_of_one_task_lose_no_update():
    plan = make_plan(UserFactory())
    task = plan.tasks.first()
    assert task is not None
    version = task.version
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(note: str) -> None:
        try:
            barrier.wait()
            services.task_set_note(
                task=Task.objects.get(pk=task.pk), note=note, expected_version=version
            )
            outcomes.append("saved")
        except StaleVersion:
            outcomes.append("stale")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(n,)) for n in ("from Ana", "from Ben")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    task.refresh_from_db()
    assert sorted(outcomes) == ["saved", "stale"]
    assert task.version == version + 1
    assert task.note in {"from Ana", "from Ben"}
