"""The playbook template and each plan's own copy of it: phases and tasks."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, Value
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from onboarding.models import Organisation, Plan

from . import toolkit_rules
from .rules import FIRST_DAY, LAST_DAY


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


# ---------------------------------------------------------------- Quick wins
#
# The playbook asks for at least two quick wins: found while assessing, chosen
# while planning, delivered during Act by the team, then celebrated and
# announced. The rules about them (reasons, progress, the two-quick-wins
# warning) live in ``quick_win_rules.py``; every write goes through
# ``quick_win_services.py`` and leaves a :class:`QuickWinEvent`.


class QuickWinStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    COMMITTED = "committed", _("Committed")
    IN_PROGRESS = "in_progress", _("In progress")
    BLOCKED = "blocked", _("Blocked")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


def _roles_with(right: str) -> list[str]:
    from onboarding.access import ROLE_RIGHTS

    return [role for role, rights in ROLE_RIGHTS.items() if right in rights]


class QuickWinQuerySet(models.QuerySet["QuickWin"]):
    def _managed_by(self, user: models.Model) -> Exists:
        """The user's role in the quick win's plan may change everything about it."""
        from onboarding.access import Right
        from onboarding.models import Membership

        return Exists(
            Membership.objects.filter(
                plan=OuterRef("plan"), user=user, role__in=_roles_with(Right.EDIT_QUICK_WINS)
            )
        )

    def _updatable_by(self, user: models.Model) -> Q:
        """Managers update any quick win; team members only those they are on."""
        from onboarding.access import Right
        from onboarding.models import Membership

        on_it = Q(owner=user) | Exists(
            QuickWin.team.through.objects.filter(quickwin=OuterRef("pk"), user=user)
        )
        may_update_own = Exists(
            Membership.objects.filter(
                plan=OuterRef("plan"),
                user=user,
                role__in=_roles_with(Right.UPDATE_OWN_QUICK_WINS),
            )
        )
        return Q(self._managed_by(user)) | (Q(may_update_own) & on_it)

    def managed_by(self, user: models.Model) -> QuickWinQuerySet:
        """Quick wins whose details, milestones and announcement the user may change."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(self._managed_by(user))

    def editable_by(self, user: models.Model) -> QuickWinQuerySet:
        """Quick wins whose status, progress, milestones' completion and note the user may change."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(self._updatable_by(user))

    def involving(self, user: models.Model) -> QuickWinQuerySet:
        """Quick wins the user owns or works on ("my quick wins")."""
        return self.filter(
            Q(owner=user)
            | Exists(QuickWin.team.through.objects.filter(quickwin=OuterRef("pk"), user=user))
        )

    def with_can_update(self, user: models.Model) -> QuickWinQuerySet:
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
            return str(QuickWin._meta.get_field(self.field).verbose_name)
        except FieldDoesNotExist:
            return self.field

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
        return gettext("%(title)s (day %(day)d)") % {"title": title, "day": self.day}

    def _display(self, value: str) -> str:
        if self.kind == QuickWinEventKind.STATUS or self.field == "status":
            return str(QuickWinStatus(value).label) if value in QuickWinStatus.values else value
        return value


# ---------------------------------------------------------------- The toolkit: challenges and budget
#
# Two tools of the manager's toolkit belong with the plan: the ranked list of
# challenges and opportunities (Assess) and the operating budget with its ROI
# cases (Plan). Rules live in ``toolkit_rules.py``; every write goes through
# ``toolkit.py``, which also marks the playbook task each tool fulfils.


class ChallengeKind(models.TextChoices):
    CHALLENGE = "challenge", _("Challenge")
    OPPORTUNITY = "opportunity", _("Opportunity")


class ChallengeSource(models.TextChoices):
    INTERVIEW = "interview", _("An interview or conversation")
    METRIC = "metric", _("A metric")
    OBSERVATION = "observation", _("Your own observation")
    DOCUMENT = "document", _("A report or document")
    OTHER = "other", _("Something else")


class ChallengeOutcome(models.TextChoices):
    OPEN = "open", _("Not decided yet")
    QUICK_WIN = "quick_win", _("Became a quick win")
    TASK = "task", _("Became a roadmap task")
    PARKED = "parked", _("Parked")


class Challenge(models.Model):
    """One of the top challenges or opportunities for the next 3-6 months.

    ``position`` is its rank (1 is the most important). ``stakeholder_ref`` is
    the id of a stakeholder of the same plan it came from: a soft link, because
    the stakeholders app already depends on this one and a foreign key back
    would tie their migrations in a loop; the selectors resolve it in one query.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="challenges")
    kind = models.CharField(
        _("kind"), max_length=12, choices=ChallengeKind.choices, default=ChallengeKind.CHALLENGE
    )
    title = models.CharField(_("title"), max_length=200)
    evidence = models.TextField(_("evidence"), max_length=2000)
    source = models.CharField(
        _("source"), max_length=12, choices=ChallengeSource.choices, default=ChallengeSource.OTHER
    )
    source_detail = models.CharField(_("which one"), max_length=300, blank=True)
    stakeholder_ref = models.PositiveBigIntegerField(_("stakeholder"), null=True, blank=True)
    metric = models.ForeignKey(
        "metrics.PlanMetric",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenges",
        verbose_name=_("metric"),
    )
    outcome = models.CharField(
        _("what became of it"),
        max_length=12,
        choices=ChallengeOutcome.choices,
        default=ChallengeOutcome.OPEN,
    )
    quick_win = models.ForeignKey(
        QuickWin,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenges",
        verbose_name=_("quick win"),
    )
    task = models.ForeignKey(
        Task,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenges",
        verbose_name=_("roadmap task"),
    )
    outcome_note = models.CharField(_("why"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("rank"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("challenge or opportunity")
        verbose_name_plural = _("challenges and opportunities")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["plan", "position"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in ChallengeKind]), name="challenge_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=[o.value for o in ChallengeOutcome]),
                name="challenge_outcome_known",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class BudgetCategory(models.TextChoices):
    PEOPLE = "people", _("People")
    TOOLS = "tools", _("Tools")
    TRAINING = "training", _("Training")
    OTHER = "other", _("Other")


class BudgetLine(models.Model):
    """One line of the operating budget for the rest of the fiscal year.

    ``next_year_amount`` and ``assumption`` say what the line will need next
    year and why. Amounts are in the organisation's own currency.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(_("category"), max_length=10, choices=BudgetCategory.choices)
    label = models.CharField(_("line"), max_length=200)
    amount = models.DecimalField(_("rest of this fiscal year"), max_digits=14, decimal_places=2)
    next_year_amount = models.DecimalField(
        _("next fiscal year"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    assumption = models.TextField(_("assumption for next year"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_amount_positive"),
            models.CheckConstraint(
                condition=Q(next_year_amount__isnull=True) | Q(next_year_amount__gte=0),
                name="budget_line_next_year_positive",
            ),
            models.CheckConstraint(
                condition=Q(category__in=[c.value for c in BudgetCategory]),
                name="budget_line_category_known",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class BudgetRequest(models.Model):
    """A request for extra budget with its ROI case; the payback is computed."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="budget_requests")
    title = models.CharField(_("request"), max_length=200)
    category = models.CharField(_("category"), max_length=10, choices=BudgetCategory.choices)
    cost = models.DecimalField(_("cost"), max_digits=14, decimal_places=2)
    monthly_benefit = models.DecimalField(
        _("expected benefit per month"), max_digits=14, decimal_places=2
    )
    benefit_basis = models.TextField(_("how the benefit is estimated"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("budget request")
        verbose_name_plural = _("budget requests")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(cost__gt=0), name="budget_request_cost_positive"),
            models.CheckConstraint(
                condition=Q(monthly_benefit__gt=0), name="budget_request_benefit_positive"
            ),
            models.CheckConstraint(
                condition=Q(category__in=[c.value for c in BudgetCategory]),
                name="budget_request_category_known",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def payback_months(self) -> Decimal:
        """How many months of the expected benefit repay the cost."""
        return toolkit_rules.payback_months(self.cost, self.monthly_benefit)

    @property
    def first_year_return(self) -> Decimal:
        """Twelve months of benefit minus the cost, as a percentage of the cost."""
        return toolkit_rules.first_year_return(self.cost, self.monthly_benefit)
