"""Service metrics per plan, the dashboard snapshot and the weekly digests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onboarding.models import Plan

from .catalogue import CATALOGUE, CUSTOM, KPI, Direction, Source

# Far above any figure a plan tracks, far below where arithmetic on it overflows; a literal
# both databases read (SQLite has no way to write an infinity in a constraint).
FLOAT_LIMIT = 1e300


def finite(field: str, *, optional: bool = False) -> Q:
    """A float column holds a real number: never NaN (PostgreSQL then refuses the dashboard's
    JSON for good) or an infinity. The forms and imports refuse them first; this is the
    database's own guard behind them. (NaN compares above every number in PostgreSQL.)"""
    check = Q(**{f"{field}__gt": -FLOAT_LIMIT, f"{field}__lt": FLOAT_LIMIT})
    return Q(**{f"{field}__isnull": True}) | check if optional else check


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
            models.CheckConstraint(
                condition=finite("baseline", optional=True) & finite("target", optional=True),
                name="metric_baseline_and_target_finite",
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
        PULSE = "pulse", _("from the team pulse")

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
            ),
            models.CheckConstraint(condition=finite("value"), name="measurement_value_finite"),
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
    """One weekly e-mail to one member, sent at most once.

    The unique (plan, week, recipient) row holds the e-mail and its delivery
    state. A worker claims a row only from PENDING (a compare-and-swap), and
    the row records the moment the e-mail was handed to the mail connection.
    From then on nothing re-sends it automatically: a worker that dies there
    leaves the row SENDING, and after the lease it becomes UNCERTAIN, shown to
    the manager, who may send it again. Failures that certainly delivered
    nothing go back to PENDING with a later ``next_attempt_at``, up to a limit,
    then FAILED with the reason kept (``metrics/digests/services.py``).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        UNCERTAIN = "uncertain", _("may not have arrived")
        FAILED = "failed", _("not sent (failed)")
        SKIPPED = "skipped", _("not sent (unsubscribed)")

    class Problem(models.TextChoices):
        CONNECT = "connect", _("The mail server could not be reached.")
        REFUSED = "refused", _("The mail server refused the e-mail.")
        CONTENT = "content", _("The e-mail could not be built.")
        INTERRUPTED = "interrupted", _("Sending was interrupted after the e-mail was handed over.")
        WORKER_LOST = "worker_lost", _("The worker stopped before sending, too many times.")

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
    # Set just before the e-mail goes to the mail connection: from here on a
    # crash may or may not have delivered it.
    handed_over_at = models.DateTimeField(null=True, blank=True)
    # A PENDING row waiting for a retry is not claimed before this moment.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Claims since the row was created or sent again; the retry limit counts these.
    attempts = models.PositiveSmallIntegerField(default=0)
    problem = models.CharField(max_length=16, choices=Problem.choices, blank=True)
    last_error = models.TextField(blank=True)
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

    @property
    def may_send_again(self) -> bool:
        return self.status in {self.Status.UNCERTAIN, self.Status.FAILED}


# The areas' models live in their folders; importing them here registers them with the
# metrics app.
from .pulse.models import Pulse, PulseAnswer, PulseResponse  # noqa: E402
from .reviews.models import (  # noqa: E402
    BeyondPriority,
    Review,
    ReviewComment,
    ReviewNoteKind,
    ReviewStatus,
)
from .support_imports.models import (  # noqa: E402
    SupportDataset,
    SupportTicket,
    SupportUpload,
)

__all__ = [
    "BeyondPriority",
    "DashboardSnapshot",
    "Digest",
    "Measurement",
    "PlanMetric",
    "Pulse",
    "PulseAnswer",
    "PulseResponse",
    "Review",
    "ReviewComment",
    "ReviewNoteKind",
    "ReviewStatus",
    "SupportDataset",
    "SupportTicket",
    "SupportUpload",
]
