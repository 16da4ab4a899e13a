"""The access matrix's vocabulary, shared by every area's ``access_cases.py``.

An area module (``tests/<area>/access_cases.py``) defines:

- ``CASES``: a list of :class:`Case`, one per URL and method;
- ``OUTSIDE_PLANS`` (optional): URL names that belong to no plan, with where
  they are tested;
- ``make_ids(world) -> dict`` (optional): the ids its paths use, e.g.
  ``{"stakeholder": 12}``, created for the test world.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROLES = ["anonymous", "manager", "executive", "member", "other_manager"]

# What each role gets. "login" = redirect to sign-in; "ok" = 200 (GET) or a
# redirect after a successful write (POST); a number = that status.
VIEW_PLAN = {
    "anonymous": "login",
    "manager": "ok",
    "executive": "ok",
    "member": "ok",
    "other_manager": 404,
}
MANAGER_ONLY = {
    "anonymous": "login",
    "manager": "ok",
    "executive": 403,
    "member": 403,
    "other_manager": 404,
}
MANAGER_AND_EXECUTIVE = {**MANAGER_ONLY, "executive": "ok"}


@dataclass
class Case:
    name: str
    method: str
    path: str  # formatted with the ids of every area
    expected: dict
    data: dict | None = None
    headers: dict | None = None
    ok_status: int | None = None  # default: 200 for GET, 302 for POST


def collect(core_cases, core_outside, core_ids) -> tuple[list[Case], dict, list[Callable]]:
    cases, outside, makers = list(core_cases), dict(core_outside), [core_ids]
    for path in sorted(Path(__file__).parent.glob("*/access_cases.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.access_cases")
        cases += module.CASES
        outside.update(getattr(module, "OUTSIDE_PLANS", {}))
        if hasattr(module, "make_ids"):
            makers.append(module.make_ids)
    return cases, outside, makers
