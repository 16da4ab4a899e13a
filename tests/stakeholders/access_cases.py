"""The register's URLs in the access matrix (see tests/access.py).

Team members reach a stakeholder only when it is shared with them: the
shared one answers 200, any other one 404 (as if it did not exist).
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from stakeholders import services
from tests.access import MANAGER_AND_EXECUTIVE, MANAGER_ONLY, ROLES, VIEW_PLAN, Case

BASE = "/plans/{plan}/stakeholders/"
ONE = BASE + "{stakeholder}/"
PRIVATE = BASE + "{private_stakeholder}/"
NOT_SHARED = {**VIEW_PLAN, "member": 404}
EDIT_DATA = {
    "name": "Dana Reyes",
    "kind": "person",
    "scope": "internal",
    "relationship": "employee",
    "power": "4",
    "interest": "5",
    "attitude": "supporter",
}
LOG_DATA = {"kind": "meeting", "date": "2024-01-15", "sentiment": "1", "notes": "Went well"}
# The wrong method is refused before anything else, for everyone.
NOT_ALLOWED = dict.fromkeys(ROLES, 405)

CASES = [
    Case("stakeholder_list", "GET", BASE, VIEW_PLAN),
    Case("stakeholder_new", "GET", BASE + "new/", MANAGER_ONLY),
    Case("stakeholder_new", "POST", BASE + "new/", MANAGER_ONLY, {**EDIT_DATA, "name": "Ann"}),
    Case("power_map", "GET", BASE + "map/", MANAGER_AND_EXECUTIVE),
    Case("stakeholder_export", "GET", BASE + "export.csv", MANAGER_AND_EXECUTIVE),
    Case("interview_answers", "GET", BASE + "answers/", MANAGER_ONLY),
    Case("stakeholder_import", "GET", BASE + "import/", MANAGER_ONLY),
    # No file: the manager gets the form back with "Choose a CSV file" (422).
    Case("stakeholder_import", "POST", BASE + "import/", MANAGER_ONLY, {}, ok_status=422),
    Case("stakeholder_import_preview", "GET", BASE + "import/{pending_import}/", MANAGER_ONLY),
    Case(
        "stakeholder_import_preview",
        "POST",
        BASE + "import/{pending_import}/",
        MANAGER_ONLY,
        {"action": "check", "column_0": "name", "column_1": "email"},
        ok_status=200,
    ),
    Case(
        "stakeholder_import_preview",
        "POST",
        BASE + "import/{pending_import}/",
        MANAGER_ONLY,
        {"action": "import", "column_0": "name", "column_1": "email"},
    ),
    Case(
        "stakeholder_import_cancel", "POST", BASE + "import/{pending_import}/cancel/", MANAGER_ONLY
    ),
    Case("follow_up_to_task", "POST", BASE + "follow-ups/{follow_up}/task/", MANAGER_ONLY),
    Case("stakeholder_detail", "GET", ONE, VIEW_PLAN),
    Case("stakeholder_detail", "GET", PRIVATE, NOT_SHARED),
    Case("stakeholder_edit", "GET", ONE + "edit/", MANAGER_ONLY),
    Case("stakeholder_edit", "POST", ONE + "edit/", MANAGER_ONLY, {**EDIT_DATA, "version": 1}),
    Case("stakeholder_archive", "POST", ONE + "archive/", MANAGER_ONLY, {"version": 1}),
    Case(
        "stakeholder_restore",
        "POST",
        BASE + "{archived}/restore/",
        MANAGER_ONLY,
        {"version": "{archived_version}"},
    ),
    Case("interaction_new", "GET", ONE + "interactions/new/", MANAGER_ONLY),
    Case("interaction_new", "POST", ONE + "interactions/new/", MANAGER_ONLY, LOG_DATA),
    Case("interaction_edit", "GET", ONE + "interactions/{interaction}/edit/", MANAGER_ONLY),
    Case(
        "interaction_edit", "POST", ONE + "interactions/{interaction}/edit/", MANAGER_ONLY, LOG_DATA
    ),
    Case("interaction_delete", "POST", ONE + "interactions/{interaction}/delete/", MANAGER_ONLY),
    # Reads cannot be posted to; writes cannot be fetched.
    Case("stakeholder_list", "POST", BASE, NOT_ALLOWED),
    Case("power_map", "POST", BASE + "map/", NOT_ALLOWED),
    Case("stakeholder_export", "POST", BASE + "export.csv", NOT_ALLOWED),
    Case("interview_answers", "POST", BASE + "answers/", NOT_ALLOWED),
    Case("stakeholder_detail", "POST", ONE, NOT_ALLOWED),
    Case("stakeholder_archive", "GET", ONE + "archive/", NOT_ALLOWED),
    Case("stakeholder_restore", "GET", BASE + "{archived}/restore/", NOT_ALLOWED),
    Case("interaction_delete", "GET", ONE + "interactions/{interaction}/delete/", NOT_ALLOWED),
    Case("follow_up_to_task", "GET", BASE + "follow-ups/{follow_up}/task/", NOT_ALLOWED),
    Case("stakeholder_import_cancel", "GET", BASE + "import/{pending_import}/cancel/", NOT_ALLOWED),
]


def make_ids(world) -> dict:
    plan = world.plan
    shared = services.stakeholder_create(
        plan=plan,
        fields=services.StakeholderFields(
            name="Sam Shared", email="sam@example.com", power=5, interest=4, attitude="champion"
        ),
    )
    shared.shared_with.add(world.member)
    private = services.stakeholder_create(
        plan=plan, fields=services.StakeholderFields(name="Pat Private", power=2)
    )
    archived = services.stakeholder_create(
        plan=plan, fields=services.StakeholderFields(name="Old Contact")
    )
    services.stakeholder_archive(stakeholder=archived)
    archived.refresh_from_db()
    interaction = services.interaction_create(
        stakeholder=shared,
        kind="interview",
        date=dt.date(2024, 1, 10),
        notes="Private notes",
        answers={"employees.vision": "Mostly"},
        follow_ups=["Send the SLA report"],
        created_by=world.manager,
    )
    pending = services.import_upload(
        plan=plan,
        user=world.manager,
        upload=SimpleUploadedFile("people.csv", b"Name,Email\nKim Lee,kim@example.com\n"),
    )
    return {
        "stakeholder": shared.pk,
        "private_stakeholder": private.pk,
        "archived": archived.pk,
        "archived_version": archived.version,
        "interaction": interaction.pk,
        "follow_up": interaction.follow_ups.get().pk,
        "pending_import": pending.pk,
    }
