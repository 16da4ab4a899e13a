"""E-mails the onboarding app sends, rendered in the reader's language.

Subjects and plain-text parts are rendered with autoescape off (they are not
HTML: "Maryam's plan" must not arrive as "Maryam&#x27;s plan"); HTML parts
stay escaped.
"""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .core.i18n import reading_as
from .email_change import EMAIL_CHANGE_VALID, email_change_link
from .invitations import invitation_link
from .models import Invitation, User

FAILURE_MAX = Invitation._meta.get_field("send_failure").max_length or 200


def invitation_send(*, invitation: Invitation) -> None:
    context = {"invitation": invitation, "link": invitation_link(invitation)}
    with reading_as(invitation.plan.language, zone=invitation.plan.zone):
        subject = render_to_string("onboarding/email/invitation_subject.txt", context)
        text = render_to_string("onboarding/email/invitation.txt", context)
        html = render_to_string("onboarding/email/invitation.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, to=[invitation.email]
    )
    message.attach_alternative(html, "text/html")
    message.send()


def invitation_record_send_failure(*, invitation_id: int, reason: str) -> None:
    """The e-mail could not be sent (for good): the members page shows it to the manager."""
    Invitation.objects.filter(pk=invitation_id).update(
        send_failed_at=timezone.now(), send_failure=" ".join(reason.split())[:FAILURE_MAX]
    )


def email_change_send(*, user: User, email: str, language: str) -> None:
    """Ask the new address to confirm it belongs to this account."""
    context = {
        "user": user,
        "email": email,
        "link": email_change_link(user_id=user.pk, email=email),
        "valid_days": EMAIL_CHANGE_VALID.days,
    }
    with translation.override(language):
        subject = render_to_string("onboarding/email/email_change_subject.txt", context)
        text = render_to_string("onboarding/email/email_change.txt", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=[email])
    message.send()
