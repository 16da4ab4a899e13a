from __future__ import annotations

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from .invitations import invitation_link
from .models import Invitation
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
