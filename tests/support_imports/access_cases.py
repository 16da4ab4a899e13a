"""Access matrix entries for the helpdesk-export import: the manager only (edit_metrics)."""

from metrics.models import SupportUpload
from tests.access import MANAGER_ONLY, Case
from tests.support_imports.helpers import zendesk_csv, zendesk_row

BASE = "/plans/{plan}/metrics/support-imports/"

CASES = [
    Case("support_upload_new", "GET", BASE + "new/", MANAGER_ONLY),
    Case("support_upload", "POST", BASE + "upload/", MANAGER_ONLY, {}, ok_status=422),
    Case("support_upload_detail", "GET", BASE + "{support_upload}/", MANAGER_ONLY),
    Case("support_upload_mapping", "GET", BASE + "{support_upload}/mapping/", MANAGER_ONLY),
    Case(
        "support_upload_mapping",
        "POST",
        BASE + "{support_upload}/mapping/",
        MANAGER_ONLY,
        {},
        ok_status=422,
    ),
    Case(
        "support_upload_settings",
        "POST",
        BASE + "{support_upload}/settings/",
        MANAGER_ONLY,
        {"zone": "Europe/Berlin", "basis": "calendar"},
    ),
    Case("support_upload_confirm", "POST", BASE + "{support_upload}/confirm/", MANAGER_ONLY),
]


def make_ids(world):
    content = zendesk_csv(zendesk_row(1, "2026-03-02 09:00:00", 60))
    upload = SupportUpload.objects.create(
        plan=world.plan,
        uploaded_by=world.manager,
        filename="zendesk.csv",
        size=len(content),
        content=content,
        tool="zendesk",
    )
    return {"support_upload": upload.pk}
