"""The 30/60/90-day reviews with the boss: the agenda, its frozen figures, comments."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onboarding.models import Plan


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")


class Review(models.Model):
    """A review meeting on one day of the plan; sent, its figures are frozen in ``snapshot``."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    day = models.SmallIntegerField(_("day"))
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    summary = models.TextField(_("summary"), max_length=4000, blank=True)
    asks = models.TextField(_("my asks"), max_length=4000, blank=True)
    decisions = models.TextField(_("decisions needed"), max_length=4000, blank=True)
    # What the page showed when it was sent (figures, keys and the plan's own names).
    snapshot = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["day", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "day"], name="one_review_per_plan_day"),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ReviewStatus]),
                name="review_status_known",
            ),
            models.CheckConstraint(
                condition=Q(status=ReviewStatus.DRAFT) | Q(snapshot__isnull=False),
                name="sent_review_has_snapshot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} day {self.day}: {self.title}"

    @property
    def is_sent(self) -> bool:
        return self.status == ReviewStatus.SENT


class ReviewNoteKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    ACK = "ack", _("Agreed")


class ReviewComment(models.Model):
    """A comment on a sent review, or its acknowledgement ("Agreed", with a note)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=ReviewNoteKind.choices, default=ReviewNoteKind.COMMENT
    )
    body = models.TextField(_("comment"), max_length=4000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in ReviewNoteKind]),
                name="review_comment_kind_known",
            ),
            models.CheckConstraint(
                condition=Q(kind=ReviewNoteKind.ACK) | ~Q(body=""),
                name="review_comment_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review_id} {self.kind} by {self.author_id}"


class BeyondPriority(models.Model):
    """One priority of the plan beyond day 100: a milestone by quarter, an owner, a theme.

    Built by the manager from the ranked challenges (``challenge``, kept as a
    link only); shown in the day-60 and day-90 reviews.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="beyond_priorities")
    challenge = models.ForeignKey(
        "roadmap.Challenge",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("from the challenge"),
    )
    title = models.CharField(_("priority"), max_length=200)
    quarter = models.PositiveSmallIntegerField(_("quarter after day 100"))
    milestone = models.CharField(_("milestone"), max_length=300, blank=True)
    owner = models.CharField(_("owner"), max_length=120, blank=True)
    theme = models.CharField(_("theme"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("priority beyond day 100")
        verbose_name_plural = _("priorities beyond day 100")
        ordering = ["quarter", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="beyond_quarter_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} Q{self.quarter}: {self.title}"
