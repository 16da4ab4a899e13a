"""Access matrix entries for the team pulse: the manager runs it, the manager and the
executive read results, team members answer."""

from metrics.pulse.models import Pulse
from tests.access import MANAGER_AND_EXECUTIVE, MANAGER_ONLY, Case
from tests.pulse.helpers import form_data, open_pulse

MEMBER_ONLY = {
    "anonymous": "login",
    "manager": 403,
    "executive": 403,
    "member": "ok",
    "other_manager": 404,
}

CASES = [
    Case("pulse_list", "GET", "/plans/{plan}/pulses/", MANAGER_AND_EXECUTIVE),
    # The matrix's world has a pulse open already, so opening another is refused (422).
    Case(
        "pulse_open",
        "POST",
        "/plans/{plan}/pulses/open/",
        MANAGER_ONLY,
        {"opens_on": "2026-06-01", "closes_on": "2026-06-08"},
        ok_status=422,
    ),
    Case("pulse_detail", "GET", "/plans/{plan}/pulses/{pulse}/", MANAGER_AND_EXECUTIVE),
    Case("pulse_close", "POST", "/plans/{plan}/pulses/{pulse}/close/", MANAGER_ONLY),
    Case("pulse_questions", "GET", "/plans/{plan}/pulses/{pulse}/questions/", MANAGER_ONLY),
    Case(
        "pulse_questions",
        "POST",
        "/plans/{plan}/pulses/{pulse}/questions/",
        MANAGER_ONLY,
        {"enps": "Would you tell a friend to join us?", "version": "1"},
    ),
    Case("pulse_answer", "GET", "/plans/{plan}/pulses/{pulse}/answer/", MEMBER_ONLY),
    Case("pulse_answer", "POST", "/plans/{plan}/pulses/{pulse}/answer/", MEMBER_ONLY, form_data()),
]


def make_ids(world) -> dict:
    pulse = open_pulse(world.plan)
    assert Pulse.objects.filter(plan=world.plan, status="open").count() == 1
    return {"pulse": pulse.pk}
