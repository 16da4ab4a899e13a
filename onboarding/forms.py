from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .core.forms import LocalDateField, SingleLineField, form_field
from .models import CURRENCIES, Role, User
from .passwords import CONFIRM_HELP, MISMATCH
from .timezones import likely_zone, timezone_choices


class TimeZoneField(forms.ChoiceField):
    """A plan's time zone: canonical zones grouped by region, suggestions first."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=timezone_choices, **kwargs)

    def suggest(self, *zones: str | None) -> None:
        """Offer these first; a saved legacy zone listed here stays a valid choice."""
        self.choices = timezone_choices(zones)


class PlanForm(forms.Form):
    title = SingleLineField(label=_("Plan title"), max_length=200, initial=_("My first 100 days"))
    organisation = forms.CharField(
        label=_("Organisation"), max_length=200, help_text=_("The company you are joining.")
    )
    start_date = LocalDateField(
        label=_("First working day"),
        help_text=_("Day 0. Preparation starts ten days before it."),
    )
    timezone = TimeZoneField(
        label=_("Time zone"),
        initial="UTC",
        help_text=_("Where you work: “today” in the plan follows this time zone."),
    )
    language = forms.ChoiceField(
        label=_("Plan language"),
        choices=settings.LANGUAGES,
        initial="en",
        help_text=_("Tasks and tips are written in this language."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = self.initial.get("language") or translation.get_language()
        form_field(self, "timezone", TimeZoneField).suggest(likely_zone(language))


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(Role.EXECUTIVE, Role.EXECUTIVE.label), (Role.MEMBER, Role.MEMBER.label)],
        help_text=_("Executives read the plan and the dashboard; team members update quick wins."),
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class AcceptInvitationForm(forms.Form):
    """An invitee without an account chooses a name and a password."""

    first_name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=password_validation.password_validators_help_text_html(),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        help_text=CONFIRM_HELP,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", MISMATCH)
        elif p1:
            candidate = User(
                username=self.email, email=self.email, first_name=cleaned.get("first_name", "")
            )
            try:
                password_validation.validate_password(p1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class PlanSettingsForm(forms.Form):
    title = SingleLineField(label=_("Plan title"), max_length=200)
    timezone = TimeZoneField(label=_("Time zone"))
    digest_weekday = forms.TypedChoiceField(
        label=_("Weekly digest day"),
        coerce=int,
        choices=[
            (0, _("Monday")),
            (1, _("Tuesday")),
            (2, _("Wednesday")),
            (3, _("Thursday")),
            (4, _("Friday")),
            (5, _("Saturday")),
            (6, _("Sunday")),
        ],
    )
    digest_time = forms.TimeField(
        label=_("Weekly digest time"),
        help_text=_("In the plan's time zone, e.g. 08:00."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    currency = forms.ChoiceField(
        label=_("Budget currency"),
        choices=CURRENCIES,
        help_text=_("The budget and its ROI cases are in this currency."),
    )

    def __init__(self, *args: Any, language: str | None = None, **kwargs: Any) -> None:
        """``initial["timezone"]`` (the saved zone) and ``language``'s likely zone come first."""
        super().__init__(*args, **kwargs)
        form_field(self, "timezone", TimeZoneField).suggest(
            self.initial.get("timezone"), likely_zone(language)
        )


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"))
    language = forms.ChoiceField(
        label=_("Interface language"),
        choices=[("", _("Follow my browser")), *settings.LANGUAGES],
        required=False,
    )
    use_gregorian = forms.BooleanField(
        label=_("Show Gregorian dates on Persian pages"),
        required=False,
        help_text=_("Persian pages use the Jalali calendar unless you tick this."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.user.pk).exists():
            raise forms.ValidationError(_("Another account already uses this address."))
        return email
