"""Reads of the self-introduction: its page, its state for the hub, the shared page's code."""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.http import Http404
from django.utils.translation import gettext as _

from onboarding.models import Plan
from roadmap.toolkit.introduction.rules import LengthFlag, length_flag, word_count
from roadmap.toolkit.models import SelfIntroduction, SelfIntroductionVersion

SHARE_SALT = "onboarding.toolkit.introduction"


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


def introduction_state(plan: Plan) -> SelfIntroduction | None:
    """For the toolkit hub (one query)."""
    return SelfIntroduction.objects.filter(plan=plan).select_related("published").first()
