"""Service metrics per plan, the dashboard snapshot and the weekly digests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onboarding.models import Plan

from .catalogue import CATALOGUE, CUSTOM, KPI, Direction, Source


class PlanMetric(models.Model):
    """A KPI a plan tracks: from the catalogue, or custom with its own unit."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="metrics")
    key = models.SlugField(_("metric"), max_length=40)
    custom_name = models.CharField(_("name"), max_length=120, blank=True)
    custom_unit = models.CharField(_("unit"), max_length=30, blank=True)
    custom_direction = models.CharField(
        _("better when"),
        max_length=10,
        choices=[(Direction.HIGHER, _("higher")), (Direction.LOWER, _("lower"))],
        default=Direction.HIGHER,
    )
    baseline = models.FloatField(_("baseline"), null=True, blank=True)
    baseline_day = models.SmallIntegerField(_("baseline recorded on day"), null=True, blank=True)
    target = models.FloatField(_("target"), null=True, blank=True)
    target_day = models.SmallIntegerField(_("target day"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("plan metric")
        verbose_name_plural = _("plan metrics")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "key"],
                condition=~Q(key=CUSTOM),
                name="one_catalogue_metric_per_plan",
            ),
            models.UniqueConstraint(
                fields=["plan", "custom_name"],
                condition=Q(key=CUSTOM),
                name="unique_custom_metric_name_per_plan",
            ),
        ]

    def __str__(self) -> str:
        return str(self.name)

    @property
    def kpi(self) -> KPI | None:
        return CATALOGUE.get(self.key)

    @property
    def name(self) -> str:
        return self.custom_name if self.kpi is None else str(self.kpi.name)

    @property
    def unit(self) -> str:
        return self.custom_unit if self.kpi is None else str(self.kpi.unit)

    @property
    def direction(self) -> str:
        return self.custom_direction if self.kpi is None else self.kpi.direction

    @property
    def source(self) -> Source:
        return Source.NONE if self.kpi is None else self.kpi.source


class Measurement(models.Model):
    """A value for one week (``period_start`` is the Monday the week starts on)."""

    class Origin(models.TextChoices):
        MANUAL = "manual", _("entered by hand")
        IMPORT = "import", _("computed from an import")

    metric = models.ForeignKey(PlanMetric, on_delete=models.CASCADE, related_name="measurements")
    period_start = models.DateField(_("week starting"))
    value = models.FloatField(_("value"))
    sample_size = models.PositiveIntegerField(_("answers or tickets"), null=True, blank=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.MANUAL)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "period_start"], name="one_value_per_metric_week"
            )
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.period_start}: {self.value}"


class DashboardSnapshot(models.Model):
    """The dashboard's figures, computed by a Celery task and read in one query."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="dashboard_snapshot")
    data = models.JSONField(default=dict)
    refreshed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Dashboard of {self.plan_id} at {self.refreshed_at:%Y-%m-%d %H:%M}"


class Digest(models.Model):
    """One weekly e-mail to one member: created, claimed, then marked sent.

    The unique (plan, week, recipient) row is what makes sending idempotent:
    the job can run twice, or on two workers, or restart after a crash, and
    each row is sent once.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        SKIPPED = "skipped", _("not sent (unsubscribed)")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="digests")
    week_start = models.DateField(_("week starting"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    role = models.CharField(max_length=16)
    language = models.CharField(max_length=8)
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    claim_token = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-week_start", "recipient_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "week_start", "recipient"],
                name="one_digest_per_plan_week_recipient",
            )
        ]
        indexes = [models.Index(fields=["status", "claimed_at"])]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.week_start} → {self.recipient_id} ({self.status})"


# ---------------------------------------------------------------- The toolkit: diagnostic and risks
#
# The reboot diagnostic (five signs, Assess phase) and the monthly risk check
# (the blind spots of a support leader's role). Their content and scoring
# live in ``toolkit_rules.py``; every write goes through ``toolkit.py``.


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
        verbose_name = _("reboot diagnostic")
        verbose_name_plural = _("reboot diagnostics")
        ordering = ["-taken_on", "-pk"]
        indexes = [models.Index(fields=["plan", "-taken_on"])]
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
    """The manager's monthly rating of the role's typical risks (one per month)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="risk_checks")
    month = models.DateField(_("month"))  # the first day of the plan-local month
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
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
