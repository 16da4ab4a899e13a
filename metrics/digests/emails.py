"""A digest as an e-mail for one recipient, in their language, and its unsubscribe link.

Every link in a digest is built by :func:`site_link` from ``settings.SITE_URL``:
a worker has no request to take the host from.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse

from metrics.digests.rules import subject_line
from metrics.digests.selectors import DigestContent
from onboarding.core.i18n import reading_as
from onboarding.models import Membership
from onboarding.rights import Right, role_has
from roadmap.toolkit.habits.selectors import habit_streak

UNSUBSCRIBE_SALT = "metrics.digest.unsubscribe"


def site_link(viewname: str, **kwargs: object) -> str:
    """The absolute address of a page of this site, for a link in an e-mail."""
    return settings.SITE_URL.rstrip("/") + reverse(viewname, kwargs=kwargs)


def render_digest(content: DigestContent, membership: Membership) -> tuple[str, str, str]:
    """Subject, text and HTML for one recipient, in their language.

    The subject and the text part are rendered without HTML escaping (they are
    not HTML), the HTML part escaped; the subject is then made one line, so a
    plan title with a line break cannot break the e-mail's headers.

    Executives and team members get the same figures as the manager but never
    private notes (task notes, interview notes) — none are included at all.
    """
    user = membership.user
    language = user.language or content.plan.language
    context = {
        "content": content,
        "plan": content.plan,
        "recipient": user,
        # The weekly self-check is the manager's alone.
        "habits": habit_streak(content.plan, user, content.week)
        if role_has(membership.role, Right.USE_PRIVATE_TOOLS)
        else None,
        # The reviews' heading speaks to the one who sends them ("with your boss").
        "sends_reviews": role_has(membership.role, Right.EDIT_REVIEWS),
        "dashboard_url": site_link("dashboard", plan_id=content.plan.pk),
        "unsubscribe_url": unsubscribe_link(membership),
        "pulse_url": site_link(
            "pulse_answer", plan_id=content.plan.pk, pulse_id=content.open_pulse.pulse_id
        )
        if content.open_pulse and user.pk in content.open_pulse.readers
        else "",
    }
    with reading_as(language, gregorian=user.use_gregorian, zone=content.plan.zone):
        subject = subject_line(render_to_string("metrics/email/digest_subject.txt", context))
        text = render_to_string("metrics/email/digest.txt", context)
        html = render_to_string("metrics/email/digest.html", context)
    return subject, text, html


def unsubscribe_token(membership: Membership) -> str:
    return signing.dumps(membership.pk, salt=UNSUBSCRIBE_SALT)


def unsubscribe_link(membership: Membership) -> str:
    return site_link("digest_unsubscribe", token=unsubscribe_token(membership))


def membership_from_unsubscribe_token(token: str) -> Membership | None:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Membership.objects.select_related("plan", "user").filter(pk=pk).first()
