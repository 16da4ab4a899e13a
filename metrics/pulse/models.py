"""The team pulse: a pulse per plan and moment, its anonymous answers, and who answered.

Anonymous by construction: :class:`PulseAnswer` holds no user and no time of
its own (only its pulse), and its key is a random UUID, so neither its order
nor its id can be matched to :class:`PulseResponse`, the "has answered" record
that holds the user and nothing they said. Both are written in one
transaction (``services.pulse_answer``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from onboarding.models import Plan


class Pulse(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="pulses")
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # The plan's own wording, by question key, once the manager edited it; a
    # missing key asks the standard question in the reader's language.
    questions = models.JSONField(default=dict, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    # The wording is edited with the version it was based on (a stale edit is a 409).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("team pulse")
        verbose_name_plural = _("team pulses")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=Q(status="open"), name="one_open_pulse_per_plan"
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="pulse_closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return f"Pulse {self.pk} of plan {self.plan_id} ({self.opens_on})"


class PulseAnswer(models.Model):
    """One person's answers, with no link to them: no user, no time, a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pulse = models.ForeignKey(Pulse, on_delete=models.CASCADE, related_name="answers")
    enps = models.PositiveSmallIntegerField()
    workload = models.PositiveSmallIntegerField()
    support = models.PositiveSmallIntegerField()
    clarity = models.PositiveSmallIntegerField()
    trust = models.PositiveSmallIntegerField()
    pride = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]  # random: says nothing about who answered first
        constraints = [
            models.CheckConstraint(condition=Q(enps__lte=10), name="pulse_enps_0_to_10"),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{key}__gte": 1, f"{key}__lte": 5}),
                    name=f"pulse_{key}_1_to_5",
                )
                for key in ["workload", "support", "clarity", "trust", "pride"]
            ],
        ]

    def __str__(self) -> str:
        return f"Answer to pulse {self.pulse_id}"


class PulseResponse(models.Model):
    """That a user answered a pulse: prevents a second answer, gives only the count."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pulse = models.ForeignKey(Pulse, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pulse", "user"], name="one_pulse_answer_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} answered pulse {self.pulse_id}"
