"""PostgreSQL goes away under a running app, then comes back."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from tests.factories import make_world
from tests.support import FlakyProxy, WebServer

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _session_cookie(user) -> str:
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def test_requests_fail_cleanly_while_the_database_is_down_and_recover_by_themselves():
    world = make_world()
    db = connection.settings_dict
    proxy = FlakyProxy(int(db["PORT"] or 5432), host=db["HOST"] or "127.0.0.1")
    server = WebServer(database_url=f"postgres://{db['USER']}@127.0.0.1:{proxy.port}/{db['NAME']}")
    cookie = _session_cookie(world.manager)
    today = f"/plans/{world.plan.pk}/today/"
    try:
        status, body = server.get(today, cookie)
        assert status == 200
        assert "of 100" in body or "behind you" in body  # the Today page, signed in

        proxy.cut()  # the database restarts: connections die, new ones are refused
        status, body = server.get(today, cookie)
        assert status == 503
        assert "Back in a moment" in body
        assert "Traceback" not in body
        assert server.get("/healthz")[0] == 503

        proxy.restore()  # the database is back; the app was not restarted
        status, body = server.get(today, cookie)
        assert status == 200
        assert "of 100" in body or "behind you" in body
        assert server.get("/healthz") == (200, '{"status": "ok"}')
    finally:
        server.stop()
        proxy.cut()
        _wait_until_alone()


def _wait_until_alone() -> None:
    """Drop what is left of the app's connections so the test database can go."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
