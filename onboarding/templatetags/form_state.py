"""``{% error_prefix %}``: "Error: " at the start of a page's title when a form on it has errors.

A screen-reader user hears the title first when a page loads; after a refused
submission it must say so (the GOV.UK error-summary pattern, WCAG 3.3.1). The
tag looks at every form and formset in the page's context, so no view has to
remember to pass a flag.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BaseForm, BaseFormSet
from django.utils.translation import gettext

register = template.Library()


def _has_errors(value: Any) -> bool:
    if isinstance(value, BaseForm):
        return value.is_bound and bool(value.errors)
    if isinstance(value, BaseFormSet):
        return value.is_bound and not value.is_valid()
    return False


@register.simple_tag(takes_context=True)
def error_prefix(context: template.Context) -> str:
    if any(_has_errors(value) for value in context.flatten().values()):
        # Translators: the start of a page's title when a form on it has errors.
        return gettext("Error: ")
    return ""
