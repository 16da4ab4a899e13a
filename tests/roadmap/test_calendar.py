import pytest
from icalendar import Calendar

pytestmark = pytest.mark.django_db


def test_calendar_feed_lists_every_task_on_its_days(client, world):
    plan = world.plan
    task = plan.tasks.get(key="assess-reboot-diagnostic")
    task.title = 'Diagnose; "reboot", now\\then'
    task.status = "done"
    task.save()

    response = client.get(f"/calendar/{plan.calendar_token}.ics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == plan.tasks.count()
    event = next(e for e in events if e["uid"].startswith(f"task-{task.pk}@"))  # type: ignore[union-attr]
    assert str(event["summary"]) == '✓ Diagnose; "reboot", now\\then'
    assert event.decoded("dtstart") == plan.date_of_day(task.start_day)
    assert (event.decoded("dtend") - plan.date_of_day(task.end_day)).days == 1


def test_calendar_feed_needs_the_current_token(client, world):
    assert client.get(f"/calendar/{world.other_plan.calendar_token}.ics").status_code == 200
    assert client.get("/calendar/not-a-token.ics").status_code == 404
