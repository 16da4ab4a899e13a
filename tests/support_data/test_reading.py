"""Reading files: encodings, delimiters, limits, headers, and SurveyMonkey's two header rows."""

from __future__ import annotations

import io

import pytest

from metrics.support_data import MAX_BYTES, MAX_ROWS, ExportRefused, open_export

from .helpers import csv_bytes

HEADER = "Id;Created at;Subject"
ROW = "7;2026-11-30 09:05:00;Café crème"


def _read(data: bytes) -> tuple[tuple[str, ...], list[tuple[int, list[object]]]]:
    with open_export(data) as table:
        return table.headers, [(line, list(cells)) for line, cells in table.rows]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_common_encodings_read_the_same(encoding):
    headers, rows = _read(csv_bytes(HEADER, ROW, encoding=encoding))
    assert headers == ("Id", "Created at", "Subject")
    assert rows == [(2, ["7", "2026-11-30 09:05:00", "Café crème"])]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiter_is_sniffed(delimiter):
    lines = [
        delimiter.join(["Id", "Subject", "Created at"]),
        delimiter.join(["1", '"Hello, world; again"', "2026-11-30"]),
    ]
    with open_export(csv_bytes(*lines)) as table:
        assert table.delimiter == delimiter
        assert table.headers == ("Id", "Subject", "Created at")
        assert [list(cells) for _line, cells in table.rows] == [
            ["1", "Hello, world; again", "2026-11-30"]
        ]


def test_line_numbers_follow_the_file_when_a_cell_spans_lines():
    data = csv_bytes("Id,Subject", '1,"two', 'lines"', "", "2,next")
    _headers, rows = _read(data)
    # the blank line 4 is skipped, and ticket 2 is on line 5 of the file
    assert [line for line, _cells in rows] == [2, 5]


def test_nul_characters_are_refused():
    with pytest.raises(ExportRefused, match="NUL"):
        _read(b"Id,Subject\r\n1,a\x00b\r\n")


def test_a_utf16_file_without_bom_is_refused_rather_than_misread():
    with pytest.raises(ExportRefused, match="NUL"):
        _read("Id,Subject\r\n1,a\r\n".encode("utf-16-le"))


def test_a_file_over_50_mb_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.csv"
    with open(big, "wb") as handle:
        handle.write(b"Id,Subject\n")
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(ExportRefused, match="50 MB"):
        open_export(big)


def test_the_size_of_a_refused_file_is_written_in_the_readers_digits(tmp_path):
    from django.utils import translation

    big = tmp_path / "big.csv"
    with open(big, "wb") as handle:
        handle.truncate(MAX_BYTES + 3 * 1024 * 1024)
    with pytest.raises(ExportRefused) as refused:
        open_export(big)
    with translation.override("fa"):
        assert "۵۳ مگابایت" in refused.value.message
    with translation.override("ru"):
        assert "53 МБ" in refused.value.message


def test_the_request_limit_lets_the_largest_export_through_with_its_form():
    from django.conf import settings

    assert settings.MAX_UPLOAD_BYTES == MAX_BYTES
    assert MAX_BYTES < settings.MAX_REQUEST_BYTES <= MAX_BYTES + 2 * 1024 * 1024


def test_more_than_200000_rows_is_refused_while_reading():
    data = b"Id\n" + b"1\n" * (MAX_ROWS + 1)
    seen = 0
    with pytest.raises(ExportRefused, match="200,000 rows"), open_export(data) as table:
        for _row in table.rows:
            seen += 1
    assert seen == MAX_ROWS


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\r\n1,2026-11-30\r\n", "header row"),
        (b"12,2026-11-30 09:05:00,3.5\r\n13,2026-12-01,4\r\n", "holds data"),
        (b"", "empty"),
    ],
)
def test_a_file_without_a_header_is_refused(data, reason):
    with pytest.raises(ExportRefused, match=reason):
        _read(data)


def test_old_excel_files_are_refused_with_advice():
    with pytest.raises(ExportRefused, match=r"\.xlsx"):
        _read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)


def test_an_upload_object_is_read_and_left_open_for_its_owner():
    upload = io.BytesIO(csv_bytes("Id,Subject", "1,a"))
    with open_export(upload) as table:
        assert [list(c) for _l, c in table.rows] == [["1", "a"]]
    assert not upload.closed


def test_surveymonkey_two_header_rows_are_merged():
    data = csv_bytes(
        "Respondent ID,Start Date,Which channels did you use?,,,Comments",
        ",,E-mail,Chat,Phone,Open-Ended Response",
        "1,11/30/2026 09:00:00 AM,E-mail,,Phone,ok",
    )
    with open_export(data) as table:
        assert table.header_lines == 2
        assert table.headers == (
            "Respondent ID",
            "Start Date",
            "Which channels did you use? | E-mail",
            "Which channels did you use? | Chat",
            "Which channels did you use? | Phone",
            "Comments",
        )
        assert table.questions["Which channels did you use?"] == (
            (2, "E-mail"),
            (3, "Chat"),
            (4, "Phone"),
        )
        assert [line for line, _cells in table.rows] == [3]


@pytest.mark.parametrize(
    "lines",
    [
        ("Respondent ID,Start Date,Q1", "1,11/30/2026,9"),
        ("Id,Subject,Status", "1,Response,open"),  # a ticket whose subject is "Response"
    ],
)
def test_a_single_header_file_keeps_its_first_data_row(lines):
    with open_export(csv_bytes(*lines)) as table:
        assert table.header_lines == 1
        assert [(line, list(cells)) for line, cells in table.rows] == [(2, lines[1].split(","))]


@pytest.mark.parametrize(
    ("data", "last_line"),
    [
        (b"Id,Created\r\n1,2026-03-02\r\n2,2026-03-03\r\n", 3),  # a final line break
        (b"Id,Created\n1,2026-03-02\n2,2026-03-03", 3),  # none
        (b'[{"score": 9}, {"score": 7}]', 2),  # JSON: its records
    ],
)
def test_a_file_says_where_its_rows_end_for_the_progress_bar(data, last_line):
    with open_export(data) as table:
        assert table.last_line == last_line
        assert list(table.rows)[-1][0] == last_line
