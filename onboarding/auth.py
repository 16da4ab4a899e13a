"""Sign-in and password reset, throttled without ever locking the owner out.

The rules and the counters are in ``onboarding.throttling``. The site's
sign-in page and the admin's both use these forms (``config/urls.py``,
``onboarding/admin.py``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
)
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from .core.client import client_address
from .passwords import NewPasswordForm
from .throttling import (
    password_reset_allowed,
    sign_in_counters_clear,
    sign_in_failed,
    sign_in_keys,
    sign_in_succeeded,
    sign_in_wait,
    wait_message,
)


class ThrottledAuthenticationForm(AuthenticationForm):
    """The site's sign-in form: checks a password only when it may be tried now.

    Failures make the next attempt wait (``onboarding.throttling``); during
    the wait the password is not checked and the form says how long to wait.
    """

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return super().clean()  # the form's own "required" errors
        keys = sign_in_keys(username=username, address=client_address(self.request))
        wait = sign_in_wait(keys)
        if wait:
            raise ValidationError(wait_message(wait), code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError:
            # A right password refused for another reason (an inactive
            # account, not staff in the admin) was no guess.
            if self.user_cache is None:
                sign_in_failed(keys)
            raise
        sign_in_succeeded(keys)
        return cleaned


class ThrottledAdminAuthenticationForm(ThrottledAuthenticationForm, AdminAuthenticationForm):
    """The admin's sign-in form (``admin.site.login_form``)."""


class ResetSetPasswordForm(NewPasswordForm):
    """Choosing a new password through a reset link also lifts the sign-in delays."""

    def save(self, commit: bool = True) -> Any:
        user = super().save(commit=commit)
        sign_in_counters_clear(username=user.get_username())
        return user


class PasswordResetView(auth_views.PasswordResetView):
    """Sends at most a few reset e-mails per address and per client an hour.

    The page that follows is the same whether an e-mail went out, the address
    is unknown, or the request was over the limit.
    """

    # The product's own e-mail, in the requester's language, its link on SITE_URL like every
    # link we send (not on whatever host the request named).
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        email = form.cleaned_data["email"]
        if password_reset_allowed(email=email, address=client_address(self.request)):
            self.extra_email_context = {"site_url": settings.SITE_URL}
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = ResetSetPasswordForm


class ChangePasswordForm(NewPasswordForm, PasswordChangeForm):
    """The profile's password change, in the product's words (``onboarding.passwords``)."""


class PasswordChangeView(auth_views.PasswordChangeView):
    """Back to the profile the change was started from, saying it is done."""

    form_class = ChangePasswordForm
    success_url = reverse_lazy("profile")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is changed."))
        return response
