"""A large upload imported by a real Celery worker through Redis (CI runs this)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from config.celery_app import app as celery_app
from metrics.models import Measurement, SupportUpload
from metrics.support_imports.services import support_upload_confirm
from metrics.tasks import run_support_upload
from onboarding.core.enqueue import enqueue_on_commit
from tests.factories import make_world
from tests.support import Worker, wait_for
from tests.support_imports.helpers import upload_file, zendesk_csv, zendesk_row

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker(settings):
    celery_app.conf.update(task_always_eager=False, broker_url=settings.REDIS_URL)
    celery_app.control.purge()
    yield
    celery_app.control.purge()
    celery_app.conf.update(task_always_eager=True)


def test_a_large_upload_is_imported_by_the_worker(broker, settings, tmp_path):
    settings.SUPPORT_IMPORT_BACKGROUND_BYTES = 10
    world = make_world()
    content = zendesk_csv(
        *(zendesk_row(i, f"2026-03-0{2 + i % 5} 09:00:00", 60) for i in range(40))
    )
    upload = SupportUpload.objects.create(
        plan=world.plan, uploaded_by=world.manager, filename="big.csv", size=len(content),
        content=content, tool="zendesk",
    )  # fmt: skip
    worker = Worker(database_name=connection.settings_dict["NAME"], mail_dir=tmp_path)
    try:
        with transaction.atomic():
            assert support_upload_confirm(upload=upload, replace_manual=False) is True
            enqueue_on_commit(run_support_upload, upload.pk)
        assert SupportUpload.objects.get(pk=upload.pk).status == SupportUpload.Status.QUEUED
        done = wait_for(
            lambda: SupportUpload.objects.filter(pk=upload.pk, status="done").first(),
            message="the worker to import the file",
        )
    finally:
        worker.stop()
    assert done.progress == 100
    tickets = Measurement.objects.get(metric__plan=world.plan, metric__key="tickets")
    assert tickets.value == 40


def test_a_large_uploads_preview_is_read_by_the_worker(broker, settings, tmp_path, client):
    settings.SUPPORT_IMPORT_BACKGROUND_BYTES = 10
    world = make_world()
    content = zendesk_csv(
        *(zendesk_row(i, f"2026-03-0{2 + i % 5} 09:00:00", 60) for i in range(40))
    )
    client.force_login(world.manager)
    base = f"/plans/{world.plan.pk}/metrics/support-imports/"
    client.post(base + "upload/", {"file": upload_file(content)})
    upload = SupportUpload.objects.latest("pk")
    worker = Worker(database_name=connection.settings_dict["NAME"], mail_dir=tmp_path)
    try:
        page = client.get(base + f"{upload.pk}/").content.decode()
        assert "Reading the file…" in page  # the worker has it; the page polls
        refreshed = wait_for(
            lambda: (
                "HX-Refresh" in client.get(base + f"{upload.pk}/", headers={"HX-Request": "true"})
            ),
            message="the worker to read the file",
        )
    finally:
        worker.stop()
    assert refreshed
    preview = client.get(base + f"{upload.pk}/").content.decode()
    assert "40 rows of 40 used." in preview
    assert "Save these values" in preview
