"""Page behaviour: starting a plan, changing tasks in place, htmx details."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from onboarding.models import Membership, Plan, Role
from roadmap.models import Task, TaskStatus
from tests.factories import UserFactory
from tests.matching import found

pytestmark = pytest.mark.django_db


def test_healthz_does_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_starting_a_plan_copies_the_playbook_and_makes_me_its_manager(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        "/plans/new/",
        {
            "title": "Hundred days at Acme",
            "organisation": "Acme",
            "start_date": "2026-12-01",
            "timezone": "Asia/Tehran",
            "language": "ru",
        },
    )

    plan = Plan.objects.get(title="Hundred days at Acme")
    assert response["Location"] == f"/plans/{plan.pk}/today/"
    assert Membership.objects.get(plan=plan, user=user).role == Role.MANAGER
    assert plan.phases.count() == 6
    assert plan.tasks.count() >= 25
    # Content is written in the plan's language.
    assert plan.phases.get(key="prepare").name != "Prepare"


def test_starting_a_plan_with_bad_input_explains_and_creates_nothing(client):
    client.force_login(UserFactory())
    response = client.post(
        "/plans/new/",
        {
            "title": "",
            "organisation": "Acme",
            "start_date": "31/31/2026",
            "timezone": "Mars/Olympus",
            "language": "en",
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "This field is required." in page
    assert "Enter a valid date." in page
    assert "Select a valid choice." in page
    assert Plan.objects.count() == 0


def test_marking_a_task_done_with_htmx_returns_the_row_and_the_phase_progress(client_for, world):
    client = client_for(world.manager)
    task = world.plan.tasks.filter(phase__key="prepare").first()

    response = client.post(
        f"/plans/{world.plan.pk}/tasks/{task.pk}/status/",
        {"status": "done", "version": task.version},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="task-{task.pk}"' in page
    assert "status-badge--done" in page
    phase = task.phase
    settled = phase.tasks.filter(status__in=["done", "skipped"]).count()
    assert settled == 1
    assert f'id="phase-progress-{phase.pk}" data-hx-swap-oob="true"' in page
    assert f"1 of {phase.tasks.count()} settled" in page
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert task.completed_at is not None
    assert task.version == 2


def test_without_javascript_a_status_change_returns_to_the_page(client_for, world):
    client = client_for(world.manager)
    task = world.plan.tasks.first()
    response = client.post(
        f"/plans/{world.plan.pk}/tasks/{task.pk}/status/",
        {"status": "doing", "version": task.version, "next": f"/plans/{world.plan.pk}/timeline/"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/plans/{world.plan.pk}/timeline/"
    # An outside address in "next" is ignored.
    response = client.post(
        f"/plans/{world.plan.pk}/tasks/{task.pk}/status/",
        {"status": "todo", "version": task.version + 1, "next": "https://evil.example/"},
    )
    assert response["Location"] == f"/plans/{world.plan.pk}/today/"


def test_reopening_and_noting_a_task(client_for, world):
    client = client_for(world.manager)
    task = world.plan.tasks.first()
    url = f"/plans/{world.plan.pk}/tasks/{task.pk}"
    client.post(f"{url}/status/", {"status": "done", "version": task.version})
    client.post(f"{url}/status/", {"status": "todo", "version": task.version + 1})
    client.post(
        f"{url}/note/",
        {"note": "  Met the CFO on <Tuesday>  ", "version": task.version + 2},
        headers={"HX-Request": "true"},
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.TODO
    assert task.completed_at is None
    assert task.note == "Met the CFO on <Tuesday>"
    page = client.get(f"/plans/{world.plan.pk}/today/").content.decode()
    assert "&lt;Tuesday&gt;" in page
    assert "<Tuesday>" not in page


def test_a_stale_status_change_gets_409_and_the_fresh_row(client_for, world):
    client = client_for(world.manager)
    task = world.plan.tasks.first()
    url = f"/plans/{world.plan.pk}/tasks/{task.pk}/status/"
    client.post(url, {"status": "doing", "version": 1}, headers={"HX-Request": "true"})

    response = client.post(url, {"status": "skipped", "version": 1}, headers={"HX-Request": "true"})

    assert response.status_code == 409
    assert "Someone changed this task" in response.content.decode()
    assert "status-badge--doing" in response.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.DOING


def test_timeline_filters_by_phase_with_a_fragment_for_htmx(client_for, world):
    client = client_for(world.executive)
    url = f"/plans/{world.plan.pk}/timeline/?phase=act"
    full = client.get(url)
    fragment = client.get(url, headers={"HX-Request": "true", "HX-Target": "timeline-body"})
    restore = client.get(url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})

    assert "<html" in full.content.decode()
    assert "<html" not in fragment.content.decode()
    assert (
        fragment.content.decode().lstrip().startswith('<div id="timeline-body" class="page-flow">')
    )
    # The chosen phase is marked in the swapped fragment too.
    assert '?phase=act" data-hx-target="#timeline-body"' in fragment.content.decode()
    assert 'data-hx-push-url="true" aria-current="true">' in fragment.content.decode()
    assert "<html" in restore.content.decode()
    assert "HX-Request" in fragment["Vary"]
    act_titles = set(world.plan.tasks.filter(phase__key="act").values_list("title", flat=True))
    other = world.plan.tasks.exclude(phase__key="act").first()
    page = fragment.content.decode()
    assert all(title.replace("'", "&#x27;") in page for title in act_titles)
    assert other.title.replace("'", "&#x27;") not in page


def test_executive_sees_no_edit_controls(client_for, world):
    page = client_for(world.executive).get(f"/plans/{world.plan.pk}/today/").content.decode()
    assert "/status/" not in page
    assert "Add a task" not in page
    page = client_for(world.manager).get(f"/plans/{world.plan.pk}/today/").content.decode()
    assert "/status/" in page


def test_htmx_request_without_a_session_navigates_to_sign_in(client, world):
    response = client.post(
        f"/plans/{world.plan.pk}/tasks/1/status/",
        {"status": "done"},
        headers={
            "HX-Request": "true",
            "HX-Current-URL": f"http://testserver/plans/{world.plan.pk}/today/",
        },
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/accounts/login/?next=/plans/{world.plan.pk}/today/"


def test_htmx_post_without_csrf_token_gets_a_readable_403(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.manager)
    task = world.plan.tasks.first()
    response = client.post(
        f"/plans/{world.plan.pk}/tasks/{task.pk}/status/",
        {"status": "done"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 403
    assert response["HX-Retarget"] == "#messages"
    assert "Reload the page" in response.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.TODO


def test_page_forms_carry_the_csrf_token_for_htmx(client_for, world):
    page = client_for(world.manager).get(f"/plans/{world.plan.pk}/today/").content.decode()
    assert 'data-hx-headers=\'{"X-CSRFToken": "' in page


def test_adding_editing_and_deleting_a_custom_task(client_for, world):
    client = client_for(world.manager)
    plan = world.plan
    act = plan.phases.get(key="act")
    response = client.post(
        f"/plans/{plan.pk}/tasks/new/",
        {
            "title": "Shadow the night shift",
            "phase": act.pk,
            "start_day": 31,
            "end_day": 33,
            "owner": world.member.pk,
        },
    )
    assert response.status_code == 302
    task = Task.objects.get(title="Shadow the night shift")
    assert task.is_custom and task.owner == world.member

    client.post(
        f"/plans/{plan.pk}/tasks/{task.pk}/edit/",
        {
            "title": "Shadow the weekend shift",
            "phase": act.pk,
            "start_day": 40,
            "end_day": 41,
            "version": task.version,
        },
    )
    task.refresh_from_db()
    assert (task.title, task.start_day, task.end_day) == ("Shadow the weekend shift", 40, 41)

    client.post(f"/plans/{plan.pk}/tasks/{task.pk}/delete/")
    assert not Task.objects.filter(pk=task.pk).exists()


def test_playbook_tasks_cannot_be_deleted(client_for, world):
    task = world.plan.tasks.exclude(key="").first()
    response = client_for(world.manager).post(
        f"/plans/{world.plan.pk}/tasks/{task.pk}/delete/", follow=True
    )
    assert "cannot be deleted" in response.content.decode()
    assert Task.objects.filter(pk=task.pk).exists()


def test_shifting_a_phase_moves_its_tasks(client_for, world):
    plan = world.plan
    assess = plan.phases.get(key="assess")
    before = {t.pk: (t.start_day, t.end_day) for t in assess.tasks.all()}
    response = client_for(world.manager).post(
        f"/plans/{plan.pk}/phases/{assess.pk}/edit/",
        {"start_day": 5, "end_day": 35, "move_tasks": "on"},
    )
    assert response.status_code == 302
    assess.refresh_from_db()
    assert (assess.start_day, assess.end_day) == (5, 35)
    after = {t.pk: (t.start_day, t.end_day) for t in assess.tasks.all()}
    assert after == {pk: (s + 5, e + 5) for pk, (s, e) in before.items()}


def test_calendar_page_shows_the_private_feed_and_can_replace_it(client_for, world):
    client = client_for(world.manager)
    old = world.plan.calendar_token
    assert old in client.get(f"/plans/{world.plan.pk}/calendar/").content.decode()
    client.post(f"/plans/{world.plan.pk}/calendar/rotate/")
    world.plan.refresh_from_db()
    assert world.plan.calendar_token != old
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{world.plan.calendar_token}.ics").status_code == 200


def test_removing_a_member_ends_their_access(client_for, world):
    membership = Membership.objects.get(plan=world.plan, user=world.member)
    client_for(world.manager).post(f"/plans/{world.plan.pk}/members/{membership.pk}/remove/")
    assert client_for(world.member).get(f"/plans/{world.plan.pk}/today/").status_code == 404


def test_the_manager_cannot_be_removed(client_for, world):
    membership = Membership.objects.get(plan=world.plan, user=world.manager)
    response = client_for(world.manager).post(
        f"/plans/{world.plan.pk}/members/{membership.pk}/remove/", follow=True
    )
    assert "cannot be removed" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_demo_seed_puts_the_manager_on_day_twelve(settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo")
    plan = Plan.objects.get(title__startswith="Demo:")
    assert plan.day_number(plan.local_today()) == 12
    assert plan.tasks.filter(status="done").exists()
    roles = dict(plan.memberships.values_list("user__username", "role"))
    assert roles == {"manager": "manager", "executive": "executive", "member": "member"}
    assert plan.start_date <= dt.date.today()
    # The register, the map and the dashboard have people to show.
    assert plan.stakeholders.count() == 7
    assert plan.stakeholders.filter(last_contact_on__isnull=False).count() == 3


def test_demo_seed_refuses_without_debug(settings):
    from django.core.management import CommandError, call_command

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")


def test_the_manager_sets_the_digest_schedule(client_for, world):
    response = client_for(world.manager).post(
        f"/plans/{world.plan.pk}/settings/",
        {
            "title": "Renamed",
            "timezone": "Asia/Tehran",
            "digest_weekday": 5,
            "digest_time": "09:30",
            "currency": "IRR",
        },
    )
    assert response.status_code == 302
    world.plan.refresh_from_db()
    assert (world.plan.title, world.plan.timezone, world.plan.digest_weekday) == (
        "Renamed",
        "Asia/Tehran",
        5,
    )
    assert world.plan.currency == "IRR"
    assert world.plan.digest_time == dt.time(9, 30)


def test_bad_plan_settings_are_explained(client_for, world):
    response = client_for(world.manager).post(
        f"/plans/{world.plan.pk}/settings/",
        {"title": "", "timezone": "Nowhere/Land", "digest_weekday": 9, "digest_time": "25:00"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert page.count("Select a valid choice.") == 4  # in the summary and at each field
    assert "Enter a valid time." in page
    world.plan.refresh_from_db()
    assert world.plan.title == "First 100 days"


def test_a_member_turns_their_digest_off(client_for, world):
    client_for(world.member).post(f"/plans/{world.plan.pk}/digests/subscription/", {})
    assert not Membership.objects.get(plan=world.plan, user=world.member).receives_digest


def test_task_owners_are_offered_by_name_and_only_people_who_do_the_work(client_for, world):
    world.member.first_name, world.member.last_name = "Tom", "Baker"
    world.member.save()
    page = client_for(world.manager).get(f"/plans/{world.plan.pk}/tasks/new/").content.decode()
    owner_select = page[
        page.index('name="owner"') : page.index("</select>", page.index('name="owner"'))
    ]
    assert "Tom Baker" in owner_select
    assert f'value="{world.manager.pk}"' in owner_select
    assert f'value="{world.executive.pk}"' not in owner_select  # executives read; they own no work


def test_an_executive_cannot_be_made_a_task_owner(client_for, world):
    phase = world.plan.phases.first()
    response = client_for(world.manager).post(
        f"/plans/{world.plan.pk}/tasks/new/",
        {
            "title": "Extra",
            "phase": phase.pk,
            "start_day": phase.start_day,
            "end_day": phase.end_day,
            "owner": world.executive.pk,
        },
    )
    assert response.status_code == 422
    assert not world.plan.tasks.filter(title="Extra").exists()


def test_the_timeline_speaks_of_the_managers_first_day_to_everyone_else(client_for, world):
    page_url = f"/plans/{world.plan.pk}/timeline/"
    manager = client_for(world.manager).get(page_url).content.decode()
    assert "ten days before your first day" in manager
    for reader in (world.executive, world.member):
        page = client_for(reader).get(page_url).content.decode()
        assert "ten days before the manager's first day" in page
        assert "your first day" not in page


def test_a_persian_manager_reads_the_phases_names_in_persian_everywhere(client_for, world):
    """The task form's phase list, a phase's own page, the out-of-phase error and the
    timeline filter's announcement said "Act", "Assess" on Persian pages."""
    world.manager.language = "fa"
    world.manager.save(update_fields=["language"])
    client = client_for(world.manager)
    plan, act = world.plan, world.plan.phases.get(key="act")
    form = client.get(f"/plans/{plan.pk}/tasks/new/").content.decode()
    phases = found(r'<select name="phase".*?</select>', form, re.S).group(0)
    assert "اقدام" in phases and ">Act<" not in phases
    assert "اقدام" in client.get(f"/plans/{plan.pk}/phases/{act.pk}/edit/").content.decode()

    outside = client.post(
        f"/plans/{plan.pk}/tasks/new/",
        {"title": "Late", "phase": act.pk, "start_day": act.start_day, "end_day": 100},
    )
    assert outside.status_code == 422
    error = found(r'id="id_end_day_error">(.*?)</div>', outside.content.decode(), re.S).group(1)
    assert "اقدام" in error and "Act" not in error
    announce = client.get(
        f"/plans/{plan.pk}/timeline/?phase=act",
        headers={"HX-Request": "true", "HX-Target": "timeline-body"},
    ).content.decode()
    assert "اقدام" in announce
