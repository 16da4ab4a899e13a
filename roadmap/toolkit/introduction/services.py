"""Writes to the self-introduction: save a version, publish, withdraw, new address.

Publishing completes the playbook task and withdrawing reopens it
(``playbook_tasks``); a save based on an older version is refused
(``StaleVersion``) so two tabs never overwrite each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from onboarding.core.versioning import save_versioned
from onboarding.models import Plan, User
from roadmap.toolkit.introduction.rules import (
    INTRODUCTION_TASK,
    SHARE_INTRODUCTION_TASK,
    LengthFlag,
    check_introduction,
    length_flag,
    word_count,
)
from roadmap.toolkit.models import SelfIntroduction, SelfIntroductionVersion, new_share_token
from roadmap.toolkit.playbook_tasks import task_advance_for_tool, task_complete_for_tool


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
    if previous is None or created:  # spelled out: below, ``previous`` is a version
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


def _complete_task(plan: Plan, *, done: bool) -> None:

    task_complete_for_tool(plan=plan, key=INTRODUCTION_TASK, done=done)


def _start_task(plan: Plan) -> None:

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

    introduction = _introduction(plan)
    introduction.share_token = new_share_token()
    SelfIntroduction.objects.filter(pk=introduction.pk).update(share_token=introduction.share_token)
    task_advance_for_tool(plan=plan, key=SHARE_INTRODUCTION_TASK)
    return introduction
