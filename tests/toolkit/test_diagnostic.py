"""The reboot diagnostic: the rules, the score, what to address first, repeats compared."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from roadmap.toolkit.diagnostic.rules import (
    SIGN_KEYS,
    SignInput,
    address_first,
    check_answers,
    compare,
    score,
)
from roadmap.toolkit.diagnostic.selectors import diagnostic_history, diagnostic_result
from roadmap.toolkit.diagnostic.services import diagnostic_create
from roadmap.toolkit.models import Diagnostic
from tests.toolkit.helpers import diagnostic_data, make_diagnostic, signs

pytestmark = pytest.mark.django_db


def url(world, rest=""):
    return f"/plans/{world.plan.pk}/toolkit/diagnostic/{rest}"


def test_score_runs_from_0_to_100():
    assert score(dict.fromkeys(SIGN_KEYS, "no")) == 100
    assert score(dict.fromkeys(SIGN_KEYS, "yes")) == 0
    assert score(dict.fromkeys(SIGN_KEYS, "partly")) == 50


def test_address_first_puts_present_signs_before_partly_ones():
    answers = dict.fromkeys(SIGN_KEYS, "no")
    answers.update({"no-executive-voice": "partly", "rigid-scripts": "yes", "several-crms": "yes"})
    keys = [sign.key for sign in address_first(answers)]
    assert keys == ["several-crms", "rigid-scripts", "no-executive-voice"]
    assert address_first(dict.fromkeys(SIGN_KEYS, "no")) == []
    assert len(address_first(dict.fromkeys(SIGN_KEYS, "yes"))) == 3


def test_compare():
    assert compare("yes", "no") == "better"
    assert compare("no", "partly") == "worse"
    assert compare("partly", "partly") == "same"
    assert compare(None, "yes") == "new"


def test_an_empty_answer_set_is_an_error():
    with pytest.raises(ValidationError) as error:
        check_answers([SignInput(sign=key, answer="") for key in SIGN_KEYS])
    assert "none of them is answered yet" in error.value.messages[0]
    with pytest.raises(ValidationError):
        check_answers([])


def test_every_sign_needs_an_answer_and_a_yes_needs_evidence():
    answers = signs("no")
    answers[0] = SignInput(sign=SIGN_KEYS[0], answer="yes", evidence="  ")
    answers[1] = SignInput(sign=SIGN_KEYS[1], answer="")
    with pytest.raises(ValidationError) as error:
        check_answers(answers)
    assert set(error.value.message_dict) == {
        f"{SIGN_KEYS[0]}-evidence",
        f"{SIGN_KEYS[1]}-answer",
    }


def test_unknown_answers_and_signs_are_refused():
    with pytest.raises(ValidationError):
        check_answers([*signs("no")[:4], SignInput(sign=SIGN_KEYS[4], answer="maybe")])
    with pytest.raises(ValidationError):
        check_answers([*signs("no"), SignInput(sign="not-a-sign", answer="no")])


def test_the_service_enforces_the_rules_too(world):
    with pytest.raises(ValidationError):
        diagnostic_create(plan=world.plan, user=world.manager, answers=[])
    assert not Diagnostic.objects.exists()


def test_a_run_is_stored_with_its_date_day_and_score(world):
    run = make_diagnostic(world, answer="no", rigid_scripts="yes", unhappy_agents="partly")
    assert (run.taken_on, run.day, run.score) == (dt.date(2026, 3, 21), 20, 70)
    assert run.answers.count() == 5


def test_the_form_answers_an_empty_set_with_422(client_for, world):
    response = client_for(world.manager).post(url(world, "new/"), {})
    page = response.content.decode()
    assert response.status_code == 422
    assert "none of them is answered yet" in page
    assert not Diagnostic.objects.exists()


def test_the_form_keeps_the_answers_given_and_marks_the_missing(client_for, world):
    data = diagnostic_data("no")
    data[f"{SIGN_KEYS[2]}-answer"] = ""
    data[f"{SIGN_KEYS[0]}-answer"] = "yes"
    data[f"{SIGN_KEYS[0]}-evidence"] = ""
    data[f"{SIGN_KEYS[0]}-note"] = "Ask the COO"
    response = client_for(world.manager).post(url(world, "new/"), data)
    page = response.content.decode()
    assert response.status_code == 422
    assert "Answer yes, partly or no." in page
    assert "Say what shows it" in page
    assert "Ask the COO</textarea>" in page


def test_saving_a_run_shows_its_result(client_for, world):
    data = diagnostic_data("no", several_crms="yes")
    response = client_for(world.manager).post(url(world, "new/"), data, follow=True)
    page = response.content.decode()
    run = Diagnostic.objects.get()
    assert response.redirect_chain[-1][0] == url(world, f"{run.pk}/")
    assert "Diagnostic saved: 80 out of 100." in page
    assert "Address first" in page and "Map one customer journey" in page
    # The score explains itself: how the five signs add up to it.
    assert "How the score is counted" in page
    assert "worth up to 20 points: 20 when it is absent, 10 when it is partly there" in page


def test_a_repeat_is_compared_with_the_run_before(client_for, world):
    first = make_diagnostic(world, answer="yes", on=dt.date(2026, 3, 10))
    second = make_diagnostic(world, answer="no", rigid_scripts="partly", on=dt.date(2026, 5, 30))
    result = diagnostic_result(world.plan, second.pk)
    assert result.previous == first
    assert result.change == 90
    assert {row.sign.key: row.trend for row in result.signs}["rigid-scripts"] == "better"
    page = client_for(world.executive).get(url(world, f"{second.pk}/")).content.decode()
    assert "90 points better than on" in page
    history = diagnostic_history(world.plan)
    assert [(row.diagnostic.pk, row.change) for row in history] == [
        (second.pk, 90),
        (first.pk, None),
    ]
    assert (history[1].present, history[1].partly) == (5, 0)


def test_a_new_run_shows_the_last_answers_beside_each_sign(client_for, world):
    make_diagnostic(world, answer="no", several_crms="yes")
    page = client_for(world.manager).get(url(world, "new/")).content.decode()
    assert "Last time (" in page
    assert "What shows several-crms" in page


def test_the_executive_reads_results_but_cannot_run_or_delete(client_for, world):
    run = make_diagnostic(world)
    client = client_for(world.executive)
    page = client.get(url(world)).content.decode()
    assert "Run it again" not in page and "Run the diagnostic" not in page
    detail = client.get(url(world, f"{run.pk}/")).content.decode()
    assert "Delete this diagnostic" not in detail
    assert client.post(url(world, f"{run.pk}/delete/")).status_code == 403
    assert client.post(url(world, "new/"), diagnostic_data()).status_code == 403
    assert Diagnostic.objects.count() == 1


def test_another_plans_run_is_not_found(client_for, world):
    other = diagnostic_create(plan=world.other_plan, user=world.other_manager, answers=signs("no"))
    client = client_for(world.manager)
    assert client.get(url(world, f"{other.pk}/")).status_code == 404
    assert client.post(url(world, f"{other.pk}/delete/")).status_code == 404
    assert Diagnostic.objects.filter(pk=other.pk).exists()


def test_a_persian_reader_reads_the_scores_in_persian_digits(client_for, world):
    """The score read "0/100" and the run's day "12" on Persian pages."""
    run = make_diagnostic(world, answer="no")
    world.manager.language = "fa"
    world.manager.save(update_fields=["language"])
    client = client_for(world.manager)
    detail = client.get(f"/plans/{world.plan.pk}/toolkit/diagnostic/{run.pk}/").content.decode()
    assert "/۱۰۰" in detail and "/100<" not in detail
    listing = client.get(f"/plans/{world.plan.pk}/toolkit/diagnostic/").content.decode()
    assert "/۱۰۰" in listing and "/100<" not in listing
