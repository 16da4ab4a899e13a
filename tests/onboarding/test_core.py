"""The kernel's two shared mechanisms: the plan-changed event and the versioned save."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404

from onboarding.core.events import announce_plan_changed, plan_data_changed
from onboarding.core.versioning import StaleVersion, save_versioned
from roadmap.models import Task
from roadmap.services import task_set_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced():
    """The plan ids announced as changed, in order, while the test runs."""
    plan_ids: list[int] = []

    def receiver(sender, *, plan_id, **kwargs):
        plan_ids.append(plan_id)

    plan_data_changed.connect(receiver, dispatch_uid="test-announced")
    yield plan_ids
    plan_data_changed.disconnect(dispatch_uid="test-announced")


def test_a_change_is_announced_only_after_the_commit(
    world, announced, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        task_set_status(task=world.plan.tasks.first(), status="done")
        assert announced == []  # a subscriber must never read uncommitted rows
    assert announced == [world.plan.pk]


def test_a_rolled_back_change_announces_nothing(
    world, announced, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                announce_plan_changed(world.plan.pk)
                raise RuntimeError("the write failed")
        except RuntimeError:
            pass
    assert announced == []


def test_refused_and_invalid_requests_announce_nothing(
    client_for, world, announced, django_capture_on_commit_callbacks
):
    task = world.plan.tasks.first()
    url = f"/plans/{world.plan.pk}/tasks/{task.pk}/status/"
    with django_capture_on_commit_callbacks(execute=True):
        forbidden = client_for(world.member).post(url, {"status": "done", "version": 1})
        invalid = client_for(world.manager).post(url, {"status": "finished", "version": 1})
    assert (forbidden.status_code, invalid.status_code) == (403, 400)
    assert announced == []


def test_a_save_moves_the_version_on(world):
    task = world.plan.tasks.first()
    saved = save_versioned(Task, task, expected_version=task.version, title="Renamed")
    assert (saved.title, saved.version) == ("Renamed", 2)
    assert Task.objects.values_list("title", "version").get(pk=task.pk) == ("Renamed", 2)


def test_a_save_based_on_an_older_version_is_refused_with_the_fresh_record(world):
    task = world.plan.tasks.first()
    save_versioned(Task, Task.objects.get(pk=task.pk), expected_version=1, title="Theirs")
    with pytest.raises(StaleVersion) as stale:
        save_versioned(Task, task, expected_version=1, title="Mine")
    assert stale.value.current.title == "Theirs"
    assert Task.objects.get(pk=task.pk).title == "Theirs"


def test_a_record_outside_the_allowed_rows_is_forbidden_not_stale(world):
    task = world.plan.tasks.first()
    allowed = Task.objects.exclude(pk=task.pk)  # e.g. only the quick wins the user is on
    with pytest.raises(PermissionDenied):
        save_versioned(allowed, task, expected_version=task.version, title="Not yours")
    assert Task.objects.get(pk=task.pk).version == 1


def test_a_record_deleted_meanwhile_is_a_404(world):
    task = world.plan.tasks.first()
    Task.objects.filter(pk=task.pk).delete()
    with pytest.raises(Http404):
        save_versioned(Task, task, expected_version=1, title="Too late")
