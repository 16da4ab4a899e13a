"""Every edit names the version it was based on: none is a 400, an old one a 409, nothing is lost."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from metrics.models import Measurement, PlanMetric
from roadmap.models import Task
from tests.factories import make_world
from tests.quick_wins.helpers import make_quick_win
from tests.test_access import CASES, _ids

pytestmark = pytest.mark.django_db

# Every write that edits a record the page showed carries its version.
VERSIONED = [
    case
    for case in CASES
    if case.method == "POST"
    and case.data
    and "version" in case.data
    and case.expected["manager"] == "ok"
]


def test_every_edit_of_a_shown_record_is_in_this_list():
    assert {case.name for case in VERSIONED} >= {
        "task_status",
        "task_note",
        "task_edit",
        "quick_win_edit",
        "quick_win_status",
        "quick_win_progress",
        "quick_win_milestone_add",
        "quick_win_milestone_done",
        "quick_win_milestone_delete",
        "quick_win_announcement",
        "challenge_edit",
        "budget_line_edit",
        "budget_request_edit",
        "introduction",
        "metric_goals",
        "stakeholder_edit",
    }


@pytest.mark.parametrize("case", VERSIONED, ids=lambda case: case.name)
def test_an_edit_without_its_version_is_a_400_and_changes_nothing(client_for, world, case):
    ids = _ids(world)
    data = {k: str(v).format(**ids) for k, v in case.data.items() if k != "version"}
    before = _snapshot(world)
    response = client_for(world.manager).post(case.path.format(**ids), data)
    assert response.status_code == 400
    assert _snapshot(world) == before


def _snapshot(world) -> list:
    """Every version the world's editable records hold: any write moves one on."""
    from roadmap.models import BudgetLine, BudgetRequest, Challenge, QuickWin, SelfIntroduction
    from stakeholders.models import Stakeholder

    return [
        sorted(model.objects.values_list("pk", "version"))
        for model in (
            Task,
            QuickWin,
            Challenge,
            BudgetLine,
            BudgetRequest,
            SelfIntroduction,
            PlanMetric,
            Stakeholder,
        )
    ]


def test_a_stale_task_note_over_htmx_is_a_409_that_keeps_the_users_text(client_for, world):
    task = world.plan.tasks.first()
    Task.objects.filter(pk=task.pk).update(note="Theirs", version=task.version + 1)
    response = client_for(world.manager).post(
        f"/plans/{world.plan.pk}/tasks/{task.pk}/note/",
        {"note": "My long note about the CFO meeting", "version": task.version},
        headers={"HX-Request": "true", "HX-Target": f"task-{task.pk}"},
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Theirs" in page  # the fresh state
    assert "My long note about the CFO meeting" in page  # the user's text, not lost
    assert f'name="version" value="{task.version + 1}"' in page  # saving again is deliberate
    assert Task.objects.get(pk=task.pk).note == "Theirs"


def test_a_stale_task_note_without_javascript_keeps_the_users_text(client_for, world):
    task = world.plan.tasks.first()
    Task.objects.filter(pk=task.pk).update(note="Theirs", version=task.version + 1)
    response = client_for(world.manager).post(
        f"/plans/{world.plan.pk}/tasks/{task.pk}/note/",
        {"note": "My long note", "version": task.version},
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Theirs" in page and "My long note" in page


def test_a_stale_progress_report_keeps_the_members_note(client_for, world):
    quick_win = make_quick_win(world, owner="member")
    seen = quick_win.version
    from roadmap.quick_wins import services

    # The manager reports progress meanwhile, from another tab.
    services.quick_win_set_progress(quick_win=quick_win, user=world.manager, progress=10, note="")
    response = client_for(world.member).post(
        f"/plans/{world.plan.pk}/quick-wins/{quick_win.pk}/progress/",
        {"progress": 60, "note": "Macros for refunds are live", "version": seen},
        headers={"HX-Request": "true", "HX-Target": "quick-win-body"},
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Macros for refunds are live" in page
    quick_win.refresh_from_db()
    assert (quick_win.progress, quick_win.note) == (10, "")


def test_a_typed_value_never_silently_replaces_the_weeks_value(client_for, world):
    metric = PlanMetric.objects.create(plan=world.plan, key="csat")
    existing = Measurement.objects.create(
        metric=metric, period_start="2026-03-02", value=80, sample_size=120
    )
    url = f"/plans/{world.plan.pk}/metrics/{metric.pk}/measurements/"
    client = client_for(world.manager)

    asked = client.post(url, {"day": "2026-03-04", "value": 55, "sample_size": 3})
    page = asked.content.decode()
    assert asked.status_code == 409
    assert "already has the value 80" in page and "120 answers or tickets" in page
    existing.refresh_from_db()
    assert (existing.value, existing.sample_size) == (80, 120)

    token = page.split('name="replaces" value="')[1].split('"')[0]
    confirmed = client.post(
        url, {"day": "2026-03-04", "value": 55, "sample_size": 3, "replaces": token}
    )
    assert confirmed.status_code == 302
    existing.refresh_from_db()
    assert (existing.value, existing.sample_size) == (55, 3)


def test_a_replacement_confirmed_for_an_older_value_asks_again(client_for, world):
    metric = PlanMetric.objects.create(plan=world.plan, key="csat")
    existing = Measurement.objects.create(metric=metric, period_start="2026-03-02", value=80)
    url = f"/plans/{world.plan.pk}/metrics/{metric.pk}/measurements/"
    client = client_for(world.manager)
    page = client.post(url, {"day": "2026-03-02", "value": 55}).content.decode()
    token = page.split('name="replaces" value="')[1].split('"')[0]
    newer = Measurement.objects.get(pk=existing.pk)
    newer.value = 90  # someone else records the week meanwhile
    newer.save()
    again = client.post(url, {"day": "2026-03-02", "value": 55, "replaces": token})
    assert again.status_code == 409  # the value they agreed to replace is gone: ask again
    assert Measurement.objects.get(pk=existing.pk).value == 90


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ten_saves_of_one_task_at_once_keep_exactly_one_and_refuse_the_others():
    world = make_world()
    task = world.plan.tasks.first()
    assert task is not None
    url = f"/plans/{world.plan.pk}/tasks/{task.pk}/note/"
    barrier = threading.Barrier(10)
    statuses: list[int] = []

    def save(n: int) -> None:
        client = Client()
        client.force_login(world.manager)
        try:
            barrier.wait()
            response = client.post(url, {"note": f"note {n}", "version": task.version})
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    task.refresh_from_db()
    assert sorted(statuses) == [302] + [409] * 9
    assert task.version == 2 and task.note.startswith("note ")


@pytest.mark.parametrize("case", VERSIONED, ids=lambda case: case.name)
def test_a_stale_edit_changes_nothing_and_its_form_comes_back_with_the_saved_version(
    client_for, world, case
):
    ids = _ids(world)
    data = {k: str(v).format(**ids) for k, v in case.data.items()}
    seen = int(data["version"])
    _move_every_version_on(by=5)  # someone saved everything meanwhile
    before = _every_version()
    response = client_for(world.manager).post(case.path.format(**ids), data, headers=case.headers)
    assert _every_version() == before
    if response.status_code == 302:
        # A one-click action (a button, no typed input): refused with a message.
        messages = [str(m) for m in response.wsgi_request._messages]
        assert messages and all(m.startswith("Someone changed this") for m in messages), messages
        return
    assert response.status_code == 409
    page = response.content.decode()
    # The user's input comes back with the version now saved (not the one they saw):
    # otherwise every later save is refused again, and only a reload (losing it) helps.
    assert f'name="version" value="{seen}"' not in page
    assert f'name="version" value="{seen + 5}"' in page


def _versioned_models() -> list:
    from django.apps import apps

    return [
        model
        for model in apps.get_models()
        if any(field.name == "version" for field in model._meta.concrete_fields)
    ]


def _move_every_version_on(*, by: int) -> None:
    from django.db.models import F

    for model in _versioned_models():
        model.objects.update(version=F("version") + by)


def _every_version() -> list:
    """Every versioned row's version: any write moves one on."""
    return [sorted(model.objects.values_list("pk", "version")) for model in _versioned_models()]
