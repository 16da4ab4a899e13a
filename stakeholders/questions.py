"""The key questions of the listening tour, per relationship group.

Great service rests on three relationships: customers, employees, and
partners with every other stakeholder. An interview offers the questions of
the stakeholder's group; each answer is stored with the question's key, so
the keys below must never change (reword the text freely, add new keys,
and retire old ones by leaving them in ``RETIRED``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise, StrPromise


@dataclass(frozen=True)
class Question:
    key: str
    text: StrOrPromise
    group_key: str


@dataclass(frozen=True)
class QuestionGroup:
    key: str
    label: StrOrPromise
    intro: StrOrPromise
    questions: tuple[Question, ...]


def _group(
    key: str, label: StrPromise, intro: StrPromise, items: list[tuple[str, StrPromise]]
) -> QuestionGroup:
    return QuestionGroup(
        key=key,
        label=label,
        intro=intro,
        questions=tuple(Question(f"{key}.{slug}", text, key) for slug, text in items),
    )


CUSTOMERS = _group(
    "customers",
    _("Customers"),
    _("Distance from customers grows with every layer of hierarchy; these questions close it."),
    [
        ("struggles", _("Where do our customers struggle, and where do they most need our help?")),
        (
            "openness",
            _(
                "What would make customers comfortable telling us honestly how their experience went?"
            ),
        ),
        ("channels", _("Through which channels do we have the best chance of reaching them?")),
        (
            "closeness",
            _("How close do leaders here stay to customers, despite the layers between?"),
        ),
    ],
)

EMPLOYEES = _group(
    "employees",
    _("Employees"),
    _("How the team sees the vision, its work, its tools and each other."),
    [
        ("vision", _("Do people understand the overall vision, and do they stand behind it?")),
        ("friction", _("Where do people feel stretched, frustrated or short of support?")),
        (
            "clarity",
            _(
                "Does everyone know clearly what is asked of them, and have the tools to deliver it?"
            ),
        ),
        ("help", _("Do people know whom to ask for help, and how to back each other up?")),
        (
            "islands",
            _(
                "How well do teams talk to their managers and to other departments, "
                "or is each one an island?"
            ),
        ),
    ],
)

PARTNERS_AND_OTHERS = _group(
    "partners_and_others",
    _("Partners and other stakeholders"),
    _(
        "Anyone invested in the outcome, not only financially: board members, suppliers, "
        "partner businesses, community groups."
    ),
    [
        ("we_rely_on", _("Which stakeholders do we depend on to serve our customers?")),
        ("rely_on_us", _("Who depends on us to get their own work done?")),
        ("invest", _("With whom is a stronger relationship worth the investment?")),
        ("drivers", _("What drives this group: what matters most to them, and why?")),
    ],
)

GROUPS: tuple[QuestionGroup, ...] = (CUSTOMERS, EMPLOYEES, PARTNERS_AND_OTHERS)
GROUPS_BY_KEY = {group.key: group for group in GROUPS}
QUESTIONS: dict[str, Question] = {q.key: q for group in GROUPS for q in group.questions}

# Keys no longer asked whose old answers should still show with their wording.
RETIRED: dict[str, Question] = {}

# Relationship values (``models.Relationship``) -> question group.
GROUP_FOR_RELATIONSHIP = {"customer": "customers", "employee": "employees"}


def group_for(relationship: str) -> QuestionGroup:
    """Customers and employees have their own questions; everyone else shares one set."""
    return GROUPS_BY_KEY[GROUP_FOR_RELATIONSHIP.get(relationship, PARTNERS_AND_OTHERS.key)]


def question(key: str) -> Question | None:
    return QUESTIONS.get(key) or RETIRED.get(key)
