"""Plan titles stay on one line; invitation e-mails say what they say, or say they failed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from config.celery_app import app as celery_app
from onboarding.forms import PlanForm, PlanSettingsForm
from onboarding.models import Invitation, Plan
from onboarding.services import invitation_create, plan_update_settings
from roadmap.services import plan_create
from tests.onboarding import mail_backends

pytestmark = pytest.mark.django_db

TWO_LINES = "Line one\nLine two"
ONE_LINE = "Keep it on one line, without line breaks or control characters."


def _plan_form(**changes):
    data = {
        "title": "Mine",
        "organisation": "Acme",
        "start_date": "2026-03-01",
        "timezone": "UTC",
        "language": "en",
        **changes,
    }
    return PlanForm(data)


@pytest.mark.parametrize("title", [TWO_LINES, "Tab\there", "Zero\x00width", "Sep\u2028arate"])
def test_plan_titles_with_line_breaks_are_refused_by_the_forms(title):
    form = _plan_form(title=title)
    assert not form.is_valid() and ONE_LINE in form.errors["title"]
    settings_form = PlanSettingsForm(
        {
            "title": title,
            "timezone": "UTC",
            "digest_weekday": 0,
            "digest_time": "08:00",
            "currency": "EUR",
        }
    )
    assert not settings_form.is_valid() and ONE_LINE in settings_form.errors["title"]


def test_the_settings_page_refuses_a_multi_line_title(client_for, world):
    response = client_for(world.manager).post(
        f"/plans/{world.plan.pk}/settings/",
        {
            "title": TWO_LINES,
            "timezone": "UTC",
            "digest_weekday": 0,
            "digest_time": "08:00",
            "currency": "EUR",
        },
    )
    assert response.status_code == 422
    assert ONE_LINE in response.content.decode()
    world.plan.refresh_from_db()
    assert world.plan.title == "First 100 days"


def test_services_and_the_database_refuse_a_multi_line_title(world):
    with pytest.raises(ValidationError):
        plan_update_settings(
            plan=world.plan,
            title=TWO_LINES,
            timezone="UTC",
            digest_weekday=0,
            digest_time=dt.time(8),
            currency="EUR",
        )
    # A write that skips the services (an import, a command) meets the database's check.
    with pytest.raises(IntegrityError), transaction.atomic():
        plan_create(
            user=world.manager,
            organisation_name="Acme",
            title=TWO_LINES,
            start_date=dt.date(2026, 3, 1),
            timezone_name="UTC",
            language="en",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=world.plan.pk).update(title=TWO_LINES)


def test_the_first_working_day_is_a_sane_local_date():
    form = _plan_form(start_date="0001-01-01")
    assert not form.is_valid()
    assert "Enter a date within 20 years of today." in form.errors["start_date"]
    with translation.override("fa"):
        form = _plan_form(start_date="۱۴۰۵/۰۱/۱۵", language="fa")
        assert form.is_valid(), form.errors
    assert form.cleaned_data["start_date"] == dt.date(2026, 4, 4)


def test_the_invitation_subject_and_text_are_not_html_escaped(
    world, django_capture_on_commit_callbacks
):
    world.plan.title = "Maryam's plan"
    world.plan.save()
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            plan=world.plan, email="nika@example.com", role="member", invited_by=world.manager
        )
    (message,) = mail.outbox
    assert message.subject == "You are invited to “Maryam's plan”"
    assert "“Maryam's plan”" in message.body
    html = message.alternatives[0][0]  # type: ignore[attr-defined]
    assert "Maryam&#x27;s plan" in html and "Maryam's plan" not in html


@pytest.fixture
def attempts():
    """Each delivery attempt, with retries run in-process as ``make run`` does without Redis."""
    mail_backends.attempts.clear()
    propagates = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False  # else the first retry escapes as an error
    yield mail_backends.attempts
    celery_app.conf.task_eager_propagates = propagates


def _invite(client, world, capture):
    with capture(execute=True):
        response = client.post(
            f"/plans/{world.plan.pk}/members/invite/",
            {"email": "nika@example.com", "role": "member"},
        )
    assert response.status_code == 302
    return Invitation.objects.get(email="nika@example.com")


def test_an_invitation_that_cannot_be_sent_is_shown_to_the_manager_with_send_again(
    client_for, world, settings, attempts, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.onboarding.mail_backends.DownBackend"
    client = client_for(world.manager)
    invitation = _invite(client, world, django_capture_on_commit_callbacks)

    assert attempts == ["down"] * 6  # the first try and five retries
    invitation.refresh_from_db()
    assert invitation.send_failed_at is not None
    assert "Connection refused" in invitation.send_failure
    page = client.get(f"/plans/{world.plan.pk}/members/").content.decode()
    assert "The invitation e-mail to <bdi>nika@example.com</bdi> could not be sent." in page
    assert f"/plans/{world.plan.pk}/invitations/{invitation.pk}/resend/" in page

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/plans/{world.plan.pk}/invitations/{invitation.pk}/resend/")
    assert response["Location"] == f"/plans/{world.plan.pk}/members/"
    assert [m.to for m in mail.outbox] == [["nika@example.com"]]
    invitation.refresh_from_db()
    assert invitation.send_failed_at is None and invitation.send_failure == ""
    assert (
        "could not be sent" not in client.get(f"/plans/{world.plan.pk}/members/").content.decode()
    )


@pytest.mark.parametrize(
    ("backend", "reason"),
    [("BadHeaderBackend", "Header values"), ("RefusedBackend", "No such user")],
)
def test_an_error_no_retry_can_fix_is_recorded_at_once(
    client_for, world, settings, attempts, django_capture_on_commit_callbacks, backend, reason
):
    settings.EMAIL_BACKEND = f"tests.onboarding.mail_backends.{backend}"
    invitation = _invite(client_for(world.manager), world, django_capture_on_commit_callbacks)
    assert len(attempts) == 1
    invitation.refresh_from_db()
    assert invitation.send_failed_at is not None and reason in invitation.send_failure


def test_only_a_pending_invitation_can_be_sent_again(client_for, world):
    invitation = invitation_create(
        plan=world.plan, email="nika@example.com", role="member", invited_by=world.manager
    )
    client = client_for(world.manager)
    client.post(f"/plans/{world.plan.pk}/invitations/{invitation.pk}/cancel/")
    response = client.post(f"/plans/{world.plan.pk}/invitations/{invitation.pk}/resend/")
    assert response.status_code == 404


@pytest.mark.parametrize(("backend", "tries"), [("DownBackend", 6), ("RefusedBackend", 1)])
def test_an_address_confirmation_is_retried_only_when_a_retry_can_help(
    client_for, world, settings, attempts, django_capture_on_commit_callbacks, backend, tries
):
    settings.EMAIL_BACKEND = f"tests.onboarding.mail_backends.{backend}"
    client = client_for(world.manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/profile/", {"email": "new@example.com", "language": ""})
    assert response.status_code == 302
    assert len(attempts) == tries  # a refused address: once; the server down: 1 + 5 retries
    world.manager.refresh_from_db()
    # The profile still says the address waits for confirmation: the user can act on it.
    assert world.manager.pending_email == "new@example.com"
