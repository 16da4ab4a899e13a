"""Quick wins for tests, made through the services so their history is real."""

from __future__ import annotations

from roadmap.quick_wins import services
from roadmap.quick_wins.models import QuickWin


def make_quick_win(world, *, owner="member", team=(), **details) -> QuickWin:
    """A proposed quick win of ``world.plan``; ``owner``/``team`` are world roles."""
    values = {
        "title": "Answer refund tickets within a day",
        "problem": "Customers wait ten days for a refund answer",
        "expected_impact": "Refund complaints halve",
        "impact": 4,
        "effort": 2,
        "theme": "Faster answers",
        "target_day": 50,
        **details,
    }
    return services.quick_win_create(
        plan=details.pop("plan", world.plan),
        user=world.manager,
        owner=world.user(owner) if owner else None,
        team=[world.user(role) for role in team],
        **{k: v for k, v in values.items() if k != "plan"},
    )
