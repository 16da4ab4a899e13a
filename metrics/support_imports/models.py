"""Helpdesk and survey exports uploaded to a plan: the upload kept between preview and
confirm, the ticket records kept per tool (so a re-upload merges), and the remembered
column mapping per tool."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onboarding.models import Plan


class SupportUpload(models.Model):
    """One uploaded file, from its preview to its result.

    The bytes stay in the row until the import is stored (or the preview expires), so the
    confirm step reads exactly the file the manager previewed.
    """

    class Status(models.TextChoices):
        PREVIEW = "preview", _("waiting for confirmation")
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("being imported")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="support_uploads")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(_("file"), max_length=200)
    size = models.PositiveBigIntegerField(default=0)
    content = models.BinaryField(default=b"")
    tool = models.CharField(max_length=20, blank=True)
    # What the manager chose: overrides, units, zone, basis, survey KPI and question.
    options = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEW)
    progress = models.PositiveSmallIntegerField(default=0)
    # What the import changed (weeks added/changed per KPI), or why it failed.
    result = models.JSONField(default=dict)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("support data upload")
        verbose_name_plural = _("support data uploads")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["plan", "-created_at"]),
            models.Index(fields=["status", "confirmed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}


class SupportDataset(models.Model):
    """A plan's data from one tool: the mapping remembered for its next upload, and the
    baselines imports set (ticket records hang from it, see :class:`SupportTicket`)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="support_datasets")
    tool = models.CharField(max_length=20)
    mapping = models.JSONField(default=dict)
    # The baseline each metric got from imports, so a baseline typed by hand is never replaced.
    baselines = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("support dataset")
        verbose_name_plural = _("support datasets")
        constraints = [
            models.UniqueConstraint(fields=["plan", "tool"], name="one_support_dataset_per_tool")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.tool}"


class SupportTicket(models.Model):
    """One ticket's minimal record (``TicketRecord.to_json()``), keyed by the tool's id."""

    dataset = models.ForeignKey(SupportDataset, on_delete=models.CASCADE, related_name="tickets")
    ticket_id = models.CharField(max_length=100)
    data = models.JSONField()

    class Meta:
        verbose_name = _("support ticket")
        verbose_name_plural = _("support tickets")
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "ticket_id"], name="one_support_ticket_per_id"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dataset_id} {self.ticket_id}"
