"""Pages render in a fixed number of queries whatever the plan's size."""

from __future__ import annotations

import pytest
import time_machine

from tests.factories import at_noon_utc, resize
from tests.support import BASE

pytestmark = [pytest.mark.django_db]

# phases; today's, overdue, upcoming tasks; quick wins; people; habits; reviews coming up
TODAY_QUERIES = BASE + 8
TIMELINE_QUERIES = BASE + 2  # phases with progress, tasks


@pytest.mark.parametrize("size", [10, 500])
def test_today_query_count_does_not_grow(client_for, world, django_assert_num_queries, size):
    resize(world.plan, size)
    client = client_for(world.manager)
    with time_machine.travel(at_noon_utc(20), tick=False):
        client.get(f"/plans/{world.plan.pk}/today/")  # settles the session
        with django_assert_num_queries(TODAY_QUERIES):
            response = client.get(f"/plans/{world.plan.pk}/today/")
    assert response.status_code == 200
    assert world.plan.tasks.count() == size


@pytest.mark.parametrize("size", [10, 500])
def test_timeline_query_count_does_not_grow(client_for, world, django_assert_num_queries, size):
    resize(world.plan, size)
    client = client_for(world.manager)
    client.get(f"/plans/{world.plan.pk}/timeline/")
    with django_assert_num_queries(TIMELINE_QUERIES):
        response = client.get(f"/plans/{world.plan.pk}/timeline/")
    assert response.content.decode().count('class="tl-row tl-row--task') == size


def test_a_status_update_is_a_handful_of_queries(client_for, world, django_assert_max_num_queries):
    client = client_for(world.manager)
    task = world.plan.tasks.first()
    client.get(f"/plans/{world.plan.pk}/today/")
    with django_assert_max_num_queries(BASE + 6):
        client.post(
            f"/plans/{world.plan.pk}/tasks/{task.pk}/status/",
            {"status": "done"},
            headers={"HX-Request": "true"},
        )
