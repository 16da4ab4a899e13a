"""A plan as JSON, for backups and moving between installations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from onboarding.models import (
    CURRENCIES,
    Membership,
    Organisation,
    Plan,
    Role,
    User,
    validate_timezone,
)

from .models import Phase, Task, TaskStatus
from .rules import check_day_range

FORMAT = "first100days.plan"
FORMAT_VERSION = 1


def plan_export(plan: Plan) -> dict[str, Any]:
    phases = list(plan.phases.all())
    tasks = list(plan.tasks.select_related("owner", "phase"))
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "plan": {
            "title": plan.title,
            "organisation": plan.organisation.name,
            "start_date": plan.start_date.isoformat(),
            "timezone": plan.timezone,
            "language": plan.language,
            "currency": plan.currency,
        },
        "members": [
            {"email": m.user.email, "username": m.user.username, "role": m.role}
            for m in plan.memberships.select_related("user").order_by("pk")
        ],
        "phases": [
            {
                "key": phase.key,
                "name": phase.name,
                "summary": phase.summary,
                "tip": phase.tip,
                "start_day": phase.start_day,
                "end_day": phase.end_day,
                "tasks": [
                    {
                        "key": task.key,
                        "title": task.title,
                        "description": task.description,
                        "start_day": task.start_day,
                        "end_day": task.end_day,
                        "status": task.status,
                        "note": task.note,
                        "owner": task.owner.email if task.owner else None,
                    }
                    for task in tasks
                    if task.phase_id == phase.pk
                ],
            }
            for phase in phases
        ],
    }


@transaction.atomic
def plan_import(data: dict[str, Any]) -> tuple[Plan, list[str]]:
    """Create a plan from an export. Returns the plan and notes for the operator.

    Members are matched by e-mail; an address with no account here gets one
    without a usable password (they set it with "forgot password").
    Everything is checked before anything stays written.
    """
    if data.get("format") != FORMAT or data.get("version") != FORMAT_VERSION:
        raise ValidationError(f"Not a {FORMAT} v{FORMAT_VERSION} file.")
    meta = data["plan"]
    validate_timezone(meta["timezone"])
    currency = meta.get("currency", "EUR")  # files from before the budget had a currency
    if currency not in dict(CURRENCIES):
        raise ValidationError(f"Unknown currency {currency!r}.")
    plan = Plan.objects.create(
        organisation=Organisation.objects.create(name=meta["organisation"]),
        title=meta["title"],
        start_date=dt.date.fromisoformat(meta["start_date"]),
        timezone=meta["timezone"],
        language=meta["language"],
        currency=currency,
    )
    notes: list[str] = []
    users: dict[str, User] = {}
    for member in data["members"]:
        email = member["email"].strip().lower()
        if member["role"] not in Role.values:
            raise ValidationError(f"Unknown role {member['role']!r} for {email}.")
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            username = (
                email if not User.objects.filter(username=email).exists() else f"{email}+imported"
            )
            user = User.objects.create_user(username=username, email=email)
            user.set_unusable_password()
            user.save()
            notes.append(
                f"Created an account for {email}; they set a password via 'Forgot password'."
            )
        users[email] = user
        Membership.objects.get_or_create(plan=plan, user=user, defaults={"role": member["role"]})
    for order, phase_data in enumerate(data["phases"]):
        check_day_range(phase_data["start_day"], phase_data["end_day"])
        phase = Phase.objects.create(
            plan=plan,
            key=phase_data["key"],
            name=phase_data["name"],
            summary=phase_data.get("summary", ""),
            tip=phase_data.get("tip", ""),
            start_day=phase_data["start_day"],
            end_day=phase_data["end_day"],
            order=order,
        )
        for task_order, task_data in enumerate(phase_data["tasks"]):
            if (
                not phase.start_day
                <= task_data["start_day"]
                <= task_data["end_day"]
                <= phase.end_day
            ):
                raise ValidationError(f"Task {task_data['title']!r} lies outside its phase.")
            if task_data["status"] not in TaskStatus.values:
                raise ValidationError(f"Unknown status {task_data['status']!r}.")
            owner = users.get((task_data.get("owner") or "").lower())
            Task.objects.create(
                plan=plan,
                phase=phase,
                key=task_data.get("key", ""),
                title=task_data["title"],
                description=task_data.get("description", ""),
                start_day=task_data["start_day"],
                end_day=task_data["end_day"],
                status=task_data["status"],
                note=task_data.get("note", ""),
                owner=owner,
                order=task_order,
            )
    return plan, notes
