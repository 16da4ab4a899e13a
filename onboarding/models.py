"""Organisations, plans, who belongs to them and in which role."""

from __future__ import annotations

import datetime as dt
import secrets
import zoneinfo
from functools import cache

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .core.text import CONTROL_PATTERN, check_single_line
from .rights import ROLE_RIGHTS, Role


@cache
def all_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value: str) -> None:
    if value not in all_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class User(AbstractUser):
    language = models.CharField(
        _("interface language"),
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("Leave empty to follow your browser."),
    )
    use_gregorian = models.BooleanField(
        _("Gregorian dates in Persian"),
        default=False,
        help_text=_("Persian pages show the Jalali calendar unless you tick this."),
    )
    # A new address the user asked for, used nowhere until they confirm it
    # from that mailbox (services.user_confirm_email_change); ``email`` stays
    # the address that signs in, receives mail and matches invitations.
    pending_email = models.EmailField(_("new e-mail, waiting for confirmation"), blank=True)


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PlanQuerySet(models.QuerySet["Plan"]):
    def visible_to(self, user: User | models.Model) -> PlanQuerySet:
        """Plans the user belongs to: the only way views reach a plan."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(memberships__user=user)


# ISO 4217 codes a support budget is most often kept in, here first.
CURRENCIES = [
    ("EUR", _("EUR: euro")),
    ("USD", _("USD: US dollar")),
    ("GBP", _("GBP: pound sterling")),
    ("CHF", _("CHF: Swiss franc")),
    ("SEK", _("SEK: Swedish krona")),
    ("PLN", _("PLN: Polish złoty")),
    ("TRY", _("TRY: Turkish lira")),
    ("AED", _("AED: UAE dirham")),
    ("RUB", _("RUB: Russian rouble")),
    ("KZT", _("KZT: Kazakh tenge")),
    ("IRR", _("IRR: Iranian rial")),
]


class Plan(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="plans", verbose_name=_("organisation")
    )
    # One line: it ends up in e-mail subjects and calendar feeds.
    title = models.CharField(_("title"), max_length=200, validators=[check_single_line])
    start_date = models.DateField(
        _("first working day"), help_text=_("Day 0 of the plan: your first day in the role.")
    )
    timezone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_timezone]
    )
    language = models.CharField(
        _("plan language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The playbook's tasks and tips are written in this language."),
    )
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    digest_weekday = models.PositiveSmallIntegerField(
        _("weekly digest day"),
        choices=[
            (0, _("Monday")),
            (1, _("Tuesday")),
            (2, _("Wednesday")),
            (3, _("Thursday")),
            (4, _("Friday")),
            (5, _("Saturday")),
            (6, _("Sunday")),
        ],
        default=0,
    )
    digest_time = models.TimeField(
        _("weekly digest time"),
        default=dt.time(8, 0),
        help_text=_("In the plan's time zone."),
    )
    currency = models.CharField(
        _("budget currency"),
        max_length=3,
        choices=CURRENCIES,
        default="EUR",
        help_text=_("The budget and its ROI cases are in this currency."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-start_date", "pk"]
        constraints = [
            # The backstop for writes that skip the services' check (an import, a command).
            models.CheckConstraint(
                condition=~Q(title__regex=CONTROL_PATTERN), name="plan_title_single_line"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def local_today(self, now: dt.datetime | None = None) -> dt.date:
        """Today's date where the plan's manager works, not on the server."""
        return (now or timezone.now()).astimezone(self.zone).date()

    def day_number(self, on: dt.date) -> int:
        """Day 0 is the first working day; preparation days are negative."""
        return (on - self.start_date).days

    def date_of_day(self, day: int) -> dt.date:
        return self.start_date + dt.timedelta(days=day)


class Membership(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    receives_digest = models.BooleanField(_("receives the weekly digest"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["plan", "user"], name="one_membership_per_plan_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.plan} · {self.role}"

    @property
    def rights(self) -> frozenset[str]:
        """For templates: ``{% if "edit_roadmap" in request.membership.rights %}``."""
        return ROLE_RIGHTS.get(self.role, frozenset())


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def open(self) -> InvitationQuerySet:
        """Neither accepted nor withdrawn, whether or not it has expired."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def pending(self) -> InvitationQuerySet:
        return self.open().filter(expires_at__gt=timezone.now())


class Invitation(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The e-mail could not be sent, after the retries or for good (tasks.send_invitation_email).
    send_failed_at = models.DateTimeField(null=True, blank=True)
    send_failure = models.CharField(max_length=200, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            # A new invitation withdraws the open one (services.invitation_create,
            # under a lock on the plan); this is the backstop.
            models.UniqueConstraint(
                Lower("email"),
                "plan",
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.plan}"

    @property
    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


def new_share_token() -> str:
    """Default of ``SelfIntroduction.share_token`` (the model now lives in roadmap.toolkit)."""
    return secrets.token_urlsafe(24)


class AttemptCounter(models.Model):
    """How often something was tried lately, under a keyed hash of who tried it.

    Failed sign-ins and password-reset requests are counted here, in the
    database, rather than in the cache: a cache may evict or lose a counter,
    and throttling that silently resets is no throttling. Only keyed hashes
    are stored (``onboarding.throttling``), never a name, address or e-mail.
    """

    scope = models.CharField(max_length=24)
    key = models.CharField(max_length=64, unique=True)
    # The hashed account alone, on every row about that account, so a
    # completed password reset can clear all of them.
    account = models.CharField(max_length=64, blank=True, db_index=True)
    count = models.PositiveIntegerField(default=0)
    first_at = models.DateTimeField()
    last_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]}: {self.count}"
