"""Writes about people: invitations, memberships, the private calendar link."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .core.enqueue import enqueue_on_commit
from .email_change import EmailChangeUnusable
from .invitations import AccountExists, InvitationUnusable
from .models import Invitation, Membership, Plan, Role, User, new_calendar_token
from .selectors import free_username
from .tasks import send_email_change_confirmation, send_invitation_email


@transaction.atomic
def invitation_create(*, plan: Plan, email: str, role: str, invited_by: User) -> Invitation:
    email = email.strip().lower()
    if role not in (Role.EXECUTIVE, Role.MEMBER):
        raise ValidationError({"role": _("Choose executive or team member.")})
    # One invitation of a plan at a time: two managers' clicks (or a double
    # submit) queue here instead of both leaving an invitation open.
    Plan.objects.select_for_update().only("pk").get(pk=plan.pk)
    if plan.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member of the plan.")})
    # A new invitation replaces every earlier one still open for that address,
    # expired ones included (the one_open_invitation_per_address constraint).
    now = timezone.now()
    plan.invitations.open().filter(email__iexact=email).update(revoked_at=now)
    invitation = Invitation.objects.create(
        plan=plan,
        email=email,
        role=role,
        invited_by=invited_by,
        expires_at=now + dt.timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    enqueue_on_commit(send_invitation_email, invitation.pk)
    return invitation


def invitation_revoke(*, invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def invitation_resend(*, invitation: Invitation) -> None:
    """Send a pending invitation's e-mail again (after a failure, or on request)."""
    if not invitation.is_usable:
        raise InvitationUnusable
    Invitation.objects.filter(pk=invitation.pk).update(send_failed_at=None, send_failure="")
    enqueue_on_commit(send_invitation_email, invitation.pk)


def _invitation_claim(invitation: Invitation, user: User | None) -> None:
    """Use the invitation once: a compare-and-swap, so two clicks cannot both win.

    The UPDATE locks the row: a second request waits for the first to commit,
    then finds the invitation used and raises ``InvitationUnusable``.
    """
    now = timezone.now()
    claimed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).update(accepted_at=now, accepted_by=user)
    if not claimed:
        raise InvitationUnusable


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """An existing account joins: only the one whose confirmed address was invited."""
    if user.email.strip().lower() != invitation.email.strip().lower():
        raise PermissionDenied("This invitation is for another address.")
    _invitation_claim(invitation, user)
    membership, _created = Membership.objects.get_or_create(
        plan=invitation.plan, user=user, defaults={"role": invitation.role}
    )
    return membership  # onboarding.signals: the plan's kept pages are out of date


@transaction.atomic
def user_create_from_invitation(*, invitation: Invitation, first_name: str, password: str) -> User:
    """A newcomer's account and membership, from an invitation used once.

    The invitation is claimed first, so of two simultaneous submissions one
    creates the account and the other finds the invitation used. The user
    name is the address, or ``address-2``… when that name is taken
    (``selectors.free_username``); the welcome message says which.
    """
    _invitation_claim(invitation, None)
    if User.objects.filter(email__iexact=invitation.email).exists():
        # Someone signed up with this address since the page was shown.
        raise AccountExists
    user = User(email=invitation.email, first_name=first_name)
    user.set_password(password)
    while True:
        user.username = free_username(invitation.email)
        try:
            with transaction.atomic():
                user.save(force_insert=True)
        except IntegrityError:  # the name was taken a moment ago: by this person?
            if User.objects.filter(email__iexact=invitation.email).exists():
                raise AccountExists from None
            continue
        break
    Invitation.objects.filter(pk=invitation.pk).update(accepted_by=user)
    Membership.objects.get_or_create(
        plan=invitation.plan, user=user, defaults={"role": invitation.role}
    )
    return user


def membership_remove(*, membership: Membership) -> None:
    if membership.role == Role.MANAGER:
        raise ValidationError(_("The plan's manager cannot be removed."))
    membership.delete()


def calendar_token_rotate(*, plan: Plan) -> str:
    """Issue a new private feed address; the old one stops working at once."""
    plan.calendar_token = new_calendar_token()
    plan.save(update_fields=["calendar_token"])
    return plan.calendar_token


def plan_update_settings(
    *,
    plan: Plan,
    title: str,
    timezone: str,
    digest_weekday: int,
    digest_time: dt.time,
    currency: str,
) -> Plan:
    plan.title, plan.timezone, plan.currency = title, timezone, currency
    plan.digest_weekday, plan.digest_time = digest_weekday, digest_time
    plan.full_clean(exclude=["organisation", "created_by"])
    plan.save(update_fields=["title", "timezone", "digest_weekday", "digest_time", "currency"])
    return plan


def user_update_profile(*, user: User, **fields: object) -> User:
    """Save the given profile fields (name, language, calendar).

    Not the e-mail address: that changes only once the new address is
    confirmed (``user_request_email_change``).
    """
    allowed = {"first_name", "last_name", "language", "use_gregorian"}
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"not a profile field: {name}")
        setattr(user, name, value)
    user.save(update_fields=list(fields))  # onboarding.signals: their plans' pages change
    return user


def _address_taken(email: str, *, by_other_than: User) -> bool:
    return User.objects.filter(email__iexact=email).exclude(pk=by_other_than.pk).exists()


@transaction.atomic
def user_request_email_change(*, user: User, email: str, language: str) -> bool:
    """Ask for a new address: kept aside and confirmed from that mailbox.

    The old address keeps working meanwhile. Asking for the current address
    cancels a pending change. Returns whether a confirmation link was sent.
    """
    email = email.strip().lower()
    if email == user.email.strip().lower():
        if user.pending_email:
            user.pending_email = ""
            user.save(update_fields=["pending_email"])
        return False
    if email == user.pending_email:
        return False  # already asked; the link sent then still works
    if _address_taken(email, by_other_than=user):
        raise ValidationError({"email": _("Another account already uses this address.")})
    user.pending_email = email
    user.save(update_fields=["pending_email"])
    enqueue_on_commit(send_email_change_confirmation, user.pk, email, language)
    return True


@transaction.atomic
def user_confirm_email_change(*, user: User, email: str) -> User:
    """The owner opened the link sent to ``email``: it becomes their address."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if not email or locked.pending_email != email or _address_taken(email, by_other_than=user):
        raise EmailChangeUnusable
    locked.email, locked.pending_email = email, ""
    locked.save(update_fields=["email", "pending_email"])
    user.email, user.pending_email = email, ""
    return user
