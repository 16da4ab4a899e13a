"""Budget and ROI: money rules, payback, totals, the CSV export, stale edits."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from roadmap.toolkit.budget.rules import first_year_return, payback_months
from roadmap.toolkit.budget.selectors import budget_page
from roadmap.toolkit.budget.services import (
    BudgetLineInput,
    BudgetRequestInput,
    budget_line_update,
    budget_request_create,
)
from roadmap.toolkit.models import BudgetLine, BudgetRequest
from tests.toolkit.helpers import make_budget_line, make_budget_request

pytestmark = pytest.mark.django_db

LINE = {"category": "tools", "label": "Help-desk licences", "amount": "9600"}
REQUEST = {
    "title": "QA tool",
    "category": "tools",
    "cost": "6000",
    "monthly_benefit": "800",
    "benefit_basis": "Ten review hours a week saved",
}
# The add form shares the budget page with the line form: its fields carry a prefix.
ADD_REQUEST = {f"request-{name}": value for name, value in REQUEST.items()}


def url(world, rest=""):
    return f"/plans/{world.plan.pk}/toolkit/budget/{rest}"


def test_payback_and_return_are_computed():
    assert payback_months(Decimal("12000"), Decimal("1500")) == Decimal("8.0")
    assert payback_months(Decimal("1000"), Decimal("300")) == Decimal("3.3")
    assert first_year_return(Decimal("12000"), Decimal("1500")) == Decimal("50")
    assert first_year_return(Decimal("12000"), Decimal("500")) == Decimal("-50")
    with pytest.raises(ValueError):
        payback_months(Decimal("100"), Decimal("0"))


@pytest.mark.parametrize(
    ("cost", "benefit", "field", "message"),
    [
        ("-5", "100", "cost", "A cost cannot be negative."),
        ("0", "100", "cost", "costs nothing needs no budget"),
        ("100", "0", "monthly_benefit", "A payback needs a benefit"),
        ("100", "-3", "monthly_benefit", "A payback needs a benefit"),
    ],
)
def test_an_roi_case_needs_a_cost_and_a_benefit(client_for, world, cost, benefit, field, message):
    response = client_for(world.manager).post(
        url(world, "requests/add/"),
        {**ADD_REQUEST, "request-cost": cost, "request-monthly_benefit": benefit},
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not BudgetRequest.objects.exists()
    with pytest.raises(ValidationError) as error:
        budget_request_create(
            plan=world.plan,
            data=BudgetRequestInput(
                title="X",
                category="tools",
                cost=Decimal(cost),
                monthly_benefit=Decimal(benefit),
                benefit_basis="Y",
            ),
        )
    assert field in error.value.message_dict


@pytest.mark.parametrize("amount", ["-1", "-0.01"])
def test_negative_amounts_are_errors(client_for, world, amount):
    response = client_for(world.manager).post(url(world, "lines/add/"), {**LINE, "amount": amount})
    assert response.status_code == 422
    assert "An amount cannot be negative." in response.content.decode()
    response = client_for(world.manager).post(
        url(world, "lines/add/"), {**LINE, "next_year_amount": amount}
    )
    assert response.status_code == 422
    assert not BudgetLine.objects.exists()


@pytest.mark.parametrize("language", ["en", "ru", "fa"])
@pytest.mark.parametrize("amount", ["10.555", "123456789012345"])
def test_too_many_decimals_or_digits_is_a_clear_error_in_every_language(
    client_for, world, language, amount
):
    """Django words these errors with a plural chosen by their number; written in the
    reader's digits it was text, and Russian and Persian pages answered 500."""
    world.manager.language = language
    world.manager.save(update_fields=["language"])
    response = client_for(world.manager).post(url(world, "lines/add/"), {**LINE, "amount": amount})
    assert response.status_code == 422
    assert not BudgetLine.objects.exists()


def test_a_line_needs_an_amount_but_zero_is_fine(client_for, world):
    client = client_for(world.manager)
    response = client.post(url(world, "lines/add/"), {**LINE, "amount": ""})
    assert response.status_code == 422
    assert "Enter an amount (0 if there is none)." in response.content.decode()
    assert client.post(url(world, "lines/add/"), {**LINE, "amount": "0"}).status_code == 302


@pytest.mark.parametrize("value", ["NaN", "1e309", "12,5", "abc"])
def test_odd_numbers_are_refused_not_crashed(client_for, world, value):
    response = client_for(world.manager).post(url(world, "lines/add/"), {**LINE, "amount": value})
    assert response.status_code == 422


def test_totals_by_category_in_order(world):
    make_budget_line(world, category="tools", label="Licences", amount=Decimal("100"))
    make_budget_line(world, category="people", label="Agents", amount=Decimal("1000"))
    make_budget_line(
        world, category="people", label="Bonus", amount=Decimal("50"), next_year_amount=None
    )
    page = budget_page(world.plan)
    assert [group.category for group in page.groups] == ["people", "tools"]
    assert page.groups[0].total == Decimal("1050")
    assert page.total == Decimal("1150")
    assert page.next_year_total == Decimal("200000")
    assert [line.label for line in page.missing_next_year] == ["Bonus"]


def test_the_page_shows_the_payback(client_for, world):
    make_budget_request(world)
    page = client_for(world.executive).get(url(world)).content.decode()
    assert "8 months" in page
    assert "50%" in page
    assert "data-print" in page
    assert "css/toolkit.css" in page


def test_the_csv_export_neutralises_formulas_keeps_numbers_and_has_translated_headers(
    client_for, world
):
    make_budget_line(world, label='=HYPERLINK("http://evil")', assumption="+1 agent")
    make_budget_request(world, title="@SUM(A1)", benefit_basis="-2 contacts a day")
    # Pays back in 24 months: a negative first-year return, still a number.
    make_budget_request(
        world, title="A second team", cost=Decimal("12000"), monthly_benefit=Decimal("500")
    )
    response = client_for(world.executive).get(url(world, "export.csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="budget-')
    assert response["Cache-Control"] == "private, no-store"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:4] == [
        "Section",
        "Category",
        "Line or request",
        "Rest of this fiscal year (EUR)",
    ]
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://evil")' in cells
    assert "'+1 agent" in cells
    assert "'@SUM(A1)" in cells
    assert "'-2 contacts a day" in cells
    assert not any(cell.lstrip().startswith(("=", "+", "@")) for cell in cells)
    request_row = next(row for row in rows if row[2] == "'@SUM(A1)")
    assert request_row[6:10] == ["12000.00", "1500.00", "8.0", "50"]
    losing = next(row for row in rows if row[2] == "A second team")
    assert losing[6:10] == ["12000.00", "500.00", "24.0", "-50"]
    total = next(row for row in rows if row[1] == "Total")
    assert total[3] == "48000.00"


def test_a_stale_line_edit_answers_409_with_the_users_input(client_for, world):
    line = make_budget_line(world)
    budget_line_update(
        line=line,
        data=BudgetLineInput(category="people", label="Changed", amount=Decimal("1")),
    )
    response = client_for(world.manager).post(
        url(world, f"lines/{line.pk}/edit/"), {**LINE, "label": "Mine", "version": 1}
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone saved this after you opened it." in page
    assert "Changed" in page and 'value="Mine"' in page
    assert 'name="version" value="2"' in page
    assert BudgetLine.objects.get(pk=line.pk).label == "Changed"
    # Saving again, deliberately, with the fresh version wins.
    again = client_for(world.manager).post(
        url(world, f"lines/{line.pk}/edit/"), {**LINE, "label": "Mine", "version": 2}
    )
    assert again.status_code == 302
    assert BudgetLine.objects.get(pk=line.pk).label == "Mine"


def test_a_stale_request_edit_answers_409(client_for, world):
    budget_request = make_budget_request(world)
    BudgetRequest.objects.filter(pk=budget_request.pk).update(version=5)
    response = client_for(world.manager).post(
        url(world, f"requests/{budget_request.pk}/edit/"), {**REQUEST, "version": 1}
    )
    assert response.status_code == 409


def test_another_plans_lines_are_not_found(client_for, world):
    theirs = make_budget_line(world, plan=world.other_plan)
    client = client_for(world.manager)
    assert client.get(url(world, f"lines/{theirs.pk}/edit/")).status_code == 404
    assert client.post(url(world, f"lines/{theirs.pk}/delete/")).status_code == 404
    assert BudgetLine.objects.filter(pk=theirs.pk).exists()
    assert "Two agents" not in client.get(url(world)).content.decode()


def test_amounts_name_the_plans_currency(client_for, world):
    world.plan.currency = "IRR"
    world.plan.save()
    make_budget_line(world, label="Twelve agents")
    page = client_for(world.manager).get(url(world, "")).content.decode()
    assert "All amounts are in IRR." in page
    assert f'href="/plans/{world.plan.pk}/settings/"' in page  # the manager may change it
    export = client_for(world.executive).get(url(world, "export.csv")).content.decode()
    assert "Cost (IRR)" in export.splitlines()[0]
    executive_page = client_for(world.executive).get(url(world, "")).content.decode()
    assert "Change the currency" not in executive_page
