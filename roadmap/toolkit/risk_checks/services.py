"""Writes to the risk check: one check per plan-local month, saved again until the month ends."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction

from onboarding.core.calendar import month_start
from onboarding.core.events import announce_plan_changed
from onboarding.models import Plan, User
from roadmap.toolkit.models import RiskCheck, RiskRating
from roadmap.toolkit.risk_checks.rules import check_ratings


@transaction.atomic
def risk_check_save(
    *,
    plan: Plan,
    user: User,
    today: dt.date,
    ratings: Mapping[str, tuple[int | None, str]],
    shared: bool | None = None,
) -> RiskCheck:
    """Rate every risk for this month; rating again in the same month replaces the ratings.

    ``shared``: share this month's check with the executive (True) or keep it
    private (False); None leaves it as it was (private for a new check).
    """
    ratings = {key: (rating, note.strip()) for key, (rating, note) in ratings.items()}
    check_ratings(ratings)
    # One save of a plan's check at a time: two tabs (or a double click) saving the
    # month's first check at once would otherwise both try to create it.
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    check, created = RiskCheck.objects.get_or_create(
        plan=plan,
        month=month_start(today),
        defaults={"created_by": user, "shared_with_executive": bool(shared)},
    )
    if not created:
        check.ratings.all().delete()
        fields = ["updated_at"]
        if shared is not None:
            check.shared_with_executive = shared
            fields.append("shared_with_executive")
        check.save(update_fields=fields)
    RiskRating.objects.bulk_create(
        RiskRating(risk_check=check, item=key, rating=rating, note=note)
        for key, (rating, note) in ratings.items()
        if rating is not None  # always: check_ratings refused a missing rating
    )
    announce_plan_changed(plan.pk)
    return check
