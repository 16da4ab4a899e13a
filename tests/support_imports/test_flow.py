"""Upload a helpdesk or survey export, check the preview, confirm, and read the result."""

from __future__ import annotations

import datetime as dt

import pytest

from metrics.models import Measurement, PlanMetric, SupportTicket, SupportUpload
from tests.support_imports.helpers import typeform_csv, upload_file, zendesk_csv, zendesk_row

pytestmark = pytest.mark.django_db

# The plan starts on Sunday 1 March 2026: its day-0 week is the one of Monday 23 February.
FEB_09 = dt.date(2026, 2, 9)
FEB_16 = dt.date(2026, 2, 16)
MAR_02 = dt.date(2026, 3, 2)


def _upload(client, plan, content: bytes, name: str = "export.csv"):
    response = client.post(
        f"/plans/{plan.pk}/metrics/support-imports/upload/", {"file": upload_file(content, name)}
    )
    assert response.status_code == 302, response.content[:500]
    upload = SupportUpload.objects.latest("pk")
    return upload, client.get(response["Location"])


def _confirm(client, plan, upload, **data):
    response = client.post(
        f"/plans/{plan.pk}/metrics/support-imports/{upload.pk}/confirm/", data, follow=True
    )
    assert response.status_code == 200
    return response


def _values(plan, key: str) -> dict[dt.date, float]:
    return dict(
        Measurement.objects.filter(metric__plan=plan, metric__key=key).values_list(
            "period_start", "value"
        )
    )


ZENDESK = zendesk_csv(
    zendesk_row(1, "2026-02-09 09:00:00", 60),
    zendesk_row(2, "2026-02-10 09:00:00", 180, email="ben@example.com"),
    zendesk_row(3, "2026-02-16 09:00:00", 120),
    zendesk_row(4, "2026-03-02 09:00:00", 30),
)


def test_zendesk_export_previews_then_stores_weeks_and_baseline(world, client_for):
    client = client_for(world.manager)
    upload, preview = _upload(client, world.plan, ZENDESK)
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Zendesk" in page
    assert "First reply time in minutes" in page
    assert "First response time, median" in page
    assert "Zendesk CX Trends" in page  # the benchmark, with its source and year
    assert "2020" in page
    assert not Measurement.objects.filter(metric__plan=world.plan).exists()  # nothing saved yet

    result = _confirm(client, world.plan, upload)
    text = result.content.decode()
    assert "weeks added" in text
    assert _values(world.plan, "frt_median") == {FEB_09: 2.0, FEB_16: 2.0, MAR_02: 0.5}
    assert _values(world.plan, "tickets") == {FEB_09: 2, FEB_16: 1, MAR_02: 1}
    frt = PlanMetric.objects.get(plan=world.plan, key="frt_median")
    assert frt.baseline == 2.0  # median of the two weeks before day 0, not the week after
    assert SupportTicket.objects.filter(dataset__plan=world.plan).count() == 4
    upload.refresh_from_db()
    assert upload.status == SupportUpload.Status.DONE
    assert upload.content == b""  # the file is not kept once imported


def test_survey_export_stores_nps(world, client_for):
    client = client_for(world.manager)
    content = typeform_csv(
        ("2026-02-10 10:00:00", 10),
        ("2026-02-11 10:00:00", 9),
        ("2026-02-12 10:00:00", 3),
        ("2026-03-03 10:00:00", 10),
    )
    upload, preview = _upload(client, world.plan, content)
    page = preview.content.decode()
    assert "Typeform" in page
    assert "<bdi>How likely are you to recommend us to a friend?</bdi>" in page  # the score
    assert "Net Promoter Score (NPS)" in page
    _confirm(client, world.plan, upload)
    nps = _values(world.plan, "nps")
    assert nps[FEB_09] == pytest.approx(100 * (2 - 1) / 3)
    assert nps[MAR_02] == 100
    assert PlanMetric.objects.get(plan=world.plan, key="nps").baseline == pytest.approx(100 / 3)


def test_the_same_file_twice_doubles_nothing(world, client_for):
    client = client_for(world.manager)
    upload, _page = _upload(client, world.plan, ZENDESK)
    _confirm(client, world.plan, upload)
    before = _values(world.plan, "tickets")
    again, preview = _upload(client, world.plan, ZENDESK)
    assert "no change" in preview.content.decode()
    result = _confirm(client, world.plan, again)
    assert "No change: every week already had these values." in result.content.decode()
    assert _values(world.plan, "tickets") == before
    assert SupportTicket.objects.filter(dataset__plan=world.plan).count() == 4


def test_next_months_overlapping_export_adds_and_changes_weeks(world, client_for):
    client = client_for(world.manager)
    upload, _page = _upload(client, world.plan, ZENDESK)
    _confirm(client, world.plan, upload)
    overlapping = zendesk_csv(
        zendesk_row(4, "2026-03-02 09:00:00", 30),  # the same ticket again: not counted twice
        zendesk_row(5, "2026-03-03 09:00:00", 90),  # a new ticket in a stored week
        zendesk_row(6, "2026-03-09 09:00:00", 60),  # a new week
    )
    again, preview = _upload(client, world.plan, overlapping)
    assert "0.5 → 1" in preview.content.decode()
    text = _confirm(client, world.plan, again).content.decode()
    assert "1 week added" in text
    assert "1 week changed" in text
    assert _values(world.plan, "tickets")[MAR_02] == 2
    assert _values(world.plan, "tickets")[dt.date(2026, 3, 9)] == 1
    assert _values(world.plan, "frt_median")[MAR_02] == pytest.approx(1.0)


def test_row_errors_are_listed_by_line_and_nothing_is_saved(world, client_for):
    client = client_for(world.manager)
    content = zendesk_csv(
        zendesk_row(1, "2026-02-09 09:00:00", 60),
        zendesk_row(2, "not a date", 60),
    )
    _upload_row, preview = _upload(client, world.plan, content)
    page = preview.content.decode()
    assert "1 row skipped" in page
    assert "Line 3:" in page
    assert not Measurement.objects.filter(metric__plan=world.plan).exists()


@pytest.mark.parametrize("created", ["9999-12-31 23:00:00", "0001-01-01 00:00:00"])
def test_a_ticket_dated_at_the_calendar_edge_is_a_skipped_row(world, client_for, created):
    client = client_for(world.manager)
    content = zendesk_csv(zendesk_row(1, "2026-02-09 09:00:00", 60), zendesk_row(2, created, 60))
    _upload_row, preview = _upload(client, world.plan, content)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "1 row skipped" in page and "Line 3:" in page and "years from today" in page


def test_an_absurd_duration_is_a_skipped_row_and_the_rest_is_imported(world, client_for):
    """6e301 minutes passed every check up to the database's, whose refusal was a 500 on
    confirm; the row is now skipped with its reason, like any unreadable value."""
    client = client_for(world.manager)
    content = zendesk_csv(
        zendesk_row(1, "2026-02-09 09:00:00", 60),
        zendesk_row(2, "2026-02-10 09:00:00", "6e301"),
        zendesk_row(3, "2026-02-11 09:00:00", "6e301"),
    )
    upload, preview = _upload(client, world.plan, content)
    page = preview.content.decode()
    assert "2 rows skipped" in page and "too large to be a real figure" in page
    _confirm(client, world.plan, upload)
    assert _values(world.plan, "frt_median") == {dt.date(2026, 2, 9): 1.0}


def test_a_value_entered_by_hand_is_kept_and_said_so(world, client_for):
    client = client_for(world.manager)
    metric = PlanMetric.objects.create(plan=world.plan, key="frt_median")
    Measurement.objects.create(metric=metric, period_start=MAR_02, value=7)
    upload, preview = _upload(client, world.plan, ZENDESK)
    assert "7 entered by hand: kept unless you choose to replace it" in preview.content.decode()
    text = _confirm(client, world.plan, upload).content.decode()
    assert "kept the value you entered by hand" in text
    assert _values(world.plan, "frt_median")[MAR_02] == 7

    again, _page = _upload(client, world.plan, ZENDESK)
    _confirm(client, world.plan, again, replace_manual="on")
    assert _values(world.plan, "frt_median")[MAR_02] == 0.5


def test_only_the_manager_sees_the_upload_and_past_imports(world, client_for):
    client = client_for(world.manager)
    upload, _page = _upload(client, world.plan, ZENDESK)
    _confirm(client, world.plan, upload)
    for user in (world.executive, world.member):
        page = client_for(user).get(f"/plans/{world.plan.pk}/metrics/").content.decode()
        assert "Past helpdesk imports" not in page
        assert "export.csv" not in page
        assert "Import a helpdesk or survey export" not in page
    manager_page = client_for(world.manager).get(f"/plans/{world.plan.pk}/metrics/")
    assert "export.csv" in manager_page.content.decode()


def test_persian_preview_and_result_read_in_persian_digits(world, client_for):
    world.manager.language = "fa"
    world.manager.save()
    client = client_for(world.manager)
    upload, preview = _upload(client, world.plan, ZENDESK)
    page = preview.content.decode()
    assert "شناخته‌شده به‌عنوان Zendesk" in page
    assert "سطر" not in page  # no row errors
    assert "۰٫۵" in page  # 0.5 hours, in Persian digits and decimal separator
    assert "مدت تا نخستین پاسخ: دقیقه" in page  # the assumed unit, in Persian too
    assert "زمان نخستین پاسخ، میانه، زمان نخستین پاسخ، صدک" in page  # the Persian comma
    result = _confirm(client, world.plan, upload).content.decode()
    assert "هفته افزوده شد" in result
    assert "۳ هفته" in result


def test_the_survey_score_can_be_named_and_is_remembered(world, client_for):
    client = client_for(world.manager)
    content = typeform_csv(("2026-03-03 10:00:00", 10), ("2026-03-04 10:00:00", 6))
    upload, _page = _upload(client, world.plan, content)
    question = "How likely are you to recommend us to a friend?"
    response = client.post(
        f"/plans/{world.plan.pk}/metrics/support-imports/{upload.pk}/settings/",
        {"zone": "UTC", "survey_kpi": "enps", "question": question},
        follow=True,
    )
    assert "Employee NPS (eNPS)" in response.content.decode()
    _confirm(client, world.plan, upload)
    assert _values(world.plan, "enps") == {MAR_02: 0.0}
    assert not _values(world.plan, "nps")
    _again, page = _upload(client, world.plan, content)
    assert 'id="kpi-enps"' in page.content.decode()


def _typing_while_computing(monkeypatch, type_value):
    """Someone types a value by hand just after the import computed its weeks (before it stores)."""
    from metrics.support_imports import services

    compute = services.compute_upload

    def compute_then_someone_types(*args, **kwargs):
        computed = compute(*args, **kwargs)
        type_value()
        return computed

    monkeypatch.setattr(services, "compute_upload", compute_then_someone_types)


def test_a_value_typed_while_the_import_was_computing_is_kept(world, client_for, monkeypatch):
    client = client_for(world.manager)
    upload, _preview = _upload(client, world.plan, ZENDESK)
    metric = PlanMetric.objects.create(plan=world.plan, key="frt_median")
    _typing_while_computing(
        monkeypatch,
        lambda: Measurement.objects.create(metric=metric, period_start=FEB_16, value=11),
    )
    text = _confirm(client, world.plan, upload).content.decode()
    values = _values(world.plan, "frt_median")
    assert values[FEB_16] == 11  # the typed value, not the file's 2 hours
    assert values[FEB_09] == 2.0 and values[MAR_02] == 0.5  # the other weeks are imported
    assert "kept the value you entered by hand" in text
    # The baseline (median of the weeks before day 0) counts the typed week as it now is.
    assert PlanMetric.objects.get(pk=metric.pk).baseline == pytest.approx((2.0 + 11) / 2)


def test_a_baseline_typed_while_the_import_was_computing_stays(world, client_for, monkeypatch):
    client = client_for(world.manager)
    upload, _preview = _upload(client, world.plan, ZENDESK)
    metric = PlanMetric.objects.create(plan=world.plan, key="frt_median")
    _typing_while_computing(
        monkeypatch, lambda: PlanMetric.objects.filter(pk=metric.pk).update(baseline=3)
    )
    text = _confirm(client, world.plan, upload).content.decode()
    assert PlanMetric.objects.get(pk=metric.pk).baseline == 3
    assert "entered by hand, stays" in text
    assert _values(world.plan, "frt_median")[FEB_09] == 2.0  # the weeks are imported all the same


def test_replacing_typed_values_replaces_only_the_ones_the_preview_showed(
    world, client_for, monkeypatch
):
    client = client_for(world.manager)
    metric = PlanMetric.objects.create(plan=world.plan, key="frt_median")
    typed = Measurement.objects.create(metric=metric, period_start=MAR_02, value=7)
    upload, preview = _upload(client, world.plan, ZENDESK)
    assert "7 entered by hand" in preview.content.decode()

    def retype() -> None:
        typed.value = 8  # changed after the manager agreed to replace the 7
        typed.save()

    _typing_while_computing(monkeypatch, retype)
    _confirm(client, world.plan, upload, replace_manual="on")
    assert _values(world.plan, "frt_median")[MAR_02] == 8


def _during_an_import(monkeypatch, world, metric, action) -> dict[str, object]:
    """Run ``action`` in another thread the moment a helpdesk import (holding the plan's
    lock) has checked ``metric``'s weeks and before it stores them; then let the import
    store. Returns ``{"result": what action returned}`` or ``{"error": what it raised}``."""
    import threading

    from django.db import connection, transaction

    from metrics.support_imports import services

    checked = threading.Event()
    check = services._not_overwriting_typed_values

    def checked_then_slow(checked_metric, *args, **kwargs):
        found = check(checked_metric, *args, **kwargs)
        if checked_metric.pk == metric.pk:
            checked.set()
            threading.Event().wait(0.5)  # the action lands now, if nothing stops it
        return found

    monkeypatch.setattr(services, "_not_overwriting_typed_values", checked_then_slow)
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            checked.wait(10)
            outcome["result"] = action()
        except BaseException as error:  # reported by the caller's assertion
            outcome["error"] = error
        finally:
            connection.close()

    other = threading.Thread(target=run)
    other.start()
    with transaction.atomic():
        services.support_file_import(plan=world.plan, filename="export.csv", content=ZENDESK)
    other.join(10)
    return outcome


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_value_typed_while_an_import_is_storing_waits_for_it_and_nothing_fails(monkeypatch):
    from metrics.services import WeekHasValue, measurement_record
    from tests.factories import make_world

    world = make_world()
    metric = PlanMetric.objects.create(plan=world.plan, key="frt_median")

    def type_a_value() -> object:
        try:
            measurement_record(
                metric=metric, day=FEB_16, value=11, sample_size=None, user=world.manager
            )
        except WeekHasValue as refused:
            return refused.existing.value
        return "saved"

    outcome = _during_an_import(monkeypatch, world, metric, type_a_value)
    # The import stored its weeks; the typist was shown the week's new value instead.
    assert _values(world.plan, "frt_median") == {FEB_09: 2.0, FEB_16: 2.0, MAR_02: 0.5}
    assert outcome == {"result": 2.0}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_removing_a_metric_while_an_import_stores_into_it_waits_and_removes_it_all(monkeypatch):
    from django.db import transaction

    from metrics.services import metric_remove
    from tests.factories import make_world

    world = make_world()
    metric = PlanMetric.objects.create(plan=world.plan, key="frt_median")
    Measurement.objects.create(metric=metric, period_start=FEB_16, value=1.5, origin="import")
    Measurement.objects.create(metric=metric, period_start=dt.date(2026, 1, 5), value=4)

    def remove() -> None:
        with transaction.atomic():
            metric_remove(metric=PlanMetric.objects.get(pk=metric.pk))

    assert _during_an_import(monkeypatch, world, metric, remove) == {"result": None}
    assert not PlanMetric.objects.filter(pk=metric.pk).exists()
    assert not Measurement.objects.filter(metric_id=metric.pk).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_deleting_a_week_an_import_is_replacing_deletes_nothing_and_says_so(monkeypatch):
    from metrics.services import measurement_delete
    from tests.factories import make_world

    world = make_world()
    metric = PlanMetric.objects.create(plan=world.plan, key="frt_median")
    seen = Measurement.objects.create(
        metric=metric, period_start=FEB_16, value=1.5, origin="import"
    )

    outcome = _during_an_import(
        monkeypatch, world, metric, lambda: measurement_delete(measurement=seen)
    )
    # The import's value for the week stays, and the deleter learns nothing was deleted.
    assert outcome == {"result": False}
    assert _values(world.plan, "frt_median")[FEB_16] == 2.0
