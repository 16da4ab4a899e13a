"""Writes about people: invitations, memberships, the private calendar link."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .core.enqueue import enqueue_on_commit
from .invitations import InvitationUnusable
from .models import Invitation, Membership, Plan, Role, User, new_calendar_token
from .tasks import send_invitation_email


@transaction.atomic
def invitation_create(*, plan: Plan, email: str, role: str, invited_by: User) -> Invitation:
    if role not in (Role.EXECUTIVE, Role.MEMBER):
        raise ValidationError({"role": _("Choose executive or team member.")})
    if plan.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member of the plan.")})
    # A new invitation replaces any earlier one still pending for that address.
    plan.invitations.pending().filter(email__iexact=email).update(revoked_at=timezone.now())
    invitation = Invitation.objects.create(
        plan=plan,
        email=email,
        role=role,
        invited_by=invited_by,
        expires_at=timezone.now() + dt.timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    enqueue_on_commit(send_invitation_email, invitation.pk)
    return invitation


def invitation_revoke(*, invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Use the invitation once: a compare-and-swap, so two clicks cannot both win."""
    now = timezone.now()
    claimed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).update(accepted_at=now, accepted_by=user)
    if not claimed:
        raise InvitationUnusable
    membership, _created = Membership.objects.get_or_create(
        plan=invitation.plan, user=user, defaults={"role": invitation.role}
    )
    return membership  # onboarding.signals: the plan's kept pages are out of date


@transaction.atomic
def user_create_from_invitation(*, invitation: Invitation, first_name: str, password: str) -> User:
    user = User.objects.create_user(
        username=invitation.email, email=invitation.email, password=password, first_name=first_name
    )
    invitation_accept(invitation=invitation, user=user)
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
    """Save the given profile fields (name, e-mail, language, calendar)."""
    allowed = {"first_name", "last_name", "email", "language", "use_gregorian"}
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"not a profile field: {name}")
        setattr(user, name, value)
    user.save(update_fields=list(fields))  # onboarding.signals: their plans' pages change
    return user
