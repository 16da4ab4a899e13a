"""Recognising the tool from the header, localised headers, zones, unknown files, overrides."""

from __future__ import annotations

import pytest

from metrics.support_data import (
    ExportRefused,
    Field,
    Kind,
    NeedsMapping,
    Options,
    Tool,
    inspect_export,
    read_tickets,
    recognise,
)
from metrics.support_data.values import Unit

from .helpers import FILES, csv_bytes, monday


@pytest.mark.parametrize(
    ("name", "tool"),
    [
        ("zendesk.csv", Tool.ZENDESK),
        ("freshdesk.csv", Tool.FRESHDESK),
        ("intercom.csv", Tool.INTERCOM),
        ("jira_en.csv", Tool.JIRA),
        ("jira_es.csv", Tool.JIRA),
        ("osticket.csv", Tool.OSTICKET),
        ("surveymonkey.csv", Tool.SURVEYMONKEY),
        ("typeform.csv", Tool.TYPEFORM),
    ],
)
def test_each_sample_is_recognised(name, tool):
    recognition = inspect_export(FILES / name)
    assert recognition.tool is tool
    assert recognition.confidence >= 0.5
    assert recognition.candidates[0][0] is tool


def test_zendesk_mapping_names_the_columns_for_each_input():
    recognition = inspect_export(FILES / "zendesk.csv")
    assert recognition.kind is Kind.TICKETS
    assert recognition.mapping[Field.CREATED] == "Created at"
    assert recognition.mapping[Field.FIRST_REPLY] == "First reply time in minutes"
    assert (
        recognition.mapping[Field.FIRST_REPLY_BUSINESS]
        == "First reply time in minutes within business hours"
    )
    assert recognition.mapping[Field.RESOLUTION] == "Full resolution time in minutes"
    assert recognition.mapping[Field.REQUESTER] == "Requester email"
    assert recognition.units[Field.FIRST_REPLY] is Unit.MINUTES
    assert recognition.to_json()["mapping"]["channel"] == "Via"  # type: ignore[index]


def test_intercom_zone_comes_from_the_header():
    recognition = inspect_export(FILES / "intercom.csv")
    assert recognition.mapping[Field.CREATED] == "Conversation started at (America/New_York)"
    assert recognition.zones[Field.CREATED] == "America/New_York"
    assert recognition.units[Field.FIRST_REPLY] is Unit.SECONDS


def test_intercom_header_in_another_zone():
    recognition = recognise(
        [
            "Conversation ID",
            "Conversation started at (Asia/Tehran)",
            "First response time (seconds)",
            "Time to close (seconds)",
        ]
    )
    assert recognition.tool is Tool.INTERCOM
    assert recognition.zones[Field.CREATED] == "Asia/Tehran"


@pytest.mark.parametrize(
    "headers",
    [
        # German
        [
            "Zusammenfassung", "Vorgangsschlüssel", "Vorgangstyp", "Priorität", "Autor",
            "Erstellt", "Erledigt", "Benutzerdefiniertes Feld (Zeit bis zur ersten Antwort)",
            "Benutzerdefiniertes Feld (Zeit bis zur Lösung)",
        ],
        # French
        [
            "Résumé", "Clé de ticket", "Type de ticket", "Priorité", "Rapporteur", "Création",
            "Résolue", "Champ personnalisé (Délai de première réponse)",
            "Champ personnalisé (Délai de résolution)",
        ],
        # Spanish
        [
            "Resumen", "Clave de incidencia", "Tipo de incidencia", "Prioridad", "Informador",
            "Creado", "Resuelta", "Campo personalizado (Tiempo hasta la primera respuesta)",
            "Campo personalizado (Tiempo de resolución)",
        ],
    ],
)  # fmt: skip
def test_localised_jira_headers(headers):
    recognition = recognise(headers)
    assert recognition.tool is Tool.JIRA
    assert recognition.mapping[Field.CREATED] == headers[5]
    assert recognition.mapping[Field.SOLVED_AT] == headers[6]
    assert recognition.mapping[Field.SLA_FIRST_REPLY] == headers[7]
    assert recognition.mapping[Field.SLA_RESOLUTION] == headers[8]
    assert recognition.mapping[Field.ID] == headers[1]
    assert recognition.mapping[Field.PRIORITY] == headers[3]


def test_unknown_file_lists_its_headers_for_a_mapping_screen():
    data = csv_bytes("Ref,Opened,Customer,Closed", "A1,2026-11-30 09:00,ann,2026-11-30 11:00")
    recognition = inspect_export(data)
    assert recognition.tool is Tool.UNKNOWN
    assert recognition.kind is Kind.UNKNOWN
    assert recognition.headers == ("Ref", "Opened", "Customer", "Closed")
    assert recognition.mapping == {}
    with pytest.raises(NeedsMapping) as refused:
        read_tickets(data)
    assert refused.value.recognition.headers == recognition.headers
    assert "Opened" in refused.value.message


def test_the_callers_mapping_makes_an_unknown_file_readable():
    data = csv_bytes(
        "Ref,Opened,Customer,Closed,Reply minutes",
        "A1,2026-11-30 09:00,ann,2026-11-30 11:00,30",
        "A2,2026-11-30 10:00,ann,2026-11-30 16:00,90",
    )
    result = read_tickets(
        data,
        Options(zone="UTC"),
        overrides={
            "id": "Ref",
            "created": "Opened",
            "solved_at": "Closed",
            "requester": "Customer",
            "first_reply": "Reply minutes",
        },
        units={"first_reply": "minutes"},
    )
    assert result.recognition.tool is Tool.CUSTOM
    values = result.weeks[0].values
    assert values["frt_median"] == pytest.approx(1)  # 30 and 90 minutes
    assert values["resolution_median"] == pytest.approx(4)  # 2 h and 6 h
    assert values["repeat_contact"] == 100
    assert result.weeks[0].week == monday(2026, 11, 30)


def test_an_override_replaces_or_removes_a_recognised_column():
    recognition = inspect_export(FILES / "zendesk.csv", {"requester": None, "group": "Priority"})
    assert recognition.tool is Tool.ZENDESK
    assert Field.REQUESTER not in recognition.mapping
    assert recognition.mapping[Field.GROUP] == "Priority"
    result = read_tickets(FILES / "zendesk.csv", overrides={"requester": None})
    assert "repeat_contact" in result.support.unsupported
    assert result.weeks[0].values["repeat_contact"] is None


def test_an_override_naming_a_missing_column_is_refused():
    with pytest.raises(ExportRefused, match="Opened at"):
        recognise(["Id", "Created at"], {"created": "Opened at"})
