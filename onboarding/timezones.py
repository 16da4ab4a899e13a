"""The time zones a plan offers: canonical names, grouped by region, the likely one first.

``zoneinfo`` knows ~600 names, many of them legacy aliases ("W-SU",
"US/Eastern"), fixed offsets ("Etc/GMT+3") or oddities ("Factory",
"localtime"). The choice offers names of the form Area/Location in the
regions below, plus "UTC". A plan whose zone is no longer offered keeps it:
the form lists the saved zone among the suggestions, so it stays valid.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import all_timezones

REGIONS: dict[str, Promise] = {
    "Africa": _("Africa"),
    "America": _("Americas"),
    "Antarctica": _("Antarctica"),
    "Arctic": _("Arctic"),
    "Asia": _("Asia"),
    "Atlantic": _("Atlantic Ocean"),
    "Australia": _("Australia"),
    "Europe": _("Europe"),
    "Indian": _("Indian Ocean"),
    "Pacific": _("Pacific Ocean"),
}

# Where a reader of each language most likely works: offered first.
LIKELY_ZONES = {"fa": "Asia/Tehran", "ru": "Europe/Moscow"}


@cache
def canonical_timezones() -> tuple[str, ...]:
    names = {
        name
        for name in all_timezones()
        if name == "UTC" or ("/" in name and name.split("/", 1)[0] in REGIONS)
    }
    return tuple(sorted(names))


def likely_zone(language: str | None) -> str | None:
    return LIKELY_ZONES.get((language or "")[:2])


def _label(name: str) -> str:
    return name.replace("_", " ").replace("/", " / ")


def timezone_choices(suggested: Iterable[str | None] = ()) -> list[tuple[Any, Any]]:
    """Suggestions first (any known zone, e.g. a plan's legacy one), UTC, then each region."""
    known = all_timezones()
    first = list(
        dict.fromkeys(zone for zone in suggested if zone and zone in known and zone != "UTC")
    )
    choices: list[tuple[Any, Any]] = []
    if first:
        choices.append((_("Suggested"), [(zone, _label(zone)) for zone in first]))
    choices.append(("UTC", "UTC"))
    by_region: dict[str, list[tuple[str, str]]] = {area: [] for area in REGIONS}
    for name in canonical_timezones():
        if name != "UTC":
            area, location = name.split("/", 1)
            by_region[area].append((name, _label(location)))
    choices += [(REGIONS[area], zones) for area, zones in by_region.items() if zones]
    return choices
