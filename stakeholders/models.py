"""The stakeholder register: people and groups, what the manager heard from
them, and what to do next.

Who sees what (the rights are in ``onboarding/access.py``):

- the manager sees and edits everything;
- executives see the register, the power map (power and interest) and that
  an interaction took place (date, kind, sentiment), never its notes, answers
  or follow-ups; the manager's candid assessment (``attitude``, "who really
  decides" ``influence_note``) only where the manager shared it with them
  (``assessment_shared``);
- team members see only the stakeholders shared with them (``shared_with``):
  the contact card and when contact happened, not the political assessment
  (power, interest, attitude, informal influence) and no private notes.

``Interaction.notes`` and ``InterviewAnswer.answer`` are the private notes.
The rules are functions in ``selectors``: ``visible_stakeholders`` (who) and
``assessment_rule`` (whose assessment); every page, export and summary reads
through them.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from onboarding.core.i18n import format_number
from onboarding.models import Plan

from . import rules
from .questions import Question, question


class Kind(models.TextChoices):
    PERSON = "person", _("Person")
    GROUP = "group", _("Group")


class Scope(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    EXTERNAL = "external", _("External")


class Relationship(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    EMPLOYEE = "employee", _("Employee")
    PARTNER = "partner", _("Partner")
    BOARD = "board", pgettext_lazy("stakeholder relationship", "Board")
    SUPPLIER = "supplier", _("Supplier")
    COMMUNITY = "community", _("Community")
    OTHER = "other", _("Other")


class Attitude(models.TextChoices):
    # From most to least favourable; the order is the sort order.
    CHAMPION = "champion", _("Champion")
    SUPPORTER = "supporter", _("Supporter")
    NEUTRAL = "neutral", _("Neutral")
    SCEPTIC = "sceptic", _("Sceptic")
    BLOCKER = "blocker", _("Blocker")


class InteractionKind(models.TextChoices):
    INTERVIEW = "interview", _("Interview")
    MEETING = "meeting", _("Meeting")
    CALL = "call", _("Call")
    EMAIL = "email", _("E-mail")
    EVENT = "event", _("Event")


class Tag(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="stakeholder_tags")
    name = models.CharField(_("name"), max_length=rules.TAG_MAX_LENGTH)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("plan", Lower("name"), name="unique_stakeholder_tag_per_plan")
        ]

    def __str__(self) -> str:
        return self.name


class StakeholderQuerySet(models.QuerySet["Stakeholder"]):
    def active(self) -> StakeholderQuerySet:
        return self.filter(archived_at__isnull=True)

    def key(self) -> StakeholderQuerySet:
        return self.filter(power__gte=rules.KEY_POWER)

    def contact_overdue(self, today: dt.date, *, key_people: bool = True) -> StakeholderQuerySet:
        """``rules.contact_status(...).is_overdue`` as SQL (a test keeps them equal).

        ``key_people=False`` for a viewer who may not know who is key (power is
        the manager's assessment): never contacted is overdue only with a cadence.
        """
        key = Q(power__gte=rules.KEY_POWER) if key_people else Q(pk__isnull=True)
        never = Q(last_contact_on__isnull=True) & (Q(cadence_days__isnull=False) | key)
        return self.filter(never | Q(contact_due_on__lt=today))


def _label(choices: type[models.TextChoices], value: str) -> str:
    """The value's label, or the value itself if it is not (or no longer) a choice."""
    return _label_in(choices, value, get_language())


# The power map and the register show the same few labels hundreds of times.
@lru_cache(maxsize=512)
def _label_in(choices: type[models.TextChoices], value: str, language: str | None) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class Stakeholder(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="stakeholders")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    organisation = models.CharField(_("department or organisation"), max_length=200, blank=True)
    scope = models.CharField(
        _("internal or external"), max_length=8, choices=Scope.choices, default=Scope.INTERNAL
    )
    relationship = models.CharField(
        _("relationship"), max_length=16, choices=Relationship.choices, default=Relationship.OTHER
    )
    # Stored in lower case; unique within a plan (archived people included).
    email = models.EmailField(_("e-mail"), blank=True)
    power = models.PositiveSmallIntegerField(_("power/influence"), null=True, blank=True)
    interest = models.PositiveSmallIntegerField(_("interest"), null=True, blank=True)
    attitude = models.CharField(_("attitude"), max_length=16, choices=Attitude.choices, blank=True)
    influence_note = models.TextField(_("who really decides"), blank=True)
    # The assessment (attitude, who really decides) is private to the manager
    # unless shared with the executive, as interview notes are private.
    assessment_shared = models.BooleanField(
        _("assessment shared with the executive"), default=False
    )
    reports_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="direct_reports",
        verbose_name=_("reports to"),
    )
    influences = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="influenced_by",
        verbose_name=_("influences"),
    )
    cadence_days = models.PositiveSmallIntegerField(
        _("contact every (days)"), null=True, blank=True
    )
    tags = models.ManyToManyField(
        Tag, blank=True, related_name="stakeholders", verbose_name=_("tags")
    )
    shared_with = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="shared_stakeholders",
        verbose_name=_("shared with"),
    )
    # Kept by the interaction services (never edited directly), so lists can
    # sort and filter by contact without a per-row query.
    last_contact_on = models.DateField(_("last contact"), null=True, blank=True, editable=False)
    contact_due_on = models.DateField(_("next contact due"), null=True, blank=True, editable=False)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    # Bumped on every edit; a save carrying an older version is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Only on the register's rows: ``contact_status(today)``, set by ``selectors.register_page``.
    contact: rules.ContactStatus

    objects = StakeholderQuerySet.as_manager()

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["plan", "name"]),
            models.Index(fields=["plan", "power"]),
            models.Index(fields=["plan", "contact_due_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "email"],
                condition=~Q(email=""),
                name="unique_stakeholder_email_per_plan",
            ),
            models.CheckConstraint(
                condition=Q(power__isnull=True)
                | Q(power__gte=rules.SCALE_MIN, power__lte=rules.SCALE_MAX),
                name="stakeholder_power_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(interest__isnull=True)
                | Q(interest__gte=rules.SCALE_MIN, interest__lte=rules.SCALE_MAX),
                name="stakeholder_interest_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(cadence_days__isnull=True)
                | Q(
                    cadence_days__gte=rules.CADENCE_MIN_DAYS,
                    cadence_days__lte=rules.CADENCE_MAX_DAYS,
                ),
                name="stakeholder_cadence_in_range",
            ),
            models.CheckConstraint(
                condition=Q(attitude__in=["", *Attitude.values]), name="stakeholder_attitude_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    # Labels for pages listing many people: a lookup on the enum, where
    # get_FOO_display() rebuilds the whole choices mapping on every call.
    @property
    def scope_label(self) -> str:
        return _label(Scope, self.scope)

    @property
    def relationship_label(self) -> str:
        return _label(Relationship, self.relationship)

    @property
    def attitude_label(self) -> str:
        return _label(Attitude, self.attitude)

    @property
    def is_key(self) -> bool:
        return rules.is_key(self.power)

    @property
    def quadrant(self) -> rules.Quadrant | None:
        return rules.quadrant(self.power, self.interest)

    @property
    def is_assessed(self) -> bool:
        return rules.is_assessed(self.power, self.interest, self.attitude)

    @property
    def quadrant_advice(self) -> str:
        quadrant = self.quadrant
        return str(rules.QUADRANT_ADVICE[quadrant]) if quadrant else ""

    def contact_status(self, today: dt.date) -> rules.ContactStatus:
        return rules.contact_status(
            last_contact=self.last_contact_on,
            cadence_days=self.cadence_days,
            power=self.power,
            today=today,
        )


class Interaction(models.Model):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="stakeholder_interactions"
    )
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="interactions"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=InteractionKind.choices)
    date = models.DateField(_("date"))
    sentiment = models.SmallIntegerField(_("sentiment"), null=True, blank=True)
    # Private: only roles with VIEW_PRIVATE_NOTES (the manager) ever see it.
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["stakeholder", "date"]),
            models.Index(fields=["plan", "date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(sentiment__isnull=True)
                | Q(sentiment__gte=rules.SENTIMENT_MIN, sentiment__lte=rules.SENTIMENT_MAX),
                name="interaction_sentiment_in_range",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=InteractionKind.values), name="interaction_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.date}"

    @property
    def is_meeting(self) -> bool:
        return self.kind in rules.MET_KINDS

    @property
    def sentiment_display(self) -> str:
        """``+2``, ``0``, or ``-1`` written with a true minus sign (U+2212), in the reader's digits."""
        if self.sentiment is None:
            return ""
        if self.sentiment > 0:
            text = f"+{self.sentiment}"
        else:
            text = "0" if self.sentiment == 0 else f"\u2212{-self.sentiment}"
        return format_number(text)


class InterviewAnswer(models.Model):
    """One answer to one key question (private, like the notes)."""

    interaction = models.ForeignKey(Interaction, on_delete=models.CASCADE, related_name="answers")
    question_key = models.CharField(_("question"), max_length=64)
    answer = models.TextField(_("answer"))

    class Meta:
        verbose_name = _("interview answer")
        verbose_name_plural = _("interview answers")
        ordering = ["pk"]
        indexes = [models.Index(fields=["question_key"])]
        constraints = [
            models.UniqueConstraint(
                fields=["interaction", "question_key"], name="one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return self.question_key

    @property
    def question(self) -> Question | None:
        return question(self.question_key)


class FollowUp(models.Model):
    """An action agreed in an interaction; one click makes it a roadmap task."""

    interaction = models.ForeignKey(
        Interaction, on_delete=models.CASCADE, related_name="follow_ups"
    )
    text = models.CharField(_("follow-up"), max_length=300)
    task = models.OneToOneField(
        "roadmap.Task",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stakeholder_follow_up",
        verbose_name=_("roadmap task"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text


class PendingImport(models.Model):
    """A parsed CSV upload waiting for the manager to map columns and confirm.

    Rows are kept as ``[line_number, [cells…]]`` so every problem can name its
    line. Old uploads are cleared when the next one arrives.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="stakeholder_imports")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(max_length=255)
    encoding = models.CharField(max_length=32)
    delimiter = models.CharField(max_length=1, default=",")
    header = models.JSONField(default=list)
    rows = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pending import")
        verbose_name_plural = _("pending imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    @property
    def row_count(self) -> int:
        return len(self.rows)
