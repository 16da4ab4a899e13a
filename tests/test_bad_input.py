"""Bad input gets a clear 4xx, never a 500, and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail

from onboarding.invitations import invitation_link, invitation_token
from onboarding.models import Invitation, Membership, User
from onboarding.services import invitation_create
from roadmap.models import Phase, Task

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (10, 5, "The last day cannot come before the first day."),
        (-20, 5, "Ensure this value is greater than or equal to -10."),
        (0, 140, "Ensure this value is less than or equal to 100."),
        (50, 60, "must lie within its days 0 to 30"),  # Assess runs 0..30
        ("soon", 5, "Enter a whole number."),
    ],
)
def test_invalid_task_days_are_explained(client_for, world, start, end, message):
    assess = world.plan.phases.get(key="assess")
    response = client_for(world.manager).post(
        f"/plans/{world.plan.pk}/tasks/new/",
        {"title": "Visit the call centre", "phase": assess.pk, "start_day": start, "end_day": end},
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Task.objects.filter(title="Visit the call centre").exists()


def test_editing_a_task_out_of_its_phase_is_refused(client_for, world):
    task = world.plan.tasks.filter(phase__key="prepare").first()
    before = (task.start_day, task.end_day)
    response = client_for(world.manager).post(
        f"/plans/{world.plan.pk}/tasks/{task.pk}/edit/",
        {
            "title": task.title,
            "phase": task.phase_id,
            "start_day": 20,
            "end_day": 25,
            "version": task.version,
        },
    )
    assert response.status_code == 422
    task.refresh_from_db()
    assert (task.start_day, task.end_day) == before


def test_a_phase_from_another_plan_is_not_a_choice(client_for, world):
    foreign_phase = world.other_plan.phases.get(key="assess")
    response = client_for(world.manager).post(
        f"/plans/{world.plan.pk}/tasks/new/",
        {"title": "Sneaky", "phase": foreign_phase.pk, "start_day": 1, "end_day": 2},
    )
    assert response.status_code == 422
    assert not Task.objects.filter(title="Sneaky").exists()


def test_a_phase_range_that_strands_tasks_is_refused_and_nothing_moves(client_for, world):
    assess = world.plan.phases.get(key="assess")
    before = sorted(assess.tasks.values_list("start_day", "end_day"))
    response = client_for(world.manager).post(
        f"/plans/{world.plan.pk}/phases/{assess.pk}/edit/", {"start_day": 10, "end_day": 12}
    )
    assert response.status_code == 422
    assert "would fall outside days 10 to 12" in response.content.decode()
    assess.refresh_from_db()
    assert (assess.start_day, assess.end_day) == (0, 30)
    assert sorted(assess.tasks.values_list("start_day", "end_day")) == before


def test_a_phase_range_backwards_or_outside_the_window(client_for, world):
    phase = world.plan.phases.get(key="measure")
    client = client_for(world.manager)
    url = f"/plans/{world.plan.pk}/phases/{phase.pk}/edit/"
    assert client.post(url, {"start_day": 60, "end_day": 50}).status_code == 422
    assert client.post(url, {"start_day": 45, "end_day": 101}).status_code == 422
    phase.refresh_from_db()
    assert (phase.start_day, phase.end_day) == (45, 100)


def test_unknown_status_is_400(client_for, world):
    task = world.plan.tasks.first()
    response = client_for(world.manager).post(
        f"/plans/{world.plan.pk}/tasks/{task.pk}/status/", {"status": "finished-ish"}
    )
    assert response.status_code == 400
    assert "Unknown status" in response.content.decode()
    task.refresh_from_db()
    assert task.status == "todo"


@pytest.mark.parametrize("action", ["status", "note", "edit", "delete"])
def test_a_task_of_another_plan_is_404(client_for, world, action):
    foreign = world.other_plan.tasks.first()
    response = client_for(world.manager).post(
        f"/plans/{world.plan.pk}/tasks/{foreign.pk}/{action}/", {"status": "done", "note": "x"}
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == "todo" and foreign.note == ""


def test_a_note_that_is_too_long_is_refused(client_for, world):
    task = world.plan.tasks.first()
    response = client_for(world.manager).post(
        f"/plans/{world.plan.pk}/tasks/{task.pk}/note/", {"note": "x" * 5000}
    )
    assert response.status_code == 400
    assert "at most 4000 characters" in response.content.decode()


def _invite(world, email="newcomer@example.com"):
    return invitation_create(plan=world.plan, email=email, role="member", invited_by=world.manager)


def test_expired_invitation_is_410_and_creates_nobody(client, world):
    invitation = _invite(world)
    token = invitation_token(invitation)
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=8)):
        response = client.post(
            f"/invitations/{token}/",
            {
                "first_name": "N",
                "password1": "a-long-pass-phrase",
                "password2": "a-long-pass-phrase",
            },
        )
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not User.objects.filter(email="newcomer@example.com").exists()


def test_a_used_invitation_cannot_be_used_again(client, world):
    invitation = _invite(world)
    url = f"/invitations/{invitation_token(invitation)}/"
    form = {
        "first_name": "Nika",
        "password1": "a-long-pass-phrase",
        "password2": "a-long-pass-phrase",
    }
    assert client.post(url, form).status_code == 302
    client.logout()

    response = client.post(url, {**form, "first_name": "Mallory"})

    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    assert User.objects.filter(email="newcomer@example.com").count() == 1
    assert User.objects.get(email="newcomer@example.com").first_name == "Nika"


@pytest.mark.parametrize("token", ["garbage", "1:abc:def", "Mg:1vXyZ:forged-signature"])
def test_a_tampered_invitation_link_is_404(client, world, token):
    _invite(world)
    assert client.get(f"/invitations/{token}/").status_code == 404


def test_a_withdrawn_invitation_is_410(client_for, world):
    invitation = _invite(world)
    client_for(world.manager).post(f"/plans/{world.plan.pk}/invitations/{invitation.pk}/cancel/")
    client_for(None)
    response = client_for(None).get(
        invitation_link(invitation).split("testserver")[-1].replace("http://127.0.0.1:8000", "")
    )
    assert response.status_code == 410


def test_inviting_an_existing_member_or_a_bad_address_is_explained(client_for, world):
    client = client_for(world.manager)
    response = client.post(
        f"/plans/{world.plan.pk}/members/invite/", {"email": world.member.email, "role": "member"}
    )
    assert response.status_code == 422
    assert "already a member" in response.content.decode()
    response = client.post(
        f"/plans/{world.plan.pk}/members/invite/", {"email": "not-an-address", "role": "manager"}
    )
    assert response.status_code == 422
    assert "Enter a valid email address." in response.content.decode()
    assert "Select a valid choice." in response.content.decode()
    assert Invitation.objects.count() == 0
    assert mail.outbox == []


def test_mismatched_passwords_on_accepting(client, world):
    invitation = _invite(world)
    response = client.post(
        f"/invitations/{invitation_token(invitation)}/",
        {
            "first_name": "Nika",
            "password1": "a-long-pass-phrase",
            "password2": "another-pass-phrase",
        },
    )
    assert response.status_code == 422
    assert "The two passwords differ." in response.content.decode()
    assert not Membership.objects.filter(user__email="newcomer@example.com").exists()


@pytest.mark.parametrize(
    "token_of",
    [
        lambda plan: plan.calendar_token[:-1] + ("A" if plan.calendar_token[-1] != "A" else "B"),
        lambda plan: "short",
        lambda plan: "",
    ],
)
def test_a_tampered_calendar_token_is_404(client, world, token_of):
    response = client.get(f"/calendar/{token_of(world.plan)}.ics")
    assert response.status_code == 404


def test_phases_keep_their_rows(world):
    # Guard: none of the refused writes above may have created or dropped phases.
    assert Phase.objects.filter(plan=world.plan).count() == 6


@pytest.mark.parametrize(
    "path",
    [
        "/calendar/x%00.ics",
        "/plans/{plan}/stakeholders/?q=%00",
        "/plans/{plan}/stakeholders/?tag=a%00b",
        "/plans/{plan}/timeline/?phase=%00",
        "/plans/{plan}/toolkit/?x=%00",
    ],
)
def test_a_nul_byte_in_the_address_is_a_400_not_a_500(client_for, world, path):
    response = client_for(world.manager).get(path.format(plan=world.plan.pk))
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_signed_in_pages_are_never_kept_by_a_cache(client_for, world):
    response = client_for(world.manager).get(f"/plans/{world.plan.pk}/today/")
    assert response.status_code == 200
    assert {"private", "no-store"} <= set(response["Cache-Control"].replace(" ", "").split(","))


def test_a_body_larger_than_any_form_takes_is_refused_unread(client_for, world, settings):
    """A file past the largest import never reaches the disk: 413 before the CSRF check reads it."""
    settings.MAX_REQUEST_BYTES = 1000
    settings.MAX_UPLOAD_BYTES = 900
    client = client_for(world.manager)
    client.cookies["django_language"] = "fa"
    response = client.post(
        f"/plans/{world.plan.pk}/metrics/upload/",
        data=b"x" * 5000,
        content_type="multipart/form-data; boundary=zzz",
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "بزرگ" in page and "۰ مگابایت" in page
    assert response.wsgi_request._stream._pos == 0, "nothing of the body was read"


@pytest.mark.parametrize("signed_in", [True, False])
def test_a_malformed_current_url_header_is_ignored_not_a_500(client_for, world, signed_in):
    """htmx's HX-Current-URL is the client's to write: an address urlsplit refuses."""
    task = world.plan.tasks.first()
    client = client_for(world.manager if signed_in else None)
    headers = {"HX-Request": "true", "HX-Current-URL": "http://[testserver/plans/"}
    response = client.post(
        f"/plans/{world.plan.pk}/tasks/{task.pk}/status/",
        {"status": "done", "version": task.version},
        headers=headers,
    )
    if signed_in:
        assert response.status_code == 200
        task.refresh_from_db()
        assert task.status == "done"
    else:
        assert response["HX-Redirect"] == "/accounts/login/?next=/"
