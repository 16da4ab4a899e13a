"""Tell from an export's header which tool wrote it, and which column feeds which KPI input.

Each tool has a profile: the headers that mark it (``signature``: groups of alternatives,
localised ones included), the candidate headers for each input (``aliases``), the unit of its
durations and its time-zone convention. The best-matching profile wins when at least half
of its signature is present; otherwise the file is "unknown" and the caller maps it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from .errors import ExportRefused
from .values import Naive, Unit, header_zone


class Tool(StrEnum):
    ZENDESK = "zendesk"
    FRESHDESK = "freshdesk"
    INTERCOM = "intercom"
    JIRA = "jira"
    ZAMMAD = "zammad"
    OSTICKET = "osticket"
    SURVEYMONKEY = "surveymonkey"
    TYPEFORM = "typeform"
    DELIGHTED = "delighted"
    CUSTOM = "custom"  # an unknown file mapped by the caller
    UNKNOWN = "unknown"


class Kind(StrEnum):
    TICKETS = "tickets"
    SURVEY = "survey"
    UNKNOWN = "unknown"


class Field(StrEnum):
    """A KPI input a column can feed."""

    ID = "id"
    REQUESTER = "requester"
    CREATED = "created"
    FIRST_REPLY_AT = "first_reply_at"
    FIRST_REPLY = "first_reply"  # elapsed, calendar time
    FIRST_REPLY_BUSINESS = "first_reply_business"
    SOLVED_AT = "solved_at"
    RESOLUTION = "resolution"  # elapsed, calendar time
    RESOLUTION_BUSINESS = "resolution_business"
    SLA_FIRST_REPLY = "sla_first_reply"
    SLA_RESOLUTION = "sla_resolution"
    SLA_DUE = "sla_due"
    OVERDUE = "overdue"
    SATISFACTION = "satisfaction"
    REOPENS = "reopens"
    CHANNEL = "channel"
    GROUP = "group"
    PRIORITY = "priority"
    SUBMITTED = "submitted"  # survey answer's date
    SCORE = "score"  # survey answer (Delighted's single score column)
    SURVEY_TYPE = "survey_type"


class SlaStyle(StrEnum):
    """How a tool writes whether its SLA was met."""

    NONE = "none"
    FLAG = "flag"  # Freshdesk: "Within SLA" / "SLA Violated"
    JIRA = "jira"  # time left against the goal, "-" when breached
    DIFF = "diff"  # Zammad: minutes to spare, >= 0 met
    DUE = "due"  # osTicket: closed before "SLA Due Date", else "Overdue"


@dataclass(frozen=True)
class Profile:
    tool: Tool
    kind: Kind
    signature: tuple[frozenset[str], ...]
    aliases: Mapping[Field, tuple[str, ...]]
    units: Mapping[Field, Unit] = field(default_factory=dict)
    naive: Naive = Naive.LOCAL
    sla: SlaStyle = SlaStyle.NONE
    day_first: bool = False


def _sig(*groups: str | tuple[str, ...]) -> tuple[frozenset[str], ...]:
    return tuple(frozenset([g] if isinstance(g, str) else g) for g in groups)


# Jira writes custom fields as "Custom field (Name)"; localised Jira translates both parts.
_JIRA_CUSTOM = re.compile(
    r"^(custom field|campo personalizado|benutzerdefiniertes feld|champ personnalisé|"
    r"champ personnalise)\s*\((.+)\)$"
)
_JIRA_CREATED = ("created", "creado", "creada", "erstellt", "création", "date de création")
_JIRA_RESOLVED = ("resolved", "resuelto", "resuelta", "erledigt", "gelöst", "résolu", "résolue")
_JIRA_KEY = ("issue key", "clave de incidencia", "clave", "schlüssel", "vorgangsschlüssel", "clé", "clé de ticket")  # fmt: skip
_JIRA_TYPE = ("issue type", "tipo de incidencia", "vorgangstyp", "type de ticket", "type de demande")  # fmt: skip
_JIRA_SUMMARY = ("summary", "resumen", "zusammenfassung", "résumé")
_JIRA_REPORTER = ("reporter", "informador", "autor", "rapporteur")
_JIRA_PRIORITY = ("priority", "prioridad", "priorität", "priorité")
_JIRA_FIRST_RESPONSE = (
    "custom field (time to first response)",
    "custom field (tiempo hasta la primera respuesta)",
    "custom field (zeit bis zur ersten antwort)",
    "custom field (délai de première réponse)",
    "custom field (temps de première réponse)",
)
_JIRA_RESOLUTION = (
    "custom field (time to resolution)",
    "custom field (tiempo de resolución)",
    "custom field (tiempo hasta la resolución)",
    "custom field (zeit bis zur lösung)",
    "custom field (délai de résolution)",
    "custom field (temps de résolution)",
)
_JIRA_SATISFACTION = (
    "satisfaction rating",
    "custom field (satisfaction)",
    "custom field (satisfacción)",
    "custom field (zufriedenheit)",
)
_JIRA_REQUEST_TYPE = (
    "custom field (request type)",
    "custom field (tipo de solicitud)",
    "custom field (anfragetyp)",
    "custom field (type de demande)",
)

PROFILES: tuple[Profile, ...] = (
    Profile(
        Tool.ZENDESK,
        Kind.TICKETS,
        _sig(
            "first reply time in minutes",
            ("full resolution time in minutes", "first resolution time in minutes"),
            "satisfaction score",
            "via",
            "reopens",
            "created at",
            ("requester", "requester email", "requester id"),
        ),
        {
            Field.ID: ("id", "ticket id"),
            Field.REQUESTER: ("requester email", "requester id", "requester"),
            Field.CREATED: ("created at",),
            Field.SOLVED_AT: ("solved at",),
            Field.FIRST_REPLY: ("first reply time in minutes",),
            Field.FIRST_REPLY_BUSINESS: ("first reply time in minutes within business hours",),
            Field.RESOLUTION: (
                "full resolution time in minutes",
                "first resolution time in minutes",
            ),
            Field.RESOLUTION_BUSINESS: (
                "full resolution time in minutes within business hours",
                "first resolution time in minutes within business hours",
            ),
            Field.SATISFACTION: ("satisfaction score",),
            Field.REOPENS: ("reopens",),
            Field.CHANNEL: ("via",),
            Field.GROUP: ("group",),
            Field.PRIORITY: ("priority",),
        },
        units={
            Field.FIRST_REPLY: Unit.MINUTES,
            Field.FIRST_REPLY_BUSINESS: Unit.MINUTES,
            Field.RESOLUTION: Unit.MINUTES,
            Field.RESOLUTION_BUSINESS: Unit.MINUTES,
        },
    ),
    Profile(
        Tool.FRESHDESK,
        Kind.TICKETS,
        _sig(
            "ticket id",
            "created time",
            "resolved time",
            "initial response time",
            "first response time (in hrs)",
            ("resolution status", "first response status"),
            "source",
        ),
        {
            Field.ID: ("ticket id",),
            Field.REQUESTER: ("email", "contact id", "requester email", "full name"),
            Field.CREATED: ("created time",),
            Field.FIRST_REPLY_AT: ("initial response time",),
            Field.FIRST_REPLY_BUSINESS: ("first response time (in hrs)",),
            Field.SOLVED_AT: ("resolved time", "closed time"),
            Field.RESOLUTION_BUSINESS: ("resolution time (in hrs)",),
            Field.SLA_FIRST_REPLY: ("first response status",),
            Field.SLA_RESOLUTION: ("resolution status",),
            Field.SATISFACTION: ("survey results", "survey result"),
            Field.CHANNEL: ("source",),
            Field.GROUP: ("group",),
            Field.PRIORITY: ("priority",),
        },
        units={Field.FIRST_REPLY_BUSINESS: Unit.HMS, Field.RESOLUTION_BUSINESS: Unit.HMS},
        sla=SlaStyle.FLAG,
    ),
    Profile(
        Tool.INTERCOM,
        Kind.TICKETS,
        _sig(
            "conversation id",
            "conversation started at",
            "first response time (seconds)",
            ("time to close (seconds)", "time to first close (seconds)"),
            "replies to close a conversation",
            ("team currently assigned", "teammate currently assigned"),
        ),
        {
            Field.ID: ("conversation id",),
            Field.REQUESTER: ("user email", "user id", "contact email", "user", "contact id"),
            Field.CREATED: ("conversation started at",),
            Field.FIRST_REPLY: ("first response time (seconds)",),
            Field.FIRST_REPLY_BUSINESS: (
                "first response time, only within office hours (seconds)",
            ),
            Field.RESOLUTION: ("time to close (seconds)", "time to first close (seconds)"),
            Field.RESOLUTION_BUSINESS: (
                "time to close, only within office hours (seconds)",
                "time to first close, only within office hours (seconds)",
            ),
            Field.SATISFACTION: ("conversation rating",),
            Field.CHANNEL: ("channel",),
            Field.GROUP: ("team currently assigned",),
        },
        units={
            Field.FIRST_REPLY: Unit.SECONDS,
            Field.FIRST_REPLY_BUSINESS: Unit.SECONDS,
            Field.RESOLUTION: Unit.SECONDS,
            Field.RESOLUTION_BUSINESS: Unit.SECONDS,
        },
        naive=Naive.HEADER,
    ),
    Profile(
        Tool.JIRA,
        Kind.TICKETS,
        _sig(
            _JIRA_KEY,
            _JIRA_TYPE,
            _JIRA_SUMMARY,
            _JIRA_CREATED,
            _JIRA_RESOLVED,
            _JIRA_FIRST_RESPONSE + _JIRA_RESOLUTION + _JIRA_REQUEST_TYPE,
        ),
        {
            Field.ID: (*_JIRA_KEY, "issue id"),
            Field.REQUESTER: (*_JIRA_REPORTER, "custom field (customer)"),
            Field.CREATED: _JIRA_CREATED,
            Field.SOLVED_AT: _JIRA_RESOLVED,
            Field.SLA_FIRST_REPLY: _JIRA_FIRST_RESPONSE,
            Field.SLA_RESOLUTION: _JIRA_RESOLUTION,
            Field.SATISFACTION: _JIRA_SATISFACTION,
            Field.GROUP: _JIRA_REQUEST_TYPE,
            Field.PRIORITY: _JIRA_PRIORITY,
        },
        sla=SlaStyle.JIRA,
        day_first=True,
    ),
    Profile(
        Tool.ZAMMAD,
        Kind.TICKETS,
        _sig(
            "number",
            "created at",
            "first response in min",
            "close in min",
            "create channel",
            ("first response diff in min", "close diff in min"),
        ),
        {
            Field.ID: ("number", "id"),
            Field.REQUESTER: ("customer", "customer email"),
            Field.CREATED: ("created at",),
            Field.FIRST_REPLY_AT: ("first response at",),
            Field.FIRST_REPLY_BUSINESS: ("first response in min",),
            Field.SOLVED_AT: ("closed at", "close at"),
            Field.RESOLUTION_BUSINESS: ("close in min",),
            Field.SLA_FIRST_REPLY: ("first response diff in min",),
            Field.SLA_RESOLUTION: ("close diff in min",),
            Field.CHANNEL: ("create channel",),
            Field.GROUP: ("group",),
            Field.PRIORITY: ("priority",),
        },
        units={Field.FIRST_REPLY_BUSINESS: Unit.MINUTES, Field.RESOLUTION_BUSINESS: Unit.MINUTES},
        sla=SlaStyle.DIFF,
    ),
    Profile(
        Tool.OSTICKET,
        Kind.TICKETS,
        _sig(
            "ticket number",
            "date created",
            "closed date",
            ("sla due date", "due date"),
            "overdue",
            "reopen count",
            ("department", "help topic"),
        ),
        {
            Field.ID: ("ticket number", "ticket id"),
            Field.REQUESTER: ("from email", "email", "from"),
            Field.CREATED: ("date created", "create date"),
            Field.SOLVED_AT: ("closed date", "date closed"),
            Field.SLA_DUE: ("sla due date", "due date"),
            Field.OVERDUE: ("overdue",),
            Field.REOPENS: ("reopen count",),
            Field.CHANNEL: ("source",),
            Field.GROUP: ("department", "team assigned"),
            Field.PRIORITY: ("priority",),
        },
        sla=SlaStyle.DUE,
    ),
    Profile(
        Tool.SURVEYMONKEY,
        Kind.SURVEY,
        _sig("respondent id", "collector id", "start date", "end date", "ip address"),
        {
            Field.ID: ("respondent id",),
            Field.REQUESTER: ("email address",),
            Field.SUBMITTED: ("end date", "start date"),
        },
    ),
    Profile(
        Tool.TYPEFORM,
        Kind.SURVEY,
        _sig("#", "start date (utc)", "submit date (utc)", ("network id", "response type")),
        {
            Field.ID: ("#", "token"),
            Field.SUBMITTED: ("submit date (utc)", "start date (utc)"),
        },
        naive=Naive.UTC,
    ),
    Profile(
        Tool.DELIGHTED,
        Kind.SURVEY,
        _sig("score", "created_at", ("survey_type", "permalink"), ("person", "person.id")),
        {
            Field.ID: ("id",),
            Field.REQUESTER: ("person.email", "person.id", "person"),
            Field.SUBMITTED: ("created_at",),
            Field.SCORE: ("score",),
            Field.SURVEY_TYPE: ("survey_type",),
        },
        naive=Naive.UNIX,
    ),
)
PROFILE_BY_TOOL = {profile.tool: profile for profile in PROFILES}
THRESHOLD = 0.5


def normalise(header: str) -> str:
    """Lower case, single spaces, NFC; Jira's localised "Custom field (...)" prefix unified."""
    text = " ".join(unicodedata.normalize("NFC", header).replace("\ufeff", "").split()).lower()
    match = _JIRA_CUSTOM.match(text)
    if match:
        text = f"custom field ({match.group(2).strip()})"
    return text


def _forms(header: str) -> tuple[str, ...]:
    """The header as written, and without a zone in brackets (Intercom's started-at column)."""
    base, zone = header_zone(header)
    return (normalise(header), normalise(base)) if zone else (normalise(header),)


@dataclass(frozen=True)
class Recognition:
    """Which tool wrote the file, how sure we are, and the column for each KPI input."""

    tool: Tool
    kind: Kind
    confidence: float
    headers: tuple[str, ...]
    mapping: Mapping[Field, str]
    zones: Mapping[Field, str] = field(default_factory=dict)
    units: Mapping[Field, Unit] = field(default_factory=dict)
    naive: Naive = Naive.LOCAL
    sla: SlaStyle = SlaStyle.NONE
    day_first: bool = False
    candidates: tuple[tuple[Tool, float], ...] = ()

    def index(self, name: Field) -> int | None:
        header = self.mapping.get(name)
        return None if header is None else self.headers.index(header)

    def to_json(self) -> dict[str, object]:
        return {
            "tool": self.tool.value,
            "kind": self.kind.value,
            "confidence": round(self.confidence, 3),
            "headers": list(self.headers),
            "mapping": {key.value: header for key, header in self.mapping.items()},
            "zones": {key.value: zone for key, zone in self.zones.items()},
        }


def _score(profile: Profile, present: set[str]) -> float:
    found = sum(1 for group in profile.signature if group & present)
    return found / len(profile.signature)


def _map(profile: Profile, headers: Sequence[str]) -> dict[Field, str]:
    by_form: dict[str, str] = {}
    for header in headers:
        for form in _forms(header):
            by_form.setdefault(form, header)
    mapping: dict[Field, str] = {}
    for name, candidates in profile.aliases.items():
        for candidate in candidates:
            if candidate in by_form:
                mapping[name] = by_form[candidate]
                break
    return mapping


def recognise(
    headers: Sequence[str],
    overrides: Mapping[str, str | None] | None = None,
    *,
    units: Mapping[str, str] | None = None,
    tool: str | None = None,
) -> Recognition:
    """Recognise the tool from ``headers``; ``overrides`` (input -> header, or None to unmap)
    replaces what was recognised, ``units`` sets a duration column's unit (for mapped files),
    and ``tool`` forces a profile."""
    headers = tuple(headers)
    present = {form for header in headers for form in _forms(header)}
    scores = sorted(
        ((profile.tool, _score(profile, present)) for profile in PROFILES),
        key=lambda item: -item[1],
    )
    chosen: Profile | None = None
    confidence = 0.0
    if tool:
        chosen = PROFILE_BY_TOOL.get(Tool(tool))
        confidence = dict(scores).get(Tool(tool), 1.0) if chosen else 1.0
    elif scores and scores[0][1] >= THRESHOLD:
        chosen = PROFILE_BY_TOOL[scores[0][0]]
        confidence = scores[0][1]
    mapping = _map(chosen, headers) if chosen else {}
    unit_map: dict[Field, Unit] = dict(chosen.units) if chosen else {}
    for key, header in (overrides or {}).items():
        name = Field(key)
        if header is None or header == "":
            mapping.pop(name, None)
            continue
        if header not in headers:
            raise ExportRefused(
                _("The file has no column “%(column)s”. Choose one of its columns."), column=header
            )
        mapping[name] = header
    for key, unit in (units or {}).items():
        unit_map[Field(key)] = Unit(unit)
    zones = {name: zone for name, header in mapping.items() if (zone := header_zone(header)[1])}
    if chosen:
        return Recognition(
            tool=chosen.tool,
            kind=chosen.kind,
            confidence=confidence,
            headers=headers,
            mapping=mapping,
            zones=zones,
            units=unit_map,
            naive=chosen.naive,
            sla=chosen.sla,
            day_first=chosen.day_first,
            candidates=tuple(scores),
        )
    if Field.CREATED in mapping:
        kind = Kind.TICKETS
    elif Field.SUBMITTED in mapping:
        kind = Kind.SURVEY
    else:
        kind = Kind.UNKNOWN
    sla = (
        SlaStyle.FLAG
        if {Field.SLA_FIRST_REPLY, Field.SLA_RESOLUTION} & set(mapping)
        else SlaStyle.NONE
    )
    return Recognition(
        tool=Tool.CUSTOM if kind is not Kind.UNKNOWN else Tool.UNKNOWN,
        kind=kind,
        confidence=1.0 if kind is not Kind.UNKNOWN else 0.0,
        headers=headers,
        mapping=mapping,
        zones=zones,
        units={name: unit_map.get(name, Unit.HOURS) for name in _DURATIONS} | unit_map,
        naive=Naive.HEADER if zones else Naive.LOCAL,
        sla=sla,
        candidates=tuple(scores),
    )


_DURATIONS = (
    Field.FIRST_REPLY,
    Field.FIRST_REPLY_BUSINESS,
    Field.RESOLUTION,
    Field.RESOLUTION_BUSINESS,
)
