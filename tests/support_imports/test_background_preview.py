"""A large file's preview is read once, in the background, behind a progress bar.

Tasks run in-process here (as under `make run`); `test_celery_worker.py` has the
same with a real worker and broker.
"""

from __future__ import annotations

import io
import re

import pytest
from django.core.cache import cache as django_cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import Workbook

from metrics.models import Measurement, PlanMetric, SupportUpload
from metrics.support_imports import selectors, services, views
from tests.support_imports.helpers import (
    ZENDESK_HEADER,
    typeform_csv,
    upload_file,
    zendesk_csv,
    zendesk_row,
)

pytestmark = pytest.mark.django_db

CONTENT = zendesk_csv(*(zendesk_row(i, f"2026-03-0{2 + i % 5} 09:00:00", 60) for i in range(1, 41)))


@pytest.fixture
def large(settings):
    """Every file counts as large."""
    settings.SUPPORT_IMPORT_BACKGROUND_BYTES = 10


def _base(plan) -> str:
    return f"/plans/{plan.pk}/metrics/support-imports/"


def _uploaded(client, plan) -> SupportUpload:
    response = client.post(_base(plan) + "upload/", {"file": upload_file(CONTENT)})
    assert response.status_code == 302
    return SupportUpload.objects.latest("pk")


def _key(upload: SupportUpload) -> str:
    upload.refresh_from_db()
    return selectors.preview_key(upload, upload.plan)


def test_while_a_worker_reads_the_file_the_page_shows_how_far_it_is(
    large, world, client_for, django_assert_num_queries
):
    client = client_for(world.manager)
    upload = _uploaded(client, world.plan)
    key = _key(upload)
    assert selectors.mark_reading(key)  # a worker has started on it...
    selectors.report_reading(key, 40)  # ...and read 40% of the rows

    # savepoint pair, session, user, membership, upload (without its file), stored datasets
    with django_assert_num_queries(7):
        page = client.get(_base(world.plan) + f"{upload.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Reading the file…" in html
    assert 'value="40"' in html
    assert 'data-hx-trigger="every 2s"' in html
    assert "Save these values" not in html  # nothing to confirm yet

    poll = client.get(_base(world.plan) + f"{upload.pk}/", headers={"HX-Request": "true"})
    assert poll.content.decode().lstrip().startswith('<div id="preview-status"')
    assert "<html" not in poll.content.decode()

    services.support_upload_read_preview(upload_id=upload.pk)  # the worker finishes
    assert selectors.reading_progress(key) is None
    poll = client.get(_base(world.plan) + f"{upload.pk}/", headers={"HX-Request": "true"})
    assert poll.headers["HX-Refresh"] == "true"  # htmx loads the whole preview
    preview = client.get(_base(world.plan) + f"{upload.pk}/").content.decode()
    assert "40 rows of 40 used." in preview
    assert "Save these values" in preview


def test_a_large_file_is_read_once_for_every_view_and_settings_change(
    large, world, client_for, monkeypatch
):
    client = client_for(world.manager)
    upload = _uploaded(client, world.plan)
    reads = []
    real = selectors.compute_upload

    def counting(*args, **kwargs):
        reads.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "compute_upload", counting)  # the task's reading
    base = _base(world.plan) + f"{upload.pk}/"
    first = client.get(base)  # no broker here: the task ran in-process, it is ready
    assert "40 rows of 40 used." in first.content.decode()
    assert "40 rows of 40 used." in client.get(base).content.decode()
    assert len(reads) == 1

    changed = client.post(base + "settings/", {"zone": "Asia/Tehran", "basis": "calendar"})
    assert changed.status_code == 302
    client.get(base)  # new options: read again, once
    assert "Asia/Tehran" in client.get(base).content.decode()
    assert len(reads) == 2


def test_a_settings_change_hours_later_has_a_worker_read_the_large_file_again(
    large, world, client_for, monkeypatch
):
    """The preview is remembered for hours; a change after that used to read a large
    file in the request (seconds, near the server's timeout for 50 MB)."""
    client = client_for(world.manager)
    upload = _uploaded(client, world.plan)
    base = _base(world.plan) + f"{upload.pk}/"
    assert "40 rows of 40 used." in client.get(base).content.decode()
    django_cache.delete(_key(upload))  # hours later: no longer remembered
    started, reads = [], []
    monkeypatch.setattr(
        views.read_support_preview, "apply_async", lambda **kwargs: started.append(kwargs)
    )
    monkeypatch.setattr(views, "compute_upload", lambda *args, **kwargs: reads.append(args))

    changed = client.post(base + "settings/", {"zone": "Asia/Tehran", "basis": "calendar"})

    assert changed.status_code == 302 and changed["Location"] == base
    assert started and not reads  # a worker reads it; the request did not
    upload.refresh_from_db()
    assert "zone" not in upload.options  # not saved against a preview nobody saw
    page = client.get(base).content.decode()
    assert "your changes were not saved. Make them again once it is back." in page
    assert "Reading the file…" in page


def test_a_value_typed_after_the_preview_was_read_shows_as_kept(world, client_for):
    client = client_for(world.manager)
    upload = _uploaded(client, world.plan)
    base = _base(world.plan) + f"{upload.pk}/"
    assert "new week" in client.get(base).content.decode()
    metric = PlanMetric.objects.create(plan=world.plan, key="tickets")
    Measurement.objects.create(
        metric=metric, period_start="2026-03-02", value=12, origin=Measurement.Origin.MANUAL
    )
    again = client.get(base).content.decode()  # the file is not read again...
    assert "entered by hand: kept unless you choose to replace it" in again  # ...the plan is


def test_a_file_that_breaks_the_reader_says_so_in_the_readers_language(
    large, world, client_for, monkeypatch
):
    world.manager.language = "fa"
    world.manager.save(update_fields=["language"])
    client = client_for(world.manager)
    upload = _uploaded(client, world.plan)

    def broken(*args, **kwargs):
        raise ValueError("a bug in a reader")

    monkeypatch.setattr(services, "compute_upload", broken)
    page = client.get(_base(world.plan) + f"{upload.pk}/").content.decode()
    with translation.override("fa"):
        message = translation.gettext(
            "The file could not be read because of an error. Upload it again."
        )
    assert message != "The file could not be read because of an error. Upload it again."
    assert message in page
    # Remembered: the page does not start reading it again and again.
    assert message in client.get(_base(world.plan) + f"{upload.pk}/").content.decode()


def test_without_a_working_cache_the_file_is_read_in_the_request(
    large, world, client_for, monkeypatch
):
    client = client_for(world.manager)
    upload = _uploaded(client, world.plan)

    class Down:
        def get(self, *args, **kwargs):
            raise ConnectionError("cache down")

        set = add = delete = get

    monkeypatch.setattr(selectors, "cache", Down())
    page = client.get(_base(world.plan) + f"{upload.pk}/")
    assert page.status_code == 200
    assert "40 rows of 40 used." in page.content.decode()


def test_reading_a_large_csv_reports_how_far_it_is(world):
    rows = [zendesk_row(i, "2026-03-02 09:00:00", 60) for i in range(1, 12_001)]
    heard: list[int] = []
    selectors.compute_upload(world.plan, zendesk_csv(*rows), {}, progress=heard.append)
    # After rows 5,000 and 10,000 (lines 5,001 and 10,001 of 12,001): the share read,
    # scaled to 90% (the rest is comparing with the plan).
    assert heard == [90 * 5_001 // 12_001, 90 * 10_001 // 12_001] == [37, 75]


def _workbook(lines: list[str]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in lines:
        sheet.append(line.split(","))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_reading_a_large_workbook_or_survey_reports_how_far_it_is(world):
    """Not only CSV ticket exports: an XLSX (its declared size) and a survey export too
    (their bar showed only the moving band)."""
    rows = [zendesk_row(i, "2026-03-02 09:00:00", 60) for i in range(1, 12_001)]
    workbook = _workbook([ZENDESK_HEADER, *rows])
    survey = typeform_csv(*(("2026-03-02 09:00:00", i % 11) for i in range(12_000)))
    for content in (workbook, survey):
        heard: list[int] = []
        selectors.compute_upload(world.plan, content, {}, progress=heard.append)
        # Rows 5,000 and 10,000 are on lines 5,001 and 10,001 of 12,001.
        assert heard == [37, 75]


def test_a_large_import_moves_its_progress_bar_while_the_file_is_read(world):
    rows = [zendesk_row(i, "2026-03-02 09:00:00", 60) for i in range(1, 12_001)]
    content = zendesk_csv(*rows)
    upload = SupportUpload.objects.create(
        plan=world.plan, uploaded_by=world.manager, filename="big.csv", size=len(content),
        content=content, tool="zendesk", status=SupportUpload.Status.QUEUED,
    )  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        services.support_upload_run(upload_id=upload.pk)
    table = SupportUpload._meta.db_table
    shown = [
        int(found.group(1))
        for query in queries.captured_queries
        if query["sql"].startswith(f'UPDATE "{table}"')
        and (found := re.search(r'"progress" = (\d+)', query["sql"]))
    ]
    # 10% when it starts, then with the rows read (37% and 75% of the file: 30%, 51%),
    # 60% once read, 100% when stored.
    assert shown == [10, 30, 51, 60, 100]
