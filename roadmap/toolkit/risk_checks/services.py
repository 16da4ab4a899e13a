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
) -> RiskCheck:
    """Rate every risk for this month; rating again in the same month replaces the ratings."""
    ratings = {key: (rating, note.strip()) for key, (rating, note) in ratings.items()}
    check_ratings(ratings)
    check, created = RiskCheck.objects.get_or_create(
        plan=plan, month=month_start(today), defaults={"created_by": user}
    )
    if not created:
        check.ratings.all().delete()
        check.save(update_fields=["updated_at"])
    RiskRating.objects.bulk_create(
        RiskRating(risk_check=check, item=key, rating=rating, note=note)
        for key, (rating, note) in ratings.items()
        if rating is not None  # always: check_ratings refused a missing rating
    )
    announce_plan_changed(plan.pk)
    return check
