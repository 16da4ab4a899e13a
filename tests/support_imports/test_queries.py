"""The preview and result pages read in a fixed number of queries, whatever the file's size."""

from __future__ import annotations

import datetime as dt

import pytest

from metrics.models import SupportUpload
from tests.support_imports.helpers import upload_file, zendesk_csv, zendesk_row

pytestmark = pytest.mark.django_db


def _rows(count: int, first: int = 0) -> list[str]:
    start = dt.datetime(2026, 1, 5, 9)
    return [
        zendesk_row(first + i, f"{start + dt.timedelta(days=i):%Y-%m-%d %H:%M:%S}", 30 + i)
        for i in range(count)
    ]


@pytest.mark.parametrize("count", [1, 60])
def test_preview_and_result_query_counts(client_for, world, django_assert_num_queries, count):
    client = client_for(world.manager)
    base = f"/plans/{world.plan.pk}/metrics/support-imports/"
    # Earlier data of the same size: stored tickets, metrics and weeks to compare with.
    client.post(base + "upload/", {"file": upload_file(zendesk_csv(*_rows(count)))})
    first = SupportUpload.objects.latest("pk").pk
    # SLA targets per priority, remembered for the next upload: they add no query.
    client.post(base + f"{first}/settings/", {"zone": "UTC", "sla_first_0": "1"})
    client.post(base + f"{first}/confirm/")
    client.post(base + "upload/", {"file": upload_file(zendesk_csv(*_rows(count, 1000)))})
    upload = SupportUpload.objects.latest("pk")
    # savepoint pair, session, user, membership, upload, stored datasets (the preview's
    # key), the file, dataset, tickets, metrics, weeks
    with django_assert_num_queries(12):
        preview = client.get(base + f"{upload.pk}/")
    assert preview.status_code == 200
    assert 'id="kpi-sla"' in preview.content.decode()
    assert 'id="split-channel"' in preview.content.decode()
    # Seen again: remembered, so neither the file nor the stored tickets are read; the
    # weeks are compared afresh with the plan's (dataset, metrics, weeks).
    with django_assert_num_queries(10) as again:
        preview = client.get(base + f"{upload.pk}/")
    assert not any("support_ticket" in q["sql"] for q in again.captured_queries)
    assert 'id="kpi-sla"' in preview.content.decode()
    assert 'id="split-channel"' in preview.content.decode()
    client.post(base + f"{upload.pk}/confirm/")
    # savepoint pair, session, user, membership, upload
    with django_assert_num_queries(6):
        result = client.get(base + f"{upload.pk}/")
    assert "changed:" in result.content.decode()  # the same weeks got more tickets
    assert 'id="split-group"' in result.content.decode()
