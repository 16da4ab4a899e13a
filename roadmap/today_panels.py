"""Panels higher apps add to the Today page, without roadmap importing them.

Today belongs to the roadmap, but some of what the manager should act on
today lives in higher apps (key people to contact are in ``stakeholders``).
Such an app registers a :class:`TodayPanel` in its ``AppConfig.ready``; the
Today view shows each panel whose right the viewer has, in registration
order. A panel's ``load`` returns the template's context, or None when there
is nothing to show, and runs a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from onboarding.models import Membership, Plan
from onboarding.rights import Right


@dataclass(frozen=True)
class TodayPanel:
    key: str
    template: str
    right: Right
    load: Callable[[Plan, Membership, dt.date], dict[str, Any] | None]


@dataclass(frozen=True)
class ShownPanel:
    template: str
    context: dict[str, Any]


_PANELS: dict[str, TodayPanel] = {}


def register_today_panel(panel: TodayPanel) -> None:
    _PANELS[panel.key] = panel  # by key: registering twice (tests, reloads) keeps one


def today_panels(plan: Plan, membership: Membership, date: dt.date) -> list[ShownPanel]:
    shown = []
    for panel in _PANELS.values():
        if panel.right not in membership.rights:
            continue
        context = panel.load(plan, membership, date)
        if context is not None:
            shown.append(ShownPanel(panel.template, context))
    return shown
