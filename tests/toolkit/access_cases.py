"""The toolkit's URLs in the access matrix (see tests/access.py).

The hub is open to everyone in the plan (it shows each role only its tools).
The executive reads the diagnostic, the challenges and the budget; the
introduction, the habits and the risk check are the manager's alone; team
members get 403 on every tool. The shared introduction page needs no sign-in:
anyone with a good link reads it, and a bad link is a 404 for everyone.
"""

from __future__ import annotations

from roadmap.toolkit.introduction.selectors import share_code
from tests.access import MANAGER_AND_EXECUTIVE, MANAGER_ONLY, VIEW_PLAN, Case
from tests.toolkit.helpers import (
    diagnostic_data,
    habits_data,
    make_budget_line,
    make_budget_request,
    make_challenge,
    make_diagnostic,
    publish_introduction,
    risk_data,
)

BASE = "/plans/{plan}/toolkit"
ANYONE = dict.fromkeys(["anonymous", "manager", "executive", "member", "other_manager"], "ok")
NOBODY = dict.fromkeys(ANYONE, 404)

CHALLENGE = {
    "kind": "opportunity",
    "title": "Chat is under-used",
    "evidence": "Only 4% of contacts come by chat",
    "source": "interview",
    "source_detail": "Sales lead, week 2",
    "outcome": "open",
}
LINE = {"category": "tools", "label": "Help-desk licences", "amount": "9600"}
REQUEST = {
    "title": "Quality assurance tool",
    "category": "tools",
    "cost": "6000",
    "monthly_benefit": "800",
    "benefit_basis": "Ten hours of review a week saved",
}
# The add form shares the budget page with the line form: its fields carry a prefix.
ADD_REQUEST = {f"request-{name}": value for name, value in REQUEST.items()}

CASES = [
    Case("toolkit", "GET", f"{BASE}/", VIEW_PLAN),
    # The self-introduction: the manager's alone.
    Case("introduction", "GET", f"{BASE}/introduction/", MANAGER_ONLY),
    Case(
        "introduction",
        "POST",
        f"{BASE}/introduction/",
        MANAGER_ONLY,
        {
            "version": "{introduction_version}",
            "text": "Hello, I am the new head of support.",
            "action": "save",
        },
    ),
    Case("introduction_withdraw", "POST", f"{BASE}/introduction/withdraw/", MANAGER_ONLY),
    Case("introduction_link", "POST", f"{BASE}/introduction/link/", MANAGER_ONLY),
    Case("introduction_public", "GET", f"{BASE}/introduction/shared/{{intro_code}}/", ANYONE),
    Case("introduction_public", "GET", f"{BASE}/introduction/shared/not-a-code/", NOBODY),
    # The diagnostic: the executive reads the results.
    Case("diagnostic", "GET", f"{BASE}/diagnostic/", MANAGER_AND_EXECUTIVE),
    Case("diagnostic_new", "GET", f"{BASE}/diagnostic/new/", MANAGER_ONLY),
    Case("diagnostic_new", "POST", f"{BASE}/diagnostic/new/", MANAGER_ONLY, diagnostic_data()),
    Case("diagnostic_detail", "GET", f"{BASE}/diagnostic/{{diagnostic}}/", MANAGER_AND_EXECUTIVE),
    Case("diagnostic_delete", "POST", f"{BASE}/diagnostic/{{diagnostic}}/delete/", MANAGER_ONLY),
    # Challenges and opportunities: the executive reads them.
    Case("challenges", "GET", f"{BASE}/challenges/", MANAGER_AND_EXECUTIVE),
    Case("challenge_add", "POST", f"{BASE}/challenges/add/", MANAGER_ONLY, CHALLENGE),
    Case("challenge_edit", "GET", f"{BASE}/challenges/{{challenge}}/edit/", MANAGER_ONLY),
    Case(
        "challenge_edit",
        "POST",
        f"{BASE}/challenges/{{challenge}}/edit/",
        MANAGER_ONLY,
        {**CHALLENGE, "version": 1},
    ),
    Case(
        "challenge_move",
        "POST",
        f"{BASE}/challenges/{{challenge}}/move/",
        MANAGER_ONLY,
        {"direction": "down"},
    ),
    Case("challenge_delete", "POST", f"{BASE}/challenges/{{challenge}}/delete/", MANAGER_ONLY),
    Case(
        "challenges_complete",
        "POST",
        f"{BASE}/challenges/complete/",
        MANAGER_ONLY,
        {"complete": "true"},
    ),
    # Budget and ROI: the executive reads them and downloads the CSV.
    Case("budget", "GET", f"{BASE}/budget/", MANAGER_AND_EXECUTIVE),
    Case("budget_export", "GET", f"{BASE}/budget/export.csv", MANAGER_AND_EXECUTIVE),
    Case("budget_line_add", "POST", f"{BASE}/budget/lines/add/", MANAGER_ONLY, LINE),
    Case("budget_line_edit", "GET", f"{BASE}/budget/lines/{{budget_line}}/edit/", MANAGER_ONLY),
    Case(
        "budget_line_edit",
        "POST",
        f"{BASE}/budget/lines/{{budget_line}}/edit/",
        MANAGER_ONLY,
        {**LINE, "version": 1},
    ),
    Case(
        "budget_line_delete", "POST", f"{BASE}/budget/lines/{{budget_line}}/delete/", MANAGER_ONLY
    ),
    Case("budget_request_add", "POST", f"{BASE}/budget/requests/add/", MANAGER_ONLY, ADD_REQUEST),
    Case(
        "budget_request_edit",
        "GET",
        f"{BASE}/budget/requests/{{budget_request}}/edit/",
        MANAGER_ONLY,
    ),
    Case(
        "budget_request_edit",
        "POST",
        f"{BASE}/budget/requests/{{budget_request}}/edit/",
        MANAGER_ONLY,
        {**REQUEST, "version": 1},
    ),
    Case(
        "budget_request_delete",
        "POST",
        f"{BASE}/budget/requests/{{budget_request}}/delete/",
        MANAGER_ONLY,
    ),
    # The private self-checks: the manager's alone.
    Case("risk_checks", "GET", f"{BASE}/risk-checks/", MANAGER_ONLY),
    Case("risk_checks", "POST", f"{BASE}/risk-checks/", MANAGER_ONLY, risk_data()),
    Case("habits", "GET", f"{BASE}/habits/", MANAGER_ONLY),
    Case("habits", "POST", f"{BASE}/habits/", MANAGER_ONLY, habits_data()),
]


def make_ids(world) -> dict:
    saved = publish_introduction(world)
    challenge = make_challenge(world)
    make_challenge(world, title="Second, so the first can move down")
    return {
        "intro_code": share_code(saved.introduction),
        "introduction_version": saved.introduction.version,
        "diagnostic": make_diagnostic(world).pk,
        "challenge": challenge.pk,
        "budget_line": make_budget_line(world).pk,
        "budget_request": make_budget_request(world).pk,
    }
