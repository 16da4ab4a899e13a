"""A new e-mail address counts only once confirmed from that mailbox."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from onboarding.invitations import invitation_token
from onboarding.models import Membership, Role, User
from onboarding.services import invitation_accept, invitation_create, user_update_profile
from tests.factories import UserFactory
from tests.matching import found

pytestmark = pytest.mark.django_db


def _confirmation_path(address: str) -> str:
    (message,) = [m for m in mail.outbox if m.to == [address]]
    return found(r"http://\S+?(/profile/email/\S+/)", message.body).group(1)


def test_a_member_cannot_take_an_invitation_by_changing_their_address(
    client_for, world, django_capture_on_commit_callbacks
):
    # Another plan's manager invites the boss as an executive.
    invitation = invitation_create(
        plan=world.other_plan, email="boss@example.com", role=Role.EXECUTIVE,
        invited_by=world.other_manager,
    )  # fmt: skip
    link = f"/invitations/{invitation_token(invitation)}/"
    # A member of the first plan puts the boss's address in their profile…
    client = client_for(world.member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/profile/", {"email": "boss@example.com", "language": ""})
    assert response.status_code == 302
    world.member.refresh_from_db()
    assert world.member.email == "member@example.com"
    assert world.member.pending_email == "boss@example.com"
    # …and, holding the link, tries to accept as that account.
    client.get(link)
    client.post(link)

    assert not Membership.objects.filter(plan=world.other_plan, user=world.member).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    # The confirmation went to the boss's mailbox, not to the member.
    assert [m.to for m in mail.outbox] == [["boss@example.com"]]
    # The service refuses it too, whatever path calls it.
    with pytest.raises(PermissionDenied):
        invitation_accept(invitation=invitation, user=world.member)


def test_the_owner_confirms_the_new_address_from_the_link(
    client_for, world, django_capture_on_commit_callbacks
):
    client = client_for(world.member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/profile/", {"email": "Mia@New.example", "language": ""})
    page = client.get("/profile/").content.decode()
    assert "Waiting for confirmation of <bdi>mia@new.example</bdi>" in page
    path = _confirmation_path("mia@new.example")
    # The old address keeps working meanwhile (password reset goes there).
    client.logout()
    client.post("/accounts/password_reset/", {"email": "member@example.com"})
    assert mail.outbox[-1].to == ["member@example.com"]

    # Anonymous: sign in first. Someone else: refused.
    assert client.get(path)["Location"].startswith("/accounts/login/")
    assert client_for(world.executive).post(path).status_code == 403
    client = client_for(world.member)
    assert "mia@new.example" in client.get(path).content.decode()
    assert client.post(path)["Location"] == "/profile/"

    world.member.refresh_from_db()
    assert (world.member.email, world.member.pending_email) == ("mia@new.example", "")
    assert client.post(path).status_code == 410  # used


def test_a_confirmed_address_can_accept_its_invitation(
    client_for, world, django_capture_on_commit_callbacks
):
    invitation = invitation_create(
        plan=world.other_plan, email="mia@new.example", role=Role.EXECUTIVE,
        invited_by=world.other_manager,
    )  # fmt: skip
    client = client_for(world.member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/profile/", {"email": "mia@new.example", "language": ""})
    client.post(_confirmation_path("mia@new.example"))

    link = f"/invitations/{invitation_token(invitation)}/"
    assert (
        client.post(link)["Location"] == f"/plans/{world.other_plan.pk}/dashboard/"
    )  # an executive starts there
    assert Membership.objects.get(plan=world.other_plan, user=world.member).role == Role.EXECUTIVE


def test_a_link_expires_and_a_newer_request_replaces_it(
    client_for, world, django_capture_on_commit_callbacks
):
    client = client_for(world.member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/profile/", {"email": "first@new.example", "language": ""})
    first = _confirmation_path("first@new.example")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/profile/", {"email": "second@new.example", "language": ""})
    second = _confirmation_path("second@new.example")

    assert client.post(first).status_code == 410
    with time_machine.travel(timezone.now() + dt.timedelta(days=3)):
        assert client.post(second).status_code == 410
    world.member.refresh_from_db()
    assert world.member.email == "member@example.com"
    assert client.post("/profile/email/garbage/").status_code == 410


def test_an_address_taken_meanwhile_is_not_confirmed(
    client_for, world, django_capture_on_commit_callbacks
):
    client = client_for(world.member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/profile/", {"email": "mia@new.example", "language": ""})
    UserFactory(username="mia", email="mia@new.example")
    assert client.post(_confirmation_path("mia@new.example")).status_code == 410
    world.member.refresh_from_db()
    assert world.member.email == "member@example.com"


def test_saving_the_profile_again_keeps_or_cancels_the_pending_address(
    client_for, world, django_capture_on_commit_callbacks
):
    client = client_for(world.member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/profile/", {"email": "mia@new.example", "language": ""})
        # The form shows the pending address: saving the language keeps it, sends nothing new.
        client.post("/profile/", {"email": "mia@new.example", "language": "ru"})
    assert len(mail.outbox) == 1
    assert User.objects.get(pk=world.member.pk).pending_email == "mia@new.example"
    client.post("/profile/", {"email": "member@example.com", "language": "ru"})
    assert User.objects.get(pk=world.member.pk).pending_email == ""
    assert client.post(_confirmation_path("mia@new.example")).status_code == 410


def test_the_profile_service_does_not_change_the_address(world):
    with pytest.raises(TypeError):
        user_update_profile(user=world.member, email="boss@example.com")
