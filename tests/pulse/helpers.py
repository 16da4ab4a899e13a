"""Pulses and answers for the tests."""

from __future__ import annotations

import datetime as dt
import itertools

from metrics.pulse import services
from metrics.pulse.models import Pulse
from onboarding.models import Membership, Role
from tests.factories import UserFactory

_NAMES = itertools.count(1)
ITEMS = ["workload", "support", "clarity", "trust", "pride"]


def open_pulse(plan, *, days: int = 7) -> Pulse:
    today = plan.local_today()
    return services.pulse_open(
        plan=plan, opens_on=today, closes_on=today + dt.timedelta(days=days), today=today
    )


def new_member(plan, name: str):
    user = UserFactory(username=name)
    Membership.objects.create(plan=plan, user=user, role=Role.MEMBER)
    return user


def answer(pulse, user, *, enps: int = 8, items=(3, 3, 3, 3, 3), comment: str = "") -> None:
    scores = {"enps": enps, **dict(zip(ITEMS, items, strict=True))}
    services.pulse_answer(
        pulse=pulse,
        user=user,
        today=pulse.plan.local_today(),
        scores=scores,
        comment=comment,
    )


def answered_by(plan, pulse, count: int, *, enps=(10, 9, 8, 5, 2), comment: str = "") -> list:
    """``count`` new members answer ``pulse``; eNPS values cycle through ``enps``."""
    users = []
    for n in range(count):
        user = new_member(plan, f"agent{next(_NAMES)}")
        answer(
            pulse,
            user,
            enps=enps[n % len(enps)],
            items=(2, 4, 3, 4, 5),
            comment=f"{comment} {n}" if comment else "",
        )
        users.append(user)
    return users


def form_data(**overrides) -> dict:
    data = {"enps": "9", **dict.fromkeys(ITEMS, "4"), "comment": ""}
    data.update(overrides)
    return data
