from __future__ import annotations

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from .emails import email_change_send
from .invitations import invitation_link
from .models import Invitation, User
from .throttling import attempts_forget_old


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=600, max_retries=5)
def send_invitation_email(invitation_id: int) -> None:
    invitation = (
        Invitation.objects.select_related("plan", "invited_by").filter(pk=invitation_id).first()
    )
    if invitation is None or not invitation.is_usable:
        return
    context = {"invitation": invitation, "link": invitation_link(invitation)}
    with translation.override(invitation.plan.language):
        subject = render_to_string("onboarding/email/invitation_subject.txt", context).strip()
        text = render_to_string("onboarding/email/invitation.txt", context)
        html = render_to_string("onboarding/email/invitation.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[invitation.email])
    message.attach_alternative(html, "text/html")
    message.send()


@shared_task
def forget_old_attempts() -> int:
    """Daily: delete sign-in and reset counters that no longer count."""
    return attempts_forget_old()


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=600, max_retries=5)
def send_email_change_confirmation(user_id: int, email: str, language: str) -> None:
    """The link that confirms a new address, sent to that address."""
    user = User.objects.filter(pk=user_id).first()
    if user is None or user.pending_email != email:
        return  # cancelled or replaced meanwhile
    email_change_send(user=user, email=email, language=language)
