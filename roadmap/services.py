"""Writes to the roadmap: starting a plan, changing tasks and phases.

Views validate input with forms, then call these functions; the rules the
writes must keep (day windows, versions) are enforced here too, so a
management command or a task cannot bypass them.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from onboarding.core.events import announce_plan_changed
from onboarding.core.i18n import numbers
from onboarding.core.versioning import save_versioned
from onboarding.models import Membership, Organisation, Plan, Role, User
from onboarding.rights import Right, roles_with

from .models import Phase, Task, TaskStatus
from .playbook import phase_name, playbook_for
from .rules import check_day_range, check_task_in_phase


@transaction.atomic
def plan_create(
    *,
    user: User,
    organisation_name: str,
    title: str,
    start_date: dt.date,
    timezone_name: str,
    language: str,
) -> Plan:
    """Start a plan from the playbook; the creator becomes its manager."""
    organisation = Organisation.objects.filter(
        name__iexact=organisation_name, plans__memberships__user=user
    ).first() or Organisation.objects.create(name=organisation_name)
    plan = Plan.objects.create(
        organisation=organisation,
        title=title,
        start_date=start_date,
        timezone=timezone_name,
        language=language,
        created_by=user,
    )
    Membership.objects.create(plan=plan, user=user, role=Role.MANAGER)
    plan_copy_playbook(plan=plan)
    return plan


def plan_copy_playbook(*, plan: Plan) -> None:
    """Copy the template into the plan, so later template edits never reach it."""
    playbook = playbook_for(language=plan.language, organisation=plan.organisation)
    template_phases = list(playbook.phases.prefetch_related("tasks"))
    phases = Phase.objects.bulk_create(
        Phase(
            plan=plan,
            key=tp.key,
            name=tp.name,
            summary=tp.summary,
            tip=tp.tip,
            start_day=tp.start_day,
            end_day=tp.end_day,
            order=tp.order,
        )
        for tp in template_phases
    )
    Task.objects.bulk_create(
        Task(
            plan=plan,
            phase=phase,
            key=tt.key,
            title=tt.title,
            description=tt.description,
            start_day=tt.start_day,
            end_day=tt.end_day,
            order=tt.order,
        )
        for phase, tp in zip(phases, template_phases, strict=True)
        for tt in tp.tasks.all()
    )


def _save_versioned(task: Task, expected_version: int | None, **changes: object) -> Task:
    """Write ``changes`` only if nobody saved the task since ``expected_version``."""
    save_versioned(
        Task.objects.all(),
        task,
        expected_version=expected_version,
        fresh=lambda pk: Task.objects.select_related("phase", "owner").filter(pk=pk).first(),
        **changes,
    )
    announce_plan_changed(task.plan_id)
    return task


def task_set_status(*, task: Task, status: str, expected_version: int | None = None) -> Task:
    if status not in TaskStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    completed_at = timezone.now() if status == TaskStatus.DONE else None
    return _save_versioned(task, expected_version, status=status, completed_at=completed_at)


def task_set_note(*, task: Task, note: str, expected_version: int | None = None) -> Task:
    return _save_versioned(task, expected_version, note=note.strip())


def _check_owner(plan: Plan, owner: User | None) -> None:
    """A task's owner is someone of this plan who does the work (not an executive)."""
    if owner is None:
        return
    roles = set(roles_with(Right.UPDATE_OWN_QUICK_WINS)) | set(roles_with(Right.EDIT_QUICK_WINS))
    if not Membership.objects.filter(plan=plan, user=owner, role__in=roles).exists():
        raise ValidationError({"owner": _("Choose the manager or a team member of this plan.")})


def task_update(
    *,
    task: Task,
    phase: Phase,
    title: str,
    description: str,
    start_day: int,
    end_day: int,
    owner: User | None,
    expected_version: int | None = None,
) -> Task:
    check_task_in_phase(start_day, end_day, phase, phase_name(phase, task.plan))
    _check_owner(task.plan, owner)
    return _save_versioned(
        task,
        expected_version,
        phase=phase,
        title=title,
        description=description,
        start_day=start_day,
        end_day=end_day,
        owner=owner,
    )


def task_create(
    *,
    plan: Plan,
    phase: Phase,
    title: str,
    description: str,
    start_day: int,
    end_day: int,
    owner: User | None,
) -> Task:
    check_task_in_phase(start_day, end_day, phase, phase_name(phase, plan))
    _check_owner(plan, owner)
    task = Task.objects.create(
        plan=plan,
        phase=phase,
        title=title,
        description=description,
        start_day=start_day,
        end_day=end_day,
        owner=owner,
    )
    announce_plan_changed(plan.pk)
    return task


def task_delete(*, task: Task) -> None:
    """Only tasks the manager added can go; playbook tasks can be skipped."""
    if not task.is_custom:
        raise ValidationError(_("Playbook tasks cannot be deleted; mark them skipped instead."))
    task.delete()
    announce_plan_changed(task.plan_id)


@transaction.atomic
def phase_set_range(*, phase: Phase, start_day: int, end_day: int, move_tasks: bool) -> Phase:
    """Change a phase's days; optionally move its tasks by the same shift.

    Refuses (and changes nothing) if any task would end up outside the phase.
    """
    check_day_range(start_day, end_day)
    shift = start_day - phase.start_day
    tasks = phase.tasks.select_for_update()
    if move_tasks and shift:
        tasks.update(start_day=F("start_day") + shift, end_day=F("end_day") + shift)
    outside = tasks.exclude(start_day__gte=start_day, end_day__lte=end_day).count()
    if outside:
        raise ValidationError(
            ngettext(
                "%(count)s task would fall outside days %(first)s to %(last)s. "
                "Widen the range, or move that task first.",
                "%(count)s tasks would fall outside days %(first)s to %(last)s. "
                "Widen the range, or move those tasks first.",
                outside,
            )
            % numbers({"count": outside, "first": start_day, "last": end_day})
        )
    phase.start_day, phase.end_day = start_day, end_day
    phase.save(update_fields=["start_day", "end_day"])
    announce_plan_changed(phase.plan_id)
    return phase
