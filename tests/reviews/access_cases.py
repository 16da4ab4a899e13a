"""Access matrix entries for the reviews with the boss.

The manager edits drafts; the executive reads sent reviews and comments on
them; a team member has no review right at all (403), so never sees a draft.
"""

from django.utils import timezone

from metrics.models import BeyondPriority, Review, ReviewStatus
from tests.access import MANAGER_AND_EXECUTIVE, MANAGER_ONLY, Case

CASES = [
    Case("review_list", "GET", "/plans/{plan}/reviews/", MANAGER_AND_EXECUTIVE),
    Case("review_add", "POST", "/plans/{plan}/reviews/add/", MANAGER_ONLY, {"day": 45}),
    Case("review_compare", "GET", "/plans/{plan}/reviews/compare/", MANAGER_AND_EXECUTIVE),
    Case("standing_print", "GET", "/plans/{plan}/reviews/today/print/", MANAGER_AND_EXECUTIVE),
    Case("standing_pdf", "GET", "/plans/{plan}/reviews/today/pdf/", MANAGER_AND_EXECUTIVE),
    # A draft: the executive may not see it yet (404, as if it did not exist).
    Case(
        "review_detail",
        "GET",
        "/plans/{plan}/reviews/{draft_review}/",
        {**MANAGER_AND_EXECUTIVE, "executive": 404},
    ),
    Case("review_detail", "GET", "/plans/{plan}/reviews/{sent_review}/", MANAGER_AND_EXECUTIVE),
    Case(
        "review_edit",
        "POST",
        "/plans/{plan}/reviews/{draft_review}/edit/",
        MANAGER_ONLY,
        {"version": 1, "summary": "On track", "asks": "", "decisions": ""},
    ),
    Case(
        "review_schedule",
        "POST",
        "/plans/{plan}/reviews/{draft_review}/schedule/",
        MANAGER_ONLY,
        {"version": 1, "day": 33, "title": ""},
    ),
    Case(
        "review_note",
        "POST",
        "/plans/{plan}/reviews/{sent_review}/notes/",
        MANAGER_AND_EXECUTIVE,
        {"body": "Looks good"},
    ),
    Case(
        "review_print",
        "GET",
        "/plans/{plan}/reviews/{draft_review}/print/",
        {**MANAGER_AND_EXECUTIVE, "executive": 404},
    ),
    Case(
        "review_print", "GET", "/plans/{plan}/reviews/{sent_review}/print/", MANAGER_AND_EXECUTIVE
    ),
    Case(
        "review_pdf",
        "GET",
        "/plans/{plan}/reviews/{draft_review}/pdf/",
        {**MANAGER_AND_EXECUTIVE, "executive": 404},
    ),
    Case("review_pdf", "GET", "/plans/{plan}/reviews/{sent_review}/pdf/", MANAGER_AND_EXECUTIVE),
    Case("beyond", "GET", "/plans/{plan}/reviews/beyond/", MANAGER_AND_EXECUTIVE),
    Case(
        "beyond_add",
        "POST",
        "/plans/{plan}/reviews/beyond/add/",
        MANAGER_ONLY,
        {"title": "Self-service portal", "quarter": 2, "theme": "Customers help themselves"},
    ),
    Case(
        "beyond_delete",
        "POST",
        "/plans/{plan}/reviews/beyond/{beyond_priority}/delete/",
        MANAGER_ONLY,
    ),
]


def make_ids(world):
    from metrics.reviews.selectors import agenda_data

    draft = Review.objects.create(plan=world.plan, day=30)
    sent = Review.objects.create(
        plan=world.plan,
        day=60,
        status=ReviewStatus.SENT,
        snapshot=agenda_data(world.plan, 60),
        sent_at=timezone.now(),
        sent_by=world.manager,
    )
    priority = BeyondPriority.objects.create(plan=world.plan, title="Tiered support", quarter=1)
    return {
        "draft_review": draft.pk,
        "sent_review": sent.pk,
        "beyond_priority": priority.pk,
    }
