"""The playbook template and each plan's own copy of it: phases and tasks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from onboarding.models import Organisation, Plan


class Playbook(models.Model):
    """A template of phases and tasks, per language.

    ``organisation`` empty means the default that ships with the app; an
    organisation may keep its own adjusted copy (edited in the admin).
    """

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="playbooks"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("playbook")
        verbose_name_plural = _("playbooks")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "language"],
                condition=Q(organisation__isnull=False),
                name="one_playbook_per_organisation_language",
            ),
            models.UniqueConstraint(
                fields=["language"],
                condition=Q(organisation__isnull=True),
                name="one_default_playbook_per_language",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"


class PlaybookPhase(models.Model):
    playbook = models.ForeignKey(Playbook, on_delete=models.CASCADE, related_name="phases")
    key = models.SlugField(_("key"))
    name = models.CharField(_("name"), max_length=100)
    summary = models.TextField(_("summary"), blank=True)
    tip = models.TextField(_("communication tip"), blank=True)
    start_day = models.SmallIntegerField(_("first day"))
    end_day = models.SmallIntegerField(_("last day"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["playbook", "key"], name="unique_playbook_phase_key")
        ]

    def __str__(self) -> str:
        return self.name


class PlaybookTask(models.Model):
    phase = models.ForeignKey(PlaybookPhase, on_delete=models.CASCADE, related_name="tasks")
    key = models.SlugField(_("key"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start_day = models.SmallIntegerField(_("first day"))
    end_day = models.SmallIntegerField(_("last day"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["start_day", "order"]

    def __str__(self) -> str:
        return self.title


class PhaseQuerySet(models.QuerySet["Phase"]):
    def with_progress(self) -> PhaseQuerySet:
        """Annotate done/total counts; skipped tasks count as settled."""
        return self.annotate(
            task_count=Count("tasks"),
            settled_count=Count("tasks", filter=Q(tasks__status__in=SETTLED_STATUSES)),
        )


class Phase(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="phases")
    key = models.SlugField(_("key"))
    name = models.CharField(_("name"), max_length=100)
    summary = models.TextField(_("summary"), blank=True)
    tip = models.TextField(_("communication tip"), blank=True)
    start_day = models.SmallIntegerField(_("first day"))
    end_day = models.SmallIntegerField(_("last day"))
    order = models.PositiveSmallIntegerField(default=0)

    # Only on phases loaded through PhaseQuerySet.with_progress() (annotations, not columns).
    task_count: int
    settled_count: int

    objects = PhaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="unique_plan_phase_key"),
            models.CheckConstraint(
                condition=Q(start_day__lte=models.F("end_day")), name="phase_starts_before_end"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_active_on(self, day: int) -> bool:
        return self.start_day <= day <= self.end_day

    @property
    def percent_done(self) -> int:
        """Needs :meth:`PhaseQuerySet.with_progress`."""
        if not self.task_count:
            return 0
        return round(100 * self.settled_count / self.task_count)


class TaskStatus(models.TextChoices):
    TODO = "todo", _("To do")
    DOING = "doing", _("In progress")
    DONE = "done", _("Done")
    SKIPPED = "skipped", _("Skipped")


# Settled tasks no longer need the manager's attention; open ones do.
SETTLED_STATUSES = (TaskStatus.DONE, TaskStatus.SKIPPED)
OPEN_STATUSES = (TaskStatus.TODO, TaskStatus.DOING)


class TaskQuerySet(models.QuerySet["Task"]):
    def open(self) -> TaskQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def spanning(self, day: int) -> TaskQuerySet:
        return self.filter(start_day__lte=day, end_day__gte=day)

    def overdue_on(self, day: int) -> TaskQuerySet:
        return self.open().filter(end_day__lt=day)

    def upcoming_after(self, day: int) -> TaskQuerySet:
        return self.open().filter(start_day__gt=day)


class Task(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    phase = models.ForeignKey(
        Phase, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("phase")
    )
    # The playbook key links a task to the tool that fulfils it; empty for
    # tasks the manager added.
    key = models.SlugField(_("key"), max_length=80, blank=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start_day = models.SmallIntegerField(_("first day"))
    end_day = models.SmallIntegerField(_("last day"))
    status = models.CharField(
        _("status"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.TODO
    )
    note = models.TextField(_("note"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_tasks",
        verbose_name=_("owner"),
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped on every write; a save carrying an older version is refused
    # instead of silently overwriting someone else's change.
    version = models.PositiveIntegerField(default=1)
    order = models.PositiveSmallIntegerField(default=0)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["start_day", "end_day", "order", "pk"]
        indexes = [
            models.Index(fields=["plan", "start_day"]),
            models.Index(fields=["plan", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_day__lte=models.F("end_day")), name="task_starts_before_end"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in TaskStatus]), name="task_status_known"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_custom(self) -> bool:
        return not self.key

    @property
    def is_settled(self) -> bool:
        return self.status in SETTLED_STATUSES


# The areas' models live in their folders; importing them here registers them
# with the roadmap app (and keeps ``from roadmap.models import QuickWin`` working).
from .quick_wins.models import (  # noqa: E402
    Milestone,
    QuickWin,
    QuickWinEvent,
    QuickWinEventKind,
    QuickWinStatus,
)
from .toolkit.models import (  # noqa: E402
    BudgetCategory,
    BudgetLine,
    BudgetRequest,
    Challenge,
    ChallengeKind,
    ChallengeOutcome,
    ChallengeSource,
    Diagnostic,
    DiagnosticAnswer,
    HabitCheck,
    RiskCheck,
    RiskRating,
    SelfIntroduction,
    SelfIntroductionVersion,
    SignAnswer,
)

__all__ = [
    "BudgetCategory",
    "BudgetLine",
    "BudgetRequest",
    "Challenge",
    "ChallengeKind",
    "ChallengeOutcome",
    "ChallengeSource",
    "Diagnostic",
    "DiagnosticAnswer",
    "HabitCheck",
    "Milestone",
    "Phase",
    "Playbook",
    "PlaybookPhase",
    "PlaybookTask",
    "QuickWin",
    "QuickWinEvent",
    "QuickWinEventKind",
    "QuickWinStatus",
    "RiskCheck",
    "RiskRating",
    "SelfIntroduction",
    "SelfIntroductionVersion",
    "SignAnswer",
    "Task",
    "TaskStatus",
]
