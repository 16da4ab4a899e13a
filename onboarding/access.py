"""Who may open a plan page: the signed-in user's membership and its rights.

Every plan view is wrapped in :func:`plan_view`. It resolves the plan through
the signed-in user's own membership (so another plan's id is a 404, never a
403 that would confirm the plan exists) and then checks the role's right
(a 403 when the role lacks it). The rights of each role are in ``rights.py``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from .core.htmx import current_page
from .models import Membership
from .rights import ROLE_RIGHTS, Right, Role, role_has

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from .models import Plan, User


if TYPE_CHECKING:

    class SignedInRequest(HttpRequest):
        """A request that passed :func:`signed_in`: the user is never anonymous."""

        htmx: HtmxDetails
        user: User

    class PlanRequest(SignedInRequest):
        """A request that passed :func:`plan_view`."""

        plan: Plan
        membership: Membership

else:
    SignedInRequest = HttpRequest
    PlanRequest = HttpRequest


def login_redirect(request: Any) -> HttpResponse:
    """Send an anonymous visitor to sign in, htmx-aware.

    Under htmx a plain redirect would swap the login page into whatever element
    made the request; ask htmx to navigate the whole page instead.
    """
    if getattr(request, "htmx", None):
        next_url = current_page(request) or resolve_url("home")
        return HttpResponseClientRedirect(redirect_to_login(next_url).url)
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
                # Every plan URL captures ``<int:plan_id>``.
                plan_id = cast(int, kwargs["plan_id"])
                membership = Membership.objects.select_related("plan", "plan__organisation").get(
                    plan_id=plan_id, user_id=request.user.pk
                )
            except Membership.DoesNotExist:
                raise Http404(_("No such plan.")) from None
            # Set before the role check: a refusal is shown in the plan's own layout.
            request.plan = membership.plan
            request.membership = membership
            if not role_has(membership.role, right):
                raise PermissionDenied(_("Your role in this plan cannot do that."))
            if request.session.get("plan_id") != membership.plan_id:
                request.session["plan_id"] = membership.plan_id
            # Every time on the plan's pages reads in the plan's time zone.
            with timezone.override(membership.plan.zone):
                return view(request, *args, **kwargs)

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


def can(request: PlanRequest, right: Right) -> bool:
    """Whether the viewer's role in this plan has ``right`` (inside a ``plan_view``)."""
    return right in request.membership.rights


__all__ = [
    "ROLE_RIGHTS",
    "PlanRequest",
    "Right",
    "Role",
    "SignedInRequest",
    "can",
    "plan_view",
    "role_has",
    "signed_in",
]
