"""Writes to quick wins: proposing, updating, milestones, the announcement.

Every write here does three things in one transaction:

1. one conditional UPDATE of the quick win that bumps its ``version`` and
   only matches if the version is the one the user saw *and* the user may
   make this kind of change (``QuickWin.objects.managed_by`` for the
   manager's changes, ``editable_by`` for the team's), so a stale save or a
   forbidden one changes nothing;
2. the change itself;
3. one :class:`QuickWinEvent` per changed value (who, when, from, to, why).

Because the comparison is against the version of the quick win the caller
holds (or the one the user saw, when given), the "from" side of the history
is always exactly what was overwritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from onboarding.access import Right, role_has
from onboarding.core.events import announce_plan_changed
from onboarding.core.i18n import format_date, numbers
from onboarding.core.versioning import save_versioned
from onboarding.models import Membership, Plan, User
from roadmap.quick_wins.models import Milestone, QuickWin, QuickWinEvent, QuickWinStatus
from roadmap.quick_wins.models import QuickWinEventKind as Kind

from ..rules import LAST_DAY
from .rules import (
    ANNOUNCEMENT_MAX_LENGTH,
    REASON_REQUIRED,
    check_day,
    check_note,
    check_progress,
    check_score,
    check_status,
    progress_for_status,
)


def person_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _names(users: Iterable[User]) -> str:
    return ", ".join(sorted(person_name(user) for user in users))


def _fresh(pk: int) -> QuickWin | None:
    return QuickWin.objects.select_related("plan", "owner").filter(pk=pk).first()


def _save_versioned(
    quick_win: QuickWin,
    *,
    user: User,
    expected_version: int | None,
    manage: bool,
    events: Sequence[QuickWinEvent],
    **changes: object,
) -> QuickWin:
    """Write ``changes`` and record ``events`` if the version and the user's rights allow.

    Only the quick wins the user may change are candidates (``managed_by`` for
    the manager's changes, ``editable_by`` for the team's), so a forbidden
    change is refused by the same UPDATE as a stale one.
    """
    rows = QuickWin.objects.managed_by(user) if manage else QuickWin.objects.editable_by(user)
    try:
        save_versioned(rows, quick_win, expected_version=expected_version, fresh=_fresh, **changes)
    except PermissionDenied:
        raise PermissionDenied(_("You cannot change this quick win.")) from None
    for event in events:
        event.quick_win = quick_win
        event.actor = user
        event.created_at = quick_win.updated_at
    QuickWinEvent.objects.bulk_create(events)
    announce_plan_changed(quick_win.plan_id)
    return quick_win


def _check_may_manage(plan: Plan, user: User) -> None:
    role = Membership.objects.filter(plan=plan, user=user).values_list("role", flat=True).first()
    if role is None or not role_has(role, Right.EDIT_QUICK_WINS):
        raise PermissionDenied(_("Only the plan's manager can propose quick wins."))


def _check_people(plan: Plan, owner: User | None, team: Sequence[User]) -> None:
    """Owner and team must be people of this plan who may update quick wins."""
    wanted = {user.pk for user in team} | ({owner.pk} if owner else set())
    if not wanted:
        return
    roles = Membership.objects.filter(plan=plan, user_id__in=wanted).values_list("user_id", "role")
    allowed = {
        user_id
        for user_id, role in roles
        if role_has(role, Right.UPDATE_OWN_QUICK_WINS) or role_has(role, Right.EDIT_QUICK_WINS)
    }
    errors: dict[str, str] = {}
    if owner and owner.pk not in allowed:
        errors["owner"] = _("The owner must be the manager or a team member of this plan.")
    if any(user.pk not in allowed for user in team):
        errors["team"] = _("Only the manager and team members of this plan can be on the team.")
    if errors:
        raise ValidationError(errors)


def _collect(errors: dict[str, list[str]], check: Callable[..., None], *args: object) -> None:
    try:
        check(*args)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)


def _check_details(
    *, title: str, problem: str, impact: int | None, effort: int | None, target_day: int
) -> None:
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Give the quick win a title.")]
    if not problem.strip():
        errors["problem"] = [_("Say which customer or team problem it fixes.")]
    _collect(errors, check_score, impact, "impact")
    _collect(errors, check_score, effort, "effort")
    _collect(errors, check_day, target_day)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def quick_win_create(
    *,
    plan: Plan,
    user: User,
    title: str,
    problem: str,
    expected_impact: str = "",
    impact: int | None = None,
    effort: int | None = None,
    theme: str = "",
    owner: User | None = None,
    team: Sequence[User] = (),
    target_day: int,
) -> QuickWin:
    """The manager proposes a quick win; it starts as proposed."""
    _check_may_manage(plan, user)
    _check_details(
        title=title, problem=problem, impact=impact, effort=effort, target_day=target_day
    )
    _check_people(plan, owner, team)
    quick_win = QuickWin.objects.create(
        plan=plan,
        title=title.strip(),
        problem=problem.strip(),
        expected_impact=expected_impact.strip(),
        impact=impact,
        effort=effort,
        theme=theme.strip(),
        owner=owner,
        target_day=target_day,
        created_by=user,
    )
    if team:
        quick_win.team.set(team)
    QuickWinEvent.objects.create(
        quick_win=quick_win, actor=user, kind=Kind.CREATED, to_value=quick_win.title
    )
    announce_plan_changed(plan.pk)
    return quick_win


def _shown(value: object) -> str:
    return "" if value is None else str(value)


@transaction.atomic
def quick_win_update(
    *,
    quick_win: QuickWin,
    user: User,
    title: str,
    problem: str,
    expected_impact: str,
    impact: int | None,
    effort: int | None,
    theme: str,
    owner: User | None,
    team: Sequence[User],
    target_day: int,
    expected_version: int | None = None,
) -> QuickWin:
    """The manager changes what the quick win is, its scores and its people."""
    _check_details(
        title=title, problem=problem, impact=impact, effort=effort, target_day=target_day
    )
    _check_people(quick_win.plan, owner, team)
    wanted = {
        "title": title.strip(),
        "problem": problem.strip(),
        "expected_impact": expected_impact.strip(),
        "impact": impact,
        "effort": effort,
        "theme": theme.strip(),
        "target_day": target_day,
    }
    changes: dict[str, object] = {}
    events: list[QuickWinEvent] = []
    for field, new in wanted.items():
        old = getattr(quick_win, field)
        if old != new:
            changes[field] = new
            events.append(
                QuickWinEvent(
                    kind=Kind.DETAILS, field=field, from_value=_shown(old), to_value=_shown(new)
                )
            )
    if quick_win.owner_id != (owner.pk if owner else None):
        changes["owner"] = owner
        events.append(
            QuickWinEvent(
                kind=Kind.DETAILS,
                field="owner",
                from_value=person_name(quick_win.owner),
                to_value=person_name(owner),
            )
        )
    old_team = list(quick_win.team.all())
    team_changed = {u.pk for u in old_team} != {u.pk for u in team}
    if team_changed:
        events.append(
            QuickWinEvent(
                kind=Kind.DETAILS, field="team", from_value=_names(old_team), to_value=_names(team)
            )
        )
    if not events:
        return quick_win
    _save_versioned(
        quick_win,
        user=user,
        expected_version=expected_version,
        manage=True,
        events=events,
        **changes,
    )
    if team_changed:
        quick_win.team.set(team)
    return quick_win


@transaction.atomic
def quick_win_set_status(
    *,
    quick_win: QuickWin,
    user: User,
    status: str,
    note: str = "",
    expected_version: int | None = None,
) -> QuickWin:
    """Move the quick win to ``status``; ``note`` says why (required for blocked and dropped).

    Done sets progress to 100% and, the first time, drafts the announcement.
    """
    note = note.strip()
    check_status(status, note)
    reason = note if status in REASON_REQUIRED else ""
    if status == quick_win.status and note in ("", quick_win.status_reason):
        return quick_win  # e.g. dropped back on its own column: nothing to record
    changes: dict[str, object] = {"status": status, "status_reason": reason}
    events = [
        QuickWinEvent(kind=Kind.STATUS, from_value=quick_win.status, to_value=status, note=note)
    ]
    progress = progress_for_status(status, quick_win.progress)
    if progress != quick_win.progress:
        changes["progress"] = progress
        events.append(
            QuickWinEvent(
                kind=Kind.PROGRESS, from_value=str(quick_win.progress), to_value=str(progress)
            )
        )
    if status != QuickWinStatus.DONE:
        changes["done_at"] = None
    elif quick_win.status != QuickWinStatus.DONE:
        changes["done_at"] = timezone.now()
        if not quick_win.announcement:
            draft = announcement_draft(quick_win)
            changes["announcement"] = draft
            events.append(QuickWinEvent(kind=Kind.ANNOUNCEMENT_DRAFTED, to_value=draft))
    return _save_versioned(
        quick_win,
        user=user,
        expected_version=expected_version,
        manage=False,
        events=events,
        **changes,
    )


@transaction.atomic
def quick_win_set_progress(
    *,
    quick_win: QuickWin,
    user: User,
    progress: int,
    note: str,
    expected_version: int | None = None,
) -> QuickWin:
    """A team member reports how far it is (0-100%) and a short note."""
    note = note.strip()
    check_progress(progress, quick_win.status)
    check_note(note)
    changes: dict[str, object] = {}
    events: list[QuickWinEvent] = []
    if progress != quick_win.progress:
        changes["progress"] = progress
        events.append(
            QuickWinEvent(
                kind=Kind.PROGRESS, from_value=str(quick_win.progress), to_value=str(progress)
            )
        )
    if note != quick_win.note:
        changes["note"] = note
        events.append(QuickWinEvent(kind=Kind.NOTE, from_value=quick_win.note, to_value=note))
    if not events:
        return quick_win
    return _save_versioned(
        quick_win,
        user=user,
        expected_version=expected_version,
        manage=False,
        events=events,
        **changes,
    )


@transaction.atomic
def milestone_add(
    *,
    quick_win: QuickWin,
    user: User,
    title: str,
    target_day: int,
    expected_version: int | None = None,
) -> Milestone:
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Name the milestone.")})
    check_day(target_day)
    _save_versioned(
        quick_win,
        user=user,
        expected_version=expected_version,
        manage=True,
        events=[QuickWinEvent(kind=Kind.MILESTONE_ADDED, to_value=title, day=target_day)],
    )
    return Milestone.objects.create(quick_win=quick_win, title=title, target_day=target_day)


@transaction.atomic
def milestone_set_done(
    *,
    milestone: Milestone,
    user: User,
    done: bool,
    expected_version: int | None = None,
) -> Milestone:
    """Tick a milestone off (or reopen it); a team member of the quick win may."""
    if milestone.is_done == done:
        return milestone
    _save_versioned(
        milestone.quick_win,
        user=user,
        expected_version=expected_version,
        manage=False,
        events=[
            QuickWinEvent(
                kind=Kind.MILESTONE_DONE if done else Kind.MILESTONE_REOPENED,
                to_value=milestone.title,
                day=milestone.target_day,
            )
        ],
    )
    milestone.done_at = timezone.now() if done else None
    milestone.done_by = user if done else None
    Milestone.objects.filter(pk=milestone.pk).update(
        done_at=milestone.done_at, done_by=milestone.done_by
    )
    return milestone


@transaction.atomic
def milestone_remove(
    *, milestone: Milestone, user: User, expected_version: int | None = None
) -> None:
    _save_versioned(
        milestone.quick_win,
        user=user,
        expected_version=expected_version,
        manage=True,
        events=[
            QuickWinEvent(
                kind=Kind.MILESTONE_REMOVED,
                from_value=milestone.title,
                day=milestone.target_day,
            )
        ],
    )
    milestone.delete()


def _join_people(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    separator = pgettext("list separator", ", ")
    return _("%(names)s and %(last)s") % {"names": separator.join(names[:-1]), "last": names[-1]}


def announcement_draft(quick_win: QuickWin, *, on: dt.date | None = None) -> str:
    """A message for the manager's own manager and the organisation, to edit and send.

    Written in the plan's language from the quick win's problem, result and
    people, so it reads the same whoever marked the quick win done.
    """
    plan = quick_win.plan
    date = on or plan.local_today()
    # The manager sends it (who started the plan and proposed the quick win):
    # they thank the others, not themself.
    senders = {plan.created_by_id, quick_win.created_by_id} - {None}
    people = [quick_win.owner] if quick_win.owner and quick_win.owner_id not in senders else []
    people += sorted(
        (
            user
            for user in quick_win.team.all()
            if user.pk != quick_win.owner_id and user.pk not in senders
        ),
        key=person_name,
    )
    with translation.override(plan.language):
        result = quick_win.expected_impact or _("[Describe the result: a number if you have one.]")
        lines = [
            _("Subject: Quick win delivered: %(title)s") % {"title": quick_win.title},
            "",
            _("Hello everyone,"),
            "",
            _("I am glad to share that we have delivered one of our quick wins: %(title)s.")
            % {"title": quick_win.title},
            "",
            _("The problem: %(problem)s") % {"problem": quick_win.problem},
            _("The result: %(result)s") % {"result": result},
        ]
        if quick_win.note:
            lines.append(_("Latest from the team: %(note)s") % {"note": quick_win.note})
        if quick_win.theme:
            lines.append(_("It is part of our theme “%(theme)s”.") % {"theme": quick_win.theme})
        when = {
            "date": format_date(date, "medium"),
            "day": plan.day_number(date),
            "target": quick_win.target_day,
        }
        if plan.day_number(date) <= LAST_DAY:
            delivered = _(
                "Delivered on %(date)s, day %(day)s of our first 100 days "
                "(the target was day %(target)s)."
            )
        else:
            delivered = _("Delivered on %(date)s (the target was day %(target)s).")
        lines += ["", delivered % numbers(when)]
        if people:
            lines += [
                "",
                _("Thank you, %(people)s: this is your success.")
                % {"people": _join_people([person_name(user) for user in people])},
            ]
    return "\n".join(lines)


@transaction.atomic
def quick_win_save_announcement(
    *,
    quick_win: QuickWin,
    user: User,
    text: str,
    sent: bool,
    expected_version: int | None = None,
) -> QuickWin:
    """The manager keeps their edited announcement, and says whether it went out."""
    text = text.strip()
    if len(text) > ANNOUNCEMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _("Keep it under %(max)s characters.")
                % numbers({"max": ANNOUNCEMENT_MAX_LENGTH})
            }
        )
    changes: dict[str, object] = {}
    events: list[QuickWinEvent] = []
    if text != quick_win.announcement:
        changes["announcement"] = text
        events.append(
            QuickWinEvent(
                kind=Kind.ANNOUNCEMENT_EDITED, from_value=quick_win.announcement, to_value=text
            )
        )
    if sent and quick_win.announced_at is None:
        changes["announced_at"] = timezone.now()
        events.append(QuickWinEvent(kind=Kind.ANNOUNCEMENT_SENT))
    elif not sent and quick_win.announced_at is not None:
        changes["announced_at"] = None
        events.append(QuickWinEvent(kind=Kind.ANNOUNCEMENT_UNSENT))
    if not events:
        return quick_win
    return _save_versioned(
        quick_win,
        user=user,
        expected_version=expected_version,
        manage=True,
        events=events,
        **changes,
    )


@transaction.atomic
def quick_win_redraft_announcement(
    *, quick_win: QuickWin, user: User, expected_version: int | None = None
) -> QuickWin:
    """Start the announcement again from the quick win as it is now (the old text stays in history)."""
    if quick_win.status != QuickWinStatus.DONE:
        raise ValidationError({"text": _("Announce a quick win once it is done.")})
    draft = announcement_draft(quick_win)
    if draft == quick_win.announcement:
        return quick_win
    return _save_versioned(
        quick_win,
        user=user,
        expected_version=expected_version,
        manage=True,
        events=[
            QuickWinEvent(
                kind=Kind.ANNOUNCEMENT_DRAFTED, from_value=quick_win.announcement, to_value=draft
            )
        ],
        announcement=draft,
    )
