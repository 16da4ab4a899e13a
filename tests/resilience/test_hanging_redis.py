"""A Redis that accepts connections but never answers must not hold the app."""

from __future__ import annotations

import json
import time

import pytest
from django.db import connection

from tests.factories import make_world
from tests.resilience.test_database_restart import _session_cookie, _wait_until_alone
from tests.support import Blackhole, WebServer

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_pages_and_writes_answer_promptly_and_readiness_names_the_hung_parts():
    world = make_world()
    db = connection.settings_dict
    hole = Blackhole()
    server = WebServer(
        database_url=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        extra_env={"REDIS_URL": hole.url},
    )
    cookie = _session_cookie(world.manager)
    task = world.plan.tasks.order_by("pk").first()
    assert task is not None
    try:
        started = time.monotonic()
        status, body = server.get(f"/plans/{world.plan.pk}/today/", cookie)
        page_seconds = time.monotonic() - started
        assert (status == 200 and "of 100" in body) or "behind you" in body
        # Pages never wait for Redis (it took 2 to 8 seconds when they did).
        assert page_seconds < 1.5

        started = time.monotonic()
        status, _body = server.post(
            f"/plans/{world.plan.pk}/tasks/{task.pk}/status/",
            {"status": "done", "version": str(task.version)},
            cookie,
        )
        write_seconds = time.monotonic() - started
        assert status == 302  # the write committed; the dashboard refresh waits for Redis
        assert write_seconds < 4
        task.refresh_from_db()
        assert task.status == "done"

        status, body = server.get("/readyz")
        parts = json.loads(body)["parts"]
        assert status == 503
        assert parts["database"]["ok"] is True
        assert parts["cache"]["ok"] is False and parts["broker"]["ok"] is False
    finally:
        server.stop()
        hole.close()
        _wait_until_alone()


def test_readiness_is_ok_when_every_part_answers(client, settings):
    if not settings.REDIS_URL:
        pytest.skip("needs Redis")
    response = client.get("/readyz")
    assert response.status_code == 200
    assert {name for name, part in response.json()["parts"].items() if part["ok"]} == {
        "database",
        "cache",
        "broker",
    }
