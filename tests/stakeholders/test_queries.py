"""The register's pages run a fixed number of queries, with 10 or 1,000 stakeholders."""

from __future__ import annotations

import datetime as dt

import pytest

from stakeholders import services
from stakeholders.models import FollowUp, InterviewAnswer, Stakeholder
from tests.stakeholders.factories import bulk_stakeholders
from tests.support import BASE

pytestmark = [pytest.mark.django_db]

# count, one page of rows, their tags, the tag filter's choices, coverage
LIST_QUERIES = BASE + 5
LIST_QUERIES_MEMBER = BASE + 4  # no coverage for a team member
MAP_QUERIES = BASE + 1  # every placed and unplaced person in one read
EXPORT_QUERIES = BASE + 3  # people with "reports to", their tags, their influences
# the person (+ reports to), tags, reports/influences/influenced by, shared with,
# interactions, their answers, their follow-ups (+ task and phase)
DETAIL_QUERIES_MANAGER = BASE + 9
DETAIL_QUERIES_EXECUTIVE = BASE + 6  # no sharing, no answers, no follow-ups
DETAIL_QUERIES_MEMBER = BASE + 3  # the person, tags, interactions
ANSWERS_QUERIES = BASE + 2  # counts per question, the answers to one


def url(plan, rest=""):
    return f"/plans/{plan.pk}/stakeholders/{rest}"


def measure(client, path, django_assert_num_queries, expected):
    client.get(path)  # settles the session
    with django_assert_num_queries(expected):
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("size", [10, 1000])
def test_the_register_list(client_for, world, django_assert_num_queries, size):
    people = bulk_stakeholders(world.plan, size)
    client = client_for(world.manager)
    page = measure(client, url(world.plan), django_assert_num_queries, LIST_QUERIES)
    assert page.count('class="person-link"') == min(size, 50)
    filtered = url(world.plan, "?q=bulk&tag=EMEA&sort=-attitude&page=2")
    page = measure(client, filtered, django_assert_num_queries, LIST_QUERIES)
    assert 'class="person-link"' in page

    for person in people[:10]:
        person.shared_with.add(world.member)
    page = measure(
        client_for(world.member), url(world.plan), django_assert_num_queries, LIST_QUERIES_MEMBER
    )
    assert page.count('class="person-link"') == 10


@pytest.mark.parametrize("size", [10, 1000])
def test_the_register_list_filtered_to_a_few(client_for, world, django_assert_num_queries, size):
    bulk_stakeholders(world.plan, size)
    client = client_for(world.executive)
    path = url(world.plan, "?contact=overdue&relationship=customer&sort=last_contact")
    page = measure(client, path, django_assert_num_queries, LIST_QUERIES)
    assert 'class="person-link"' in page


@pytest.mark.parametrize("size", [10, 1000])
def test_the_power_map(client_for, world, django_assert_num_queries, size):
    bulk_stakeholders(world.plan, size)
    Stakeholder.objects.bulk_create(
        Stakeholder(plan=world.plan, name=f"Unplaced {i}") for i in range(3)
    )
    page = measure(
        client_for(world.executive), url(world.plan, "map/"), django_assert_num_queries, MAP_QUERIES
    )
    assert page.count('class="grid-dot"') == size
    assert "3 not placed yet" in page


@pytest.mark.parametrize("size", [10, 1000])
def test_the_export(client_for, world, django_assert_num_queries, size):
    people = bulk_stakeholders(world.plan, size)
    for person in people[1:]:
        person.reports_to = people[0]
    Stakeholder.objects.bulk_update(people[1:], ["reports_to"])
    people[0].influences.set(people[1:6])
    text = measure(
        client_for(world.manager),
        url(world.plan, "export.csv"),
        django_assert_num_queries,
        EXPORT_QUERIES,
    )
    assert len(text.strip().splitlines()) == size + 1


@pytest.mark.parametrize("count", [3, 30])
def test_one_persons_page(client_for, world, django_assert_num_queries, count):
    people = bulk_stakeholders(world.plan, 40)
    ana = people[0]  # bulk people 0, 3, 6… have no interaction yet
    ana.reports_to = people[2]
    ana.save()
    ana.influences.set(people[3:6])
    people[6].influences.add(ana)
    Stakeholder.objects.filter(pk__in=[p.pk for p in people[7:10]]).update(reports_to=ana)
    ana.shared_with.add(world.member)
    for day in range(count):
        interaction = services.interaction_create(
            stakeholder=ana,
            kind="interview",
            date=dt.date(2025, 1, 1) + dt.timedelta(days=day),
            notes=f"Note {day}",
            answers={"customers.struggles": f"Answer {day}", "customers.channels": "Chat"},
            follow_ups=[f"Follow-up {day}", "Second"],
        )
    services.follow_up_to_task(
        follow_up=interaction.follow_ups.earliest("pk"),
        owner=world.manager,
        today=world.plan.start_date,
    )
    assert InterviewAnswer.objects.count() == 2 * count
    assert FollowUp.objects.count() == 2 * count

    path = url(world.plan, f"{ana.pk}/")
    page = measure(
        client_for(world.manager), path, django_assert_num_queries, DETAIL_QUERIES_MANAGER
    )
    assert page.count('class="interaction"') == count
    assert page.count('id="follow-up-') == 2 * count
    measure(client_for(world.executive), path, django_assert_num_queries, DETAIL_QUERIES_EXECUTIVE)
    measure(client_for(world.member), path, django_assert_num_queries, DETAIL_QUERIES_MEMBER)


@pytest.mark.parametrize("count", [3, 60])
def test_answers_side_by_side(client_for, world, django_assert_num_queries, count):
    for person in bulk_stakeholders(world.plan, count):
        services.interaction_create(
            stakeholder=person,
            kind="interview",
            date=dt.date(2025, 1, 1),
            answers={"employees.vision": f"Heard from {person.name}"},
        )
    page = measure(
        client_for(world.manager),
        url(world.plan, "answers/?question=employees.vision"),
        django_assert_num_queries,
        ANSWERS_QUERIES,
    )
    assert page.count('class="answer-card"') == count
