from __future__ import annotations

import pytest
from django.core import mail

from onboarding.models import Membership, Role, User
from tests.factories import PASSWORD, UserFactory
from tests.matching import found

pytestmark = pytest.mark.django_db


def _link_from_mail() -> str:
    (message,) = mail.outbox
    return found(r"http://\S+/invitations/\S+/", message.body).group(0).split("8000", 1)[1]


def test_a_newcomer_accepts_an_invitation_and_lands_on_the_plan(
    client_for, world, django_capture_on_commit_callbacks
):
    manager = client_for(world.manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = manager.post(
            f"/plans/{world.plan.pk}/members/invite/",
            {"email": "Nika@Example.com", "role": "executive"},
        )
    assert response.status_code == 302
    assert mail.outbox[0].to == ["nika@example.com"]
    assert world.plan.title in mail.outbox[0].subject
    assert mail.outbox[0].alternatives[0][1] == "text/html"  # type: ignore[attr-defined]
    link = _link_from_mail()

    anonymous = client_for(None)
    page = anonymous.get(link)
    assert page.status_code == 200
    assert "nika@example.com" in page.content.decode()
    response = anonymous.post(
        link,
        {
            "first_name": "Nika",
            "password1": "tea-and-biscuits-42",
            "password2": "tea-and-biscuits-42",
        },
    )

    assert response["Location"] == f"/plans/{world.plan.pk}/dashboard/"  # an executive's start
    user = User.objects.get(email="nika@example.com")
    assert Membership.objects.get(plan=world.plan, user=user).role == Role.EXECUTIVE
    assert anonymous.get(f"/plans/{world.plan.pk}/today/").status_code == 200


def test_someone_with_an_account_joins_by_signing_in(
    client_for, world, django_capture_on_commit_callbacks
):
    existing = UserFactory(username="sam", email="sam@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.manager).post(
            f"/plans/{world.plan.pk}/members/invite/",
            {"email": "sam@example.com", "role": "member"},
        )
    link = _link_from_mail()

    response = client_for(None).get(link)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")

    assert client_for(world.other_manager).post(link).status_code == 403
    client = client_for(existing)
    # A team member lands where their work is: their quick wins.
    assert client.post(link)["Location"] == f"/plans/{world.plan.pk}/quick-wins/mine/"
    assert Membership.objects.get(plan=world.plan, user=existing).role == Role.MEMBER
    assert client.login(username="sam", password=PASSWORD)


def test_a_new_invitation_replaces_the_pending_one(
    client_for, world, django_capture_on_commit_callbacks
):
    client = client_for(world.manager)
    for role in ("member", "executive"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                f"/plans/{world.plan.pk}/members/invite/",
                {"email": "kim@example.com", "role": role},
            )
    first, _second = (m.body for m in mail.outbox)
    first_link = found(r"/invitations/\S+/", first).group(0)
    assert client_for(None).get(first_link).status_code == 410
    assert world.plan.invitations.pending().get().role == Role.EXECUTIVE


def test_the_invitation_page_says_the_password_rules_before_they_are_broken(
    client_for, world, django_capture_on_commit_callbacks
):
    """A newcomer learnt the rules only from the error after their first try."""
    manager = client_for(world.manager)
    with django_capture_on_commit_callbacks(execute=True):
        manager.post(
            f"/plans/{world.plan.pk}/members/invite/",
            {"email": "nika@example.com", "role": "member"},
        )
    link = _link_from_mail()
    anonymous = client_for(None)
    page = anonymous.get(link).content.decode()
    assert "At least 8 characters." in page and "Not only digits." in page
    assert 'aria-describedby="id_password1_helptext"' in page
    assert "Type the same password again, to be sure of it." in page

    response = anonymous.post(
        link,
        {"first_name": "Nika", "password1": "nika@example.com", "password2": "nika@example.com"},
    )
    assert "This password is too like your name or e-mail address." in response.content.decode()
    assert not User.objects.filter(email="nika@example.com").exists()
