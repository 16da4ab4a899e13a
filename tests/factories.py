"""Factories and a small world of plans and people for tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

import factory

from onboarding.models import Membership, Plan, Role, User
from roadmap.models import Task
from roadmap.services import plan_create

PASSWORD = "correct horse battery staple"


class _UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    first_name = factory.Faker("first_name")
    password = factory.django.Password(PASSWORD)


def UserFactory(**fields: Any) -> User:
    """A saved user, typed as the model (factory_boy's call is typed as the factory)."""
    return cast(User, _UserFactory(**fields))


def make_plan(
    manager: User,
    *,
    start_date: dt.date = dt.date(2026, 3, 1),
    timezone_name: str = "UTC",
    language: str = "en",
    title: str = "First 100 days",
) -> Plan:
    return plan_create(
        user=manager,
        organisation_name="Acme",
        title=title,
        start_date=start_date,
        timezone_name=timezone_name,
        language=language,
    )


@dataclass
class World:
    plan: Plan
    manager: User
    executive: User
    member: User
    other_plan: Plan
    other_manager: User

    def user(self, role: str) -> User | None:
        return {
            "manager": self.manager,
            "executive": self.executive,
            "member": self.member,
            "other_manager": self.other_manager,
            "anonymous": None,
        }[role]


def make_world(**plan_kwargs) -> World:
    manager = UserFactory(username="manager")
    executive = UserFactory(username="executive")
    member = UserFactory(username="member")
    other_manager = UserFactory(username="other")
    plan = make_plan(manager, **plan_kwargs)
    Membership.objects.create(plan=plan, user=executive, role=Role.EXECUTIVE)
    Membership.objects.create(plan=plan, user=member, role=Role.MEMBER)
    other_plan = make_plan(other_manager, title="Someone else's plan")
    return World(plan, manager, executive, member, other_plan, other_manager)


# A fixed first working day, and noon UTC on one of the plan's days (for time_machine).
START = dt.date(2026, 3, 1)


def at_noon_utc(day: int) -> dt.datetime:
    return dt.datetime.combine(START + dt.timedelta(days=day), dt.time(12), tzinfo=dt.UTC)


def resize(plan, count: int) -> None:
    """Give the plan exactly ``count`` tasks, spread over its phases."""
    tasks = list(plan.tasks.order_by("pk"))
    if count <= len(tasks):
        Task.objects.filter(pk__in=[t.pk for t in tasks[count:]]).delete()
        return
    phases = list(plan.phases.all())
    Task.objects.bulk_create(
        Task(
            plan=plan,
            phase=phases[i % len(phases)],
            title=f"Extra task {i}",
            start_day=phases[i % len(phases)].start_day,
            end_day=phases[i % len(phases)].end_day,
            owner_id=plan.created_by_id if i % 2 else None,
        )
        for i in range(count - len(tasks))
    )
