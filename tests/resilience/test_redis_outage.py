"""Redis (the broker and the cache) stops, then comes back."""

from __future__ import annotations

import logging
import shutil
import subprocess

import pytest
from django.db import connection

from config.celery_app import app as celery_app
from metrics.models import DashboardSnapshot, Digest
from metrics.tasks import refresh_all_dashboards, send_due_digests
from tests.factories import make_world
from tests.metrics.test_celery_worker import _due_now
from tests.support import Worker, delivered, free_port, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


class RedisServer:
    """A throwaway redis-server of our own, so stopping it disturbs nobody."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        wait_for(lambda: _pings(redis.Redis.from_url(self.url)), timeout=10, message="redis-server")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


def _pings(client) -> bool:
    try:
        return client.ping()
    except Exception:
        return False


@pytest.fixture
def own_redis(settings):
    if not (shutil.which("redis-server") or __import__("os").path.exists("/usr/bin/redis-server")):
        pytest.skip("needs the redis-server binary")
    server = RedisServer()
    server.start()
    settings.REDIS_URL = server.url
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    celery_app.conf.update(task_always_eager=False, broker_url=server.url)
    _fresh_broker_connections()
    yield server
    server.stop()
    celery_app.conf.update(task_always_eager=True, broker_url=settings.CELERY_BROKER_URL)
    _fresh_broker_connections()


def _fresh_broker_connections() -> None:
    """Drop pooled connections to the old broker URL (Celery keeps them)."""
    from kombu import pools

    pools.reset()
    celery_app._pool = None  # type: ignore[attr-defined]
    celery_app.amqp._producer_pool = None  # type: ignore[attr-defined]


def test_pages_and_writes_survive_redis_down_and_the_jobs_catch_up(
    client, own_redis, tmp_path, caplog
):
    world = make_world()
    _due_now(world.plan)
    own_redis.stop()  # Redis goes down

    client.force_login(world.manager)
    for page in ("today", "timeline", "dashboard", "metrics", "members"):
        assert client.get(f"/plans/{world.plan.pk}/{page}/").status_code == 200, page
    task = world.plan.tasks.first()
    assert task is not None
    with caplog.at_level(logging.ERROR):
        response = client.post(
            f"/plans/{world.plan.pk}/tasks/{task.pk}/status/",
            {"status": "done", "version": task.version},
        )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "done"  # the write committed
    assert "Could not enqueue a dashboard refresh" in caplog.text
    client.logout()
    signed_in = client.post(
        "/accounts/login/", {"username": "manager", "password": "correct horse battery staple"}
    )
    assert signed_in.status_code == 302  # sign-in works without the cache

    own_redis.start()  # Redis is back
    worker = Worker(database_name=connection.settings_dict["NAME"], mail_dir=tmp_path)
    try:
        send_due_digests.delay()
        refresh_all_dashboards.delay()
        wait_for(
            lambda: DashboardSnapshot.objects.filter(
                plan=world.plan, data__tasks__settled=1
            ).exists(),
            message="the periodic refresh to catch up",
        )
        wait_for(
            lambda: Digest.objects.filter(status=Digest.Status.SENT).count() == 4,
            message="every digest to be sent",
        )
        send_due_digests.delay()  # running the job again sends nothing twice
        wait_for(lambda: len(delivered(tmp_path)) == 4, message="four deliveries")
        assert set(delivered(tmp_path).values()) == {1}
    finally:
        worker.stop()
