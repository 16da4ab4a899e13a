"""Writes of the reviews: the default meetings, scheduling, the agenda's text, sending, comments."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from metrics.models import BeyondPriority, Review, ReviewComment, ReviewNoteKind, ReviewStatus
from onboarding.core.versioning import save_versioned
from onboarding.models import Plan, User
from roadmap.toolkit.models import Challenge

from .rules import DEFAULT_DAYS, QUARTERS, day_in_range, themes_after_adding
from .selectors import agenda_data


def reviews_ensure_defaults(*, plan: Plan) -> None:
    """Days 30, 60 and 90 for a plan that has no review yet (one query when it has)."""
    if Review.objects.filter(plan=plan).exists():
        return
    Review.objects.bulk_create(
        [Review(plan=plan, day=day) for day in DEFAULT_DAYS], ignore_conflicts=True
    )


def _check_day(plan: Plan, day: int, *, exclude: int | None = None) -> None:
    if not day_in_range(day):
        raise ValidationError(_("Choose a day between 1 and 365."), code="day_out_of_range")
    taken = Review.objects.filter(plan=plan, day=day)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationError(_("There is already a review on that day."), code="day_taken")


def review_add(*, plan: Plan, day: int, title: str) -> Review:
    _check_day(plan, day)
    return Review.objects.create(plan=plan, day=day, title=title)


def review_schedule(*, review: Review, day: int, title: str, expected_version: int) -> Review:
    """Move a draft review to another day, or rename it."""
    _check_day(review.plan, day, exclude=review.pk)
    drafts = Review.objects.filter(plan=review.plan, status=ReviewStatus.DRAFT)
    return save_versioned(drafts, review, expected_version=expected_version, day=day, title=title)


@transaction.atomic
def review_edit(
    *,
    review: Review,
    summary: str,
    asks: str,
    decisions: str,
    expected_version: int,
    send_by: User | None = None,
) -> Review:
    """Save the agenda's text of a draft; with ``send_by``, send it and freeze its figures."""
    drafts = Review.objects.filter(plan=review.plan, status=ReviewStatus.DRAFT)
    changes: dict[str, Any] = {"summary": summary, "asks": asks, "decisions": decisions}
    if send_by is not None:
        changes.update(
            status=ReviewStatus.SENT,
            snapshot=agenda_data(review.plan, review.day),
            sent_at=timezone.now(),
            sent_by=send_by,
        )
    return save_versioned(drafts, review, expected_version=expected_version, **changes)


def review_note_add(*, review: Review, author: User, kind: str, body: str) -> ReviewComment:
    """A comment on a sent review, or the author's acknowledgement (once each)."""
    if not review.is_sent:
        raise PermissionDenied(_("Only a sent review takes comments."))
    if kind == ReviewNoteKind.COMMENT and not body.strip():
        raise ValidationError(_("Write a comment first."), code="empty")
    if kind == ReviewNoteKind.ACK:
        existing = ReviewComment.objects.filter(
            review=review, author=author, kind=ReviewNoteKind.ACK
        ).first()
        if existing is not None:
            return existing
    return ReviewComment.objects.create(review=review, author=author, kind=kind, body=body.strip())


def beyond_priority_add(
    *,
    plan: Plan,
    title: str,
    quarter: int,
    milestone: str = "",
    owner: str = "",
    theme: str = "",
    challenge: Challenge | None = None,
) -> BeyondPriority:
    """A priority beyond day 100, from a ranked challenge or written anew (two themes at most)."""
    if challenge is not None and challenge.plan_id != plan.pk:
        raise PermissionDenied
    title = title.strip() or (challenge.title if challenge else "")
    if not title:
        raise ValidationError(_("Name the priority, or pick a challenge."), code="no_title")
    if quarter not in QUARTERS:
        raise ValidationError(_("Choose a quarter from 1 to 4."), code="quarter")
    existing = list(
        BeyondPriority.objects.filter(plan=plan)
        .order_by("theme")
        .values_list("theme", flat=True)
        .distinct()
    )
    known = themes_after_adding(existing, theme.strip())
    # The theme as first written (one spelling per theme).
    theme = next((t for t in known if t.casefold() == theme.strip().casefold()), "")
    return BeyondPriority.objects.create(
        plan=plan,
        challenge=challenge,
        title=title,
        quarter=quarter,
        milestone=milestone.strip(),
        owner=owner.strip(),
        theme=theme,
    )


def beyond_priority_delete(*, priority: BeyondPriority) -> None:
    priority.delete()
