"""CSV import (upload, map, preview, all-or-nothing) and export (never notes, no formulas)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from stakeholders import csv_io, services
from stakeholders.models import PendingImport, Stakeholder
from stakeholders.services import StakeholderFields

pytestmark = pytest.mark.django_db

HR_EXPORT = (
    "First name;Last name;E-mail;Department;Job title;Manager;Relationship;Power;Interest;Attitude;Tags\n"
    "Anna;Müller;anna@example.com;Support;Team lead;lena@example.com;employee;3;5;supporter;tier 1\n"
    "Lena;Petrova;lena@example.com;Support;Head of Support;;Employees;5;4;Champion;leads, EMEA\n"
    "Reza;Karimi;reza@example.com;Sales;Account manager;Lena Petrova;staff;2;2;skeptic;\n"
)


def url(plan, rest=""):
    return f"/plans/{plan.pk}/stakeholders/{rest}"


def upload(client, plan, content: bytes | str, name="people.csv"):
    data = content.encode() if isinstance(content, str) else content
    return client.post(url(plan, "import/"), {"file": SimpleUploadedFile(name, data)})


def mapping_of(page: str) -> dict[str, str]:
    """The column choices as the preview page shows them."""
    choices = {}
    for column, body in re.findall(r'<select name="(column_\d+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        choices[column] = chosen.group(1) if chosen else ""
    return choices


def start_import(client, plan, content, name="people.csv"):
    response = upload(client, plan, content, name)
    assert response.status_code == 302, response.content.decode()[:2000]
    preview = client.get(response["Location"])
    return response["Location"], preview


def test_an_hr_export_imports_after_preview(client_for, world):
    client = client_for(world.manager)
    preview_url, preview = start_import(client, world.plan, "\ufeff" + HR_EXPORT)
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "All 3 rows are ready to import." in page
    mapping = mapping_of(page)
    assert mapping == {
        "column_0": "first_name",
        "column_1": "last_name",
        "column_2": "email",
        "column_3": "organisation",
        "column_4": "title",
        "column_5": "reports_to",
        "column_6": "relationship",
        "column_7": "power",
        "column_8": "interest",
        "column_9": "attitude",
        "column_10": "tags",
    }
    assert not Stakeholder.objects.exists()  # nothing until confirmed

    response = client.post(preview_url, {**mapping, "action": "import"})

    assert response["Location"] == url(world.plan)
    anna = Stakeholder.objects.get(email="anna@example.com")
    lena = Stakeholder.objects.get(email="lena@example.com")
    reza = Stakeholder.objects.get(email="reza@example.com")
    assert anna.name == "Anna Müller" and anna.organisation == "Support"
    assert (anna.power, anna.interest, anna.attitude) == (3, 5, "supporter")
    assert anna.reports_to == lena and reza.reports_to == lena
    assert lena.relationship == "employee" and reza.attitude == "sceptic"
    assert sorted(t.name for t in lena.tags.all()) == ["EMEA", "leads"]
    assert not PendingImport.objects.exists()
    follow = client.get(url(world.plan)).content.decode()
    assert "Imported 3 people into the register." in follow


def test_changing_the_mapping_rechecks_with_htmx(client_for, world):
    client = client_for(world.manager)
    preview_url, preview = start_import(client, world.plan, HR_EXPORT)
    mapping = {**mapping_of(preview.content.decode()), "column_0": "", "column_1": ""}
    response = client.post(
        preview_url, {**mapping, "action": "check"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert html.lstrip().startswith('<section id="import-check"')
    assert "Choose the column that holds the name" in html
    assert PendingImport.objects.get().mapping.get("0") is None


@pytest.mark.parametrize(
    ("content", "problems"),
    [
        (
            "Name,Email,Power\nAnn,ann@example.com,7\nBob,bob@example.com,4\n",
            ["Line 2, Power/influence: “7” is not a whole number from 1 to 5."],
        ),
        (
            "Name,Email\nAnn,ann@example.com\nAnnie,ANN@example.com\n",
            ["Line 3: ann@example.com also appears on line 2."],
        ),
        (
            'Name,Email\n"=HYPERLINK(""http://evil.example"",""x"")",ann@example.com\n',
            [
                "Line 2, Name: “=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)” starts with “=”"
            ],
        ),
        (
            "Name,Email,Title\nAnn,ann@example.com\n",
            ["Line 2 has 2 cells, but the header has 3 columns."],
        ),
        (
            "Name,Email\nAnn,not-an-email\n,\n\nBob,bob@example.com\n",
            ["Line 2: “not-an-email” is not a valid e-mail address."],
        ),
        (
            "Name,Attitude,Relationship\nAnn,hostile,friend\n",
            [
                "Line 2, Attitude: “hostile” is not one of the choices",
                "Line 2, Relationship: “friend” is not one of the choices",
            ],
        ),
        (
            "Name,Reports to\nAnn,nobody@example.com\nBob,Bob\n",
            [
                "Line 2, reports to: nobody with the e-mail nobody@example.com",
                "Line 3, reports to: nobody can report to themself.",
            ],
        ),
        (
            "Name,Email,Manager\nAnn,ann@example.com,bob@example.com\nBob,bob@example.com,ann@example.com\n",
            ["Line 2, reports to: this makes a circle"],
        ),
    ],
)
def test_bad_rows_are_listed_by_line_and_nothing_is_imported(client_for, world, content, problems):
    client = client_for(world.manager)
    preview_url, preview = start_import(client, world.plan, content)
    page = preview.content.decode()
    for problem in problems:
        assert problem in page
    assert "nothing can be imported yet" in page
    assert 'value="import"' not in page  # no import button

    response = client.post(preview_url, {**mapping_of(page), "action": "import"})

    assert response.status_code == 422
    for problem in problems:
        assert problem in response.content.decode()
    assert not Stakeholder.objects.exists()


def test_an_email_already_in_the_register_is_named_with_its_line(client_for, world):
    services.stakeholder_create(
        plan=world.plan, fields=StakeholderFields(name="Ann Existing", email="ann@example.com")
    )
    client = client_for(world.manager)
    _url, preview = start_import(
        client, world.plan, "Name,Email\nBob,bob@example.com\nAnn,Ann@Example.com\n"
    )
    assert (
        "Line 3: ann@example.com is already in the register (Ann Existing)."
        in preview.content.decode()
    )


def test_a_row_added_elsewhere_meanwhile_blocks_the_whole_import(client_for, world):
    client = client_for(world.manager)
    preview_url, preview = start_import(
        client, world.plan, "Name,Email\nAnn,ann@example.com\nBob,bob@example.com\n"
    )
    mapping = mapping_of(preview.content.decode())
    services.stakeholder_create(
        plan=world.plan, fields=StakeholderFields(name="Bob", email="bob@example.com")
    )
    response = client.post(preview_url, {**mapping, "action": "import"})
    assert response.status_code == 422
    assert "Line 3: bob@example.com is already in the register (Bob)." in response.content.decode()
    assert list(Stakeholder.objects.values_list("name", flat=True)) == ["Bob"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"\n\n", "The file is empty."),
        (b"Name,Email\n", "The file has a header line but no people under it."),
        (b"PK\x03\x04\x00\x00binary", "This looks like a spreadsheet or another binary file"),
        (b'Name\n"Ann\n', "Line 2 cannot be read as CSV"),
        (b"Name\n\x81\x8d\x8f\x90\n", "This file is not UTF-8 text"),
    ],
)
def test_unreadable_files_are_refused_with_a_clear_message(client_for, world, content, message):
    response = upload(client_for(world.manager), world.plan, content)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not PendingImport.objects.exists()


def test_a_5_mb_file_is_refused_without_being_stored(client_for, world):
    big = b"Name,Email\n" + b"Ann,ann@example.com\n" * (5 * 1024 * 1024 // 20)
    response = upload(client_for(world.manager), world.plan, big)
    assert response.status_code == 422
    assert "larger than 2 MB" in response.content.decode()
    assert not PendingImport.objects.exists()


def test_too_many_rows_are_refused(client_for, world):
    rows = "".join(f"P{i}\n" for i in range(csv_io.MAX_ROWS + 1))
    response = upload(client_for(world.manager), world.plan, "Name\n" + rows)
    assert response.status_code == 422
    assert "more than 5,000 rows" in response.content.decode()


def test_a_windows_1252_file_is_read_and_flagged(client_for, world):
    client = client_for(world.manager)
    _url, preview = start_import(
        client, world.plan, "Name,Email\nRenée,renee@example.com\n".encode("cp1252")
    )
    page = preview.content.decode()
    assert "Renée" in page
    assert "it was read as Windows-1252" in page


def test_utf16_and_tab_separated_files_are_read(client_for, world):
    client = client_for(world.manager)
    content = "Name\tEmail\nМария Иванова\tmaria@example.com\n".encode("utf-16")
    preview_url, preview = start_import(client, world.plan, content)
    page = preview.content.decode()
    assert "Мария Иванова" in page
    client.post(preview_url, {**mapping_of(page), "action": "import"})
    assert Stakeholder.objects.get().name == "Мария Иванова"


def test_a_discarded_upload_imports_nothing(client_for, world):
    client = client_for(world.manager)
    _url, _preview = start_import(client, world.plan, "Name\nAnn\n")
    pending = PendingImport.objects.get()
    response = client.post(url(world.plan, f"import/{pending.pk}/cancel/"))
    assert response["Location"] == url(world.plan)
    assert not PendingImport.objects.exists() and not Stakeholder.objects.exists()


def test_confirming_twice_imports_once(client_for, world):
    client = client_for(world.manager)
    preview_url, preview = start_import(client, world.plan, "Name\nAnn\n")
    mapping = mapping_of(preview.content.decode())
    client.post(preview_url, {**mapping, "action": "import"})
    second = client.post(preview_url, {**mapping, "action": "import"})
    assert second.status_code == 404
    assert Stakeholder.objects.count() == 1


def test_another_plans_upload_is_not_found(client_for, world):
    pending = services.import_upload(
        plan=world.other_plan,
        user=world.other_manager,
        upload=SimpleUploadedFile("x.csv", b"Name\nAnn\n"),
    )
    client = client_for(world.manager)
    assert client.get(url(world.plan, f"import/{pending.pk}/")).status_code == 404
    assert client.post(url(world.plan, f"import/{pending.pk}/cancel/")).status_code == 404
    assert PendingImport.objects.filter(pk=pending.pk).exists()


def test_the_column_guess_and_checks_are_pure():
    assert csv_io.guess_mapping(["Full Name", "E-Mail Address", "Company", "Power", "Power"]) == {
        "0": "name",
        "1": "email",
        "2": "organisation",
        "3": "power",
    }
    assert "Two columns are both set" in csv_io.check_mapping({"0": "name", "1": "name"}, 2)[0]
    assert csv_io.check_mapping({"0": "name"}, 1) == []
    assert csv_io.check_mapping({"7": "name"}, 1)  # a column the file does not have


# --- Export --------------------------------------------------------------------------


def test_export_neutralises_formulas_and_never_contains_notes(client_for, world):
    boss = services.stakeholder_create(
        plan=world.plan, fields=StakeholderFields(name="Boss", email="boss@example.com")
    )
    evil = services.stakeholder_create(
        plan=world.plan,
        fields=StakeholderFields(
            name='=HYPERLINK("http://evil.example","Click")',
            title="+1 555 0100",
            organisation="-Ops",
            influence_note="@admin decides",
            assessment_shared=True,  # the executive's export has it too
            email="evil@example.com",
            power=5,
            interest=2,
            attitude="blocker",
            reports_to=boss,
            influences=[boss],
            tags=["=cmd"],
        ),
    )
    services.interaction_create(
        stakeholder=evil,
        kind="interview",
        date=dt.date(2026, 1, 3),
        notes="SECRET NOTE",
        answers={"partners_and_others.drivers": "SECRET ANSWER"},
        follow_ups=["SECRET FOLLOW-UP"],
    )
    for user in (world.manager, world.executive):
        response = client_for(user).get(url(world.plan, "export.csv"))
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith("attachment;")
        text = response.content.decode("utf-8")
        assert text.startswith("\ufeff")
        assert "SECRET" not in text
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
        row = next(r for r in rows if "HYPERLINK" in r["name"])
        assert row["name"] == '\'=HYPERLINK("http://evil.example","Click")'
        assert row["title"] == "'+1 555 0100"
        assert row["organisation"] == "'-Ops"
        assert row["who_decides"] == "'@admin decides"
        assert row["tags"] == "'=cmd"
        assert (row["power"], row["attitude"], row["quadrant"]) == (
            "5",
            "blocker",
            "keep_satisfied",
        )
        assert row["reports_to"] == "boss@example.com" and row["influences"] == "boss@example.com"
        assert row["last_contact"] == "2026-01-03"
        for cell in (c for r in rows for c in r.values()):
            assert not cell or cell[0] not in "=+-@"


def test_export_follows_the_lists_filters(client_for, world):
    for name, relationship in (("Cara Customer", "customer"), ("Sam Supplier", "supplier")):
        services.stakeholder_create(
            plan=world.plan, fields=StakeholderFields(name=name, relationship=relationship)
        )
    text = client_for(world.manager).get(url(world.plan, "export.csv?relationship=customer"))
    body = text.content.decode()
    assert "Cara Customer" in body and "Sam Supplier" not in body


def test_an_export_imports_again_unchanged(client_for, world):
    services.stakeholder_create(
        plan=world.plan,
        fields=StakeholderFields(
            name="Lena Petrova",
            email="lena@example.com",
            relationship="board",
            scope="external",
            kind="group",
            power=5,
            interest=3,
            attitude="champion",
            cadence_days=14,
            tags=["board", "EMEA"],
            influence_note="Chairs the audit committee",
        ),
    )
    client = client_for(world.manager)
    exported = client.get(url(world.plan, "export.csv")).content
    Stakeholder.objects.all().delete()
    preview_url, preview = start_import(client, world.plan, exported)
    page = preview.content.decode()
    assert "All 1 rows are ready to import." in page or "1 row is ready to import." in page
    client.post(preview_url, {**mapping_of(page), "action": "import"})
    lena = Stakeholder.objects.get()
    assert (lena.relationship, lena.scope, lena.kind, lena.power, lena.interest) == (
        "board",
        "external",
        "group",
        5,
        3,
    )
    assert (lena.attitude, lena.cadence_days, lena.influence_note) == (
        "champion",
        14,
        "Chairs the audit committee",
    )
    assert sorted(t.name for t in lena.tags.all()) == ["EMEA", "board"]


@pytest.mark.parametrize(("language", "limit"), [("en", "5,000 rows"), ("fa", "۵٬۰۰۰ سطر")])
def test_the_upload_page_writes_its_row_limit_in_the_readers_digits(
    client_for, world, language, limit
):
    world.manager.language = language
    world.manager.save(update_fields=["language"])
    page = client_for(world.manager).get(f"/plans/{world.plan.pk}/stakeholders/import/")
    text = page.content.decode()
    assert limit in text and "5000" not in text
