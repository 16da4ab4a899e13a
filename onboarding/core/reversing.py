"""``reverse()`` remembered: the same view and arguments always give the same address.

Django's ``reverse()`` builds and checks a regular expression for each call
(about 10 µs here, against 4 for a remembered answer); the power map alone
asks for about two hundred addresses, Today for about a hundred. The
answer depends only on the URLconf, the script prefix (the sub-path the site
is served under), the view name and the arguments, so it is kept in a bounded
LRU keyed on all of them. Only ``int`` and text arguments are kept (anything
else is reversed each time), and a view that does not reverse raises
``NoReverseMatch`` each time, as before.

The ``{% url %}`` tag uses it (``onboarding/templatetags/url_memo.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def _keepable(value: Any) -> bool:
    # Text (a template's string literals are SafeString) or an integer; a bool is not an id.
    return isinstance(value, str) or type(value) is int


def cached_reverse(
    view_name: str,
    args: Sequence[Any] = (),
    kwargs: Mapping[str, Any] | None = None,
    current_app: str | None = None,
) -> str:
    kwargs = kwargs or {}
    values = [*args, *kwargs.values()]
    if not isinstance(view_name, str) or not all(_keepable(value) for value in values):
        return reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(
        urlconf,
        get_script_prefix(),
        view_name,
        tuple(args),
        tuple(sorted(kwargs.items())),
        current_app,
    )


@lru_cache(maxsize=16384)
def _reverse(
    urlconf: str,
    script_prefix: str,  # part of the key: reverse() reads it itself
    view_name: str,
    args: tuple[Any, ...],
    kwargs: tuple[tuple[str, Any], ...],
    current_app: str | None,
) -> str:
    return reverse(
        view_name, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app
    )
