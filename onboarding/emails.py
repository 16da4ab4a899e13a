"""E-mails the onboarding app sends, rendered in the reader's language.

Subjects and plain-text parts are rendered with autoescape off (they are not
HTML: "Maryam's plan" must not arrive as "Maryam&#x27;s plan"); HTML parts
stay escaped.
"""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from .email_change import EMAIL_CHANGE_VALID, email_change_link
from .models import User


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
