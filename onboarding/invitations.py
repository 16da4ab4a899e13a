"""Invitation links: a signed token naming the invitation, and the address that carries it."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Invitation

INVITATION_SALT = "onboarding.invitation"


class InvitationUnusable(Exception):
    """The link was already used, revoked, or has expired."""


class AccountExists(Exception):
    """An account with the invited address appeared meanwhile: sign in to accept."""


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps(invitation.pk, salt=INVITATION_SALT)


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation a link names, or None for a link that was tampered with."""
    try:
        pk = signing.loads(token, salt=INVITATION_SALT)
    except signing.BadSignature:
        return None
    return Invitation.objects.select_related("plan", "invited_by").filter(pk=pk).first()


def invitation_link(invitation: Invitation) -> str:
    path = reverse("accept_invitation", kwargs={"token": invitation_token(invitation)})
    return f"{settings.SITE_URL}{path}"
