"""Who may do what: the one table that turns a role into rights.

Views declare the right they need (``plan_view(Right.X)`` in ``access.py``),
templates ask ``{% if "edit_roadmap" in request.membership.rights %}``, and
QuerySets filter by ``roles_with(Right.X)``. Add a right here rather than
checking a role anywhere else.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MANAGER = "manager", _("Manager")
    EXECUTIVE = "executive", _("Executive")
    MEMBER = "member", _("Team member")


class Right(StrEnum):
    VIEW_PLAN = "view_plan"  # Today, timeline, members list
    EDIT_ROADMAP = "edit_roadmap"  # task status, notes, tasks and phases
    MANAGE_MEMBERS = "manage_members"  # invitations, roles, removals
    MANAGE_CALENDAR = "manage_calendar"  # the private calendar feed
    VIEW_DASHBOARD = "view_dashboard"  # the progress dashboard
    VIEW_DIGESTS = "view_digests"  # past weekly digests in the app
    VIEW_STAKEHOLDERS = "view_stakeholders"  # the whole register and the power map
    VIEW_SHARED_STAKEHOLDERS = "view_shared_stakeholders"  # only those shared with them
    EDIT_STAKEHOLDERS = "edit_stakeholders"  # register, interactions, imports
    VIEW_PRIVATE_NOTES = "view_private_notes"  # interview notes and answers
    VIEW_QUICK_WINS = "view_quick_wins"  # the board and each quick win
    EDIT_QUICK_WINS = "edit_quick_wins"  # propose, commit, milestones, drag on the board
    UPDATE_OWN_QUICK_WINS = "update_own_quick_wins"  # status/progress of quick wins they are on
    VIEW_METRICS = "view_metrics"  # KPI trends
    EDIT_METRICS = "edit_metrics"  # choose metrics, baselines, measurements, imports
    VIEW_TOOLKIT_RESULTS = "view_toolkit_results"  # diagnostic result, challenges, budget
    USE_PRIVATE_TOOLS = "use_private_tools"  # intro drafts, habits, risk self-checks
    MANAGE_PLAN = "manage_plan"  # plan settings, digest schedule, digest preview
    MANAGE_PULSE = "manage_pulse"  # open, word and close the team pulse
    VIEW_PULSE_RESULTS = "view_pulse_results"  # the pulse's aggregates, above the threshold
    ANSWER_PULSE = "answer_pulse"  # answer the team pulse (anonymously)
    VIEW_REVIEWS = "view_reviews"  # sent 30/60/90 reviews, their reports and comments
    EDIT_REVIEWS = "edit_reviews"  # review drafts: schedule, agenda text, sending
    COMMENT_ON_REVIEWS = "comment_on_reviews"  # comment on and acknowledge a sent review


ROLE_RIGHTS: dict[str, frozenset[Right]] = {
    # The manager runs the pulse and reads its results but does not answer it:
    # it asks the team about the team's lead.
    Role.MANAGER: frozenset(Right) - {Right.VIEW_SHARED_STAKEHOLDERS, Right.ANSWER_PULSE},
    Role.EXECUTIVE: frozenset(
        {
            Right.VIEW_PLAN,
            Right.VIEW_DASHBOARD,
            Right.VIEW_DIGESTS,
            Right.VIEW_STAKEHOLDERS,
            Right.VIEW_QUICK_WINS,
            Right.VIEW_METRICS,
            Right.VIEW_TOOLKIT_RESULTS,
            Right.VIEW_PULSE_RESULTS,
            Right.VIEW_REVIEWS,
            Right.COMMENT_ON_REVIEWS,
        }
    ),
    Role.MEMBER: frozenset(
        {
            Right.VIEW_PLAN,
            Right.VIEW_DASHBOARD,
            Right.VIEW_SHARED_STAKEHOLDERS,
            Right.VIEW_QUICK_WINS,
            Right.UPDATE_OWN_QUICK_WINS,
            Right.VIEW_METRICS,
            Right.ANSWER_PULSE,
        }
    ),
}


def role_has(role: str, right: Right) -> bool:
    return right in ROLE_RIGHTS.get(role, frozenset())


def roles_with(right: Right) -> list[str]:
    """The roles that have ``right`` (for QuerySet filters on memberships)."""
    return [role for role, rights in ROLE_RIGHTS.items() if right in rights]
