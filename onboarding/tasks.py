from __future__ import annotations

import logging
import smtplib
from typing import TYPE_CHECKING

from celery import shared_task

from .emails import email_change_send, invitation_record_send_failure, invitation_send
from .models import Invitation, User
from .throttling import attempts_forget_old

if TYPE_CHECKING:
    from celery import Task

logger = logging.getLogger(__name__)

INVITATION_RETRIES = 5


def _backoff(retries: int) -> int:
    """30 s, 1, 2, 4, 8 minutes: about a quarter of an hour in all."""
    return min(30 * 2**retries, 600)


def _permanent(error: OSError) -> bool:
    """An SMTP answer that will not change on retry (a refused address, a 5xx reply)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPSenderRefused):
        return True
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


@shared_task(bind=True, acks_late=True, max_retries=INVITATION_RETRIES)
def send_invitation_email(self: Task[[int], None], invitation_id: int) -> None:
    """Send the invitation; a failure for good is recorded for the manager to see.

    A network or server hiccup (``OSError``) is retried with a growing wait;
    after the last retry, or at once for an error a retry cannot fix (a header
    the mail library refuses, a refused recipient), the invitation records
    the failure and the members page offers to send it again.
    """
    invitation = (
        Invitation.objects.select_related("plan", "invited_by").filter(pk=invitation_id).first()
    )
    if invitation is None or not invitation.is_usable:
        return
    try:
        invitation_send(invitation=invitation)
    except OSError as error:
        if not _permanent(error) and self.request.retries < INVITATION_RETRIES:
            raise self.retry(exc=error, countdown=_backoff(self.request.retries)) from error
        logger.warning("Invitation %s: e-mail not sent: %r", invitation_id, error)
        invitation_record_send_failure(
            invitation_id=invitation_id, reason=str(error) or repr(error)
        )
    except Exception as error:
        logger.exception("Invitation %s: e-mail cannot be sent", invitation_id)
        invitation_record_send_failure(
            invitation_id=invitation_id, reason=str(error) or repr(error)
        )


@shared_task
def forget_old_attempts() -> int:
    """Daily: delete sign-in and reset counters that no longer count."""
    return attempts_forget_old()


@shared_task(bind=True, acks_late=True, max_retries=INVITATION_RETRIES)
def send_email_change_confirmation(
    self: Task[[int, str, str], None], user_id: int, email: str, language: str
) -> None:
    """The link that confirms a new address, sent to that address.

    Retried like an invitation: a hiccup with a growing wait, an address the
    server refuses for good not at all (the profile still shows the address
    as waiting for confirmation, so the user can correct it or ask again).
    """
    user = User.objects.filter(pk=user_id).first()
    if user is None or user.pending_email != email:
        return  # cancelled or replaced meanwhile
    try:
        email_change_send(user=user, email=email, language=language)
    except OSError as error:
        if not _permanent(error) and self.request.retries < INVITATION_RETRIES:
            raise self.retry(exc=error, countdown=_backoff(self.request.retries)) from error
        logger.warning("Address confirmation for user %s not sent: %r", user_id, error)
