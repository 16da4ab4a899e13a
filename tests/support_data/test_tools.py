"""Each tool's export, in its documented shape, read end to end into weekly KPIs.

Expected values are worked out by hand in the comments from the rows of the sample files.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from openpyxl import Workbook

from metrics.support_data import Basis, Options, Tool, read_survey, read_tickets

from .helpers import FILES, monday

NOV30 = monday(2026, 11, 30)


def test_zendesk_weekly_kpis_and_splits():
    result = read_tickets(FILES / "zendesk.csv", Options(zone="Europe/Berlin"))
    assert result.recognition.tool is Tool.ZENDESK
    assert [w.week for w in result.weeks] == [NOV30, monday(2026, 12, 7)]
    week = result.weeks[0].values
    # 101-104 (104 is Sunday 6 Dec 23:30, still this week): replies 60, 120, 240, 30 minutes
    assert week["tickets"] == 4
    assert week["frt_median"] == pytest.approx(1.5)
    assert week["frt_p90"] == pytest.approx(3.4)  # [0.5, 1, 2, 4] at rank 2.7
    # 103 is unsolved: resolutions 6 h, 24 h, 10 h
    assert week["resolution_median"] == pytest.approx(10)
    assert week["csat"] == 50  # Good, Bad; Offered and Not Offered are unrated
    assert week["reopen_rate"] == 25
    assert week["repeat_contact"] == 50  # ana@ and Ana@ are the same requester
    assert week["sla"] is None
    assert "sla" in result.support.unsupported
    assert result.weeks[0].by_channel["Chat"]["frt_median"] == pytest.approx(2)
    assert result.weeks[0].by_group["Billing"]["tickets"] == 2


def test_zendesk_business_hours_when_the_caller_chooses_them():
    result = read_tickets(
        FILES / "zendesk.csv", Options(zone="Europe/Berlin", basis=Basis.BUSINESS)
    )
    week = result.weeks[0].values
    assert week["frt_median"] == pytest.approx(0.75)  # 30, 60, 240, 0 minutes
    assert week["resolution_median"] == pytest.approx(2)  # 120, 480, 60 minutes


def test_zendesk_sla_from_targets_per_priority_when_the_file_has_no_breach_fields():
    from metrics.support_data import SlaTarget

    options = Options(
        zone="Europe/Berlin",
        sla_by_priority={"normal": SlaTarget(first_reply_hours=1), "high": SlaTarget(1, 12)},
        sla_by_channel={"Mail": SlaTarget(first_reply_hours=8)},
    )
    week = read_tickets(FILES / "zendesk.csv", options).weeks[0].values
    # 101 normal 1 h <= 1 met; 102 high 2 h > 1 missed; 103 low -> Mail 4 h <= 8 met;
    # 104 normal 0.5 h met
    assert week["sla"] == 75


def test_freshdesk_empty_durations_come_from_the_timestamps():
    result = read_tickets(FILES / "freshdesk.csv", Options(zone="America/Chicago"))
    assert result.recognition.tool is Tool.FRESHDESK
    week = result.week(NOV30)
    assert week is not None
    values = week.values
    # calendar time from "Initial response time" - "Created time": 1 h, 2 h, 0.5 h
    assert values["frt_median"] == pytest.approx(1)
    assert values["frt_p90"] == pytest.approx(1.8)
    # "Resolved time" - "Created time": 4.5 h and 24 h; ticket 3 is open
    assert values["resolution_median"] == pytest.approx(14.25)
    assert values["sla"] == pytest.approx(200 / 3)  # one "SLA Violated" among three
    assert values["csat"] == 50  # Awesome, Not Good
    assert set(week.by_channel) == {"Email", "Phone", "Portal"}
    assert "reopen_rate" in result.support.unsupported


def test_freshdesk_business_hours_read_hh_mm_ss_and_leave_empty_cells_out():
    result = read_tickets(
        FILES / "freshdesk.csv", Options(zone="America/Chicago", basis=Basis.BUSINESS)
    )
    values = result.weeks[0].values
    assert values["frt_median"] == pytest.approx(0.875)  # 01:00:00, 00:45:00, (empty)
    assert values["resolution_median"] == pytest.approx(15.875)  # 04:30:00, 27:15:00


def test_intercom_zone_in_the_header_decides_the_moment_and_the_plan_zone_the_week():
    result = read_tickets(FILES / "intercom.csv", Options(zone="Europe/Berlin"))
    assert result.recognition.tool is Tool.INTERCOM
    by_id = {r.ticket_id: r for r in result.records}
    # 19:00 in New York on Sunday is midnight UTC, 01:00 Monday in Berlin
    assert by_id["c-2"].created == "2026-11-30T00:00:00+00:00"
    # c-1 (17:30 New York = 23:30 Berlin, Sunday) is in the week before
    assert [w.week for w in result.weeks] == [monday(2026, 11, 23), NOV30]
    values = result.week(NOV30).values  # type: ignore[union-attr]
    assert values["tickets"] == 2
    assert values["frt_median"] == pytest.approx((1800 + 30) / 2 / 3600)
    assert values["resolution_median"] == pytest.approx(2)  # c-3 is still open
    assert values["repeat_contact"] == 100  # ben@ twice


def test_jira_english_export_dates_and_breach_signs():
    result = read_tickets(FILES / "jira_en.csv", Options(zone="Europe/Madrid"))
    assert result.recognition.tool is Tool.JIRA
    values = result.weeks[0].values
    assert result.weeks[0].week == NOV30
    # 30/Nov/26 9:05 AM -> 5:35 PM is 8.5 h; 01/Dec/26 11:00 PM -> 02/Dec/26 1:00 AM is 2 h
    assert values["resolution_median"] == pytest.approx(5.25)
    # HD-1 resolution "-1h 30m" breached, HD-2 first response "-0h 20m" breached,
    # HD-3 met its first response (its resolution clock is still running)
    assert values["sla"] == pytest.approx(100 / 3)
    assert values["csat"] == 50  # ratings 5 and 2
    assert values["frt_median"] is None
    assert "frt" in result.support.unsupported
    assert set(result.weeks[0].by_group) == {"Get IT help", "Report a problem"}


def test_jira_sla_still_running_on_an_open_issue_is_not_counted_as_met():
    data = (FILES / "jira_en.csv").read_text(encoding="utf-8").splitlines()
    data = [
        data[0],
        "Done,HD-7,10007,Incident,Done,High,ana,30/Nov/26 9:00 AM,30/Nov/26 10:00 AM,,30m,,x",
        "Open,HD-8,10008,Incident,Open,High,ben,30/Nov/26 9:00 AM,,,30m,,x",
    ]
    result = read_tickets("\n".join(data).encode(), Options(zone="UTC"))
    assert [r.sla_met for r in result.records] == [True, None]
    assert result.weeks[0].values["sla"] == 100  # one known, met


def test_jira_spanish_export_reads_like_the_english_one():
    result = read_tickets(FILES / "jira_es.csv", Options(zone="Europe/Madrid"))
    assert result.recognition.tool is Tool.JIRA
    assert result.rows_skipped == 0
    values = result.weeks[0].values
    assert values["resolution_median"] == pytest.approx(5.25)
    assert values["sla"] == 0  # "-1h 30m" and "-20m"
    madrid_0905 = dt.datetime(2026, 11, 30, 8, 5, tzinfo=dt.UTC)
    assert result.records[0].created_at == madrid_0905


def _zammad_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        [
            "Number", "Title", "State", "Priority", "Group", "Owner", "Customer",
            "Organization", "Create Channel", "Sender", "Tags", "Created At", "Updated At",
            "Closed At", "First Response At", "First Response In Min",
            "First Response Diff In Min", "Close In Min", "Close Diff In Min",
        ]
    )  # fmt: skip
    sheet.append(
        [
            "31001", "Printer", "closed", "2 normal", "Users", "Ann", "ana@example.com", "",
            "email", "Customer", "", dt.datetime(2026, 11, 30, 9, 0), None,
            dt.datetime(2026, 11, 30, 17, 0), dt.datetime(2026, 11, 30, 9, 30), 30, 30, 480, -60,
        ]
    )  # fmt: skip
    sheet.append(
        [
            "31002", "VPN", "open", "3 high", "Network", "Bo", "ben@example.com", "", "phone",
            "Customer", "", dt.datetime(2026, 12, 1, 10, 0), None, None,
            dt.datetime(2026, 12, 1, 12, 0), 60, 15, None, None,
        ]
    )  # fmt: skip
    sheet.append([None] * 19)  # a trailing empty row is not a ticket
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_zammad_excel_export():
    data = _zammad_workbook()
    result = read_tickets(data, Options(zone="Europe/Berlin"))
    assert result.recognition.tool is Tool.ZAMMAD
    assert result.rows_read == 2
    values = result.weeks[0].values
    assert values["frt_median"] == pytest.approx(1.25)  # 0.5 h and 2 h by the clock
    assert values["resolution_median"] == pytest.approx(8)
    assert values["sla"] == 50  # 31001's close diff is -60, 31002's first response +15
    assert "reopen_rate" in result.support.unsupported
    business = read_tickets(data, Options(zone="Europe/Berlin", basis=Basis.BUSINESS))
    assert business.weeks[0].values["frt_median"] == pytest.approx(0.75)  # 30 and 60 min


def test_osticket_has_no_first_reply_and_sla_comes_from_due_dates():
    result = read_tickets(FILES / "osticket.csv", Options(zone="America/New_York"))
    assert result.recognition.tool is Tool.OSTICKET
    assert "frt_median" not in result.support.supported
    assert "first reply" in str(result.support.unsupported["frt"])
    values = result.weeks[0].values
    assert values["tickets"] == 4
    assert values["frt_median"] is None
    assert values["resolution_median"] == pytest.approx(27)  # 6 h and 48 h
    # closed before due: met; closed after due: missed; open and overdue: missed;
    # open and not overdue: not known yet
    assert values["sla"] == pytest.approx(100 / 3)
    assert values["reopen_rate"] == 25
    assert values["repeat_contact"] == 50


def test_surveymonkey_two_header_rows_nps_and_csat_option_columns():
    nps = read_survey(FILES / "surveymonkey.csv", "nps", Options(zone="Europe/London"))
    assert nps.recognition.tool is Tool.SURVEYMONKEY
    assert nps.question.startswith("How likely is it")
    # week of 30 Nov: 10, 6, 8 -> one promoter, one detractor of three; week of 7 Dec: 9
    assert [(w.week, w.value, w.responses) for w in nps.weeks] == [
        (NOV30, 0, 3),
        (monday(2026, 12, 7), 100, 1),
    ]
    csat = read_survey(
        FILES / "surveymonkey.csv",
        "csat",
        Options(zone="Europe/London"),
        question="How satisfied were you with our support?",
    )
    # options 5, 2 and 4 chosen in the first week; the last respondent skipped the question
    assert [(w.week, w.responses) for w in csat.weeks] == [(NOV30, 3)]
    assert csat.weeks[0].value == pytest.approx(200 / 3)
    assert csat.rows_ignored == 1


def test_typeform_utc_dates_land_in_the_plan_zone_week():
    path = FILES / "typeform.csv"
    options = Options(zone="Europe/Berlin")
    nps = read_survey(path, "nps", options)
    assert nps.recognition.tool is Tool.TYPEFORM
    # a1 was submitted Sunday 23:10 UTC, which is Monday 00:10 in Berlin
    assert [(w.week, w.responses) for w in nps.weeks] == [(NOV30, 3)]
    assert nps.weeks[0].value == pytest.approx(100 / 3)  # 10, 3, 9
    ces = read_survey(path, "ces", options)
    assert ces.weeks[0].value == pytest.approx(200 / 3)  # 7, 2, 5 on 1-7
    enps = read_survey(
        path, "enps", options, question="How likely are you to recommend working here?"
    )
    assert enps.weeks[0].value == pytest.approx(100 / 3)  # 9, 10, 4
    assert nps.rows_ignored == 1  # the partial response has no answer


def test_delighted_json_unix_times_and_survey_types():
    def at(year: int, month: int, day: int, hour: int, minute: int) -> int:
        return int(dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC).timestamp())

    responses = [
        {"id": "1", "person": {"id": "p1", "email": "a@example.com"}, "survey_type": "nps",
         "score": 10, "comment": "", "permalink": "https://example.com/r/1",
         "created_at": at(2026, 11, 30, 9, 0)},
        {"id": "2", "person": {"id": "p2", "email": "b@example.com"}, "survey_type": "nps",
         "score": 4, "comment": "slow", "permalink": "https://example.com/r/2",
         "created_at": at(2026, 12, 6, 23, 30)},
        {"id": "3", "person": {"id": "p3", "email": "c@example.com"}, "survey_type": "csat",
         "score": 5, "comment": "", "permalink": "https://example.com/r/3",
         "created_at": at(2026, 12, 1, 9, 0)},
    ]  # fmt: skip
    data = json.dumps(responses).encode()
    berlin = read_survey(data, "nps", Options(zone="Europe/Berlin"))
    assert berlin.recognition.tool is Tool.DELIGHTED
    assert berlin.rows_ignored == 1  # the CSAT answer is not an NPS answer
    # the second answer is Sunday 23:30 UTC: Monday 00:30 in Berlin, next week
    assert [(w.week, w.value) for w in berlin.weeks] == [
        (NOV30, 100),
        (monday(2026, 12, 7), -100),
    ]
    utc = read_survey(data, "nps", Options(zone="UTC"))
    assert [(w.week, w.value) for w in utc.weeks] == [(NOV30, 0)]
    csat = read_survey(data, "csat", Options(zone="UTC"))
    assert [(w.week, w.value) for w in csat.weeks] == [(NOV30, 100)]
