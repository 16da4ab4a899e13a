"""A manager uploads a Zendesk export on the metrics page, checks the preview and imports it."""

from __future__ import annotations

from metrics.models import Measurement
from metrics.support_imports.selectors import mark_reading, preview_key, report_reading
from metrics.support_imports.services import support_upload_create, support_upload_read_preview
from onboarding.models import User
from tests.support_imports.helpers import zendesk_csv, zendesk_row

from .conftest import sign_in


def test_upload_preview_and_import_in_the_browser(page, live_server, demo, screenshot):
    content = zendesk_csv(
        zendesk_row(90001, "2026-11-02 09:00:00", 60),
        zendesk_row(90002, "2026-11-03 09:00:00", 180),
        zendesk_row(90003, "2026-11-10 09:00:00", 30),
    )
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{demo.pk}/metrics/")
    page.get_by_label("Helpdesk or survey export", exact=True).set_input_files(
        {"name": "zendesk.csv", "mimeType": "text/csv", "buffer": content}
    )
    page.get_by_role("button", name="Upload and preview").click()

    page.get_by_role("heading", name="zendesk.csv: recognised as Zendesk").wait_for()
    frt = page.locator(
        "section", has=page.get_by_role("heading", name="First response time, median")
    )
    assert frt.get_by_role("row").count() == 3  # the header and two weeks
    frt.get_by_text("Published benchmarks").click()
    assert "(Zendesk CX Trends, 2020)" in frt.inner_text()
    screenshot("support-import-preview")
    assert not Measurement.objects.filter(metric__plan=demo, metric__key="tickets").exists()

    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_role("heading", name="Helpdesk import").wait_for()
    assert "weeks added" in page.inner_text("main")
    screenshot("support-import-result")
    assert Measurement.objects.filter(metric__plan=demo, metric__key="tickets").count() == 2
    assert problems == []


def test_a_large_files_preview_follows_its_progress_bar(
    page, live_server, demo, screenshot, settings
):
    """The reading page polls; when the worker is done the preview replaces it."""
    settings.SUPPORT_IMPORT_BACKGROUND_BYTES = 10  # every file is large
    content = zendesk_csv(
        *(zendesk_row(91000 + i, f"2026-11-0{2 + i % 5} 09:00:00", 60) for i in range(30))
    )
    manager = User.objects.get(username="manager")
    upload = support_upload_create(plan=demo, user=manager, filename="large.csv", content=content)
    key = preview_key(upload, demo)
    assert mark_reading(key)  # a worker has started on it...
    report_reading(key, 40)  # ...and read 40% of the rows
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{demo.pk}/metrics/support-imports/{upload.pk}/")
    bar = page.get_by_role("progressbar", name="Reading the file…")
    assert bar.get_attribute("value") == "40"
    screenshot("support-import-reading")
    # Polling is nobody's action: focus stays where it was, nowhere or on a link.
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        pass
    page.wait_for_timeout(300)
    assert page.evaluate("document.activeElement === document.body")
    back = page.get_by_role("link", name="Back to the metrics")
    back.focus()
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        pass
    page.wait_for_timeout(300)
    assert page.evaluate("document.activeElement.textContent") == "Back to the metrics"

    support_upload_read_preview(upload_id=upload.pk)  # the worker finishes
    page.get_by_role("heading", name="large.csv: recognised as Zendesk").wait_for()
    assert page.get_by_role("button", name="Import", exact=True).is_visible()
    assert problems == []
