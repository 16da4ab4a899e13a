import datetime as dt

import pytest

from metrics.dashboard.snapshot import dashboard_refresh
from metrics.models import DashboardSnapshot, Measurement, PlanMetric
from roadmap.models import Task
from roadmap.services import task_set_status
from tests.factories import resize

pytestmark = pytest.mark.django_db


def test_dashboard_reads_the_stored_snapshot(client_for, world):
    dashboard_refresh(world.plan)
    snapshot = DashboardSnapshot.objects.get(plan=world.plan)
    snapshot.data["tasks"]["settled"] = 4242  # the page shows what the snapshot says
    snapshot.save()
    page = client_for(world.executive).get(f"/plans/{world.plan.pk}/dashboard/").content.decode()
    assert "4242 of" in page
    assert "Figures as of" in page


def test_a_task_change_refreshes_the_snapshot_after_commit(
    world, django_capture_on_commit_callbacks
):
    dashboard_refresh(world.plan)
    task = world.plan.tasks.first()
    with django_capture_on_commit_callbacks(execute=True):
        task_set_status(task=task, status="done")
        # Not before the commit: a worker could read the old data.
        assert DashboardSnapshot.objects.get(plan=world.plan).data["tasks"]["settled"] == 0
    data = DashboardSnapshot.objects.get(plan=world.plan).data
    assert data["tasks"]["settled"] == 1


def test_a_burst_of_changes_asks_for_one_refresh(
    world, django_capture_on_commit_callbacks, mocker=None
):
    from unittest import mock

    tasks = list(world.plan.tasks.all()[:5])
    with (
        mock.patch("metrics.tasks.refresh_dashboard.apply_async") as enqueue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        for task in tasks:
            task_set_status(task=task, status="done")
    assert enqueue.call_count == 1


@pytest.mark.parametrize("size", [10, 2000])
def test_dashboard_query_count_does_not_depend_on_plan_size(
    client_for, world, django_assert_num_queries, size
):
    resize(world.plan, size)
    metrics = PlanMetric.objects.bulk_create(
        PlanMetric(plan=world.plan, key="custom", custom_name=f"KPI {i}")
        for i in range(50 if size > 10 else 1)
    )
    Measurement.objects.bulk_create(
        Measurement(metric=m, period_start=dt.date(2026, 1, 5) + dt.timedelta(weeks=w), value=w)
        for m in metrics
        for w in range(12)
    )
    dashboard_refresh(world.plan)
    client = client_for(world.executive)
    client.get(f"/plans/{world.plan.pk}/dashboard/")
    # savepoint pair, session, user, membership, snapshot, latest digest; then, for
    # this reader: stakeholder coverage, overdue key people, the risk checks' trend
    with django_assert_num_queries(10):
        response = client.get(f"/plans/{world.plan.pk}/dashboard/")
    assert response.status_code == 200
    # A team member sees no risk check and no key people: one query fewer each.
    client = client_for(world.member)
    client.get(f"/plans/{world.plan.pk}/dashboard/")
    with django_assert_num_queries(8):
        assert client.get(f"/plans/{world.plan.pk}/dashboard/").status_code == 200
    assert Task.objects.filter(plan=world.plan).count() == size


def test_quick_win_bars_follow_the_board_from_proposed_to_dropped(client_for, world):
    from roadmap.quick_wins.models import QuickWinStatus
    from tests.quick_wins.helpers import make_quick_win

    make_quick_win(world)  # one proposed; the others show zero
    dashboard_refresh(world.plan)
    page = client_for(world.executive).get(f"/plans/{world.plan.pk}/dashboard/").content.decode()
    bars = page.split('class="qw-status-bars"', 1)[1].split("</ul>", 1)[0]
    positions = [bars.index(f">{label}</span>") for _key, label in QuickWinStatus.choices]
    assert positions == sorted(positions)


def test_attitude_bars_run_from_champion_to_blocker(client_for, world):
    from stakeholders.models import Attitude
    from stakeholders.services import StakeholderFields, stakeholder_create

    for name, attitude in (("Ana", "blocker"), ("Ben", "champion"), ("Cy", "")):
        stakeholder_create(plan=world.plan, fields=StakeholderFields(name=name, attitude=attitude))
    dashboard_refresh(world.plan)
    page = client_for(world.executive).get(f"/plans/{world.plan.pk}/dashboard/").content.decode()
    bars = page.split('aria-label="Attitudes"', 1)[1].split("</ul>", 1)[0]
    labels = [str(label) for _key, label in Attitude.choices] + ["Not assessed"]
    positions = [bars.index(f">{label}</span>") for label in labels]
    assert positions == sorted(positions)
