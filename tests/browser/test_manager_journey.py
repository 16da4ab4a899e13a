from __future__ import annotations

import re

from playwright.sync_api import expect

from roadmap.models import Task

from .conftest import sign_in


def test_manager_marks_a_task_done_and_sees_the_phase_move_on_the_timeline(
    page, live_server, demo, screenshot
):
    sign_in(page, live_server, "manager")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Day 12 of 100"))
    screenshot("manager-today")

    task = Task.objects.filter(
        plan=demo, phase__key="assess", status="todo", start_day__lte=12, end_day__gte=12
    ).first()
    assert task is not None
    phase = task.phase
    progress = page.locator(f"#phase-progress-{phase.pk} .phase-progress__text")
    before = progress.inner_text()

    row = page.locator(f"#task-{task.pk}")
    row.get_by_role("button", name=re.compile("^Done")).click()

    expect(row.locator(".status-badge")).to_have_text("Done")
    expect(progress).not_to_have_text(before)
    screenshot("manager-today-after-done")
    assert page.url.endswith("/today/"), "htmx updated the page in place"

    page.get_by_role("link", name="Timeline").click()
    timeline_progress = page.locator(f"#phase-progress-{phase.pk} .phase-progress__text")
    settled = phase.tasks.filter(status__in=["done", "skipped"]).count()
    total = phase.tasks.count()
    expect(timeline_progress).to_contain_text(f"{settled} of {total} settled")
    expect(timeline_progress).to_contain_text(f"{round(100 * settled / total)}%")
    screenshot("manager-timeline")

    page.get_by_role("link", name=phase.name, exact=True).first.click()
    expect(page.locator("#tasks-title")).to_contain_text(phase.name)
    assert "phase=assess" in page.url
    task.refresh_from_db()
    assert task.status == "done"
