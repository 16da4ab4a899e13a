"""Pages served from the page cache are never out of date for the people reading them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.test import Client

from metrics.dashboard import dashboard_refresh
from onboarding.models import Plan, Role
from roadmap.models import Task
from tests.quick_wins.helpers import make_quick_win
from tests.test_queries import BASE
from tests.test_today import at_noon_utc

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks, monkeypatch):
    """Writes inside run what waits for their commit (the revision bump), as in production.

    Each test runs in a transaction that never commits; without this the
    bump would never happen. The dashboard refresh a write asks for runs
    seconds later in production, so it must not be what makes a change show.
    """
    monkeypatch.setattr("metrics.tasks.refresh_dashboard.apply_async", lambda *a, **k: None)
    return lambda: django_capture_on_commit_callbacks(execute=True)


def signed_in(user, **options) -> Client:
    client = Client(**options)
    client.force_login(user)
    return client


def read(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def warm(client: Client, path: str) -> str:
    """Visit twice: the first visit sets the CSRF cookie, the second stores the page."""
    read(client, path)
    return read(client, path)


@pytest.fixture
def no_returning_visits(monkeypatch):
    """Only the page cache: as on a session's first visit to a page, or after VISIT_TTL."""
    monkeypatch.setattr("onboarding.page_cache._visit_probe", lambda request: None)


def test_a_second_visit_is_served_without_rendering(
    world, no_returning_visits, django_assert_num_queries
):
    client = signed_in(world.manager)
    today = f"/plans/{world.plan.pk}/today/"
    first = warm(client, today)
    # ATOMIC_REQUESTS, session, user and membership: nothing of the page's own.
    with django_assert_num_queries(BASE):
        again = read(client, today)
    assert again == first


def test_a_change_made_in_the_app_shows_on_the_next_visit(world, committed):
    client = signed_in(world.manager)
    task = world.plan.tasks.order_by("phase__start_day", "pk").first()
    timeline = f"/plans/{world.plan.pk}/timeline/"
    assert "task--done" not in warm(client, timeline)

    with committed():
        response = client.post(
            f"/plans/{world.plan.pk}/tasks/{task.pk}/status/", {"status": "done"}
        )
    assert response.status_code == 302

    assert "task--done" in read(client, timeline)


def test_a_team_member_moving_a_card_updates_everyones_board(world, committed):
    quick_win = make_quick_win(world, owner="member")
    board = f"/plans/{world.plan.pk}/quick-wins/"
    executive = signed_in(world.executive)
    page = warm(executive, board)
    assert re.search(r'qw-column--proposed".*?Answer refund tickets', page, re.S)

    member = signed_in(world.member)
    with committed():
        member.post(
            f"/plans/{world.plan.pk}/quick-wins/{quick_win.pk}/status/",
            {"status": "in_progress", "version": quick_win.version},
        )

    page = read(executive, board)
    in_progress = page.split('qw-column--in_progress"', 1)[1].split("</section>", 1)[0]
    assert "Answer refund tickets" in in_progress


def test_each_role_gets_its_own_page(world):
    board = f"/plans/{world.plan.pk}/quick-wins/"
    assert "Propose a quick win" in warm(signed_in(world.manager), board)
    assert "Propose a quick win" not in warm(signed_in(world.executive), board)


def test_a_message_is_shown_once_and_never_stored(world, committed):
    client = signed_in(world.manager)
    timeline = f"/plans/{world.plan.pk}/timeline/"
    warm(client, timeline)
    phase = world.plan.phases.first()
    with committed():
        client.post(
            f"/plans/{world.plan.pk}/tasks/new/",
            {"title": "Meet the night shift", "phase": phase.pk, "start_day": 1, "end_day": 2},
        )

    with_message = read(client, timeline)
    assert "Task added." in with_message
    assert "Meet the night shift" in with_message
    assert "Task added." not in read(client, timeline)
    assert "Task added." not in read(client, timeline)


def test_tomorrow_is_a_new_page(world):
    client = signed_in(world.manager)
    today = f"/plans/{world.plan.pk}/today/"
    with time_machine.travel(at_noon_utc(20), tick=False):
        assert "Day 20 of 100" in warm(client, today)
    with time_machine.travel(at_noon_utc(21), tick=False):
        assert "Day 21 of 100" in read(client, today)


def test_a_returning_visit_just_after_midnight_is_the_new_day(world):
    client = signed_in(world.manager)
    today = f"/plans/{world.plan.pk}/today/"
    midnight = at_noon_utc(21) - dt.timedelta(hours=12)  # the plan is on UTC
    with time_machine.travel(midnight - dt.timedelta(seconds=20), tick=False):
        assert "Day 20 of 100" in returning(client, today)
    with time_machine.travel(midnight + dt.timedelta(seconds=10), tick=False):
        assert "Day 21 of 100" in read(client, today)


def test_a_new_language_or_name_in_the_profile_shows_at_once(world, committed):
    client = signed_in(world.manager)
    today = f"/plans/{world.plan.pk}/today/"
    warm(client, today)
    with committed():
        client.post(
            "/profile/",
            {
                "first_name": "Roshanak",
                "last_name": "",
                "email": world.manager.email,
                "language": "ru",
            },
        )
    page = read(client, today)
    assert 'lang="ru"' in page
    assert "Roshanak" in page


def test_a_background_dashboard_refresh_shows_at_once(world, committed):
    client = signed_in(world.executive)
    dashboard = f"/plans/{world.plan.pk}/dashboard/"
    dashboard_refresh(world.plan)
    warm(client, dashboard)
    Task.objects.filter(plan=world.plan).update(status="done")  # e.g. an import
    with committed():
        dashboard_refresh(world.plan)  # what the worker runs
    page = read(client, dashboard)
    total = world.plan.tasks.count()
    assert f"{total} of {total}" in page


def mark_done_with_the_pages_token(client: Client, page: str, task: Task):
    """Submit the task's status form as the browser would, with the page's CSRF token."""
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return client.post(
        f"/plans/{task.plan_id}/tasks/{task.pk}/status/",
        {"status": "done", "csrfmiddlewaretoken": token},
    )


def test_the_token_in_a_stored_page_is_accepted(world):
    client = signed_in(world.manager, enforce_csrf_checks=True)
    today = f"/plans/{world.plan.pk}/today/"
    warm(client, today)
    page = read(client, today)  # from the cache
    task = world.plan.tasks.first()
    assert mark_done_with_the_pages_token(client, page, task).status_code == 302
    task.refresh_from_db()
    assert task.status == "done"


def test_another_browser_of_the_same_user_gets_its_own_token(world):
    today = f"/plans/{world.plan.pk}/today/"
    laptop = signed_in(world.manager, enforce_csrf_checks=True)
    phone = signed_in(world.manager, enforce_csrf_checks=True)
    warm(laptop, today)
    page = warm(phone, today)  # never the laptop's page, with the laptop's token
    task = world.plan.tasks.first()
    assert mark_done_with_the_pages_token(phone, page, task).status_code == 302


def test_writes_move_the_revision_on_only_after_they_commit(world, committed):
    client = signed_in(world.manager)
    before = Plan.objects.get(pk=world.plan.pk).revision
    task = world.plan.tasks.first()
    with committed():
        client.post(f"/plans/{world.plan.pk}/tasks/{task.pk}/status/", {"status": "done"})
        assert Plan.objects.get(pk=world.plan.pk).revision == before  # not yet committed
    assert Plan.objects.get(pk=world.plan.pk).revision > before
    other = Plan.objects.get(pk=world.other_plan.pk).revision
    assert other == 0  # another plan's pages stay cached


def test_pages_render_when_the_cache_is_unreachable(world, monkeypatch, caplog):
    class Unreachable:
        """Every cache call fails, as with Redis stopped."""

        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("cache down")

            return fail

    client = signed_in(world.manager)
    today = f"/plans/{world.plan.pk}/today/"
    for _visit in range(3):  # kept in the page cache and as a returning visit
        read(client, today)
    monkeypatch.setattr("onboarding.page_cache.cache", Unreachable())
    assert "Day" in read(client, today)
    assert "Page cache unavailable" in caplog.text


def test_an_admin_edit_shows_at_once(world, committed):
    from stakeholders.models import Stakeholder
    from tests.factories import UserFactory

    person = Stakeholder.objects.create(plan=world.plan, name="Dana Old-Name")
    register = f"/plans/{world.plan.pk}/stakeholders/"
    manager = signed_in(world.manager)
    assert "Dana Old-Name" in warm(manager, register)

    operator = signed_in(UserFactory(username="operator", is_staff=True, is_superuser=True))
    change = f"/admin/stakeholders/stakeholder/{person.pk}/change/"
    form = {
        "plan": world.plan.pk,
        "name": "Dana New-Name",
        "kind": person.kind,
        "scope": person.scope,
        "relationship": person.relationship,
        "attitude": "",
        "_save": "Save",
    }
    with committed():
        response = operator.post(change, form)
    assert response.status_code == 302, response.content.decode()[:2000]

    page = read(manager, register)
    assert "Dana New-Name" in page
    assert "Dana Old-Name" not in page


# ---------------------------------------------------------------- Returning visits
#
# The third visit stores the whole answer (the first sets the CSRF cookie, the
# second the plan's stamp); from the fourth, onboarding.page_cache answers it
# without reading the session or the database.


def returning(client: Client, path: str) -> str:
    """Visit until the page is a stored returning visit; return the stored answer."""
    warm(client, path)
    return read(client, path)


def assert_sent_to_sign_in(response) -> None:
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_returning_visit_reads_nothing_from_the_database(world, django_assert_num_queries):
    client = signed_in(world.manager)
    today = f"/plans/{world.plan.pk}/today/"
    page = returning(client, today)
    with django_assert_num_queries(0):
        response = client.get(today)
    assert response.content.decode() == page
    # Answered before most middleware ran, it still carries the security headers.
    assert response["Content-Security-Policy"].startswith("default-src 'self'")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Content-Type"] == "text/html; charset=utf-8"


def test_signing_out_ends_returning_visits_at_once(world):
    browser = signed_in(world.manager)
    today = f"/plans/{world.plan.pk}/today/"
    returning(browser, today)
    kept_cookies = {name: morsel.value for name, morsel in browser.cookies.items()}
    browser.logout()

    replay = Client()  # someone holding a copy of the old cookies
    for name, value in kept_cookies.items():
        replay.cookies[name] = value
    assert_sent_to_sign_in(replay.get(today))


def test_a_member_removed_outside_the_app_is_turned_away_on_the_next_visit(world):
    member = signed_in(world.member)
    today = f"/plans/{world.plan.pk}/today/"
    returning(member, today)
    world.plan.memberships.get(user=world.member).delete()  # the admin, a shell
    assert member.get(today).status_code == 404


def test_a_new_role_shows_on_the_next_visit(world):
    executive = signed_in(world.executive)
    board = f"/plans/{world.plan.pk}/quick-wins/"
    assert "Propose a quick win" not in returning(executive, board)
    membership = world.plan.memberships.get(user=world.executive)
    membership.role = Role.MANAGER
    membership.save()
    assert "Propose a quick win" in read(executive, board)


def test_a_password_changed_in_another_browser_signs_this_one_out(world):
    laptop = signed_in(world.manager)
    today = f"/plans/{world.plan.pk}/today/"
    returning(laptop, today)
    world.manager.set_password("a new long passphrase")
    world.manager.save()
    assert_sent_to_sign_in(laptop.get(today))


def test_a_message_waiting_in_its_cookie_is_shown_on_a_returning_visit(world):
    client = signed_in(world.manager)
    timeline = f"/plans/{world.plan.pk}/timeline/"
    returning(client, timeline)
    storage = CookieStorage(HttpRequest())
    message = Message(constants.SUCCESS, "Imported 3 rows.")
    client.cookies[CookieStorage.cookie_name] = storage._encode([message])
    assert "Imported 3 rows." in read(client, timeline)


def test_each_browser_language_gets_its_own_returning_visit(world):
    client = signed_in(world.manager)  # no language in the profile: the browser's
    today = f"/plans/{world.plan.pk}/today/"
    russian = {"accept-language": "ru"}
    for _visit in range(4):
        page = client.get(today, headers=russian).content.decode()
    assert 'lang="ru"' in page
    persian = client.get(today, headers={"accept-language": "fa"}).content.decode()
    assert 'lang="fa"' in persian
    assert 'dir="rtl"' in persian
