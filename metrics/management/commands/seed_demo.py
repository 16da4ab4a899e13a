import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from metrics.pulse.services import pulse_open
from metrics.services import measurement_record, metric_add, metric_set_goals
from onboarding.models import Membership, Plan, Role, User
from roadmap.models import Task, TaskStatus
from roadmap.quick_wins.services import (
    milestone_add,
    quick_win_create,
    quick_win_set_progress,
    quick_win_set_status,
)
from roadmap.services import plan_create
from stakeholders.services import StakeholderFields, interaction_create, stakeholder_create

DEMO_PASSWORD = "first100"  # noqa: S105 -- demo only; refused without DEBUG
DEMO_DAY = 12
DEMO_USERS = [
    ("manager", "Maryam", "Karimi", Role.MANAGER),
    ("executive", "Elena", "Sokolova", Role.EXECUTIVE),
    ("member", "Tom", "Baker", Role.MEMBER),
]


class Command(BaseCommand):
    help = "Create the demo organisation, plan and users (only with DEBUG on)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Allow without DEBUG (tests, bench)."
        )

    @transaction.atomic
    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        if not (settings.DEBUG or force):
            raise CommandError(
                "Demo users have a public password; they are created only with DEBUG on."
            )
        users: dict[str, User] = {}
        for username, first, last, _role in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.com",
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            users[username] = user
        plan = Plan.objects.filter(
            memberships__user=users["manager"], title__startswith="Demo:"
        ).first()
        if plan is None:
            plan = self._create_plan(users)
        day = plan.day_number(plan.local_today())
        self.stdout.write(f"Demo plan #{plan.pk} “{plan.title}” is on day {day}.")
        self.stdout.write(f"Sign in as manager, executive or member with password {DEMO_PASSWORD}.")

    def _create_plan(self, users: dict[str, User]) -> Plan:
        manager = users["manager"]
        plan = plan_create(
            user=manager,
            organisation_name="Northwind Traders",
            title="Demo: Maryam's first 100 days",
            start_date=dt.date.today(),
            timezone_name="Europe/Berlin",
            language="en",
        )
        plan.start_date = plan.local_today() - dt.timedelta(days=DEMO_DAY)
        plan.save(update_fields=["start_date"])
        for username, _first, _last, role in DEMO_USERS[1:]:
            Membership.objects.create(plan=plan, user=users[username], role=role)
        tasks = Task.objects.filter(plan=plan)
        # Most of the preparation is done; one task slipped, one is under way.
        tasks.filter(end_day__lt=DEMO_DAY).exclude(key="prepare-learn-strategy").update(
            status=TaskStatus.DONE, completed_at=timezone.now()
        )
        first_open = tasks.filter(start_day__lte=DEMO_DAY, end_day__gte=DEMO_DAY).first()
        if first_open:
            Task.objects.filter(pk=first_open.pk).update(status=TaskStatus.DOING, owner=manager)
        self._quick_wins(plan, manager, users["member"])
        self._metrics(plan, manager)
        self._stakeholders(plan, manager, users["member"])
        # The team pulse is open this week, so the member finds it on "My quick wins".
        today = plan.local_today()
        pulse_open(plan=plan, opens_on=today, closes_on=today + dt.timedelta(days=7), today=today)
        return plan

    def _quick_wins(self, plan: Plan, manager: User, member: User) -> None:
        """Two quick wins in flight and one idea, so the board is not empty."""
        refunds = quick_win_create(
            plan=plan,
            user=manager,
            title="Answer refund questions within one business day",
            problem="Refund tickets wait three days on average and half of them are chasers.",
            expected_impact="Fewer repeat contacts and calmer customers.",
            impact=4,
            effort=2,
            theme="Speed",
            owner=member,
            team=[member],
            target_day=45,
        )
        refunds = quick_win_set_status(quick_win=refunds, user=manager, status="committed")
        refunds = quick_win_set_status(quick_win=refunds, user=member, status="in_progress")
        refunds = quick_win_set_progress(
            quick_win=refunds,
            user=member,
            progress=40,
            note="Macro drafted, testing with two agents.",
        )
        milestone_add(quick_win=refunds, user=manager, title="Refund macro live", target_day=30)
        faq = quick_win_create(
            plan=plan,
            user=manager,
            title="Publish the ten most asked delivery questions",
            problem="A third of chats ask where an order is.",
            impact=3,
            effort=1,
            theme="Self-service",
            owner=manager,
            target_day=40,
        )
        quick_win_set_status(quick_win=faq, user=manager, status="committed")
        quick_win_create(
            plan=plan,
            user=manager,
            title="Let agents waive small delivery fees without approval",
            problem="Agents escalate fee waivers under 10 EUR to a supervisor.",
            impact=3,
            effort=2,
            theme="Empowerment",
            target_day=60,
        )

    def _metrics(self, plan: Plan, manager: User) -> None:
        """CSAT with a baseline, a target and a few weeks of values."""
        metric = metric_add(plan=plan, key="csat")
        metric_set_goals(metric=metric, baseline=78.0, baseline_day=3, target=85.0, target_day=90)
        today = plan.local_today()
        for weeks_ago, value in ((3, 77.0), (2, 78.5), (1, 80.0), (0, 81.2)):
            measurement_record(
                metric=metric,
                day=today - dt.timedelta(weeks=weeks_ago),
                value=value,
                sample_size=120,
                user=manager,
            )

    def _stakeholders(self, plan: Plan, manager: User, member: User) -> None:
        """The people a new head of support meets first, some already met."""
        # fmt: off
        # name, title, organisation, scope, relationship, power, interest, attitude, tags
        people = [
            ("Daniel Weber", "Chief Operating Officer", "Executive team", "internal",
             "employee", 5, 4, "supporter", ["Leadership"]),
            ("Sofia Rossi", "Head of Sales", "Sales", "internal", "employee", 4, 3, "sceptic",
             ["Peers"]),
            ("Arash Moradi", "Product Director", "Product", "internal", "employee", 4, 4,
             "neutral", ["Peers"]),
            ("Team leads", "", "Customer service", "internal", "employee", 3, 5, "supporter",
             ["Team"]),
            ("Greta Lindqvist", "Procurement lead", "Fjord Retail", "external", "customer", 4, 5,
             "sceptic", ["Key accounts"]),
            ("Parcelo", "Delivery partner", "Parcelo Logistics", "external", "partner", 3, 3,
             "neutral", ["Partners"]),
            ("Board of directors", "", "Northwind Traders", "internal", "board", 5, 2, "",
             ["Leadership"]),
        ]
        # who, how, days ago, sentiment (-2..+2), notes, follow-ups
        conversations = [
            ("Daniel Weber", "interview", 9, 2,
             "Wants fewer escalations reaching him; open to a support budget review.",
             ["Send the first-month findings before day 30"]),
            ("Team leads", "meeting", 5, 0,
             "Refund backlog and unclear escalation rules are the main pain points.", []),
            ("Greta Lindqvist", "call", 20, -1,
             "Unhappy about late delivery answers; expects a named contact.", []),
        ]
        # fmt: on
        groups = {"Team leads", "Board of directors"}
        created = {}
        for name, title, org, scope, rel, power, interest, attitude, tags in people:
            created[name] = stakeholder_create(
                plan=plan,
                fields=StakeholderFields(
                    name=name,
                    kind="group" if name in groups else "person",
                    title=title,
                    organisation=org,
                    scope=scope,
                    relationship=rel,
                    power=power,
                    interest=interest,
                    attitude=attitude,
                    cadence_days=14 if power >= 4 else None,
                    tags=tags,
                    shared_with=(member,) if name == "Team leads" else (),
                ),
            )
        today = plan.local_today()
        for name, kind, days_ago, sentiment, notes, follow_ups in conversations:
            interaction_create(
                stakeholder=created[name],
                kind=kind,
                date=today - dt.timedelta(days=days_ago),
                sentiment=sentiment,
                notes=notes,
                follow_ups=follow_ups,
                created_by=manager,
            )
