"""The manager's own tools: the self-introduction and the weekly habits check.

Writes are keyword-only functions named ``<entity>_<action>``; they check the
rules (``toolkit_rules.py``) even when a form already did. Publishing the
introduction completes its playbook task and withdrawing it reopens the task
(``roadmap.toolkit.task_complete_for_tool``). Reads for the pages, Today and
the manager's digest are the selectors at the end, each a fixed number of
queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core import signing
from django.db import transaction
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .core.versioning import save_versioned
from .models import (
    HabitCheck,
    Plan,
    SelfIntroduction,
    SelfIntroductionVersion,
    User,
    new_share_token,
)
from .toolkit_rules import (
    HABIT_ANSWER_LABELS,
    HABITS,
    INTRODUCTION_TASK,
    SHARE_INTRODUCTION_TASK,
    LengthFlag,
    check_habit_answers,
    check_introduction,
    length_flag,
    streak,
    week_start,
    word_count,
)

# ---------------------------------------------------------------- The self-introduction

SHARE_SALT = "onboarding.toolkit.introduction"


def _introduction(plan: Plan) -> SelfIntroduction:
    """The plan's introduction, created (empty) the first time it is written."""
    introduction, _created = SelfIntroduction.objects.get_or_create(plan=plan)
    return introduction


@dataclass(frozen=True)
class IntroductionSaved:
    introduction: SelfIntroduction
    version: SelfIntroductionVersion
    created_version: bool  # False when the text had not changed
    published: bool
    flag: LengthFlag | None


@transaction.atomic
def introduction_save(
    *,
    plan: Plan,
    user: User,
    text: str,
    publish: bool = False,
    expected_version: int | None = None,
) -> IntroductionSaved:
    """Keep the text as a new version (if it changed); with ``publish``, share that version.

    Publishing completes the playbook task; saving a draft only starts it.
    Raises ``StaleVersion`` if the text was saved elsewhere since
    ``expected_version``.
    """
    text = text.strip()
    check_introduction(text)
    introduction = save_versioned(
        SelfIntroduction.objects.all(),
        _introduction(plan),
        expected_version=expected_version,
        fresh=lambda pk: SelfIntroduction.objects.select_related("published").filter(pk=pk).first(),
        text=text,
    )
    now = introduction.updated_at
    previous = introduction.versions.order_by("-number").first()
    created = previous is None or previous.text != text
    if created:
        latest = SelfIntroductionVersion.objects.create(
            introduction=introduction,
            number=(previous.number + 1) if previous else 1,
            text=text,
            word_count=word_count(text),
            created_by=user,
            created_at=now,
        )
    else:
        latest = previous
    if publish:
        latest.published_at = now
        latest.save(update_fields=["published_at"])
        introduction.published = latest
        SelfIntroduction.objects.filter(pk=introduction.pk).update(published=latest)
        _complete_task(plan, done=True)
    else:
        _start_task(plan)
    return IntroductionSaved(
        introduction=introduction,
        version=latest,
        created_version=created,
        published=publish,
        flag=length_flag(latest.word_count),
    )


# Today and the digests import this module's selectors; the roadmap's writes
# are imported when needed, so importing the selectors pulls in no services.


def _complete_task(plan: Plan, *, done: bool) -> None:
    from roadmap.toolkit import task_complete_for_tool

    task_complete_for_tool(plan=plan, key=INTRODUCTION_TASK, done=done)


def _start_task(plan: Plan) -> None:
    from roadmap.toolkit import task_advance_for_tool

    task_advance_for_tool(plan=plan, key=INTRODUCTION_TASK)


@transaction.atomic
def introduction_withdraw(*, plan: Plan) -> SelfIntroduction:
    """Stop sharing: the shared page shows nothing and the playbook task reopens."""
    introduction = _introduction(plan)
    if introduction.published_id is not None:
        SelfIntroduction.objects.filter(pk=introduction.pk).update(published=None)
        introduction.published = None
        _complete_task(plan, done=False)
    return introduction


@transaction.atomic
def introduction_new_link(*, plan: Plan) -> SelfIntroduction:
    """A new shared address; the old one stops working at once."""
    from roadmap.toolkit import task_advance_for_tool

    introduction = _introduction(plan)
    introduction.share_token = new_share_token()
    SelfIntroduction.objects.filter(pk=introduction.pk).update(share_token=introduction.share_token)
    task_advance_for_tool(plan=plan, key=SHARE_INTRODUCTION_TASK)
    return introduction


def share_code(introduction: SelfIntroduction) -> str:
    """The token in the shared page's address: the stored token, signed."""
    return signing.Signer(salt=SHARE_SALT).sign(introduction.share_token)


def introduction_from_share_code(plan_id: int, code: str) -> SelfIntroduction:
    """The introduction a shared address points to (one query), or 404.

    A code with a bad signature, or whose token was replaced by a new link, is a 404.
    """
    try:
        token = signing.Signer(salt=SHARE_SALT).unsign(code)
    except signing.BadSignature:
        raise Http404(_("This link does not work (any more).")) from None
    introduction = (
        SelfIntroduction.objects.select_related("plan", "published", "published__created_by")
        .filter(plan_id=plan_id, share_token=token)
        .first()
    )
    if introduction is None:
        raise Http404(_("This link does not work (any more)."))
    return introduction


@dataclass(frozen=True)
class IntroductionPage:
    introduction: SelfIntroduction  # unsaved (empty) until the first save
    versions: list[SelfIntroductionVersion]  # newest first
    words: int
    flag: LengthFlag | None

    @property
    def has_unpublished_changes(self) -> bool:
        published = self.introduction.published
        return published is not None and published.text != self.introduction.text


VERSIONS_SHOWN = 20


def introduction_page(plan: Plan) -> IntroductionPage:
    """The editor's data: the introduction with its published version, and recent versions.

    Two queries.
    """
    introduction = SelfIntroduction.objects.select_related("published").filter(
        plan=plan
    ).first() or SelfIntroduction(plan=plan, share_token="")
    versions = (
        list(introduction.versions.select_related("created_by")[:VERSIONS_SHOWN])
        if introduction.pk
        else []
    )
    words = word_count(introduction.text)
    return IntroductionPage(
        introduction=introduction, versions=versions, words=words, flag=length_flag(words)
    )


# ---------------------------------------------------------------- The five habits


@transaction.atomic
def habit_check_save(
    *, plan: Plan, user: User, today: dt.date, answers: Mapping[str, str], note: str = ""
) -> HabitCheck:
    """Record this week's self-check (a second one in the same week replaces it)."""
    note = note.strip()
    check_habit_answers(dict(answers), note)
    check, _created = HabitCheck.objects.update_or_create(
        plan=plan,
        user=user,
        week_start=week_start(today),
        defaults={"answers": dict(answers), "note": note},
    )
    return check


@dataclass(frozen=True)
class HabitAnswer:
    """One habit's answer; ``title`` and ``answer_label`` translate when rendered."""

    key: str
    title: str | Promise
    answer: str  # "yes", "partly" or "no"
    answer_label: str | Promise


@dataclass(frozen=True)
class HabitSummary:
    """For Today and the manager's digest: the streak and the latest answers."""

    streak_weeks: int
    last_answers: list[HabitAnswer]
    done_this_week: bool
    last_week_start: dt.date | None = None
    last_note: str = ""

    @property
    def has_checks(self) -> bool:
        return self.last_week_start is not None


def _answers(check: HabitCheck | None) -> list[HabitAnswer]:
    if check is None:
        return []
    return [
        HabitAnswer(
            key=habit.key,
            title=habit.title,
            answer=check.answers.get(habit.key, ""),
            answer_label=HABIT_ANSWER_LABELS.get(check.answers.get(habit.key, ""), ""),
        )
        for habit in HABITS
    ]


# A streak longer than this many weeks is shown as this many (the plan runs 15 weeks).
STREAK_HORIZON_WEEKS = 104


def _summary(checks: list[HabitCheck], this_week: dt.date) -> HabitSummary:
    latest = checks[0] if checks else None
    return HabitSummary(
        streak_weeks=streak([check.week_start for check in checks], this_week),
        last_answers=_answers(latest),
        done_this_week=latest is not None and latest.week_start == this_week,
        last_week_start=latest.week_start if latest else None,
        last_note=latest.note if latest else "",
    )


def _recent_checks(plan: Plan, user: User) -> list[HabitCheck]:
    return list(
        HabitCheck.objects.filter(plan=plan, user=user).order_by("-week_start")[
            :STREAK_HORIZON_WEEKS
        ]
    )


def habit_streak(plan: Plan, user: User, today: dt.date) -> HabitSummary:
    """The user's weekly habits streak in this plan and their latest answers: one query.

    ``today`` is the plan-local date (``plan.local_today()``). The current week
    does not break the streak until it is over.
    """
    return _summary(_recent_checks(plan, user), week_start(today))


@dataclass(frozen=True)
class HabitWeek:
    week_start: dt.date
    answers: list[HabitAnswer]  # in the habits' order
    note: str


@dataclass(frozen=True)
class HabitsPage:
    summary: HabitSummary
    this_week: dt.date
    current: HabitCheck | None  # this week's check, to edit
    history: list[HabitWeek] = field(default_factory=list)  # newest first


HISTORY_WEEKS = 16


def habits_page(plan: Plan, user: User, today: dt.date) -> HabitsPage:
    """This week's form, the streak and the recent weeks: one query."""
    checks = _recent_checks(plan, user)
    this_week = week_start(today)
    summary = _summary(checks, this_week)
    return HabitsPage(
        summary=summary,
        this_week=this_week,
        current=checks[0] if summary.done_this_week else None,
        history=[
            HabitWeek(week_start=check.week_start, answers=_answers(check), note=check.note)
            for check in checks[:HISTORY_WEEKS]
        ],
    )


def introduction_state(plan: Plan) -> SelfIntroduction | None:
    """For the toolkit hub (one query)."""
    return SelfIntroduction.objects.filter(plan=plan).select_related("published").first()
