"""Quick wins, their milestones and their history.

The playbook asks for at least two quick wins: found while assessing, chosen
while planning, delivered during Act by the team, then celebrated and
announced. The rules (reasons, progress, the two-quick-wins warning) live in
``rules.py``; every write goes through ``services.py`` and leaves a
:class:`QuickWinEvent`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Value
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from onboarding.core.i18n import format_number, numbers
from onboarding.models import Membership, Plan, User
from onboarding.rights import Right, roles_with
from roadmap.quick_wins.rules import QuickWinStatus
from roadmap.rules import FIRST_DAY, LAST_DAY


class QuickWinQuerySet(models.QuerySet["QuickWin"]):
    def _managed_by(self, user: User) -> Exists:
        """The user's role in the quick win's plan may change everything about it."""

        return Exists(
            Membership.objects.filter(
                plan=OuterRef("plan"), user=user, role__in=roles_with(Right.EDIT_QUICK_WINS)
            )
        )

    def _updatable_by(self, user: User) -> Q:
        """Managers update any quick win; team members only those they are on."""

        on_it = Q(owner=user) | Q(
            Exists(QuickWin.team.through.objects.filter(quickwin=OuterRef("pk"), user=user))
        )
        may_update_own = Exists(
            Membership.objects.filter(
                plan=OuterRef("plan"),
                user=user,
                role__in=roles_with(Right.UPDATE_OWN_QUICK_WINS),
            )
        )
        return Q(self._managed_by(user)) | (Q(may_update_own) & on_it)

    def managed_by(self, user: User) -> QuickWinQuerySet:
        """Quick wins whose details, milestones and announcement the user may change."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(self._managed_by(user))

    def editable_by(self, user: User) -> QuickWinQuerySet:
        """Quick wins whose status, progress, milestones' completion and note the user may change."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(self._updatable_by(user))

    def involving(self, user: User) -> QuickWinQuerySet:
        """Quick wins the user owns or works on ("my quick wins")."""
        return self.filter(
            Q(owner=user)
            | Exists(QuickWin.team.through.objects.filter(quickwin=OuterRef("pk"), user=user))
        )

    def with_can_update(self, user: User) -> QuickWinQuerySet:
        """Annotate ``can_update``: whether :meth:`editable_by` would keep the row."""
        if not getattr(user, "is_authenticated", False):
            return self.annotate(can_update=Value(False))
        return self.annotate(
            can_update=ExpressionWrapper(self._updatable_by(user), output_field=BooleanField())
        )


class QuickWin(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="quick_wins")
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(
        _("problem it fixes"),
        max_length=2000,
        help_text=_("The customer's or the team's problem, in their words."),
    )
    expected_impact = models.TextField(_("expected impact"), max_length=2000, blank=True)
    # Scored 1 (low) to 5 (high); empty until the manager has scored it.
    impact = models.PositiveSmallIntegerField(_("impact"), null=True, blank=True)
    effort = models.PositiveSmallIntegerField(_("effort"), null=True, blank=True)
    theme = models.CharField(
        _("theme"),
        max_length=120,
        blank=True,
        help_text=_("One of the two key themes of your plan this quick win belongs to."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_quick_wins",
        verbose_name=_("owner"),
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="quick_win_teams",
        verbose_name=_("team members"),
    )
    target_day = models.SmallIntegerField(_("target day"))
    status = models.CharField(
        _("status"), max_length=16, choices=QuickWinStatus.choices, default=QuickWinStatus.PROPOSED
    )
    # Why it is blocked or dropped; empty in every other status.
    status_reason = models.CharField(_("reason"), max_length=500, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    note = models.CharField(_("note"), max_length=500, blank=True)
    announcement = models.TextField(_("announcement"), max_length=5000, blank=True)
    announced_at = models.DateTimeField(_("announced"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped on every write; a save carrying an older version is refused
    # instead of silently overwriting someone else's change.
    version = models.PositiveIntegerField(default=1)

    # Only on quick wins loaded through QuickWinQuerySet.with_can_update() (an annotation).
    can_update: bool

    objects = QuickWinQuerySet.as_manager()

    class Meta:
        verbose_name = _("quick win")
        verbose_name_plural = _("quick wins")
        ordering = ["target_day", "pk"]
        indexes = [models.Index(fields=["plan", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in QuickWinStatus]),
                name="quick_win_status_known",
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="quick_win_progress_percent"
            ),
            models.CheckConstraint(
                condition=Q(impact__isnull=True) | Q(impact__gte=1, impact__lte=5),
                name="quick_win_impact_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(effort__isnull=True) | Q(effort__gte=1, effort__lte=5),
                name="quick_win_effort_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(target_day__gte=FIRST_DAY, target_day__lte=LAST_DAY),
                name="quick_win_target_in_plan",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_scored(self) -> bool:
        return self.impact is not None and self.effort is not None

    @property
    def is_finished(self) -> bool:
        return self.status in (QuickWinStatus.DONE, QuickWinStatus.DROPPED)

    # The next two read ``milestones.all()``: prefetch them (the selectors do).
    @property
    def milestone_count(self) -> int:
        return len(self.milestones.all())

    @property
    def milestones_done(self) -> int:
        return sum(1 for milestone in self.milestones.all() if milestone.is_done)


class Milestone(models.Model):
    quick_win = models.ForeignKey(QuickWin, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    target_day = models.SmallIntegerField(_("target day"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["target_day", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_day__gte=FIRST_DAY, target_day__lte=LAST_DAY),
                name="milestone_target_in_plan",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class QuickWinEventKind(models.TextChoices):
    CREATED = "created", _("Proposed")
    STATUS = "status", _("Status")
    PROGRESS = "progress", _("Progress")
    NOTE = "note", _("Note")
    DETAILS = "details", _("Details")
    MILESTONE_ADDED = "milestone_added", _("Milestone added")
    MILESTONE_DONE = "milestone_done", _("Milestone done")
    MILESTONE_REOPENED = "milestone_reopened", _("Milestone reopened")
    MILESTONE_REMOVED = "milestone_removed", _("Milestone removed")
    ANNOUNCEMENT_DRAFTED = "announcement_drafted", _("Announcement drafted")
    ANNOUNCEMENT_EDITED = "announcement_edited", _("Announcement edited")
    ANNOUNCEMENT_SENT = "announcement_sent", _("Announcement sent")
    ANNOUNCEMENT_UNSENT = "announcement_unsent", _("Announcement not sent")


class QuickWinEvent(models.Model):
    """One change to a quick win: who, when, from what, to what, and why.

    Rows are only ever added; the values are kept as text as they were at the
    time, so later renames do not rewrite history.
    """

    quick_win = models.ForeignKey(QuickWin, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(_("change"), max_length=24, choices=QuickWinEventKind.choices)
    # For DETAILS: the QuickWin field that changed.
    field = models.CharField(max_length=40, blank=True)
    from_value = models.TextField(_("from"), blank=True)
    to_value = models.TextField(_("to"), blank=True)
    note = models.TextField(_("note"), blank=True)
    # For milestone events: the milestone's target day, worded in each reader's
    # own language when shown (rows from before it hold "title (day N)" as text).
    day = models.SmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("quick-win change")
        verbose_name_plural = _("quick-win changes")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["quick_win", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.quick_win_id} · {self.kind} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def field_label(self) -> str:
        try:
            field = QuickWin._meta.get_field(self.field)
        except FieldDoesNotExist:
            return self.field
        # Changes name the quick win's own fields, never a reverse relation (which has no label).
        if not isinstance(field, models.Field):
            return self.field
        return str(field.verbose_name)

    @property
    def from_display(self) -> str:
        return self._display(self.from_value)

    @property
    def to_display(self) -> str:
        return self._display(self.to_value)

    @property
    def milestone_label(self) -> str:
        """The milestone's title and target day, in the reader's language."""
        removed = self.kind == QuickWinEventKind.MILESTONE_REMOVED
        title = self.from_value if removed else self.to_value
        if self.day is None:
            return title
        return gettext("%(title)s (day %(day)s)") % numbers({"title": title, "day": self.day})

    def _display(self, value: str) -> str:
        if self.kind == QuickWinEventKind.STATUS or self.field == "status":
            return str(QuickWinStatus(value).label) if value in QuickWinStatus.values else value
        if self.kind == QuickWinEventKind.PROGRESS or self.field in _NUMBER_FIELDS:
            # Numbers the app wrote (not someone's text): in the reader's digits.
            return format_number(value)
        return value


# A quick win's fields whose changes are numbers (impact, effort, target day).
_NUMBER_FIELDS = frozenset(
    field.name for field in QuickWin._meta.fields if isinstance(field, models.IntegerField)
)
