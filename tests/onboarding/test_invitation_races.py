"""Invitations used, replaced or re-sent at the same moment end in one clear outcome."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.utils import timezone

from onboarding.invitations import invitation_token
from onboarding.models import Invitation, Membership, Role, User
from onboarding.services import invitation_create
from tests.factories import UserFactory, make_plan, make_world

NEWCOMER = {
    "first_name": "Nika",
    "password1": "tea-and-biscuits-42",
    "password2": "tea-and-biscuits-42",
}


def _race(*jobs):
    """Run the jobs at the same moment, each on its own connection; their results, in order."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:  # a 500 in the old code: recorded, not lost
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_invitation_accepted_twice_at_once_makes_one_account():
    world = make_world()
    invitation = invitation_create(
        plan=world.plan, email="nika@example.com", role=Role.MEMBER, invited_by=world.manager
    )
    url = f"/invitations/{invitation_token(invitation)}/"

    def accept():
        response = Client().post(url, NEWCOMER)
        return response.status_code, response.content.decode()

    results = _race(accept, accept)

    statuses = sorted(result[0] for result in results if isinstance(result, tuple))
    assert statuses == [302, 410], results
    (used_page,) = [page for status, page in results if status == 410]
    assert "already been used" in used_page
    user = User.objects.get(email="nika@example.com")
    assert Membership.objects.filter(plan=world.plan).filter(user__email="nika@example.com").get()
    invitation.refresh_from_db()
    assert invitation.accepted_by == user


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_six_invitations_to_one_address_at_once_leave_one_pending():
    world = make_world()

    def invite():
        return invitation_create(
            plan=world.plan, email="kim@example.com", role=Role.MEMBER, invited_by=world.manager
        )

    results = _race(*[invite] * 6)

    assert all(isinstance(result, Invitation) for result in results), results
    assert world.plan.invitations.pending().filter(email="kim@example.com").count() == 1
    assert world.plan.invitations.filter(email="kim@example.com").count() == 6


@pytest.mark.django_db
def test_an_expired_invitation_is_withdrawn_when_a_new_one_is_made():
    world = make_world()
    old = invitation_create(
        plan=world.plan, email="kim@example.com", role=Role.MEMBER, invited_by=world.manager
    )
    with time_machine.travel(timezone.now() + dt.timedelta(days=8)):
        new = invitation_create(
            plan=world.plan, email="Kim@Example.com", role=Role.EXECUTIVE, invited_by=world.manager
        )
        assert list(world.plan.invitations.pending()) == [new]
    old.refresh_from_db()
    assert old.revoked_at is not None
    assert new.email == "kim@example.com"


@pytest.mark.django_db
def test_the_database_refuses_two_open_invitations_to_one_address():
    manager = UserFactory()
    plan = make_plan(manager)
    Invitation.objects.create(
        plan=plan, email="kim@example.com", role=Role.MEMBER, expires_at=timezone.now()
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(
            plan=plan, email="KIM@example.com", role=Role.MEMBER, expires_at=timezone.now()
        )


@pytest.mark.django_db
def test_an_address_that_is_someones_user_name_can_be_invited(client, world):
    # Nika signed up as nika@example.com, then moved to another address.
    UserFactory(username="nika@example.com", email="nika@elsewhere.example")
    invitation = invitation_create(
        plan=world.plan, email="nika@example.com", role=Role.MEMBER, invited_by=world.manager
    )
    url = f"/invitations/{invitation_token(invitation)}/"
    page = client.get(url).content.decode()
    assert "You will sign in with the name <bdi>nika@example.com-2</bdi>." in page

    response = client.post(url, NEWCOMER, follow=True)

    assert response.redirect_chain[-1][0] == f"/plans/{world.plan.pk}/quick-wins/mine/"
    assert "You sign in with the name nika@example.com-2." in response.content.decode()
    newcomer = User.objects.get(email="nika@example.com")
    assert newcomer.username == "nika@example.com-2"
    assert Membership.objects.get(plan=world.plan, user=newcomer).role == Role.MEMBER
    client.logout()
    assert client.login(username="nika@example.com-2", password=NEWCOMER["password1"])


@pytest.mark.django_db
def test_re_inviting_after_someone_took_the_name_twice_counts_on(client, world):
    UserFactory(username="nika@example.com", email="a@elsewhere.example")
    UserFactory(username="NIKA@example.com-2", email="b@elsewhere.example")
    invitation = invitation_create(
        plan=world.plan, email="nika@example.com", role=Role.MEMBER, invited_by=world.manager
    )
    client.post(f"/invitations/{invitation_token(invitation)}/", NEWCOMER)
    assert User.objects.get(email="nika@example.com").username == "nika@example.com-3"
