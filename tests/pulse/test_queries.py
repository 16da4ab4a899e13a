"""The pulse pages read a fixed number of queries, however many pulses and answers."""

from __future__ import annotations

import pytest

from metrics.pulse import services
from tests.pulse.helpers import answered_by, open_pulse
from tests.support import BASE  # savepoint + release, session, user, membership

pytestmark = pytest.mark.django_db

LIST = 1  # the pulses with their counts and aggregates
DETAIL = 2  # the pulse with its aggregates, its comments
ANSWER = 2  # the pulse, whether this user answered


@pytest.fixture(params=[1, 8], ids=["small", "large"])
def sized(request, world):
    plan = world.plan
    today = plan.local_today()
    for _ in range(request.param):
        pulse = open_pulse(plan)
        answered_by(plan, pulse, 5, comment="Fine")
        services.pulse_close(pulse=pulse, today=today, user=world.manager)
    world.pulse = open_pulse(plan)
    answered_by(plan, world.pulse, request.param)
    return world


def _count(client, django_assert_num_queries, url, queries):
    client.get(url)  # settles the session
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["manager", "executive"])
def test_the_list_and_results(client_for, sized, django_assert_num_queries, role):
    client = client_for(sized.user(role))
    base = f"/plans/{sized.plan.pk}/pulses/"
    _count(client, django_assert_num_queries, base, BASE + LIST)
    closed = sized.plan.pulses.filter(status="closed").first()
    _count(client, django_assert_num_queries, f"{base}{closed.pk}/", BASE + DETAIL)


def test_the_answer_page(client_for, sized, django_assert_num_queries):
    url = f"/plans/{sized.plan.pk}/pulses/{sized.pulse.pk}/answer/"
    _count(client_for(sized.member), django_assert_num_queries, url, BASE + ANSWER)
