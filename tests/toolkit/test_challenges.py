"""Challenges and opportunities: ranking, outcomes, links, completing the list."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from metrics.services import metric_add
from roadmap.quick_wins import services as quick_win_services
from roadmap.toolkit.challenges.rules import CHALLENGES_MAX
from roadmap.toolkit.challenges.services import (
    challenge_create,
    challenge_delete,
    challenge_move,
    challenge_update,
)
from roadmap.toolkit.models import Challenge
from stakeholders.models import Stakeholder
from tests.quick_wins.helpers import make_quick_win
from tests.toolkit.helpers import challenge_input, make_challenge

pytestmark = pytest.mark.django_db

FORM = {
    "kind": "challenge",
    "title": "Refunds wait ten days",
    "evidence": "Median age 9.6 days",
    "source": "metric",
    "outcome": "open",
}


def url(world, rest=""):
    return f"/plans/{world.plan.pk}/toolkit/challenges/{rest}"


def ranked(world) -> list[str]:
    return list(Challenge.objects.filter(plan=world.plan).values_list("title", flat=True))


@pytest.fixture
def three(world):
    return [make_challenge(world, title=title) for title in ("A", "B", "C")]


def test_new_items_go_to_the_bottom(world, three):
    assert [c.position for c in three] == [1, 2, 3]
    assert ranked(world) == ["A", "B", "C"]


@pytest.mark.parametrize(
    ("index", "direction", "position", "expected"),
    [
        (2, "up", None, ["A", "C", "B"]),
        (0, "down", None, ["B", "A", "C"]),
        (0, "up", None, ["A", "B", "C"]),  # already first: stays
        (2, "down", None, ["A", "B", "C"]),  # already last: stays
        (2, None, 1, ["C", "A", "B"]),  # dragged to the top
        (0, None, 3, ["B", "C", "A"]),
        (0, None, 99, ["B", "C", "A"]),  # beyond the end: last
    ],
)
def test_moving(world, three, index, direction, position, expected):
    challenge_move(challenge=three[index], direction=direction, position=position)
    assert ranked(world) == expected
    positions = list(Challenge.objects.filter(plan=world.plan).values_list("position", flat=True))
    assert positions == [1, 2, 3]


def test_deleting_renumbers(world, three):
    challenge_delete(challenge=three[0])
    assert list(Challenge.objects.values_list("title", "position")) == [("B", 1), ("C", 2)]


def test_move_buttons_work_without_javascript(client_for, world, three):
    response = client_for(world.manager).post(
        url(world, f"{three[2].pk}/move/"), {"direction": "up"}
    )
    assert response.status_code == 302
    assert response["Location"] == url(world)
    assert ranked(world) == ["A", "C", "B"]


def test_htmx_moves_swap_the_list_and_say_what_happened(client_for, world, three):
    response = client_for(world.manager).post(
        url(world, f"{three[1].pk}/move/"),
        {"position": "1"},
        headers={"HX-Request": "true", "HX-Target": "challenge-list"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="challenge-list"')
    assert "“B” is now number 1 of 3." in page
    assert 'data-hx-swap-oob="innerHTML"' in page
    assert (
        f'id="challenge-{three[1].pk}" draggable="true" data-tk-item tabindex="-1" data-focus'
        in page
    )
    assert ranked(world) == ["B", "A", "C"]


def test_the_list_page_varies_on_htmx(client_for, world, three):
    client = client_for(world.manager)
    full = client.get(url(world))
    part = client.get(url(world), headers={"HX-Request": "true"})
    assert "HX-Request" in full["Vary"]
    assert "<html" in full.content.decode()
    assert "<html" not in part.content.decode()


def test_a_move_without_a_place_is_a_400(client_for, world, three):
    client = client_for(world.manager)
    assert client.post(url(world, f"{three[0].pk}/move/"), {}).status_code == 400
    assert (
        client.post(url(world, f"{three[0].pk}/move/"), {"direction": "sideways"}).status_code
        == 400
    )


def test_required_fields_and_a_parked_reason(client_for, world):
    response = client_for(world.manager).post(
        url(world, "add/"), {**FORM, "title": "", "evidence": "", "outcome": "parked"}
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "This field is required." in page
    with pytest.raises(ValidationError) as error:
        challenge_create(plan=world.plan, data=challenge_input(outcome="parked", outcome_note=" "))
    assert "Say why it is parked" in error.value.message_dict["outcome_note"][0]
    with pytest.raises(ValidationError) as error:
        challenge_create(plan=world.plan, data=challenge_input(evidence=""))
    assert "evidence" in error.value.message_dict


def test_links_must_belong_to_the_plan(world):
    theirs = quick_win_services.quick_win_create(
        plan=world.other_plan,
        user=world.other_manager,
        title="Theirs",
        problem="Not ours",
        target_day=40,
    )
    their_person = Stakeholder.objects.create(plan=world.other_plan, name="Dana")
    their_metric = metric_add(plan=world.other_plan, key="csat")
    with pytest.raises(ValidationError) as error:
        challenge_create(
            plan=world.plan,
            data=challenge_input(
                outcome="quick_win",
                quick_win=theirs,
                stakeholder_id=their_person.pk,
                metric_id=their_metric.pk,
            ),
        )
    assert set(error.value.message_dict) == {"quick_win", "stakeholder", "metric"}


def test_sources_and_outcomes_link_to_stakeholders_metrics_and_quick_wins(client_for, world):
    person = Stakeholder.objects.create(plan=world.plan, name="Sam Patel")
    metric = metric_add(plan=world.plan, key="csat")
    quick_win = make_quick_win(world, title="Refund macros")
    response = client_for(world.manager).post(
        url(world, "add/"),
        {
            **FORM,
            "source": "interview",
            "source_detail": "Listening tour, week 1",
            "stakeholder": person.pk,
            "metric": metric.pk,
            "outcome": "quick_win",
            "quick_win": quick_win.pk,
        },
    )
    assert response.status_code == 302
    challenge = Challenge.objects.get()
    assert (challenge.stakeholder_ref, challenge.metric, challenge.quick_win) == (
        person.pk,
        metric,
        quick_win,
    )
    page = client_for(world.executive).get(url(world)).content.decode()
    assert f"/stakeholders/{person.pk}/" in page
    assert f"/metrics/{metric.pk}/" in page
    assert f"/quick-wins/{quick_win.pk}/" in page
    assert "Became a quick win" in page


def test_an_outcome_keeps_only_its_own_link(world):
    quick_win = make_quick_win(world)
    task = world.plan.tasks.first()
    challenge = challenge_create(
        plan=world.plan, data=challenge_input(outcome="task", task=task, quick_win=quick_win)
    )
    assert (challenge.task, challenge.quick_win) == (task, None)


def test_the_list_has_a_limit(world):
    Challenge.objects.bulk_create(
        Challenge(plan=world.plan, title=f"C{n}", evidence="e", position=n)
        for n in range(1, CHALLENGES_MAX + 1)
    )
    with pytest.raises(ValidationError):
        make_challenge(world)


def test_completing_an_empty_list_is_refused_with_422(client_for, world):
    response = client_for(world.manager).post(url(world, "complete/"), {"complete": "true"})
    assert response.status_code == 422
    assert "Add at least one challenge or opportunity" in response.content.decode()
    assert world.plan.tasks.get(key="assess-challenges-list").status == "todo"


def test_a_stale_edit_answers_409(client_for, world, three):
    challenge_update(challenge=three[0], data=challenge_input(title="Renamed elsewhere"))
    response = client_for(world.manager).post(
        url(world, f"{three[0].pk}/edit/"), {**FORM, "title": "Mine", "version": 1}
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Renamed elsewhere" in page
    assert 'value="Mine"' in page
    assert Challenge.objects.get(pk=three[0].pk).title == "Renamed elsewhere"


def test_the_executive_reads_without_controls(client_for, world, three):
    page = client_for(world.executive).get(url(world)).content.decode()
    for title in ("A", "B", "C"):
        assert f"<bdi>{title}</bdi>" in page
    assert "Move up" not in page
    assert "Mark the list complete" not in page
    assert "draggable" not in page
