"""Toolkit data for tests, made through the services so side effects (tasks) are real."""

from __future__ import annotations

from decimal import Decimal

from roadmap.toolkit.budget.services import (
    BudgetLineInput,
    BudgetRequestInput,
    budget_line_create,
    budget_request_create,
)
from roadmap.toolkit.challenges.services import ChallengeInput, challenge_create
from roadmap.toolkit.diagnostic.rules import SIGN_KEYS, SignInput
from roadmap.toolkit.diagnostic.services import diagnostic_create
from roadmap.toolkit.habits.rules import HABIT_KEYS
from roadmap.toolkit.introduction.services import introduction_save
from roadmap.toolkit.risk_checks.rules import RISK_KEYS

INTRODUCTION = (
    "I have led support teams for nine years, most recently at a software company "
    "where we cut the time to a first answer from two days to four hours. At work I care "
    "about clear priorities and honest feedback; outside it, about my family and long "
    "walks. I believe every customer contact is a chance to keep a customer, and that "
    "people do their best work when they know why it matters. I joined because this team "
    "already cares about customers, and I want to help it grow. I will spend my first weeks "
    "listening, so please tell me what works and what does not."
)


def signs(answer: str = "no", **overrides: str) -> list[SignInput]:
    """Five answers: ``answer`` for each sign unless overridden by key (dashes as underscores)."""
    result = []
    for key in SIGN_KEYS:
        value = overrides.get(key.replace("-", "_"), answer)
        evidence = "" if value == "no" else f"What shows {key}"
        result.append(SignInput(sign=key, answer=value, evidence=evidence, note=""))
    return result


def diagnostic_data(answer: str = "no", **overrides: str) -> dict[str, str]:
    """The diagnostic form's POST data."""
    data = {}
    for item in signs(answer, **overrides):
        data[f"{item.sign}-answer"] = item.answer
        data[f"{item.sign}-evidence"] = item.evidence
        data[f"{item.sign}-note"] = item.note
    return data


def make_diagnostic(world, answer: str = "no", on=None, **overrides: str):
    return diagnostic_create(
        plan=world.plan, user=world.manager, answers=signs(answer, **overrides), on=on
    )


def habits_data(answer: str = "yes", note: str = "") -> dict[str, str]:
    return {**dict.fromkeys(HABIT_KEYS, answer), "note": note}


def risk_data(rating: int = 2, **overrides: int) -> dict[str, str]:
    data = {}
    for key in RISK_KEYS:
        data[f"{key}-rating"] = str(overrides.get(key.replace("-", "_"), rating))
        data[f"{key}-note"] = ""
    return data


def risk_ratings(rating: int = 2, **overrides: int) -> dict[str, tuple[int, str]]:
    return {key: (overrides.get(key.replace("-", "_"), rating), "") for key in RISK_KEYS}


def challenge_input(**details) -> ChallengeInput:
    values = {
        "kind": "challenge",
        "title": "Refund tickets wait ten days",
        "evidence": "Median refund ticket age is 9.6 days (March export)",
        "source": "metric",
        **details,
    }
    return ChallengeInput(**values)


def make_challenge(world, plan=None, **details):
    return challenge_create(plan=plan or world.plan, data=challenge_input(**details))


def make_budget_line(world, plan=None, **details):
    values = {
        "category": "people",
        "label": "Two agents for the night shift",
        "amount": Decimal("48000"),
        "next_year_amount": Decimal("100000"),
        "assumption": "Ticket volume grows 10%",
        **details,
    }
    return budget_line_create(plan=plan or world.plan, data=BudgetLineInput(**values))


def make_budget_request(world, plan=None, **details):
    values = {
        "title": "A knowledge base",
        "category": "tools",
        "cost": Decimal("12000"),
        "monthly_benefit": Decimal("1500"),
        "benefit_basis": "Deflects 300 tickets a month at 5 each",
        **details,
    }
    return budget_request_create(plan=plan or world.plan, data=BudgetRequestInput(**values))


def publish_introduction(world, text: str = INTRODUCTION):
    return introduction_save(plan=world.plan, user=world.manager, text=text, publish=True)


def task_status(world, key: str) -> str:
    return world.plan.tasks.get(key=key).status
