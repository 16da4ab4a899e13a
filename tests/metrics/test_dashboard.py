import datetime as dt
import re

import pytest

from metrics.dashboard.snapshot import dashboard_refresh
from metrics.models import DashboardSnapshot, Measurement, PlanMetric
from roadmap.models import Task
from roadmap.services import task_set_status
from tests.factories import resize
from tests.matching import found

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
    labels = [str(label) for _key, label in Attitude.choices] + ["Not assessed or not shared"]
    positions = [bars.index(f">{label}</span>") for label in labels]
    assert positions == sorted(positions)


# --- Who sees what on the dashboard (computed for the reader, never in the snapshot) ---------


def _dashboard(client_for, world, role):
    return client_for(world.user(role)).get(f"/plans/{world.plan.pk}/dashboard/").content.decode()


def _person(world, name, **fields):
    from stakeholders.models import Stakeholder

    shared_with = fields.pop("shared_with", [])
    person = Stakeholder.objects.create(plan=world.plan, name=name, **fields)
    person.shared_with.set(shared_with)
    return person


def test_the_snapshot_names_no_stakeholder_and_no_risk_check(world):
    _person(world, "Kim Key", power=5)
    data = dashboard_refresh(world.plan).data
    assert "Kim Key" not in str(data)
    assert "stakeholders" not in data and "worsening_checks" not in data["risks"]


def test_a_member_sees_only_people_shared_with_them_on_the_dashboard(client_for, world):
    _person(world, "Una Unshared", power=5, interest=5, attitude="blocker")
    _person(world, "Sia Shared", power=5, interest=4, shared_with=[world.member])
    dashboard_refresh(world.plan)
    member = _dashboard(client_for, world, "member")
    assert "Una Unshared" not in member and "Sia Shared" not in member
    assert "1 person is shared with you." in member
    # Key people and attitudes are the manager's assessment: never a member's.
    assert "Key people met" not in member and 'aria-label="Attitudes"' not in member
    for role in ("manager", "executive"):
        page = _dashboard(client_for, world, role)
        assert "Key people not contacted on time:" in page
        assert "Una Unshared" in page and "Sia Shared" in page
        assert "Key people met: 0 of 2" in page


def test_the_executive_counts_only_shared_assessments(client_for, world):
    _person(world, "Ana", power=5, interest=5, attitude="blocker")
    _person(world, "Ben", power=2, interest=2, attitude="champion", assessment_shared=True)
    dashboard_refresh(world.plan)

    def bar(page, key):
        bars = page.split('aria-label="Attitudes"', 1)[1].split("</ul>", 1)[0]
        return found(rf'attitude--{key}" max="\d+" value="(\d+)"', bars).group(1)

    executive = _dashboard(client_for, world, "executive")
    assert (bar(executive, "blocker"), bar(executive, "champion"), bar(executive, "unknown")) == (
        "0",
        "1",
        "1",
    )
    # Said as what it is: the shared ones, the rest possibly assessed but not shared.
    assert "Assessments shared with you: 1 of 2" in executive
    assert "Not assessed or not shared" in executive
    manager = _dashboard(client_for, world, "manager")
    assert (bar(manager, "blocker"), bar(manager, "champion")) == ("1", "1")
    assert "Power, interest and attitude assessed: 2 of 2" in manager
    assert "Not assessed or not shared" not in manager


def test_overdue_key_people_show_five_by_how_overdue_and_how_many_more(client_for, world):
    today = world.plan.local_today()
    _person(world, "Never Met", power=5)  # never contacted: the most overdue
    for days in range(1, 8):  # Late 1 is the latest, Late 7 the longest overdue
        _person(
            world,
            f"Late {days}",
            power=4,
            cadence_days=7,
            last_contact_on=today - dt.timedelta(days=7 + days),
            contact_due_on=today - dt.timedelta(days=days),
        )
    _person(world, "Not Key", power=3, cadence_days=7, contact_due_on=today - dt.timedelta(days=30))
    dashboard_refresh(world.plan)
    page = _dashboard(client_for, world, "manager")
    line = page.split("Key people not contacted on time:", 1)[1].split("</li>", 1)[0]
    names = re.findall(r"<bdi>([^<]+)</bdi>", line)
    assert names == ["Never Met", "Late 7", "Late 6", "Late 5", "Late 4"]
    assert "and 3 more" in line
    link = f'href="/plans/{world.plan.pk}/stakeholders/?contact=overdue&amp;key=1"'
    assert f"{link}>and 3 more</a>" in line
    # The link lists exactly them.
    listing = client_for(world.manager).get(
        f"/plans/{world.plan.pk}/stakeholders/?contact=overdue&key=1"
    )
    assert "8 stakeholders" in listing.content.decode()


def test_five_overdue_people_need_no_more_link(client_for, world):
    for number in range(5):
        _person(world, f"Key {number}", power=5)
    dashboard_refresh(world.plan)
    page = _dashboard(client_for, world, "manager")
    assert "Key 4" in page and " more</a>" not in page


def test_the_managers_risk_check_reaches_the_executive_only_when_shared(client_for, world):
    from roadmap.toolkit.models import RiskCheck
    from roadmap.toolkit.risk_checks.services import risk_check_save
    from tests.toolkit.helpers import risk_ratings

    plan = world.plan
    for day, burnout in ((dt.date(2026, 3, 10), 1), (dt.date(2026, 4, 10), 5)):
        risk_check_save(
            plan=plan, user=world.manager, today=day, ratings=risk_ratings(1, burnout=burnout)
        )
    dashboard_refresh(plan)
    line = "Getting worse in the monthly risk check: Burnout"
    assert line in _dashboard(client_for, world, "manager")
    assert line not in _dashboard(client_for, world, "executive")
    assert line not in _dashboard(client_for, world, "member")
    RiskCheck.objects.filter(plan=plan, month=dt.date(2026, 4, 1)).update(
        shared_with_executive=True
    )
    # One shared check is no trend yet: the one before it is still private.
    assert line not in _dashboard(client_for, world, "executive")
    RiskCheck.objects.filter(plan=plan).update(shared_with_executive=True)
    assert line in _dashboard(client_for, world, "executive")
    assert line not in _dashboard(client_for, world, "member")


# --- Every interface word in the reader's language -------------------------------------------


def _off_track_csat(world):
    from metrics.services import metric_add

    metric = metric_add(plan=world.plan, key="csat")
    metric.baseline, metric.baseline_day, metric.target, metric.target_day = 80, 0, 95, 10
    metric.save()
    Measurement.objects.create(metric=metric, period_start=dt.date(2026, 3, 2), value=70)
    custom = metric_add(plan=world.plan, key="custom", custom_name="Готовность базы знаний")
    custom.baseline, custom.baseline_day, custom.target, custom.target_day = 10, 0, 90, 10
    custom.save()
    Measurement.objects.create(metric=custom, period_start=dt.date(2026, 3, 2), value=5)


@pytest.mark.parametrize(
    ("language", "csat", "prepare"),
    [
        ("fa", "رضایت مشتری (CSAT)", "آماده\u200cسازی"),
        ("ru", "Удовлетворённость клиентов (CSAT)", "Подготовка"),
    ],
)
def test_risk_lines_and_phases_are_in_the_readers_language(
    client_for, world, language, csat, prepare
):
    _off_track_csat(world)
    dashboard_refresh(world.plan)  # refreshed in the plan's language (English)
    world.executive.language = language
    world.executive.save()
    page = _dashboard(client_for, world, "executive")
    risks = page.split('id="risks-title"', 1)[1].split("</section>", 1)[0]
    assert f"<bdi>{csat}</bdi>" in risks
    assert "Customer satisfaction" not in page
    # A custom metric keeps its own name, whatever the reader's language.
    assert "<bdi>Готовность базы знаний</bdi>" in risks
    phases = page.split('id="phases-title"', 1)[1].split("</section>", 1)[0]
    assert f">{prepare}</span>" in phases
    assert ">Prepare</span>" not in phases


def test_a_renamed_phase_keeps_the_plans_own_name(client_for, world):
    world.plan.phases.filter(key="assess").update(name="Listen and learn")
    dashboard_refresh(world.plan)
    world.executive.language = "ru"
    world.executive.save()
    phases = _dashboard(client_for, world, "executive").split('id="phases-title"', 1)[1]
    phases = phases.split("</section>", 1)[0]
    assert ">Listen and learn</span>" in phases  # the manager's own name
    assert ">Подготовка</span>" in phases  # the playbook's, in the reader's language


def test_a_persian_plan_shows_english_phase_names_to_an_english_reader(client_for, db):
    from tests.factories import UserFactory, make_plan

    manager = UserFactory(username="farsi", language="fa")
    plan = make_plan(manager, language="fa")
    assert plan.phases.get(key="prepare").name == "آماده\u200cسازی"
    manager.language = "en"
    manager.save()
    dashboard_refresh(plan)
    page = client_for(manager).get(f"/plans/{plan.pk}/dashboard/").content.decode()
    phases = page.split('id="phases-title"', 1)[1].split("</section>", 1)[0]
    assert ">Prepare</span>" in phases


def test_an_older_snapshot_is_rebuilt_in_the_new_shape(client_for, world):
    snapshot = dashboard_refresh(world.plan)
    snapshot.data = {**snapshot.data, "format": 1, "stakeholders": {"attitudes": {}}}
    snapshot.data["risks"]["key_people_not_contacted"] = ["Old Leak"]
    snapshot.save()
    page = _dashboard(client_for, world, "member")
    assert "Old Leak" not in page
    assert DashboardSnapshot.objects.get(plan=world.plan).data["format"] == 2


def test_a_persian_reader_reads_each_phases_count_as_words_not_a_fraction(client_for, world):
    """«۳/۵» reads as the decimal 3.5 in Persian; the phase bars say «۳ از ۵» as Today does."""
    world.manager.language = "fa"
    world.manager.save(update_fields=["language"])
    dashboard_refresh(world.plan)
    page = client_for(world.manager).get(f"/plans/{world.plan.pk}/dashboard/").content.decode()
    figures = re.findall(r'<span class="phase-bar__figure">([^<]*)</span>', page)
    assert figures and all(re.fullmatch(r"[۰-۹]+٪ \([۰-۹]+ از [۰-۹]+\)", f) for f in figures)
