"""Form pieces every app's forms share."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict


class VersionedForm(forms.Form):
    """Carries the version the user saw, so a save based on an older one is refused."""

    version = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)


def with_version(
    form_class: type[forms.Form], data: QueryDict, version: int, **kwargs: Any
) -> forms.Form:
    """The user's own input again, carrying the version now saved.

    After a 409 the form shows what the user typed (nothing is lost), and a
    second save is a deliberate choice to overwrite the newer version.
    """
    data = data.copy()
    data["version"] = str(version)
    form = form_class(data, **kwargs)
    form.is_valid()
    return form
