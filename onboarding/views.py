from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language

from .access import PlanRequest, Right, SignedInRequest, plan_view, signed_in
from .core.htmx import message_response
from .email_change import EmailChangeUnusable, email_change_from_token
from .forms import AcceptInvitationForm, InvitationForm, PlanSettingsForm, ProfileForm
from .invitations import AccountExists, InvitationUnusable, invitation_from_token
from .models import Invitation, Membership, Role, User
from .selectors import free_username
from .services import (
    invitation_accept,
    invitation_create,
    invitation_resend,
    invitation_revoke,
    membership_remove,
    plan_update_settings,
    user_confirm_email_change,
    user_create_from_invitation,
    user_request_email_change,
    user_update_profile,
)

logger = logging.getLogger(__name__)


@transaction.non_atomic_requests
@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """One query: proves the process is up and the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


# Each role starts where its work is: the manager on Today, the executive on the
# dashboard, a team member on their quick wins.
START_PAGES: dict[str, str] = {Role.EXECUTIVE: "dashboard", Role.MEMBER: "my_quick_wins"}


def _start_page(role: str, plan_id: int) -> HttpResponse:
    return redirect(START_PAGES.get(role, "today"), plan_id=plan_id)


@require_GET
@signed_in
def home(request: SignedInRequest) -> HttpResponse:
    """Send the user to the plan they used last, or to their plans."""
    memberships = Membership.objects.filter(user=request.user)
    last = request.session.get("plan_id")
    membership = memberships.filter(plan_id=last).first() if last else None
    if membership is None:
        membership = memberships.order_by("-plan__start_date").first()
    if membership is None:
        return redirect("plan_list")
    return _start_page(membership.role, membership.plan_id)


@require_GET
@signed_in
def plan_list(request: SignedInRequest) -> HttpResponse:
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("plan", "plan__organisation")
        .order_by("-plan__start_date", "plan_id")
    )
    return render(request, "onboarding/plan_list.html", {"memberships": memberships})


@require_GET
@plan_view(Right.VIEW_PLAN)
def members(request: PlanRequest, plan_id: int) -> HttpResponse:
    return _members_page(request, InvitationForm())


def _members_page(request: PlanRequest, form: InvitationForm, status: int = 200) -> HttpResponse:
    plan = request.plan
    can_manage = Right.MANAGE_MEMBERS in request.membership.rights
    context = {
        "plan": plan,
        "memberships": plan.memberships.select_related("user").order_by("role", "user__username"),
        "invitations": plan.invitations.pending() if can_manage else [],
        "form": form,
        "can_manage": can_manage,
    }
    return render(request, "onboarding/members.html", context, status=status)


@require_http_methods(["GET", "POST"])
@signed_in
def profile(request: SignedInRequest) -> HttpResponse:
    user = request.user
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        # The address asked for stays in the field until it is confirmed.
        "email": user.pending_email or user.email,
        "language": user.language,
        "use_gregorian": user.use_gregorian,
    }
    form = ProfileForm(request.POST or None, initial=initial, user=user)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        email = fields.pop("email")
        try:
            asked = user_request_email_change(
                user=user, email=email, language=fields["language"] or translation.get_language()
            )
        except ValidationError as error:
            form.add_error(None, error)
            return render(request, "onboarding/profile.html", {"form": form}, status=422)
        user_update_profile(user=user, **fields)
        if fields["language"]:
            translation.activate(fields["language"])
        messages.success(request, _("Your profile is saved."))
        if asked:
            messages.info(
                request,
                _(
                    "We sent a link to %(email)s. Your address changes when you open it; "
                    "until then %(current)s keeps working."
                )
                % {"email": email, "current": user.email},
            )
        response = redirect("profile")
        _remember_language(response, fields["language"])
        return response
    status = 422 if form.errors else 200
    return render(request, "onboarding/profile.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@never_cache
def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    """The link sent to a new address: its owner, signed in, makes it theirs."""
    change = email_change_from_token(token)
    if change is None:
        return render(request, "onboarding/confirm_email.html", {"usable": False}, status=410)
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={request.path}")
    if request.user.pk != change.user_id:
        return render(request, "onboarding/confirm_email_wrong_user.html", status=403)
    user = User.objects.get(pk=request.user.pk)
    if user.pending_email != change.email:
        return render(request, "onboarding/confirm_email.html", {"usable": False}, status=410)
    if request.method == "GET":
        return render(
            request, "onboarding/confirm_email.html", {"usable": True, "email": change.email}
        )
    try:
        user_confirm_email_change(user=user, email=change.email)
    except EmailChangeUnusable:
        return render(request, "onboarding/confirm_email.html", {"usable": False}, status=410)
    messages.success(request, _("Your e-mail address is now %(email)s.") % {"email": user.email})
    return redirect("profile")


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """The switcher on every page: remembered in a cookie, and in the profile."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_update_profile(user=request.user, language=language)
    return set_language(request)  # sets the cookie; ignores unknown codes


def _remember_language(response: HttpResponse, language: str) -> None:
    if language:
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
    else:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)


@require_http_methods(["GET", "POST"])
@plan_view(Right.MANAGE_PLAN)
def plan_settings(request: PlanRequest, plan_id: int) -> HttpResponse:
    plan = request.plan
    initial = {
        "title": plan.title,
        "timezone": plan.timezone,
        "digest_weekday": plan.digest_weekday,
        "digest_time": plan.digest_time,
        "currency": plan.currency,
    }
    form = PlanSettingsForm(request.POST or None, initial=initial, language=plan.language)
    if request.method == "POST" and form.is_valid():
        plan_update_settings(plan=plan, **form.cleaned_data)
        messages.success(request, _("Plan settings saved."))
        return redirect("plan_settings", plan_id=plan_id)
    status = 422 if form.errors else 200
    return render(
        request, "onboarding/plan_settings.html", {"plan": plan, "form": form}, status=status
    )


@require_POST
@plan_view(Right.MANAGE_MEMBERS)
def invite(request: PlanRequest, plan_id: int) -> HttpResponse:
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation_create(
                plan=request.plan,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("members", plan_id=plan_id)
    return _members_page(request, form, status=422)


@require_POST
@plan_view(Right.MANAGE_MEMBERS)
def invitation_cancel(request: PlanRequest, plan_id: int, invitation_id: int) -> HttpResponse:
    invitation = get_object_or_404(request.plan.invitations, pk=invitation_id)
    invitation_revoke(invitation=invitation)
    messages.success(request, _("Invitation withdrawn."))
    return redirect("members", plan_id=plan_id)


@require_POST
@plan_view(Right.MANAGE_MEMBERS)
def invitation_send_again(request: PlanRequest, plan_id: int, invitation_id: int) -> HttpResponse:
    invitation = get_object_or_404(request.plan.invitations.pending(), pk=invitation_id)
    invitation_resend(invitation=invitation)
    messages.success(
        request, _("Sending the invitation to %(email)s again.") % {"email": invitation.email}
    )
    return redirect("members", plan_id=plan_id)


@require_POST
@plan_view(Right.MANAGE_MEMBERS)
def member_remove(request: PlanRequest, plan_id: int, membership_id: int) -> HttpResponse:
    membership = get_object_or_404(request.plan.memberships, pk=membership_id)
    try:
        membership_remove(membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("members", plan_id=plan_id)
    messages.success(request, _("Member removed."))
    return redirect("members", plan_id=plan_id)


@require_http_methods(["GET", "POST"])
@never_cache
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_from_token(token)
    if invitation is None:
        return render(request, "onboarding/invitation_invalid.html", status=404)
    if not invitation.is_usable:
        return _invitation_unusable(request, invitation)
    # Only a confirmed address counts: an e-mail change waiting for
    # confirmation (User.pending_email) never matches an invitation.
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing is not None:
        return _accept_as_existing_user(request, invitation, existing)

    sign_in_name = free_username(invitation.email)
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = user_create_from_invitation(
                invitation=invitation,
                first_name=form.cleaned_data["first_name"],
                password=form.cleaned_data["password1"],
            )
        except InvitationUnusable:
            return _invitation_unusable(request, invitation)
        except AccountExists:
            return _sign_in_to_accept(request, invitation)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request, _("Welcome! You have joined “%(plan)s”.") % {"plan": invitation.plan}
        )
        if user.username != user.email:
            messages.info(
                request,
                _("You sign in with the name %(username)s.") % {"username": user.username},
            )
        return _start_page(invitation.role, invitation.plan_id)
    status = 422 if form.errors else 200
    return render(
        request,
        "onboarding/accept_invitation.html",
        {"invitation": invitation, "form": form, "sign_in_name": sign_in_name},
        status=status,
    )


def _invitation_unusable(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    """410, saying why: read again, since a simultaneous request may just have used it."""
    invitation.refresh_from_db()
    return render(
        request, "onboarding/invitation_unusable.html", {"invitation": invitation}, status=410
    )


def _sign_in_to_accept(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    messages.info(
        request,
        _("Sign in to accept the invitation to “%(plan)s”.") % {"plan": invitation.plan},
    )
    return redirect(f"{reverse('login')}?next={request.path}")


def _accept_as_existing_user(
    request: HttpRequest, invitation: Invitation, existing: User
) -> HttpResponse:
    """Someone who already has an account joins by signing in as that account."""
    if not request.user.is_authenticated:
        return _sign_in_to_accept(request, invitation)
    if request.user.pk != existing.pk:
        return render(
            request, "onboarding/invitation_wrong_user.html", {"invitation": invitation}, status=403
        )
    if request.method == "GET":
        return render(request, "onboarding/accept_invitation.html", {"invitation": invitation})
    try:
        invitation_accept(invitation=invitation, user=existing)
    except InvitationUnusable:
        return _invitation_unusable(request, invitation)
    messages.success(request, _("You have joined “%(plan)s”.") % {"plan": invitation.plan})
    return _start_page(invitation.role, invitation.plan_id)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A 403 that says what happened; under htmx, a message the page shows."""
    message = _(
        "Your session has expired or the page is out of date. Reload the page and try again."
    )
    if getattr(request, "htmx", False):
        return message_response(request, message, status=403)
    return render(request, "403_csrf.html", {"message": message}, status=403)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler403: the refusal inside the plan's layout when the user is one of its members.

    ``plan_view`` sets ``request.plan`` before it checks the role, so a team member who
    opens a manager's page keeps their own navigation (what their role may open).
    """
    context = {"exception": str(exception), "plan": getattr(request, "plan", None)}
    return HttpResponseForbidden(render_to_string("403.html", context, request))


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a 503 "back in a moment" page when the database went away.

    Django turns any uncaught exception (in a view or a middleware) into a
    call to this handler; the connection's state tells a database outage
    (the next request reconnects by itself) from a bug.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError) and not _database_answers():
        logger.error("Database unavailable: %s", error)
        return HttpResponse(render_to_string("503.html"), status=503, headers={"Retry-After": "10"})
    return HttpResponse(render_to_string("500.html"), status=500)


def _database_answers() -> bool:
    raw = connection.connection
    if raw is None:  # never connected: the server refused us
        return False
    # psycopg marks a connection whose server went away as broken/closed; a
    # failed query on a live connection is a bug and stays a 500.
    return not (getattr(raw, "broken", False) or getattr(raw, "closed", False))
