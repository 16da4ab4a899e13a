"""Form pieces every app's forms share."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.http import QueryDict

FieldT = TypeVar("FieldT", bound=forms.Field)
FormT = TypeVar("FormT", bound=forms.Form)


class VersionedForm(forms.Form):
    """Carries the version the user saw, so a save based on an older one is refused."""

    version = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)


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
