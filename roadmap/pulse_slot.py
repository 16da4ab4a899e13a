"""The team pulse's slot in the roadmap's pages, without roadmap importing metrics.

The anonymous team pulse lives in ``metrics/pulse/``, above the roadmap. Three
roadmap pages show what it says: the monthly risk check and the reboot
diagnostic ("the team pulse says: workload 2.1/5"), and a team member's
"My quick wins" (a link to the open pulse they have not answered). The
metrics app registers one :class:`PulseSource` in its ``AppConfig.ready``;
without one the pages show nothing. Each call runs a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from onboarding.models import Plan, User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class PulseItemAverage:
    key: str  # workload, support, clarity, trust, pride
    title: StrOrPromise
    average: float  # 1 to 5, higher is better


@dataclass(frozen=True)
class PulseSignal:
    """The latest closed pulse that reached the threshold, as aggregates only."""

    closed_on: dt.date
    answers: int
    enps: float
    items: list[PulseItemAverage]

    def item(self, key: str) -> PulseItemAverage | None:
        return next((item for item in self.items if item.key == key), None)

    @property
    def low_items(self) -> list[PulseItemAverage]:
        """Items averaging below 3 of 5: the team is not happy about them."""
        return [item for item in self.items if item.average < 3]


@dataclass(frozen=True)
class PulseInvite:
    """An open pulse the member has not answered yet."""

    url: str
    closes_on: dt.date


@dataclass(frozen=True)
class PulseSource:
    # The results a member with these rights may read (None: nothing to show).
    signal: Callable[[Plan, Collection[str]], PulseSignal | None]
    # The open pulse this user may still answer (None: nothing to answer).
    invite: Callable[[Plan, User, Collection[str]], PulseInvite | None]


_SOURCE: list[PulseSource] = []


def register_pulse_source(source: PulseSource) -> None:
    _SOURCE[:] = [source]  # registering twice (tests, reloads) keeps one


def pulse_signal(plan: Plan, rights: Collection[str]) -> PulseSignal | None:
    return _SOURCE[0].signal(plan, rights) if _SOURCE else None


def pulse_invite(plan: Plan, user: User, rights: Collection[str]) -> PulseInvite | None:
    return _SOURCE[0].invite(plan, user, rights) if _SOURCE else None
