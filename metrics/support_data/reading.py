"""Read a helpdesk or survey export row by row: CSV (any usual encoding and delimiter), XLSX, JSON.

Nothing here keeps the file's rows: ``open_export`` returns a ``Table`` whose ``rows`` is a
generator of ``(line, cells)``, so memory holds one row at a time and the caller keeps only
what it computes. Limits are checked before (size, NUL characters, header) and while (row count)
the rows are read, and raise ``ExportRefused`` with a message for the user.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import IO, Any

from django.utils.translation import gettext_lazy as _

from .errors import ExportRefused

Cell = str | int | float | bool | dt.datetime | dt.date | dt.time | dt.timedelta | None
Row = tuple[int, Sequence[Cell]]
Source = bytes | str | os.PathLike[str] | IO[bytes]

MAX_BYTES = 50 * 1024 * 1024  # settings.MAX_UPLOAD_BYTES: a larger request is refused unread
MAX_ROWS = 200_000
DELIMITERS = (",", ";", "\t")
_CHUNK = 1 << 16
_SAMPLE = 1 << 16
# SurveyMonkey writes the question in the first header row and the answer option (or
# "Response" for single-answer questions) in the second.
_SINGLE_ANSWER = {"response", "open-ended response", "other (please specify)"}
OPTION_SEPARATOR = " | "


@dataclass
class Table:
    """One export, opened: its header and a one-pass generator of its data rows.

    ``rows`` yields ``(line, cells)`` where ``line`` is the row's first line in the file,
    header rows counted (for XLSX the sheet's row number; for JSON the record's position).
    ``questions`` maps a SurveyMonkey question to the columns of its answer options.
    ``last_line`` is where the rows end as far as the file tells before they are read (a CSV's
    line count, the sheet's declared size, the number of JSON records): for a progress bar,
    never a limit; None when the file does not say.
    """

    headers: tuple[str, ...]
    header_lines: int
    rows: Iterator[Row]
    file_format: str
    encoding: str | None = None
    delimiter: str | None = None
    questions: dict[str, tuple[tuple[int, str], ...]] = field(default_factory=dict)
    last_line: int | None = None
    _closers: list[Any] = field(default_factory=list, repr=False)

    def close(self) -> None:
        for closer in reversed(self._closers):
            closer()
        self._closers.clear()

    def __enter__(self) -> Table:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


# Rows between two progress reports.
REPORT_EVERY = 5000


def report_progress(table: Table, progress: Callable[[int], object]) -> None:
    """Have ``progress`` hear, every few thousand rows, the share of ``table`` read (0-90;
    the rest is the caller's). A file that does not say its size reports nothing."""
    if not table.last_line:
        return
    rows, last = table.rows, table.last_line

    def reporting() -> Iterator[Row]:
        for count, row in enumerate(rows, start=1):
            if count % REPORT_EVERY == 0:
                progress(min(90, 90 * row[0] // last))
            yield row

    table.rows = reporting()


def open_export(source: Source, *, sheet: str | None = None) -> Table:
    """Open ``source`` (bytes, a path, or a binary file object such as an upload).

    Raises ``ExportRefused`` when the file is over 50 MB, holds NUL characters, has no
    header, or is an old binary Excel file. The 200,000-row limit is enforced while reading.
    """
    stream, owned = _binary_stream(source)
    closers: list[Any] = [stream.close] if owned else []
    try:
        size = stream.seek(0, io.SEEK_END)
        stream.seek(0)
        if size > MAX_BYTES:
            megabytes = round(size / 1024 / 1024, 1)  # shown in the reader's digits: "53", "62.4"
            raise ExportRefused(
                _(
                    "The file is %(size)s MB; the limit is 50 MB. "
                    "Export a shorter period and upload each part."
                ),
                size=int(megabytes) if megabytes.is_integer() else megabytes,
            )
        if size == 0:
            raise ExportRefused(_("The file is empty."))
        head = stream.read(8)
        stream.seek(0)
        if head.startswith(b"PK\x03\x04"):
            table = _open_xlsx(stream, sheet)
        elif head.startswith(b"\xd0\xcf\x11\xe0"):
            raise ExportRefused(
                _("This is an old Excel (.xls) file. Save it as .xlsx or CSV and upload that.")
            )
        else:
            table = _open_text(stream)
    except BaseException:
        for closer in reversed(closers):
            closer()
        raise
    table._closers[:0] = closers
    return table


def _binary_stream(source: Source) -> tuple[IO[bytes], bool]:
    if isinstance(source, bytes):
        return io.BytesIO(source), True
    if isinstance(source, str | os.PathLike):
        return open(source, "rb"), True
    if source.seekable():
        source.seek(0)
        return source, False
    spooled = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115
    shutil.copyfileobj(source, spooled)
    spooled.seek(0)
    return spooled, True


# --- text: encoding, NUL check, delimiter, header -------------------------------------------


def _scan_encoding(stream: IO[bytes]) -> tuple[str, int]:
    """Choose the encoding and refuse NUL characters, in one streaming pass over the bytes;
    on the way, count the lines (for progress)."""
    head = stream.read(4)
    stream.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "cp1252"]
    for encoding in candidates:
        decoder = codecs.getincrementaldecoder(encoding)(
            errors="replace" if encoding == "cp1252" else "strict"
        )
        stream.seek(0)
        breaks, tail = 0, b""
        try:
            while chunk := stream.read(_CHUNK):
                breaks, tail = breaks + chunk.count(b"\n"), chunk[-1:]
                if "\x00" in decoder.decode(chunk):
                    raise ExportRefused(_nul_message())
            if "\x00" in decoder.decode(b"", final=True):
                raise ExportRefused(_nul_message())
        except UnicodeDecodeError as error:
            if encoding == "utf-8":
                continue
            raise ExportRefused(
                _("The file is not readable text (%(reason)s)."), reason=str(error)
            ) from error
        stream.seek(0)
        return encoding, breaks if tail == b"\n" else breaks + 1
    raise AssertionError("cp1252 with errors='replace' always decodes")  # pragma: no cover


def _nul_message() -> Any:
    return _(
        "The file contains NUL characters, so it is not a plain text export. "
        "Export it again as CSV (UTF-8) or XLSX."
    )


def sniff_delimiter(sample: str) -> str:
    """The delimiter among , ; and tab that splits the first rows into the most, equal, columns."""
    complete = sample if len(sample) < _SAMPLE else sample[: sample.rfind("\n") + 1] or sample
    best, best_score = ",", (False, 0.0, 0)
    for delimiter in DELIMITERS:
        try:
            rows = list(
                itertools.islice(csv.reader(io.StringIO(complete), delimiter=delimiter), 20)
            )
        except csv.Error:
            continue
        widths = [len(row) for row in rows if any(cell.strip() for cell in row)]
        if not widths:
            continue
        header = widths[0]
        consistency = sum(1 for width in widths if width == header) / len(widths)
        score = (header > 1, consistency, header)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _open_text(stream: IO[bytes]) -> Table:
    encoding, lines = _scan_encoding(stream)
    sample = stream.read(_SAMPLE).decode(encoding, errors="ignore")
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")
    closers: list[Any] = [text.detach]  # the byte stream stays the caller's (or open_export's)
    if sample.lstrip("\ufeff \r\n\t")[:1] in ("[", "{"):
        try:
            return _open_json(text, encoding, closers)
        except BaseException:
            text.detach()
            raise
    delimiter = sniff_delimiter(sample)
    reader = csv.reader(text, delimiter=delimiter)
    try:
        first = next(reader, None)
        if first is None:
            raise ExportRefused(_("The file is empty."))
        header_end = reader.line_num
        second = next(reader, None)
    except csv.Error as error:
        text.detach()
        raise ExportRefused(
            _("The file could not be read as CSV (%(reason)s)."), reason=str(error)
        ) from error
    except BaseException:
        text.detach()
        raise
    headers = [cell.strip().lstrip("\ufeff") for cell in first]
    header_lines = 1
    questions: dict[str, tuple[tuple[int, str], ...]] = {}
    pending: list[Row] = []
    if second is not None and is_second_header(headers, second):
        headers, questions = merge_two_header_rows(headers, second)
        header_lines = 2
        header_end = reader.line_num
    elif second is not None:
        pending.append((header_end + 1, second))
    try:
        _check_header(headers)
    except BaseException:
        text.detach()
        raise
    return Table(
        headers=_unique(headers),
        header_lines=header_lines,
        rows=_csv_rows(reader, pending, header_end),
        file_format="csv",
        encoding=encoding,
        delimiter=delimiter,
        questions=questions,
        last_line=lines,
        _closers=closers,
    )


def _csv_rows(reader: Any, pending: list[Row], header_end: int) -> Iterator[Row]:
    count = 0
    for line, row in itertools.chain(pending, _numbered(reader)):
        if not any(isinstance(cell, str) and cell.strip() for cell in row):
            continue
        count += 1
        if count > MAX_ROWS:
            raise ExportRefused(_too_many_rows())
        yield line, row


def _numbered(reader: Any) -> Iterator[Row]:
    """Each record with the line it starts on (a quoted cell may span several lines)."""
    end = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ExportRefused(
                _("Line %(line)s could not be read as CSV (%(reason)s)."),
                line=end + 1,
                reason=str(error),
            ) from error
        yield end + 1, cells
        end = reader.line_num


def _too_many_rows() -> Any:
    return _("The file has more than 200,000 rows. Export a shorter period and upload each part.")


def is_second_header(headers: Sequence[str], row: Sequence[str]) -> bool:
    """SurveyMonkey's second header row: "Response"-style labels, and no respondent id."""
    lowered = [header.strip().lower() for header in headers]
    cells = [cell.strip() for cell in row]
    if not any(cells):
        return False
    if "respondent id" in lowered:
        index = lowered.index("respondent id")
        return index < len(cells) and cells[index] == ""
    # Without SurveyMonkey's id column, only a row that names no record in its first cell
    # and labels answers ("Response") is taken for a header: a data row keeps its id.
    return cells[0] == "" and any(cell.lower() in _SINGLE_ANSWER for cell in cells)


def merge_two_header_rows(
    questions_row: Sequence[str], options_row: Sequence[str]
) -> tuple[list[str], dict[str, tuple[tuple[int, str], ...]]]:
    """One name per column: the question, or "question | option" for multi-column questions.

    A question's text is written only above its first column; the columns after it (until
    the next question) belong to it.
    """
    names: list[str] = []
    groups: dict[str, list[tuple[int, str]]] = {}
    question = ""
    width = max(len(questions_row), len(options_row))
    for index in range(width):
        top = questions_row[index].strip() if index < len(questions_row) else ""
        option = options_row[index].strip() if index < len(options_row) else ""
        if top:
            question = top
        if not question:
            names.append(option or f"Column {index + 1}")
            continue
        if option.lower() in _SINGLE_ANSWER or not option:
            names.append(question)
        else:
            names.append(f"{question}{OPTION_SEPARATOR}{option}")
        groups.setdefault(question, []).append((index, option))
    return names, {question: tuple(columns) for question, columns in groups.items()}


def _check_header(headers: Sequence[str]) -> None:
    filled = [header for header in headers if header]
    if not filled:
        raise ExportRefused(
            _("The first line is empty: the file needs a header row naming its columns.")
        )
    if all(_looks_like_data(header) for header in filled):
        raise ExportRefused(
            _(
                "The first line holds data, not column names. "
                "Export the file again with its header row."
            )
        )


def _looks_like_data(text: str) -> bool:
    candidate = text.strip().replace(",", ".")
    try:
        float(candidate)
        return True
    except ValueError:
        pass
    try:
        dt.datetime.fromisoformat(text.strip())
        return True
    except ValueError:
        return False


def _unique(headers: Sequence[str]) -> tuple[str, ...]:
    seen: dict[str, int] = {}
    result = []
    for header in headers:
        count = seen.get(header, 0) + 1
        seen[header] = count
        result.append(header if count == 1 else f"{header} ({count})")
    return tuple(result)


# --- XLSX -------------------------------------------------------------------------------------


def _open_xlsx(stream: IO[bytes], sheet: str | None) -> Table:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ExportRefused(
            _("The file could not be opened as an Excel workbook (%(reason)s)."),
            reason=str(error),
        ) from error
    try:
        worksheet = book[sheet] if sheet else book.worksheets[0]
        rows = worksheet.iter_rows(values_only=True)
        first = next(rows, None)
        if first is None:
            raise ExportRefused(_("The workbook's first sheet is empty."))
        headers = ["" if cell is None else str(cell).strip() for cell in first]
        while headers and not headers[-1]:
            headers.pop()
        _check_header(headers)
    except BaseException:
        book.close()
        raise
    return Table(
        headers=_unique(headers),
        header_lines=1,
        rows=_xlsx_rows(rows),
        file_format="xlsx",
        last_line=worksheet.max_row,  # from the sheet's <dimension>, when it has one
        _closers=[book.close],
    )


def _xlsx_rows(rows: Iterator[tuple[Any, ...]]) -> Iterator[Row]:
    count = 0
    for line, row in enumerate(rows, start=2):
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row):
            continue
        count += 1
        if count > MAX_ROWS:
            raise ExportRefused(_too_many_rows())
        if any(isinstance(cell, str) and "\x00" in cell for cell in row):
            raise ExportRefused(_nul_message())
        yield line, row


# --- JSON (Delighted's API answer) ------------------------------------------------------------


def _open_json(text: IO[str], encoding: str, closers: list[Any]) -> Table:
    # API pages are small (Delighted returns at most 100 responses a page); the 50 MB limit
    # bounds the rest, so the records are loaded, then flattened one at a time.
    try:
        data = json.load(text)
    except json.JSONDecodeError as error:
        raise ExportRefused(
            _("The file could not be read as JSON (%(reason)s)."), reason=str(error)
        ) from error
    records = data if isinstance(data, list) else data.get("responses", data.get("data", [data]))
    if not isinstance(records, list) or not records or not isinstance(records[0], dict):
        raise ExportRefused(_("The JSON file holds no list of responses."))
    if len(records) > MAX_ROWS:
        raise ExportRefused(_too_many_rows())
    headers: list[str] = []
    for record in records[:100]:
        for key in _flatten(record):
            if key not in headers:
                headers.append(key)

    def rows() -> Iterator[Row]:
        for position, record in enumerate(records, start=1):
            flat = _flatten(record) if isinstance(record, dict) else {}
            yield position, [flat.get(header) for header in headers]

    return Table(
        headers=tuple(headers),
        header_lines=0,
        rows=rows(),
        file_format="json",
        encoding=encoding,
        last_line=len(records),
        _closers=closers,
    )


def _flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Cell]:
    flat: dict[str, Cell] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = json.dumps(value)
        else:
            flat[name] = value
    return flat
