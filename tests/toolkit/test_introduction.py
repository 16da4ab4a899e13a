"""The self-introduction: word counts, versions, publishing, the shared page, stale saves."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from roadmap.toolkit.introduction.rules import length_flag, word_count
from roadmap.toolkit.introduction.selectors import share_code
from roadmap.toolkit.introduction.services import introduction_save
from roadmap.toolkit.models import SelfIntroduction
from tests.toolkit.helpers import INTRODUCTION, publish_introduction

pytestmark = pytest.mark.django_db


def url(world, rest=""):
    return f"/plans/{world.plan.pk}/toolkit/introduction/{rest}"


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("", 0),
        ("   \n ", 0),
        ("Hello, I'm Maryam — a well-known lead. 2 cats", 8),
        ("من می‌خواهم با شما کار کنم", 6),  # the zero-width non-joiner keeps a word whole
        ("مُحَمَّد", 1),  # vowel marks do not split a word
        ("Привет, меня зовут Мария", 4),
    ],
)
def test_word_count(text, count):
    assert word_count(text) == count


def test_length_flags():
    assert length_flag(0) is None
    assert length_flag(100) is None
    short = length_flag(20)
    assert short is not None and short.level == "short"
    flag = length_flag(600)
    assert flag is not None
    assert flag.level == "long"
    assert "600 words is long" in flag.message


def test_saving_keeps_versions_and_skips_unchanged_text(world):
    first = introduction_save(plan=world.plan, user=world.manager, text="Hello team")
    again = introduction_save(plan=world.plan, user=world.manager, text="Hello team ")
    second = introduction_save(plan=world.plan, user=world.manager, text="Hello, team!")
    assert (first.version.number, first.created_version) == (1, True)
    assert (again.version.number, again.created_version) == (1, False)
    assert second.version.number == 2
    introduction = SelfIntroduction.objects.get(plan=world.plan)
    assert introduction.text == "Hello, team!"
    assert list(introduction.versions.values_list("number", flat=True)) == [2, 1]
    assert not introduction.is_published


def test_an_empty_introduction_is_refused(world):
    with pytest.raises(ValidationError) as error:
        introduction_save(plan=world.plan, user=world.manager, text="  ")
    assert "empty" in error.value.message_dict["text"][0]


def test_a_long_introduction_is_saved_but_flagged(world):
    saved = introduction_save(
        plan=world.plan, user=world.manager, text=" ".join(["word"] * 600), publish=True
    )
    assert saved.version.word_count == 600
    assert saved.flag is not None and saved.flag.level == "long"
    assert saved.introduction.is_published


def test_the_view_flags_600_words_and_still_saves(client_for, world):
    response = client_for(world.manager).post(
        url(world), {"text": " ".join(["word"] * 600), "action": "save", "version": 1}, follow=True
    )
    page = response.content.decode()
    assert "Version 1 saved." in page
    assert "600 words is long" in page
    assert SelfIntroduction.objects.get(plan=world.plan).versions.get().word_count == 600


def test_the_view_answers_an_empty_text_with_422(client_for, world):
    response = client_for(world.manager).post(
        url(world), {"text": "", "action": "save", "version": 1}
    )
    assert response.status_code == 422
    assert "Write your introduction first: it is empty." in response.content.decode()
    assert not SelfIntroduction.objects.filter(plan=world.plan).exists()


def test_a_stale_save_answers_409_and_keeps_the_users_text(client_for, world):
    introduction_save(plan=world.plan, user=world.manager, text="Saved in another tab")
    # This form was loaded before that save: it still carries version 1.
    response = client_for(world.manager).post(
        url(world), {"text": "My own words", "action": "save", "version": 1}
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Saved in another tab" in page  # what is saved now
    assert "My own words</textarea>" in page  # what the user typed, kept
    assert 'name="version" value="2"' in page  # a second save is deliberate
    assert SelfIntroduction.objects.get(plan=world.plan).text == "Saved in another tab"


def test_publishing_shows_the_published_version_not_later_drafts(client_for, world):
    saved = publish_introduction(world)
    introduction_save(plan=world.plan, user=world.manager, text="A draft not shared yet")
    code = share_code(saved.introduction)
    response = client_for(None).get(url(world, f"shared/{code}/"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "nine years" in page
    assert "A draft not shared yet" not in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"]
    assert 'name="robots" content="noindex' in page
    editor = client_for(world.manager).get(url(world)).content.decode()
    assert "Your shared page still shows version 1" in editor


def test_the_shared_page_needs_a_good_current_code(client_for, world):
    saved = publish_introduction(world)
    code = share_code(saved.introduction)
    anonymous = client_for(None)
    assert anonymous.get(url(world, f"shared/{code}/")).status_code == 200
    # A token without its signature, a forged signature, or another plan's address: 404.
    token = saved.introduction.share_token
    assert anonymous.get(url(world, f"shared/{token}/")).status_code == 404
    assert anonymous.get(url(world, f"shared/{token}:forged/")).status_code == 404
    other = f"/plans/{world.other_plan.pk}/toolkit/introduction/shared/{code}/"
    assert anonymous.get(other).status_code == 404
    # A new link revokes the old one.
    client_for(world.manager).post(url(world, "link/"))
    assert anonymous.get(url(world, f"shared/{code}/")).status_code == 404
    fresh = share_code(SelfIntroduction.objects.get(plan=world.plan))
    assert anonymous.get(url(world, f"shared/{fresh}/")).status_code == 200


def test_a_withdrawn_introduction_shows_nothing(client_for, world):
    saved = publish_introduction(world)
    code = share_code(saved.introduction)
    client_for(world.manager).post(url(world, "withdraw/"))
    response = client_for(None).get(url(world, f"shared/{code}/"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing to read yet" in page
    assert "nine years" not in page


def test_the_shared_page_shows_nothing_of_the_plan(client_for, world):
    saved = publish_introduction(world)
    code = share_code(saved.introduction)
    page = client_for(world.member).get(url(world, f"shared/{code}/")).content.decode()
    assert world.plan.title not in page
    assert 'aria-label="Plan"' not in page  # no plan navigation


def test_the_editor_shows_guidance_and_the_word_count(client_for, world):
    introduction_save(plan=world.plan, user=world.manager, text=INTRODUCTION)
    page = client_for(world.manager).get(url(world)).content.decode()
    for topic in ("Your background", "Your priorities", "Your values", "Why this role"):
        assert topic in page
    assert f"Words: {word_count(INTRODUCTION)}" in page
    assert 'data-word-count="introduction-word-count"' in page
    assert "Save your introduction first" not in page  # it has a link now
