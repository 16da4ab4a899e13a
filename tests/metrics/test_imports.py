import pytest

from metrics.catalogue import CATALOGUE
from metrics.imports import ImportRefused, weekly_values


def test_scores_are_grouped_by_week_and_computed():
    raw = (
        b"Date,Score\n"
        b"2026-11-02,10\n2026-11-03,9\n2026-11-04,5\n"  # week of 2 Nov: 2 promoters, 1 detractor
        b"2026-11-09,8\n2026-11-15,7\n"  # week of 9 Nov: passives only
    )
    result = weekly_values(CATALOGUE["nps"], raw, timezone="UTC")
    values = {week.isoformat(): value for week, value in result.values.items()}
    assert values == {"2026-11-02": (33.33, 3), "2026-11-09": (0.0, 2)}


def test_tickets_give_first_response_hours_in_the_plans_time_zone():
    raw = (
        b"created_at,first_response_at,resolved_at,sla_met,customer\n"
        b"2026-11-08T23:30:00,2026-11-09T01:30:00,2026-11-09T05:30:00,yes,c1\n"
        b"2026-11-09T10:00:00,2026-11-09T14:00:00,,no,c1\n"
        b"2026-11-10T10:00:00,,,yes,c2\n"
    )
    # 23:30 on Sunday in Tehran is still the week of 2 November.
    result = weekly_values(CATALOGUE["frt_median"], raw, timezone="Asia/Tehran")
    assert {w.isoformat(): v for w, v in result.values.items()} == {
        "2026-11-02": (2.0, 1),
        "2026-11-09": (4.0, 1),
    }
    sla = weekly_values(CATALOGUE["sla"], raw, timezone="UTC")
    assert {w.isoformat(): v for w, v in sla.values.items()} == {
        "2026-11-02": (100.0, 1),
        "2026-11-09": (50.0, 2),
    }


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_computed():
    raw = b"date,score\n2026-11-02,5\nyesterday,4\n2026-11-03,9\n2026-11-04,four\n"
    with pytest.raises(ImportRefused) as refused:
        weekly_values(CATALOGUE["csat"], raw, timezone="UTC")
    assert refused.value.errors == [
        "Line 3: date “yesterday” is not a date like 2026-03-14",
        "Line 4: score 9 is outside 1-5",
        "Line 5: score “four” is not a whole number",
    ]


def test_amounts_and_dates_no_chart_can_hold_are_refused_by_line():
    raw = (
        b"date,cost,contacts\n2026-11-02,100,10\n2026-11-03,nan,5\n2026-11-04,inf,5\n"
        b"2026-11-05,1e308,5\n2026-11-06,5,99999999999\n0001-01-01,5,5\n"
        b"9999-12-31T23:59:59+00:00,5,5\n"
    )
    with pytest.raises(ImportRefused) as refused:
        weekly_values(CATALOGUE["cost_per_contact"], raw, timezone="Pacific/Kiritimati")
    unusable = "cost or contacts is not a usable amount"
    assert refused.value.errors == [
        f"Line 3: {unusable}",
        f"Line 4: {unusable}",
        f"Line 5: {unusable}",
        f"Line 6: {unusable}",
        "Line 7: date “0001-01-01” is not a date like 2026-03-14",
        "Line 8: date “9999-12-31T23:59:59+00:00” is not a date like 2026-03-14",
    ]


def test_a_ticket_dated_in_year_one_is_refused_not_a_crash():
    raw = b"created_at,first_response_at\n0001-01-01T00:00:00,0001-01-01T01:00:00\n"
    with pytest.raises(ImportRefused) as refused:
        weekly_values(CATALOGUE["frt_median"], raw, timezone="Asia/Tehran")
    assert refused.value.errors == [
        "Line 2: created_at “0001-01-01T00:00:00” is not a date and time"
    ]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "The file is empty."),
        (b"date,score\n", "The file has a header but no rows."),
        (b"when,score\n2026-11-02,5\n", "Missing column(s): date."),
        ("date,score\n2026-11-02,5\n".encode("utf-16"), "not UTF-8"),
        (b"x" * (2 * 1024 * 1024 + 1), "larger than 2 MB"),
    ],
)
def test_unusable_files_are_refused_with_a_reason(raw, message):
    with pytest.raises(ImportRefused) as refused:
        weekly_values(CATALOGUE["csat"], raw, timezone="UTC")
    assert message in refused.value.errors[0]


def test_semicolon_separated_files_with_a_bom_are_read():
    raw = "\ufeffdate;score\n2026-11-02;5\n2026-11-02;1\n".encode()
    result = weekly_values(CATALOGUE["csat"], raw, timezone="UTC")
    assert list(result.values.values()) == [(50.0, 2)]
