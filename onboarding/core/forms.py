"""Form pieces every app's forms share.

- :class:`VersionedForm`: the version the user saw (see ``versioning``);
- :class:`LocalDateField`: a date in the reader's calendar (Jalali in Persian),
  within a sane range of today;
- :class:`LocalIntegerField`, :class:`LocalFloatField`, :class:`LocalDecimalField`:
  numbers as the reader types them (Persian digits and decimal separator too);
- :class:`SingleLineField`: text that must stay on one line (titles that end
  up in e-mail subjects and calendar feeds).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Any, TypeVar

import jdatetime
from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .i18n import numbers, persian_digits, persian_page, uses_jalali

# Dates further than this from today are typing mistakes (year 0001, 9999):
# refused with a clear message instead of breaking every page that shows them.
SANE_YEARS = 20
LATIN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
# A number typed on a Persian keyboard: its digits, and the momayyez (U+066B) as the decimal
# separator; the thousands separator (U+066C) is dropped.
LATIN_NUMBER = LATIN_DIGITS | {0x066B: ord("."), 0x066C: None}
# Django's errors that name a limit ("less than or equal to 100"), rewritten in the reader's digits.
_LIMIT_CODES = {"max_value", "min_value", "step_size"}

FieldT = TypeVar("FieldT", bound=forms.Field)
FormT = TypeVar("FormT", bound=forms.Form)


class VersionedForm(forms.Form):
    """Carries the version the user saw, so a save based on an older one is refused.

    An edit without a version is input the page never sends (a 400, see
    :attr:`is_malformed`), never "any version". A form for a new record
    (``new=True``) has no version.
    """

    version = forms.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("This form carried no version of what it edits. Reload the page."),
        },
    )

    def __init__(self, *args: Any, new: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if new:
            del self.fields["version"]

    @property
    def is_malformed(self) -> bool:
        """Whether the form lacks what the page always sends (its version)."""
        return "version" in self.errors


def with_version(form_class: type[FormT], data: QueryDict, version: int, **kwargs: Any) -> FormT:
    """The user's own input again, carrying the version now saved.

    After a 409 the form shows what the user typed (nothing is lost), and a
    second save is a deliberate choice to overwrite the newer version.
    """
    data = data.copy()
    data["version"] = str(version)
    form = form_class(data, **kwargs)
    form.is_valid()
    return form


def form_field(form: forms.BaseForm, name: str, kind: type[FieldT]) -> FieldT:
    """The form's own copy of field ``name``, as the ``kind`` of field it was declared.

    ``form.fields`` holds plain ``Field``s for the type checker; a form that
    narrows a choice field's queryset or choices in ``__init__`` reaches the
    field through here.
    """
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"Field {name!r} is a {type(field).__name__}, not a {kind.__name__}.")
    return field


def is_sane_year(year: int, *, today: dt.date | None = None) -> bool:
    """Within ``SANE_YEARS`` of today: further is a typing mistake (0001, 9999), refused
    wherever a date comes in (forms, imports), before the week arithmetic overflows."""
    return abs(year - (today or timezone.localdate()).year) <= SANE_YEARS


# A figure of a thousand trillion or more, either way, is a slip of the keyboard or a broken
# export ("1e301"): refused wherever a figure comes in (number boxes, imports), far below
# where the database's checks and the charts' arithmetic would fail.
FIGURE_LIMIT = 1e15


def is_sane_figure(value: float) -> bool:
    return math.isfinite(value) and abs(value) < FIGURE_LIMIT


def check_sane_date(value: dt.date, *, today: dt.date | None = None) -> None:
    """Refuse a date more than ``SANE_YEARS`` years from today."""
    if not is_sane_year(value.year, today=today):
        raise ValidationError(
            _("Enter a date within %(years)s years of today."),
            code="date_out_of_range",
            params=numbers({"years": SANE_YEARS}),
        )


class LocalDateInput(forms.DateInput):
    """The browser's date picker, except in Persian: a text box showing the Jalali date."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        jalali = uses_jalali()
        self.input_type = "text" if jalali else "date"
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        if jalali:
            widget_attrs.update(
                {"inputmode": "numeric", "placeholder": persian_digits("1405/09/09"), "dir": "ltr"}
            )
            if isinstance(value, dt.date):
                context["widget"]["value"] = jalali_text(value)
        return context


def number_input_type() -> str:
    """``number``, except on Persian pages: ``text``, because Chromium's number box
    silently drops Persian digits (what a Persian keyboard types)."""
    return "text" if persian_page() else "number"


class LocalNumberInput(forms.NumberInput):
    """The browser's number box, or on Persian pages a text box with a numeric keyboard."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        self.input_type = number_input_type()
        context = super().get_context(name, value, attrs)
        if self.input_type == "text":
            box = context["widget"]["attrs"]
            box.setdefault("inputmode", "decimal")
            box.setdefault("dir", "ltr")
            for number_only in ("min", "max", "step"):  # invalid on a text box; the field checks
                box.pop(number_only, None)
            shown = context["widget"]["value"]
            if shown is not None:
                # In the reader's digits and momayyez, as the page writes numbers («۸۱٫۲»);
                # ReadersDigits reads them back.
                context["widget"]["value"] = persian_digits(str(shown)).replace(".", "٫")
        return context

    def format_value(self, value: Any) -> str | None:
        # A stored 78.0 is shown as people typed it, "78", not Python's "78.0".
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return super().format_value(value)


class ReadersDigits:
    """A number field that takes ``۸۱٫۲`` or ``٤٠`` as well as ``81.2`` and ``40``."""

    widget = LocalNumberInput

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().translate(LATIN_NUMBER)
        return super().to_python(value)  # type: ignore[misc]

    def run_validators(self, value: Any) -> None:
        # Django's "less than or equal to 100" carries its limit as a number: written in the
        # reader's digits, as the rest of the page («۱۰۰»). Only those three: the decimal
        # places' messages choose their plural form by their number, which must stay one.
        try:
            super().run_validators(value)  # type: ignore[misc]
        except ValidationError as error:
            raise ValidationError(
                [
                    ValidationError(
                        each.message,
                        code=each.code,
                        params=numbers(each.params or {})
                        if each.code in _LIMIT_CODES
                        else each.params,
                    )
                    for each in error.error_list
                ]
            ) from None


class LocalIntegerField(ReadersDigits, forms.IntegerField):
    pass


class LocalFloatField(ReadersDigits, forms.FloatField):
    """A figure someone types, within ``FIGURE_LIMIT``."""

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and not is_sane_figure(value):
            raise ValidationError(_("This number is too large."), code="too_large")


class LocalDecimalField(ReadersDigits, forms.DecimalField):
    pass


def jalali_text(value: dt.date) -> str:
    """``1405/09/09`` in Persian digits: how a Persian reader types a date."""
    day = jdatetime.date.fromgregorian(date=value)
    return persian_digits(f"{day.year:04d}/{day.month:02d}/{day.day:02d}")


class LocalDateField(forms.DateField):
    """A date typed in the reader's calendar, within ``SANE_YEARS`` of today.

    Persian readers (unless they chose Gregorian dates) type the Jalali date,
    in Persian or Latin digits (``۱۴۰۵/۹/۹`` or ``1405-09-09``); the server
    converts it. Everyone else uses the browser's picker (ISO dates).
    """

    widget = LocalDateInput

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, str) and uses_jalali():
            value = value.strip().translate(LATIN_DIGITS)
            if not value:
                return None
            match = re.fullmatch(r"(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})", value)
            if match is None:
                raise ValidationError(
                    _("Enter the date as year/month/day, for example %(example)s."),
                    code="invalid",
                    params={"example": persian_digits("1405/09/09")},
                )
            try:
                return jdatetime.date(*(int(part) for part in match.groups())).togregorian()
            except ValueError:
                raise ValidationError(_("That day does not exist."), code="invalid") from None
        return super().to_python(value)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if isinstance(value, dt.date):
            check_sane_date(value)


CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class SingleLineField(forms.CharField):
    """Text on one line: line breaks and control characters are refused, not silently dropped."""

    def validate(self, value: Any) -> None:
        super().validate(value)
        if isinstance(value, str) and (
            CONTROL.search(value) or any(unicodedata.category(c) == "Cc" for c in value)
        ):
            raise ValidationError(
                _("Keep it on one line, without line breaks or control characters."),
                code="single_line",
            )
