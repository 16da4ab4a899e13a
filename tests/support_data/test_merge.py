"""Re-uploads: stored records, a new overlapping export, and what changed per KPI and week."""

from __future__ import annotations

import json

import pytest

from metrics.support_data import Options, TicketRecord, merge_uploads, read_tickets

from .helpers import csv_bytes, monday

HEADER = (
    "Id,Requester email,Via,Created at,Solved at,First reply time in minutes,"
    "Full resolution time in minutes,Satisfaction Score,Reopens"
)
W1, W2, W3 = monday(2026, 11, 30), monday(2026, 12, 7), monday(2026, 12, 14)
OPTIONS = Options(zone="Europe/Berlin", requester_secret=b"plan-1")


def _first_upload() -> list[TicketRecord]:
    data = csv_bytes(
        HEADER,
        "1,a@x.com,Mail,2026-11-30 09:00:00,2026-11-30 11:00:00,60,120,Good,0",
        "2,b@x.com,Mail,2026-12-01 09:00:00,,120,,Offered,0",  # still open
        "3,c@x.com,Chat,2026-12-08 09:00:00,2026-12-08 10:00:00,30,60,Bad,0",
    )
    records = read_tickets(data, OPTIONS).records
    # what the app stores and reads back
    return [
        TicketRecord.from_json(item)
        for item in json.loads(json.dumps([r.to_json() for r in records]))
    ]


def test_records_survive_json_and_keep_no_email():
    stored = _first_upload()
    text = json.dumps([record.to_json() for record in stored])
    assert "@" not in text
    assert stored[0].created == "2026-11-30T08:00:00+00:00"
    assert stored[0].key == ("zendesk", "1")


def test_a_reupload_replaces_tickets_adds_weeks_and_reports_changes():
    previous = _first_upload()
    second = read_tickets(
        csv_bytes(
            HEADER,
            # ticket 2 is now solved after 10 h and rated Good
            "2,b@x.com,Mail,2026-12-01 09:00:00,2026-12-01 19:00:00,120,600,Good,0",
            # ticket 3 again, unchanged
            "3,c@x.com,Chat,2026-12-08 09:00:00,2026-12-08 10:00:00,30,60,Bad,0",
            # a new ticket in a new week
            "4,a@x.com,Mail,2026-12-15 09:00:00,,15,,,1",
        ),
        OPTIONS,
    )
    merged = merge_uploads(previous, second.records, zone=OPTIONS.zone)
    assert (merged.records_added, merged.records_replaced, merged.records_kept) == (1, 2, 1)
    assert len(merged.records) == 4  # no ticket counted twice
    assert merged.affected_weeks == (W1, W2, W3)

    tickets = merged.changes["tickets"]
    assert [c.week for c in tickets.added] == [W3]
    assert tickets.changed == ()
    assert tickets.unchanged == (W1, W2)

    resolution = merged.changes["resolution_median"]
    assert [(c.week, c.old, c.new) for c in resolution.changed] == [(W1, 2, 6)]  # 2 h -> (2+10)/2
    assert resolution.unchanged == (W2,)
    assert resolution.added == ()  # ticket 4 is open: week 3 has no resolution yet

    csat = merged.changes["csat"]
    assert [(c.week, c.old, c.new) for c in csat.changed] == []
    assert csat.unchanged == (W1, W2)  # 100% before (one rating) and after (two Good)

    reopen = merged.changes["reopen_rate"]
    assert [(c.week, c.new) for c in reopen.added] == [(W3, 100)]

    week1 = next(w for w in merged.weeks if w.week == W1)
    assert week1.values["tickets"] == 2
    assert week1.values["resolution_median"] == pytest.approx(6)


def test_uploading_the_same_file_twice_changes_nothing():
    previous = _first_upload()
    merged = merge_uploads(previous, previous, zone=OPTIONS.zone)
    assert merged.records_added == 0
    assert merged.records_replaced == 3
    for kpi, changes in merged.changes.items():
        assert changes.added == () and changes.changed == (), kpi
    assert merged.changes["tickets"].unchanged == (W1, W2)


def test_same_ticket_id_from_another_tool_is_another_ticket():
    previous = _first_upload()
    other = [
        TicketRecord(
            tool="freshdesk",
            ticket_id="1",
            created="2026-11-30T10:00:00+00:00",
            first_reply_hours=3.0,
        )
    ]
    merged = merge_uploads(previous, other, zone=OPTIONS.zone)
    assert merged.records_added == 1
    change = merged.changes["tickets"].changed
    assert [(c.week, c.old, c.new) for c in change] == [(W1, 2, 3)]


def test_weeks_are_compared_in_the_plan_zone():
    # Sunday 6 Dec 23:30 UTC is Monday 00:30 in Berlin: in Berlin it adds to week 2
    late = TicketRecord(tool="zendesk", ticket_id="9", created="2026-12-06T23:30:00+00:00")
    berlin = merge_uploads(_first_upload(), [late], zone="Europe/Berlin")
    assert [(c.week, c.old, c.new) for c in berlin.changes["tickets"].changed] == [(W2, 1, 2)]
    utc = merge_uploads(_first_upload(), [late], zone="UTC")
    assert [(c.week, c.old, c.new) for c in utc.changes["tickets"].changed] == [(W1, 2, 3)]
