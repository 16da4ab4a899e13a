"""The accounts area's URLs in the access matrix (see tests/access.py)."""

from __future__ import annotations

from tests.access import MANAGER_ONLY, Case

CASES = [
    Case(
        "invitation_resend",
        "POST",
        "/plans/{plan}/invitations/{invitation}/resend/",
        MANAGER_ONLY,
    ),
]

# URLs that belong to no plan, and where they are tested.
OUTSIDE_PLANS = {
    "password_change": "tests/onboarding/test_account_pages.py (signed in only, back to the profile)",
    "password_reset": "tests/onboarding/test_sign_in.py (rate limit)",
    "password_reset_confirm": "tests/onboarding/test_sign_in.py (clears the delays)",
    "confirm_email": "tests/onboarding/test_email_change.py (signed link, its owner only)",
}
