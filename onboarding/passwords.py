"""The password rules (``AUTH_PASSWORD_VALIDATORS``), in the product's own words.

Django's four rules, unchanged in what they accept, with texts written for the product:
Django's Persian catalogue has no translation of the "too short" error its code raises
(the message was renamed), so a Persian page said it in English, wrote the length in
Latin digits and asked, under "confirm", for the *previous* password. Every form that
sets a password (the invitation, the reset link, the change on the profile) shows these
rules under the password box and uses them.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .core.i18n import numbers

# Under the "confirm" box and when the two differ, in every password form.
CONFIRM_HELP = gettext_lazy("Type the same password again, to be sure of it.")
MISMATCH = gettext_lazy("The two passwords differ.")


class NewPasswordForm(SetPasswordForm):
    """Django's form for a new password (reset link, profile change) with the product's words
    for the "confirm" box and for two passwords that differ, and a broken rule said under
    the new password, where the rules are listed (Django puts it under "confirm")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.error_messages = {**self.error_messages, "password_mismatch": MISMATCH}
        self.fields["new_password2"].help_text = CONFIRM_HELP

    def validate_password_for_user(self, user: Any, password_field_name: str = "") -> None:
        super().validate_password_for_user(user, "new_password1")


class SimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def get_help_text(self) -> str:
        return _("Not like your name or e-mail address.")

    def get_error_message(self) -> str:
        # Not which detail (Django's "username"): an invitee's username is their e-mail
        # address, and they never chose one.
        return _("This password is too like your name or e-mail address.")


class LengthValidator(password_validation.MinimumLengthValidator):
    def get_help_text(self) -> str:
        return ngettext(
            "At least %(count)s character.", "At least %(count)s characters.", self.min_length
        ) % numbers({"count": self.min_length})

    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short: it needs at least %(count)s character.",
            "This password is too short: it needs at least %(count)s characters.",
            self.min_length,
        ) % numbers({"count": self.min_length})


class CommonValidator(password_validation.CommonPasswordValidator):
    def get_help_text(self) -> str:
        return _("Not one of the passwords people use most.")

    def get_error_message(self) -> str:
        return _("This password is one of the most used: choose one that is harder to guess.")


class NumericValidator(password_validation.NumericPasswordValidator):
    def get_help_text(self) -> str:
        return _("Not only digits.")

    def get_error_message(self) -> str:
        return _("This password is only digits: add some letters.")
