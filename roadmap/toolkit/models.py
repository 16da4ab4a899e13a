"""The manager's toolkit: what each tool keeps.

The self-introduction and the habits check (Prepare), the reboot diagnostic
and the challenges list (Assess), the operating budget (Plan) and the monthly
risk check. Their rules, writes and reads live in the tool's folder
(``roadmap/toolkit/<tool>/``). The introduction, habits, diagnostic and risk
check were first created by the ``onboarding`` and ``metrics`` apps; their
tables keep those names (``db_table``) so no data moved when the toolkit
became one folder.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onboarding.models import Plan, new_share_token
from roadmap.toolkit.budget.rules import first_year_return, payback_months

if TYPE_CHECKING:
    from stakeholders.models import Stakeholder


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
        "roadmap.QuickWin",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenges",
        verbose_name=_("quick win"),
    )
    task = models.ForeignKey(
        "roadmap.Task",
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

    # The stakeholder ``stakeholder_ref`` names, where the challenges selectors resolved it
    # (an attribute they set, not a column).
    stakeholder: Stakeholder | None

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
        return payback_months(self.cost, self.monthly_benefit)

    @property
    def first_year_return(self) -> Decimal:
        """Twelve months of benefit minus the cost, as a percentage of the cost."""
        return first_year_return(self.cost, self.monthly_benefit)


class SignAnswer(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class Diagnostic(models.Model):
    """One run of the reboot diagnostic: its date, day and score.

    ``score`` runs from 0 to 100: 100 means none of the five signs is present.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="diagnostics")
    taken_on = models.DateField(_("date"))
    day = models.SmallIntegerField(_("day"))
    score = models.PositiveSmallIntegerField(_("score"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "metrics_diagnostic"
        verbose_name = _("reboot diagnostic")
        verbose_name_plural = _("reboot diagnostics")
        ordering = ["-taken_on", "-pk"]
        indexes = [
            models.Index(fields=["plan", "-taken_on"], name="metrics_dia_plan_id_0a277f_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100), name="diagnostic_score_percent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} · {self.taken_on} · {self.score}"


class DiagnosticAnswer(models.Model):
    """Whether one sign is present, what shows it, and a note."""

    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="answers")
    sign = models.SlugField(_("sign"), max_length=40)
    answer = models.CharField(_("answer"), max_length=8, choices=SignAnswer.choices)
    evidence = models.TextField(_("evidence"), max_length=2000, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        db_table = "metrics_diagnosticanswer"
        verbose_name = _("diagnostic answer")
        verbose_name_plural = _("diagnostic answers")
        constraints = [
            models.UniqueConstraint(fields=["diagnostic", "sign"], name="one_answer_per_sign"),
            models.CheckConstraint(
                condition=Q(answer__in=["yes", "partly", "no"]), name="diagnostic_answer_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.diagnostic_id} · {self.sign}: {self.answer}"


class RiskCheck(models.Model):
    """The manager's monthly rating of the role's typical risks (one per month).

    Private to the manager unless ``shared_with_executive``: then the
    executive sees what got worse (never the notes). Team members never see
    it. The rule is ``risk_checks.selectors.visible_risk_checks``.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="risk_checks")
    month = models.DateField(_("month"))  # the first day of the plan-local month
    shared_with_executive = models.BooleanField(_("shared with the executive"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "metrics_riskcheck"
        verbose_name = _("risk check")
        verbose_name_plural = _("risk checks")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "month"], name="one_risk_check_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} · {self.month:%Y-%m}"


class RiskRating(models.Model):
    """How serious one risk is this month: 1 (no sign of it) to 5 (hurting now)."""

    risk_check = models.ForeignKey(RiskCheck, on_delete=models.CASCADE, related_name="ratings")
    item = models.SlugField(_("risk"), max_length=40)
    rating = models.PositiveSmallIntegerField(_("rating"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        db_table = "metrics_riskrating"
        verbose_name = _("risk rating")
        verbose_name_plural = _("risk ratings")
        constraints = [
            models.UniqueConstraint(fields=["risk_check", "item"], name="one_rating_per_risk"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="risk_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.risk_check_id} · {self.item}: {self.rating}"


class SelfIntroduction(models.Model):
    """The manager's short introduction for their new team: one per plan.

    ``text`` is the working draft; each save that changes it keeps a
    :class:`SelfIntroductionVersion`. ``published`` is the version the shared
    page shows (empty: nothing is shared). ``share_token`` makes the shared
    page's address; a new token revokes the old address.
    """

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="self_introduction")
    text = models.TextField(_("introduction"), blank=True)
    published = models.ForeignKey(
        "SelfIntroductionVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published version"),
    )
    share_token = models.CharField(max_length=64, unique=True, default=new_share_token)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped on every save of the text; a save carrying an older version is
    # refused instead of silently overwriting another tab's change.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        db_table = "onboarding_selfintroduction"
        verbose_name = _("self-introduction")
        verbose_name_plural = _("self-introductions")

    def __str__(self) -> str:
        return f"{self.plan} · {_('self-introduction')}"

    @property
    def is_published(self) -> bool:
        return self.published_id is not None


class SelfIntroductionVersion(models.Model):
    """The introduction's text as it was saved; rows are only ever added."""

    introduction = models.ForeignKey(
        SelfIntroduction, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("introduction"))
    word_count = models.PositiveIntegerField(_("words"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # When this version was (last) published; empty if it never was.
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        db_table = "onboarding_selfintroductionversion"
        verbose_name = _("self-introduction version")
        verbose_name_plural = _("self-introduction versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["introduction", "number"], name="one_introduction_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.introduction_id} · v{self.number}"


class HabitCheck(models.Model):
    """One week's self-check of the five habits, by the manager, for themself.

    ``week_start`` is the Monday of the plan-local week; ``answers`` maps each
    habit's key (``HABITS``) to "yes", "partly" or "no".
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="habit_checks")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="habit_checks"
    )
    week_start = models.DateField(_("week starting"))
    answers = models.JSONField(_("answers"), default=dict)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "onboarding_habitcheck"
        verbose_name = _("habits check")
        verbose_name_plural = _("habits checks")
        ordering = ["-week_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "user", "week_start"], name="one_habit_check_per_week"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} · {self.user_id} · {self.week_start}"
