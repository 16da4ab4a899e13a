"""Who may do what: the one place roles are turned into rights.

Every plan view is wrapped in :func:`plan_view`. It resolves the plan through
the signed-in user's own membership (so another plan's id is a 404, never a
403 that would confirm the plan exists) and then checks the role's right
(a 403 when the role lacks it).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from .models import Membership, Role
from .page_cache import SAFE_METHODS, plan_changed

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from .models import Plan, User


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


ROLE_RIGHTS: dict[str, frozenset[Right]] = {
    Role.MANAGER: frozenset(Right) - {Right.VIEW_SHARED_STAKEHOLDERS},
    Role.EXECUTIVE: frozenset(
        {
            Right.VIEW_PLAN,
            Right.VIEW_DASHBOARD,
            Right.VIEW_DIGESTS,
            Right.VIEW_STAKEHOLDERS,
            Right.VIEW_QUICK_WINS,
            Right.VIEW_METRICS,
            Right.VIEW_TOOLKIT_RESULTS,
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
        }
    ),
}


def role_has(role: str, right: Right) -> bool:
    return right in ROLE_RIGHTS.get(role, frozenset())


if TYPE_CHECKING:

    class PlanRequest(HttpRequest):
        """A request that passed :func:`plan_view`."""

        htmx: HtmxDetails
        user: User
        plan: Plan
        membership: Membership

else:
    PlanRequest = HttpRequest


def login_redirect(request: Any) -> HttpResponse:
    """Send an anonymous visitor to sign in, htmx-aware.

    Under htmx a plain redirect would swap the login page into whatever element
    made the request; ask htmx to navigate the whole page instead.
    """
    htmx = getattr(request, "htmx", None)
    if htmx:
        next_url = htmx.current_url_abs_path or resolve_url("home")
        return HttpResponseClientRedirect(f"{resolve_url('login')}?next={next_url}")
    return redirect_to_login(request.get_full_path())


P = ParamSpec("P")
View = Callable[Concatenate[Any, P], HttpResponse]


def plan_view(right: Right = Right.VIEW_PLAN) -> Callable[[View[P]], View[P]]:
    """Require a signed-in member of the URL's plan whose role has ``right``."""

    def decorator(view: View[P]) -> View[P]:
        @functools.wraps(view)
        def wrapper(request: Any, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return login_redirect(request)
            # get() on the unique (plan, user) pair: no ORDER BY to build on every request.
            try:
                membership = Membership.objects.select_related("plan", "plan__organisation").get(
                    plan_id=kwargs["plan_id"], user_id=request.user.pk
                )
            except Membership.DoesNotExist:
                raise Http404(_("No such plan.")) from None
            if not role_has(membership.role, right):
                raise PermissionDenied(_("Your role in this plan cannot do that."))
            request.plan = membership.plan
            request.membership = membership
            if request.session.get("plan_id") != membership.plan_id:
                request.session["plan_id"] = membership.plan_id
            response = view(request, *args, **kwargs)
            if request.method not in SAFE_METHODS:
                plan_changed(membership.plan_id)  # its cached pages are out of date
            return response

        return wrapper

    return decorator


def signed_in(view: View[P]) -> View[P]:
    """``login_required`` that speaks htmx."""

    @functools.wraps(view)
    def wrapper(request: Any, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return login_redirect(request)
        return view(request, *args, **kwargs)

    return wrapper
