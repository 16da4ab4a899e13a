"""Reads about people that pages and services share."""

from __future__ import annotations

from .models import User

USERNAME_MAX = User._meta.get_field("username").max_length or 150


def free_username(email: str) -> str:
    """The name a newcomer signs in with: their address, else ``address-2``, ``-3``…

    An address can already be someone's user name (they changed their
    e-mail since, or an import named them so); names are compared without
    case, so two accounts never differ by case alone. One query.
    """
    base = email.strip().lower()[:USERNAME_MAX]
    taken = {
        name.lower()
        for name in User.objects.filter(username__istartswith=base[: USERNAME_MAX - 8]).values_list(
            "username", flat=True
        )
    }
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: USERNAME_MAX - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
        number += 1
