"""Stakeholders for tests: one at a time, or hundreds in bulk."""

from __future__ import annotations

import datetime as dt

import factory

from stakeholders import rules
from stakeholders.models import Attitude, Interaction, Relationship, Stakeholder


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stakeholder
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Person {n}")
    title = "Head of Sales"
    organisation = "Sales"
    relationship = Relationship.EMPLOYEE
    email = factory.Sequence(lambda n: f"person{n}@example.com")


def bulk_stakeholders(plan, count: int, *, start: int = 0) -> list[Stakeholder]:
    """``count`` assessed, tagged stakeholders with some contact history."""
    attitudes = Attitude.values
    relationships = Relationship.values
    people = Stakeholder.objects.bulk_create(
        Stakeholder(
            plan=plan,
            name=f"Bulk person {i:04d}",
            title="Team lead",
            organisation=f"Dept {i % 7}",
            relationship=relationships[i % len(relationships)],
            email=f"bulk{i}@example.com",
            power=(i % 5) + 1,
            interest=((i * 3) % 5) + 1,
            attitude=attitudes[i % len(attitudes)] if i % 6 else "",
            cadence_days=30 if i % 2 else None,
            last_contact_on=dt.date(2026, 2, 1) if i % 3 else None,
            contact_due_on=(
                rules.contact_due(dt.date(2026, 2, 1), 30) if i % 3 and i % 2 else None
            ),
        )
        for i in range(start, start + count)
    )
    from stakeholders.models import Tag

    tags = [Tag.objects.get_or_create(plan=plan, name=name)[0] for name in ("EMEA", "budget")]
    Through = Stakeholder.tags.through
    Through.objects.bulk_create(
        Through(stakeholder_id=p.pk, tag_id=tags[i % 2].pk) for i, p in enumerate(people)
    )
    Interaction.objects.bulk_create(
        Interaction(plan=plan, stakeholder=p, kind="meeting", date=dt.date(2026, 2, 1))
        for i, p in enumerate(people)
        if i % 3
    )
    return people
