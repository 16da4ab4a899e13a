"""CSV in and out of the register.

Import is read → map → check → commit. Reading refuses files that are too
big, too long or unreadable before anything is stored; checking turns every
row into either clean values or a list of problems, each with the row's line
number in the file; the service commits only when no row has a problem.

Export writes the stable values (``customer``, ``champion``), so an exported
file imports again unchanged, and writes every cell through
``onboarding.core.spreadsheets.inert_cell`` (no formula runs).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from onboarding.core.i18n import numbers
from onboarding.core.spreadsheets import inert_cell, looks_like_formula

from . import rules
from .models import Attitude, Kind, Relationship, Scope

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 60
PREVIEW_ROWS = 20


class ImportRefused(Exception):
    """The file cannot be read at all; nothing was stored."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- Target fields ------------------------------------------------------------


@dataclass(frozen=True)
class ImportField:
    key: str
    label: str | Promise
    synonyms: tuple[str, ...]


def _norm(text: str) -> str:
    """Header and choice matching: case, spaces, ``_``/``-``/``/`` do not matter."""
    text = str(text).casefold()
    for char in "_-/().:":
        text = text.replace(char, " ")
    return " ".join(text.split())


IMPORT_FIELDS: tuple[ImportField, ...] = (
    ImportField(
        "name",
        _("Name"),
        ("name", "full name", "display name", "stakeholder", "contact", "contact name"),
    ),
    ImportField("first_name", _("First name"), ("first name", "given name", "firstname", "first")),
    ImportField(
        "last_name", _("Last name"), ("last name", "surname", "family name", "lastname", "last")
    ),
    ImportField("kind", _("Person or group"), ("kind", "person or group")),
    ImportField("title", _("Title"), ("title", "job title", "position", "job", "role")),
    ImportField(
        "organisation",
        _("Department or organisation"),
        ("organisation", "organization", "department", "company", "dept", "team", "org"),
    ),
    ImportField(
        "scope", _("Internal or external"), ("scope", "internal or external", "internal external")
    ),
    ImportField(
        "relationship", _("Relationship"), ("relationship", "relationship group", "category")
    ),
    ImportField(
        "email",
        _("E-mail"),
        ("email", "e mail", "email address", "e mail address", "mail", "work email"),
    ),
    ImportField("power", _("Power/influence"), ("power", "influence", "power influence")),
    ImportField("interest", _("Interest"), ("interest",)),
    ImportField("attitude", _("Attitude"), ("attitude", "stance")),
    ImportField(
        "influence_note",
        _("Who really decides"),
        ("who decides", "who really decides", "informal influence", "influence note"),
    ),
    ImportField(
        "reports_to",
        _("Reports to (e-mail or name)"),
        ("reports to", "manager", "manager email", "line manager", "supervisor"),
    ),
    ImportField(
        "cadence_days",
        _("Contact every (days)"),
        ("cadence", "cadence days", "contact every", "contact every days"),
    ),
    ImportField("tags", _("Tags"), ("tags", "tag", "labels")),
)
FIELDS_BY_KEY = {f.key: f for f in IMPORT_FIELDS}
_SYNONYMS = {_norm(s): f.key for f in IMPORT_FIELDS for s in f.synonyms}

MAX_LENGTHS = {"name": 200, "title": 200, "organisation": 200, "influence_note": 4000}


def guess_mapping(header: Sequence[str]) -> dict[str, str]:
    """Column index (as text) -> field key, for the headers we recognise."""
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for index, name in enumerate(header):
        key = _SYNONYMS.get(_norm(name))
        if key and key not in used:
            mapping[str(index)] = key
            used.add(key)
    return mapping


def check_mapping(mapping: Mapping[str, str], column_count: int) -> list[str]:
    """Problems with the column choice as a whole (empty list: usable)."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    for index, key in mapping.items():
        if not key:
            continue
        if key not in FIELDS_BY_KEY or not index.isdigit() or int(index) >= column_count:
            problems.append(gettext("The column choice is out of date. Choose the columns again."))
            break
        if key in seen:
            problems.append(
                gettext("Two columns are both set to “%(field)s”. Choose one.")
                % {"field": FIELDS_BY_KEY[key].label}
            )
        seen[key] = index
    keys = set(seen)
    if "name" not in keys and not ({"first_name", "last_name"} & keys):
        problems.append(
            gettext(
                "Choose the column that holds the name (or the first and last names). "
                "Without it nothing can be imported."
            )
        )
    if "name" in keys and ({"first_name", "last_name"} & keys):
        problems.append(
            gettext("Choose either a name column or first and last name columns, not both.")
        )
    return problems


# --- Reading ------------------------------------------------------------------


@dataclass
class ParsedFile:
    encoding: str
    delimiter: str
    header: list[str]
    rows: list[list[Any]]  # [line, cells]


def decode(raw: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 (said so)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise ImportRefused(
            gettext(
                "This file is not UTF-8 text, so its names cannot be read reliably. "
                "Save it as “CSV UTF-8” (Excel) or download it as CSV (Google Sheets, "
                "LibreOffice) and upload it again."
            )
        ) from None


def _delimiter(text: str) -> str:
    sample = text[:8192]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def read_csv(raw: bytes) -> ParsedFile:
    """Parse an upload; raise ImportRefused with a clear message if it cannot be used."""
    if len(raw) > MAX_BYTES:
        raise ImportRefused(too_big_message(len(raw)))
    if not raw.strip():
        raise ImportRefused(gettext("The file is empty."))
    if b"\x00" in raw and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportRefused(
            gettext("This looks like a spreadsheet or another binary file, not CSV text.")
            + " "
            + gettext("Save it as CSV and upload it again.")
        )
    text, encoding = decode(raw)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows: list[list[Any]] = []
    line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue  # blank lines are common at the end of exports
            if header is None:
                header = [cell.strip() for cell in cells]
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportRefused(
                    gettext(
                        "The file has more than %(max)s rows. Import at most %(max)s at a time: "
                        "split the file and upload each part."
                    )
                    % {"max": f"{MAX_ROWS:,}"}
                )
            rows.append([start, cells])
    except csv.Error as error:
        raise ImportRefused(
            gettext("Line %(line)s cannot be read as CSV (%(error)s). Check its quotes.")
            % numbers({"line": line, "error": error})
        ) from None
    if header is None:
        raise ImportRefused(gettext("The file is empty."))
    if len(header) > MAX_COLUMNS:
        raise ImportRefused(
            gettext("The file has %(count)s columns; at most %(max)s can be read.")
            % numbers({"count": len(header), "max": MAX_COLUMNS})
        )
    if not rows:
        raise ImportRefused(
            gettext("The file has a header line but no people under it. Nothing to import.")
        )
    header = [
        name or gettext("Column %(n)s") % numbers({"n": i + 1}) for i, name in enumerate(header)
    ]
    return ParsedFile(encoding=encoding, delimiter=delimiter, header=header, rows=rows)


def too_big_message(size: int | None) -> str:
    limit = MAX_BYTES // (1024 * 1024)
    if size is None:
        return gettext(
            "The file is larger than %(limit)s MB, the most that can be imported."
        ) % numbers({"limit": limit})
    return gettext(
        "The file is %(size)s MB; the most that can be imported is %(limit)s MB. "
        "Split it into smaller files."
    ) % numbers({"size": round(size / (1024 * 1024), 1), "limit": limit})


# --- Checking rows ------------------------------------------------------------------

_CHOICE_SYNONYMS: dict[str, dict[str, str]] = {
    "kind": {"team": Kind.GROUP, "organisation": Kind.GROUP, "individual": Kind.PERSON},
    "scope": {
        "inside": Scope.INTERNAL,
        "in house": Scope.INTERNAL,
        "outside": Scope.EXTERNAL,
        "yes": Scope.INTERNAL,
        "no": Scope.EXTERNAL,
    },
    "relationship": {
        "customers": Relationship.CUSTOMER,
        "client": Relationship.CUSTOMER,
        "employees": Relationship.EMPLOYEE,
        "staff": Relationship.EMPLOYEE,
        "colleague": Relationship.EMPLOYEE,
        "partners": Relationship.PARTNER,
        "board member": Relationship.BOARD,
        "vendor": Relationship.SUPPLIER,
        "suppliers": Relationship.SUPPLIER,
    },
    "attitude": {
        "skeptic": Attitude.SCEPTIC,
        "sceptical": Attitude.SCEPTIC,
        "skeptical": Attitude.SCEPTIC,
        "advocate": Attitude.CHAMPION,
        "supportive": Attitude.SUPPORTER,
        "opponent": Attitude.BLOCKER,
        "resistant": Attitude.BLOCKER,
    },
}
_CHOICES = {
    "kind": Kind,
    "scope": Scope,
    "relationship": Relationship,
    "attitude": Attitude,
}


def _choice_lookup(key: str) -> dict[str, str]:
    """Stable values, English labels and labels in the active language all work."""
    choices = _CHOICES[key]
    lookup = {_norm(k): v for k, v in _CHOICE_SYNONYMS.get(key, {}).items()}
    for value, label in choices.choices:
        lookup[_norm(value)] = value
        lookup[_norm(str(label))] = value
        with translation.override("en"):
            lookup[_norm(str(label))] = value
    return lookup


@dataclass
class RowResult:
    line: int
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class CheckResult:
    rows: list[RowResult]
    mapping_errors: list[str]

    @property
    def errors(self) -> list[tuple[int, str]]:
        return [(row.line, error) for row in self.rows for error in row.errors]

    @property
    def bad_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.errors]

    @property
    def ok_count(self) -> int:
        return sum(1 for row in self.rows if row.ok)

    @property
    def is_importable(self) -> bool:
        return not self.mapping_errors and bool(self.rows) and not self.bad_rows


def _short(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[:limit] + "…"


def _int(value: str) -> int | None:
    """``"4"`` and ``"4.0"`` are 4; anything else is None."""
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        return None
    if not number.is_integer():
        return None
    return int(number)


def check_rows(
    parsed_header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    mapping: Mapping[str, str],
    *,
    existing_emails: Mapping[str, tuple[int, str]],
    existing_names: Mapping[str, list[int]],
) -> CheckResult:
    """Turn each row into clean values or problems; nothing touches the database.

    ``existing_emails`` maps the lower-case e-mails already in the register to
    ``(id, name)``; ``existing_names`` maps case-folded names to ids (for
    "reports to" given by name). A resolved "reports to" is stored as
    ``("id", pk)`` for someone in the register or ``("line", n)`` for a row of
    this file.
    """
    column_count = len(parsed_header)
    mapping = {i: k for i, k in mapping.items() if k}
    mapping_errors = check_mapping(mapping, column_count)
    if mapping_errors:
        return CheckResult(rows=[], mapping_errors=mapping_errors)
    columns = {key: int(index) for index, key in mapping.items()}
    lookups = {key: _choice_lookup(key) for key in _CHOICES}
    seen_emails: dict[str, int] = {}
    results: list[RowResult] = []

    for line, cells in rows:
        result = RowResult(line=line)
        results.append(result)
        extra = cells[column_count:]
        if len(cells) < column_count or any(str(c).strip() for c in extra):
            result.errors.append(
                gettext(
                    "Line %(line)s has %(cells)s cells, but the header has %(columns)s columns. "
                    "Check for a missing cell or an unquoted separator."
                )
                % numbers({"line": line, "cells": len(cells), "columns": column_count})
            )
            continue
        raw: dict[str, str] = {}
        flagged: set[str] = set()
        for key, index in columns.items():
            cell = str(cells[index])
            value = cell.strip()
            if value.casefold() in PLACEHOLDERS:
                raw[key] = ""
                continue
            if looks_like_formula(cell):
                result.errors.append(
                    gettext(
                        "Line %(line)s, %(field)s: “%(value)s” starts with “%(char)s”, which a "
                        "spreadsheet would run as a formula. Remove that character and upload "
                        "the file again."
                    )
                    % numbers(
                        {
                            "line": line,
                            "field": FIELDS_BY_KEY[key].label,
                            "value": _short(value),
                            "char": cell.lstrip()[:1] or "↹",
                        }
                    )
                )
                flagged.add(key)
                continue
            raw[key] = value
        _clean_row(result, raw, lookups, seen_emails, existing_emails, flagged)

    if "reports_to" in columns:
        _resolve_reports_to(results, existing_emails, existing_names)
    return CheckResult(rows=results, mapping_errors=[])


# Cells that mean "nothing here" in many exports.
PLACEHOLDERS = frozenset({"-", "--", "—", "n/a"})


def _resolve_reports_to(
    results: list[RowResult],
    existing_emails: Mapping[str, tuple[int, str]],
    existing_names: Mapping[str, list[int]],
) -> None:
    """ "Reports to" may name someone in the register or elsewhere in this file."""
    file_emails: dict[str, int] = {}
    file_names: dict[str, list[int]] = {}
    for r in results:
        if r.values.get("email"):
            file_emails.setdefault(r.values["email"], r.line)
        if r.values.get("name"):
            file_names.setdefault(r.values["name"].casefold(), []).append(r.line)
    for result in results:
        boss = result.values.pop("reports_to_text", "")
        if not boss:
            continue
        ref: tuple[str, int] | None = None
        if "@" in boss:
            email = boss.lower()
            if email in file_emails:
                ref = ("line", file_emails[email])
            elif email in existing_emails:
                ref = ("id", existing_emails[email][0])
            else:
                result.errors.append(
                    gettext(
                        "Line %(line)s, reports to: nobody with the e-mail %(email)s is in "
                        "the register or in this file."
                    )
                    % numbers({"line": result.line, "email": _short(email)})
                )
                continue
        else:
            name = " ".join(boss.split()).casefold()
            matches = [("id", pk) for pk in existing_names.get(name, [])] + [
                ("line", line) for line in file_names.get(name, [])
            ]
            if len(matches) != 1:
                message = (
                    gettext(
                        "Line %(line)s, reports to: nobody called “%(name)s” is in the "
                        "register or in this file."
                    )
                    if not matches
                    else gettext(
                        "Line %(line)s, reports to: several people are called “%(name)s”; "
                        "use their e-mail instead."
                    )
                )
                result.errors.append(message % numbers({"line": result.line, "name": _short(boss)}))
                continue
            ref = matches[0]
        if ref == ("line", result.line):
            result.errors.append(
                gettext("Line %(line)s, reports to: nobody can report to themself.")
                % numbers({"line": result.line})
            )
            continue
        result.values["reports_to"] = ref
        result.values["reports_to_label"] = boss
    _check_file_cycles(results)


def _clean_row(
    result: RowResult,
    raw: Mapping[str, str],
    lookups: Mapping[str, Mapping[str, str]],
    seen_emails: dict[str, int],
    existing_emails: Mapping[str, tuple[int, str]],
    flagged: set[str],
) -> None:
    """Clean one row's cells; ``flagged`` fields already have a problem reported."""
    line, values, errors = result.line, result.values, result.errors
    name = raw.get("name") or " ".join(
        part for part in (raw.get("first_name", ""), raw.get("last_name", "")) if part
    )
    name = " ".join(name.split())
    if not name and not flagged & {"name", "first_name", "last_name"}:
        if any(raw.values()):
            errors.append(gettext("Line %(line)s: the name is empty.") % numbers({"line": line}))
        else:
            errors.append(gettext("Line %(line)s has no values.") % numbers({"line": line}))
    values["name"] = name

    for key, limit in MAX_LENGTHS.items():
        value = name if key == "name" else raw.get(key, "")
        if len(value) > limit:
            errors.append(
                gettext("Line %(line)s, %(field)s: at most %(max)s characters, this has %(n)s.")
                % numbers(
                    {"line": line, "field": FIELDS_BY_KEY[key].label, "max": limit, "n": len(value)}
                )
            )
        elif key != "name":
            values[key] = value

    for key, lookup in lookups.items():
        value = raw.get(key, "")
        if not value:
            continue
        chosen = lookup.get(_norm(value))
        if chosen is None:
            allowed = ", ".join(str(v) for v in _CHOICES[key].values)
            errors.append(
                gettext(
                    "Line %(line)s, %(field)s: “%(value)s” is not one of the choices (%(allowed)s)."
                )
                % numbers(
                    {
                        "line": line,
                        "field": FIELDS_BY_KEY[key].label,
                        "value": _short(value),
                        "allowed": allowed,
                    }
                )
            )
        else:
            values[key] = chosen

    for key in ("power", "interest"):
        value = raw.get(key, "")
        if not value:
            continue
        number = _int(value)
        if number is None or not rules.SCALE_MIN <= number <= rules.SCALE_MAX:
            errors.append(
                gettext("Line %(line)s, %(field)s: “%(value)s” is not a whole number from 1 to 5.")
                % numbers({"line": line, "field": FIELDS_BY_KEY[key].label, "value": _short(value)})
            )
        else:
            values[key] = number

    cadence = raw.get("cadence_days", "")
    if cadence:
        number = _int(cadence)
        if number is None or not rules.CADENCE_MIN_DAYS <= number <= rules.CADENCE_MAX_DAYS:
            errors.append(
                gettext(
                    "Line %(line)s, contact every (days): “%(value)s” is not a number of days "
                    "from %(min)s to %(max)s."
                )
                % numbers(
                    {
                        "line": line,
                        "value": _short(cadence),
                        "min": rules.CADENCE_MIN_DAYS,
                        "max": rules.CADENCE_MAX_DAYS,
                    }
                )
            )
        else:
            values["cadence_days"] = number

    tags = raw.get("tags", "")
    if tags:
        try:
            values["tags"] = rules.parse_tags(tags)
        except ValidationError as error:
            errors.append(
                gettext("Line %(line)s, tags: %(error)s")
                % numbers({"line": line, "error": " ".join(error.messages)})
            )

    email = raw.get("email", "").lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                gettext("Line %(line)s: “%(value)s” is not a valid e-mail address.")
                % numbers({"line": line, "value": _short(email)})
            )
        else:
            if email in existing_emails:
                errors.append(
                    gettext(
                        "Line %(line)s: %(email)s is already in the register (%(name)s). "
                        "Remove the line, or edit that person instead."
                    )
                    % numbers({"line": line, "email": email, "name": existing_emails[email][1]})
                )
            elif email in seen_emails:
                errors.append(
                    gettext("Line %(line)s: %(email)s also appears on line %(first)s.")
                    % numbers({"line": line, "email": email, "first": seen_emails[email]})
                )
            else:
                seen_emails[email] = line
            values["email"] = email
    if raw.get("reports_to"):
        values["reports_to_text"] = raw["reports_to"]


def _check_file_cycles(results: list[RowResult]) -> None:
    """Within the file, nobody may (indirectly) report to themself."""
    by_line = {r.line: r for r in results}
    for result in results:
        seen: set[int] = set()
        current: RowResult | None = result
        while current is not None and current.line not in seen:
            seen.add(current.line)
            ref = current.values.get("reports_to")
            current = by_line.get(ref[1]) if ref and ref[0] == "line" else None
            if current is result:
                result.errors.append(
                    gettext(
                        "Line %(line)s, reports to: this makes a circle in which someone "
                        "reports to themself."
                    )
                    % numbers({"line": result.line})
                )
                break


# --- Export ------------------------------------------------------------------

EXPORT_COLUMNS = (
    "name",
    "kind",
    "title",
    "organisation",
    "scope",
    "relationship",
    "email",
    "power",
    "interest",
    "attitude",
    "quadrant",
    "who_decides",
    "reports_to",
    "influences",
    "cadence_days",
    "last_contact",
    "tags",
    "archived",
)


def export_row(stakeholder: Any) -> list[Any]:
    """One register row; private notes are never part of it."""

    def ref(other: Any) -> str:
        return other.email or other.name

    quadrant = stakeholder.quadrant
    row = [
        stakeholder.name,
        stakeholder.kind,
        stakeholder.title,
        stakeholder.organisation,
        stakeholder.scope,
        stakeholder.relationship,
        stakeholder.email,
        stakeholder.power if stakeholder.power is not None else "",
        stakeholder.interest if stakeholder.interest is not None else "",
        stakeholder.attitude,
        quadrant.value if quadrant else "",
        stakeholder.influence_note,
        ref(stakeholder.reports_to) if stakeholder.reports_to_id else "",
        "; ".join(ref(other) for other in stakeholder.influences.all()),
        stakeholder.cadence_days if stakeholder.cadence_days is not None else "",
        stakeholder.last_contact_on.isoformat() if stakeholder.last_contact_on else "",
        ", ".join(tag.name for tag in stakeholder.tags.all()),
        # The day it was archived where the plan is (its pages run in its time zone).
        timezone.localdate(stakeholder.archived_at).isoformat() if stakeholder.archived_at else "",
    ]
    return [inert_cell(cell) for cell in row]


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_lines(stakeholders: Iterable[Any]) -> Iterable[str]:
    """CSV text, line by line, starting with a BOM so spreadsheets read UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(EXPORT_COLUMNS)
    for stakeholder in stakeholders:
        yield writer.writerow(export_row(stakeholder))
