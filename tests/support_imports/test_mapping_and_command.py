"""A file from a tool we do not know, remembered choices, the command, and large files."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook

from metrics.models import Measurement, PlanMetric, SupportDataset, SupportUpload
from metrics.tasks import resume_support_uploads
from onboarding.models import Membership, Role
from tests.factories import UserFactory
from tests.support_imports.helpers import upload_file, zendesk_csv, zendesk_row

pytestmark = pytest.mark.django_db

OWN_FORMAT = (
    b"Ref;Opened;Answered after (h);Customer\r\n"
    b"A-1;2026-03-02 09:00;2;x@example.com\r\n"
    b"A-2;2026-03-03 09:00;4;y@example.com\r\n"
)
MAPPING = {
    "kind": "tickets",
    "col_id": "Ref",
    "col_created": "Opened",
    "col_first_reply": "Answered after (h)",
    "unit_first_reply": "hours",
    "col_requester": "Customer",
}


def _base(plan) -> str:
    return f"/plans/{plan.pk}/metrics/support-imports/"


def _upload(client, plan, content: bytes):
    response = client.post(_base(plan) + "upload/", {"file": upload_file(content)})
    assert response.status_code == 302
    return SupportUpload.objects.latest("pk"), client.get(response["Location"])


def test_unknown_tool_asks_for_the_columns_then_imports(world, client_for):
    client = client_for(world.manager)
    upload, page = _upload(client, world.plan, OWN_FORMAT)
    assert "Which column holds what?" in page.content.decode()
    incomplete = client.post(_base(world.plan) + f"{upload.pk}/mapping/", {"kind": "tickets"})
    assert incomplete.status_code == 422
    assert "Choose the column for" in incomplete.content.decode()

    response = client.post(_base(world.plan) + f"{upload.pk}/mapping/", MAPPING, follow=True)
    preview = response.content.decode()
    assert "recognised as a file mapped by you" in preview
    assert "Answered after (h)" in preview
    client.post(_base(world.plan) + f"{upload.pk}/confirm/")
    values = Measurement.objects.filter(metric__plan=world.plan, metric__key="frt_median")
    assert list(values.values_list("period_start", "value")) == [(dt.date(2026, 3, 2), 3.0)]


def test_the_mapping_is_remembered_for_the_next_file_of_that_shape(world, client_for):
    client = client_for(world.manager)
    upload, _page = _upload(client, world.plan, OWN_FORMAT)
    client.post(_base(world.plan) + f"{upload.pk}/mapping/", MAPPING)
    client.post(_base(world.plan) + f"{upload.pk}/confirm/")
    _next, page = _upload(client, world.plan, OWN_FORMAT.replace(b"A-2", b"A-3"))
    text = page.content.decode()
    assert "Which column holds what?" not in text
    assert "recognised as a file mapped by you" in text


def test_time_zone_and_business_hours_are_corrected_and_remembered(world, client_for):
    client = client_for(world.manager)
    content = zendesk_csv(zendesk_row(1, "2026-03-08 23:30:00", 60))  # Sunday night in UTC
    upload, _page = _upload(client, world.plan, content)
    response = client.post(
        _base(world.plan) + f"{upload.pk}/settings/",
        {"zone": "America/New_York", "basis": "calendar"},
        follow=True,
    )
    assert "Dates without a time zone are read in America/New_York." in response.content.decode()
    bad = client.post(_base(world.plan) + f"{upload.pk}/settings/", {"zone": "Mars/Base"})
    assert bad.status_code == 422
    client.post(_base(world.plan) + f"{upload.pk}/confirm/")
    dataset = SupportDataset.objects.get(plan=world.plan, tool="zendesk")
    assert dataset.mapping["zone"] == "America/New_York"
    _next, page = _upload(client, world.plan, content)
    assert "read in America/New_York" in page.content.decode()


def test_command_imports_and_reports_each_kpi(world, tmp_path, capsys):
    path = tmp_path / "zendesk.csv"
    path.write_bytes(
        zendesk_csv(
            zendesk_row(1, "2026-02-09 09:00:00", 60), zendesk_row(2, "2026-03-02 09:00:00", 30)
        )
    )
    call_command("import_support_data", "--plan", str(world.plan.pk), str(path))
    out = capsys.readouterr().out
    assert "zendesk.csv: zendesk, 2 rows used" in out
    assert "First response time, median: 2 week(s) added, 0 changed, latest 0.50" in out
    assert PlanMetric.objects.get(plan=world.plan, key="frt_median").baseline == 1.0

    path.write_bytes(zendesk_csv(zendesk_row(3, "2026-03-03 09:00:00", 90)))
    call_command("import_support_data", "--plan", str(world.plan.pk), str(path))
    out = capsys.readouterr().out
    assert "First response time, median: 0 week(s) added, 1 changed, latest 1.00" in out
    assert "2026-03-02: 0.50 -> 1.00" in out


def test_command_stores_nothing_when_a_file_has_bad_rows(world, tmp_path):
    good = tmp_path / "good.csv"
    good.write_bytes(zendesk_csv(zendesk_row(1, "2026-03-02 09:00:00", 60)))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(
        zendesk_csv(zendesk_row(2, "2026-03-02 09:00:00", 60), zendesk_row(3, "yesterday", 60))
    )
    with pytest.raises(CommandError) as refused:
        call_command("import_support_data", "--plan", str(world.plan.pk), str(good), str(bad))
    assert "Line 3:" in str(refused.value)
    assert not Measurement.objects.filter(metric__plan=world.plan).exists()
    assert not SupportUpload.objects.filter(plan=world.plan).exists()


def test_a_refused_file_is_said_so_and_nothing_kept(world, client_for):
    client = client_for(world.manager)
    response = client.post(
        _base(world.plan) + "upload/", {"file": upload_file(b"Id,Created\x00at\r\n1,2\r\n")}
    )
    assert response.status_code == 422
    assert not SupportUpload.objects.exists()


def test_large_file_is_imported_in_the_background_with_progress(
    world, client_for, settings, django_capture_on_commit_callbacks
):
    settings.SUPPORT_IMPORT_BACKGROUND_BYTES = 10
    client = client_for(world.manager)
    upload, _page = _upload(client, world.plan, zendesk_csv(zendesk_row(1, "2026-03-02 09:00", 60)))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(_base(world.plan) + f"{upload.pk}/confirm/")
    assert len(callbacks) == 1  # the task is enqueued after the commit
    waiting = client.get(_base(world.plan) + f"{upload.pk}/")
    page = waiting.content.decode()
    assert "<progress" in page
    assert 'data-hx-trigger="every 2s"' in page
    callbacks[0]()  # the worker (eager here) runs the task
    fragment = client.get(_base(world.plan) + f"{upload.pk}/", headers={"HX-Request": "true"})
    text = fragment.content.decode()
    assert "<html" not in text
    assert "every 2s" not in text  # done: the fragment stops polling
    assert "1 week added" in text
    listed = client.get(f"/plans/{world.plan.pk}/metrics/").content.decode()
    assert "Past helpdesk imports" in listed
    assert "imported" in listed
    # Who uploaded it, by name as everywhere else (not the sign-in name).
    assert f"(<bdi>{world.manager.get_full_name()}</bdi>)" in listed


def test_a_known_tools_columns_can_be_corrected_keeping_its_units(world, client_for):
    client = client_for(world.manager)
    upload, _page = _upload(client, world.plan, zendesk_csv(zendesk_row(1, "2026-03-02 09:00", 90)))
    form = client.get(_base(world.plan) + f"{upload.pk}/mapping/").content.decode()
    assert '<option value="minutes" selected>' in form  # Zendesk's durations are minutes
    data = {
        "kind": "tickets",
        "col_id": "Id",
        "col_created": "Created at",
        "col_first_reply": "First reply time in minutes",
        "unit_first_reply": "minutes",
    }
    client.post(_base(world.plan) + f"{upload.pk}/mapping/", data)
    client.post(_base(world.plan) + f"{upload.pk}/confirm/")
    frt = Measurement.objects.get(metric__plan=world.plan, metric__key="frt_median")
    assert frt.value == 1.5


def test_a_preview_is_only_for_the_one_who_uploaded_it(world, client_for):
    second = UserFactory(username="second")
    Membership.objects.create(plan=world.plan, user=second, role=Role.MANAGER)
    upload, _page = _upload(client_for(world.manager), world.plan, OWN_FORMAT)
    assert client_for(second).get(_base(world.plan) + f"{upload.pk}/").status_code == 404


def test_zammad_xlsx_in_business_hours(world, client_for):
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Number", "Created At", "First Response In Min", "Close In Min",
                  "Create Channel", "First Response Diff In Min", "Close Diff In Min"])  # fmt: skip
    sheet.append(["31001", dt.datetime(2026, 3, 2, 9), 45, 300, "email", 15, -20])
    sheet.append(["31002", dt.datetime(2026, 3, 3, 9), 75, 100, "phone", -15, 20])
    buffer = io.BytesIO()
    book.save(buffer)
    client = client_for(world.manager)
    response = client.post(
        _base(world.plan) + "upload/", {"file": upload_file(buffer.getvalue(), "zammad.xlsx")}
    )
    upload = SupportUpload.objects.latest("pk")
    page = client.get(response["Location"]).content.decode()
    assert "recognised as Zammad" in page
    assert 'id="kpi-frt_median"' not in page  # business minutes only: not in calendar time
    assert "This file has durations in business hours" in page
    client.post(_base(world.plan) + f"{upload.pk}/settings/", {"zone": "UTC", "basis": "business"})
    client.post(_base(world.plan) + f"{upload.pk}/confirm/")
    frt = Measurement.objects.get(metric__plan=world.plan, metric__key="frt_median")
    assert frt.value == 1.0
    sla = Measurement.objects.get(metric__plan=world.plan, metric__key="sla")
    assert sla.value == 0  # each ticket breached one of its two targets


def test_an_import_whose_task_was_lost_is_resumed_by_the_periodic_job(world):
    content = zendesk_csv(zendesk_row(1, "2026-03-02 09:00", 60))
    lost = SupportUpload.objects.create(
        plan=world.plan, uploaded_by=world.manager, filename="lost.csv", size=len(content),
        content=content, tool="zendesk", status=SupportUpload.Status.QUEUED,
        confirmed_at=timezone.now() - dt.timedelta(minutes=20),
    )  # fmt: skip
    recent = SupportUpload.objects.create(
        plan=world.plan, uploaded_by=world.manager, filename="recent.csv", size=len(content),
        content=content, tool="zendesk", status=SupportUpload.Status.QUEUED,
        confirmed_at=timezone.now(),
    )  # fmt: skip
    assert resume_support_uploads() == 1
    lost.refresh_from_db()
    recent.refresh_from_db()
    assert lost.status == SupportUpload.Status.DONE
    assert recent.status == SupportUpload.Status.QUEUED  # its task may still be on its way
