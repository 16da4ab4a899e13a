"""SLA targets given on the preview when the file has no breach fields, and the latest
weeks split by channel and by group."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from metrics.models import Measurement, SupportUpload
from metrics.support_imports import selectors, views
from tests.support_imports.helpers import upload_file, zendesk_csv, zendesk_row

pytestmark = pytest.mark.django_db

MAR_02 = dt.date(2026, 3, 2)

# One week, two priorities, two channels, two groups. Minutes: first reply, resolution.
ZENDESK = zendesk_csv(
    zendesk_row(1, "2026-03-03 09:00:00", 60, resolution_minutes=300, priority="High"),
    zendesk_row(2, "2026-03-03 10:00:00", 180, resolution_minutes=600, priority="High", via="Chat"),
    zendesk_row(3, "2026-03-04 09:00:00", 120, resolution_minutes=1200, group="Billing"),
    zendesk_row(4, "2026-03-04 10:00:00", 30, resolution_minutes=3000),
)

# High: reply within 2 h, resolve within 8 h; Normal: 4 h and 24 h.
# Ticket 1 meets both, 2 replies late, 3 meets both, 4 is resolved late: 2 of 4 met.
TARGETS = {
    "zone": "UTC",
    "basis": "calendar",
    "sla_first_0": "2",
    "sla_resolution_0": "8",
    "sla_first_1": "4",
    "sla_resolution_1": "24",
}


def _base(plan) -> str:
    return f"/plans/{plan.pk}/metrics/support-imports/"


def _upload(client, plan, content: bytes = ZENDESK):
    response = client.post(_base(plan) + "upload/", {"file": upload_file(content)})
    assert response.status_code == 302
    upload = SupportUpload.objects.latest("pk")
    return upload, client.get(response["Location"])


def _settings(client, plan, upload, data):
    return client.post(_base(plan) + f"{upload.pk}/settings/", data, follow=True)


def _sla(plan) -> dict[dt.date, float]:
    return dict(
        Measurement.objects.filter(metric__plan=plan, metric__key="sla").values_list(
            "period_start", "value"
        )
    )


def test_targets_per_priority_give_the_sla_and_are_remembered(world, client_for):
    client = client_for(world.manager)
    upload, preview = _upload(client, world.plan)
    page = preview.content.decode()
    assert "SLA targets per priority" in page
    assert "“High”: first reply within (hours)" in page
    assert "“Normal”: resolution within (hours)" in page
    assert 'id="kpi-sla"' not in page  # no targets yet: no SLA

    response = _settings(client, world.plan, upload, TARGETS)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="kpi-sla"' in page
    assert "The file says nothing about SLA breaches" not in page
    assert not _sla(world.plan)  # a preview saves nothing

    client.post(_base(world.plan) + f"{upload.pk}/confirm/")
    assert _sla(world.plan) == {MAR_02: 50.0}

    # The next upload from Zendesk starts with the same targets.
    _again, preview = _upload(client, world.plan)
    page = preview.content.decode()
    assert 'id="kpi-sla"' in page
    assert 'name="sla_resolution_1" value="24"' in page


def test_an_invalid_target_is_refused_and_nothing_is_saved(world, client_for):
    client = client_for(world.manager)
    upload, _preview = _upload(client, world.plan)
    for wrong, message in (("0", "above zero"), ("-3", "above zero"), ("10001", "at most")):
        response = client.post(
            _base(world.plan) + f"{upload.pk}/settings/", TARGETS | {"sla_first_1": wrong}
        )
        assert response.status_code == 422
        page = response.content.decode()
        assert "Please correct the following:" in page
        assert message in page
        assert 'href="#id_sla_first_1"' in page
    upload.refresh_from_db()
    assert "sla_by_priority" not in upload.options
    assert not Measurement.objects.filter(metric__plan=world.plan).exists()


def test_without_a_priority_column_the_targets_are_per_channel(world, client_for):
    header, *rows = ZENDESK.decode().splitlines()

    def drop_priority(line: str) -> str:
        cells = line.split(",")
        return ",".join(cells[:4] + cells[5:])

    content = ("\r\n".join(drop_priority(line) for line in (header, *rows)) + "\r\n").encode()
    client = client_for(world.manager)
    upload, preview = _upload(client, world.plan, content)
    page = preview.content.decode()
    assert "SLA targets per channel" in page
    # Mail (3 tickets) comes first, then Chat: Mail replies within 1 h, Chat within 2 h.
    assert "“Mail”: first reply within (hours)" in page
    _settings(client, world.plan, upload, {"zone": "UTC", "sla_first_0": "1", "sla_first_1": "2"})
    client.post(_base(world.plan) + f"{upload.pk}/confirm/")
    # Mail: 1 h yes, 2 h no, 0.5 h yes; Chat: 3 h no.
    assert _sla(world.plan) == {MAR_02: 50.0}


def test_the_splits_show_each_channel_and_group_on_preview_and_result(world, client_for):
    client = client_for(world.manager)
    upload, preview = _upload(client, world.plan)
    result = client.post(_base(world.plan) + f"{upload.pk}/confirm/", follow=True)
    for response in (preview, result):
        page = response.content.decode()
        assert 'id="split-channel"' in page
        assert 'id="split-group"' in page
        assert '<bdi>Mail</bdi></th><td class="num">3</td>' in page
        assert '<bdi>Chat</bdi></th><td class="num">1</td>' in page
        assert '<bdi>Support</bdi></th><td class="num">3</td>' in page
        assert '<bdi>Billing</bdi></th><td class="num">1</td>' in page
        # Chat's only ticket: first reply 3 h, resolved in 10 h, rated good.
        assert '<bdi>Chat</bdi></th><td class="num">1</td><td class="num">3</td>' in page
        assert "Resolution, median (hours)" in page


def test_the_splits_read_in_persian(world, client_for):
    world.manager.language = "fa"
    world.manager.save()
    client = client_for(world.manager)
    _upload_row, preview = _upload(client, world.plan)
    page = preview.content.decode()
    assert '<bdi>Mail</bdi></th><td class="num">۳</td>' in page


def test_a_split_lists_the_busiest_channels_and_counts_the_others(world, client_for):
    rows = [
        zendesk_row(i, "2026-03-03 09:00:00", 30, via=f"Channel {i:02d}", priority="")
        for i in range(1, 23)
    ]
    rows += [zendesk_row(99, "2026-03-03 10:00:00", 30, via="Channel 22", priority="")]
    client = client_for(world.manager)
    _upload_row, preview = _upload(client, world.plan, zendesk_csv(*rows))
    page = preview.content.decode()
    assert '<bdi>Channel 22</bdi></th><td class="num">2</td>' in page  # the busiest first
    assert "<bdi>Channel 01</bdi>" in page
    assert "<bdi>Channel 19</bdi>" in page
    assert "<bdi>Channel 20</bdi>" not in page  # 20 listed: Channel 22, then 01 to 19
    assert "2 more, with fewer tickets, not listed." in page  # Channel 20 and 21


def test_a_priority_spelt_in_two_cases_gets_one_target(world, client_for):
    content = zendesk_csv(
        zendesk_row(1, "2026-03-03 09:00:00", 60, priority="High"),
        zendesk_row(2, "2026-03-03 10:00:00", 60, priority="High"),
        zendesk_row(3, "2026-03-04 09:00:00", 180, priority="high"),
    )
    client = client_for(world.manager)
    upload, preview = _upload(client, world.plan, content)
    page = preview.content.decode()
    assert "“High”: first reply within (hours)" in page
    assert "“high”" not in page
    _settings(client, world.plan, upload, {"zone": "UTC", "sla_first_0": "2"})
    client.post(_base(world.plan) + f"{upload.pk}/confirm/")
    assert _sla(world.plan) == {MAR_02: pytest.approx(200 / 3)}  # "high" replied in 3 h: late


def test_a_settings_change_reads_the_file_once_not_twice(world, client_for, monkeypatch):
    """The preview remembers its form's fields, so saving targets only reads the file
    for the preview that follows (a 100,000-ticket export takes seconds per read)."""
    client = client_for(world.manager)
    upload, _preview = _upload(client, world.plan)
    reads = []
    real = views.compute_upload

    def counting(*args):
        reads.append(args)
        return real(*args)

    monkeypatch.setattr(views, "compute_upload", counting)
    response = _settings(client, world.plan, upload, TARGETS)
    assert 'id="kpi-sla"' in response.content.decode()
    assert len(reads) == 1


def test_settings_are_checked_against_the_file_when_nothing_was_remembered(
    world, client_for, monkeypatch
):
    client = client_for(world.manager)
    upload, _preview = _upload(client, world.plan)
    cache.clear()  # expired, or the preview was opened before a restart
    refused = client.post(
        _base(world.plan) + f"{upload.pk}/settings/", TARGETS | {"sla_first_1": "0"}
    )
    assert refused.status_code == 422
    assert 'href="#id_sla_first_1"' in refused.content.decode()

    class Down:
        def get(self, *args, **kwargs):
            raise ConnectionError("cache down")

        set = get

    monkeypatch.setattr(selectors, "cache", Down())
    response = _settings(client, world.plan, upload, TARGETS)
    assert 'id="kpi-sla"' in response.content.decode()


def test_the_remembered_preview_belongs_to_the_options_it_was_read_with(world, client_for):
    client = client_for(world.manager)
    upload, _preview = _upload(client, world.plan)
    upload.refresh_from_db()
    preview = selectors.remembered_preview(selectors.preview_key(upload, world.plan), world.plan)
    assert preview is not None and preview.sla_by == "priority"
    assert preview.sla_values == ("High", "Normal")
    upload.options = upload.options | {"overrides": {"priority": ""}}  # another mapping
    key = selectors.preview_key(upload, world.plan)
    assert selectors.remembered_preview(key, world.plan) is None
