"""A realistic load, seeded fast.

Every typical plan has its own four people (manager, executive, two team
members), the playbook's phases and tasks with progress matching its day,
100 stakeholders (tags, sharing, past interactions), 10 quick wins (team,
milestones, history) and 10 metrics with a year (52 weeks) of measurements,
and a dashboard snapshot. The plan every page is measured on and the large
plan (ten times the tasks, stakeholders, quick wins and metrics) are started
through ``roadmap.services.plan_create``; the others copy the playbook the
same way in bulk (a check keeps the two equal). Data is random but the same
on every run (a fixed seed).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from metrics.catalogue import CATALOGUE, CUSTOM
from metrics.dashboard.snapshot import dashboard_refresh
from metrics.models import Measurement, PlanMetric
from onboarding.core.calendar import week_start
from onboarding.models import Membership, Organisation, Plan, Role, User
from roadmap.models import Phase, Task, TaskStatus
from roadmap.playbook import playbook_for
from roadmap.services import plan_create

SEED = 8  # issue 8
TYPICAL_DAY = 40  # the measured plans are in Act, with quick wins under way
BATCH_PLANS = 50  # plans seeded per round of bulk inserts (bounds memory)
BULK = 2000  # rows per INSERT

STAKEHOLDERS = 100
QUICK_WINS = 10
METRICS = 10
WEEKS = 52
LARGE_SCALE = 10

FIRST_NAMES = [
    "Maryam", "Elena", "Tom", "Aisha", "Sven", "Lucía", "Kenji", "Olga", "Reza", "Grace",
    "Dmitri", "Nora", "Omar", "Ingrid", "Pedro", "Leila", "Ivan", "Chloe", "Arash", "Mia",
]  # fmt: skip
LAST_NAMES = [
    "Karimi", "Sokolova", "Baker", "Haddad", "Larsen", "García", "Sato", "Petrova", "Ahmadi",
    "Okafor", "Novak", "Schmidt", "Rossi", "Kowalski", "Jensen", "Moradi", "Smirnov", "Dubois",
]  # fmt: skip
JOB_TITLES = ["Director", "VP", "Team lead", "Analyst", "CFO"]
DEPARTMENTS = ["Sales", "Product", "Engineering", "Finance", "Marketing", "Operations", "Legal"]
TAGS = ["Exec team", "Key account", "Sales", "Product", "Support floor", "Finance"]
THEMES = ["Faster first response", "Fewer repeat contacts"]
IDEAS = [
    "Macro for password resets",
    "Status page link in auto-reply",
    "Callback instead of hold queue",
    "Weekly top-10 issues to Product",
    "Self-service refund form",
    "Shift overlap at 9am peak",
    "Knowledge base for top 20 questions",
    "Escalation path for VIP accounts",
]
# Quick-win statuses of a plan's ten, in the order work flows (a realistic board).
QUICK_WIN_STATUSES = [
    "proposed", "proposed", "committed", "committed", "in_progress",
    "in_progress", "blocked", "done", "done", "dropped",
]  # fmt: skip
REASONS = {"blocked": "Waiting for IT to grant access", "dropped": "Overtaken by the new phones"}
ZONES = ["Europe/Berlin", "UTC", "America/New_York", "Asia/Tehran", "Europe/Moscow"]
# (base, weekly wobble) per catalogue metric, so values look like the real thing.
METRIC_SHAPES = {
    "nps": (25, 4),
    "csat": (82, 2),
    "ces": (70, 3),
    "frt_median": (4, 0.6),
    "frt_p90": (20, 3),
    "resolution_median": (26, 3),
    "resolution_p90": (80, 8),
    "sla": (86, 2),
    "enps": (10, 5),
    "cost_per_contact": (6.5, 0.4),
    "repeat_contact": (14, 1.5),
}


@dataclass
class SeededPlan:
    plan: Plan
    manager: User
    executive: User
    team: list[User]  # the two team members

    @property
    def people(self) -> list[User]:
        return [self.manager, self.executive, *self.team]


@dataclass
class World:
    typical: SeededPlan  # the plan every page is measured on
    large: SeededPlan  # ten times the data, for query counts and the dashboard refresh
    plans: list[SeededPlan]  # every typical-size plan, the measured one first
    steps: Steps = field(default_factory=lambda: Steps())


class Steps:
    """Seconds and rows written per seeding step, summed over batches."""

    def __init__(self) -> None:
        self.totals: dict[str, tuple[float, int]] = {}

    def record(self, step: str, started: float, rows: int) -> None:
        seconds, count = self.totals.get(step, (0.0, 0))
        self.totals[step] = (seconds + time.perf_counter() - started, count + rows)


# ---------------------------------------------------------------- Entry points


@contextmanager
def _fast_commits() -> Iterator[None]:
    """Commit without waiting for the disk: this database is rebuilt on every run anyway."""
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def seed_world(plan_count: int) -> World:
    """The measured plan, the large plan and ``plan_count - 1`` more typical plans."""
    with _fast_commits():
        return _seed_world(plan_count)


def _seed_world(plan_count: int) -> World:
    rng = random.Random(SEED)  # noqa: S311 -- reproducible data, not security
    steps = Steps()
    today = dt.date.today()

    started = time.perf_counter()
    typical = _plan_through_service(rng, index=0, title="Bench: typical plan", today=today)
    large = _plan_through_service(rng, index=1, title="Bench: large plan (10x)", today=today)
    _multiply_tasks(large.plan, LARGE_SCALE)
    for seeded in (typical, large):
        _set_task_progress(rng, seeded, today)
    steps.record("2 plans through plan_create", started, 2)

    plans = [typical]
    plans += add_typical_plans(rng, plan_count - 1, first_index=2, steps=steps, today=today)
    _check_bulk_copy_matches_plan_create(typical.plan, plans[1].plan if len(plans) > 1 else None)
    with transaction.atomic():
        add_plan_data(rng, [typical], scale=1, steps=steps, today=today)
        add_plan_data(rng, [large], scale=LARGE_SCALE, steps=steps, today=today)

    started = time.perf_counter()
    for seeded in [*plans, large]:
        dashboard_refresh(seeded.plan)
    steps.record("dashboard snapshots", started, len(plans) + 1)

    started = time.perf_counter()
    _analyze()
    steps.record("VACUUM ANALYZE", started, 0)
    return World(typical=typical, large=large, plans=plans, steps=steps)


def add_typical_plans(
    rng: random.Random,
    count: int,
    *,
    first_index: int,
    steps: Steps,
    today: dt.date,
) -> list[SeededPlan]:
    """``count`` typical plans with their data, in batches of bulk inserts."""
    seeded: list[SeededPlan] = []
    for offset in range(0, count, BATCH_PLANS):
        size = min(BATCH_PLANS, count - offset)
        with transaction.atomic():
            batch = _plans_in_bulk(rng, first_index + offset, size, steps, today)
            add_plan_data(rng, batch, scale=1, steps=steps, today=today)
        seeded += batch
    return seeded


def top_up_plans(world: World, total: int, steps: Steps) -> list[SeededPlan]:
    """More typical plans, with the same data, until there are ``total`` (for the digests)."""
    missing = total - len(world.plans)
    if missing > 0:
        rng = random.Random(SEED + total)  # noqa: S311 -- reproducible data, not security
        first_index = len(world.plans) + 2
        with _fast_commits():
            world.plans += add_typical_plans(
                rng,
                missing,
                first_index=first_index,
                steps=steps,
                today=dt.date.today(),
            )
            started = time.perf_counter()
            _analyze()
            steps.record("VACUUM ANALYZE", started, 0)
    return world.plans[:total]


# ---------------------------------------------------------------- People and plans


def _person(rng: random.Random, username: str) -> User:
    return User(
        username=username,
        first_name=rng.choice(FIRST_NAMES),
        last_name=rng.choice(LAST_NAMES),
        email=f"{username}@bench.example",
        # No usable password: nobody signs in with one (sessions are made
        # directly), and hashing thousands of passwords would dominate seeding.
        password=make_password(None),
    )


def _plan_fields(rng: random.Random, index: int) -> dict[str, Any]:
    """Language, zone, day and digest schedule of plan number ``index`` (0 and 1 are fixed)."""
    if index < 2:
        return {"language": "en", "timezone": "Europe/Berlin", "day": TYPICAL_DAY}
    return {
        "language": rng.choices(["en", "fa", "ru"], weights=[8, 1, 1])[0],
        "timezone": rng.choice(ZONES),
        "day": rng.randint(-8, 98),
        "digest_weekday": rng.choice([0, 0, 0, 1, 4]),
        "digest_time": dt.time(rng.choice([7, 8, 8, 9, 17])),
    }


def _plan_through_service(
    rng: random.Random, *, index: int, title: str, today: dt.date
) -> SeededPlan:
    fields = _plan_fields(rng, index)
    manager, executive, *team = User.objects.bulk_create(
        _person(rng, f"p{index}-{role}") for role in ("manager", "executive", "member1", "member2")
    )
    plan = plan_create(
        user=manager,
        organisation_name=f"Bench organisation {index // 10}",
        title=title,
        start_date=today - dt.timedelta(days=fields["day"]),
        timezone_name=fields["timezone"],
        language=fields["language"],
    )
    Membership.objects.bulk_create(
        [
            Membership(plan=plan, user=executive, role=Role.EXECUTIVE),
            *(Membership(plan=plan, user=user, role=Role.MEMBER) for user in team),
        ]
    )
    return SeededPlan(plan=plan, manager=manager, executive=executive, team=team)


_TEMPLATES: dict[str, list[tuple[Any, list[Any]]]] = {}


def _template(language: str) -> list[tuple[Any, list[Any]]]:
    """The default playbook's phases and tasks, read once per language."""
    if language not in _TEMPLATES:
        playbook = playbook_for(language=language, organisation=None)
        _TEMPLATES[language] = [
            (phase, list(phase.tasks.all())) for phase in playbook.phases.prefetch_related("tasks")
        ]
    return _TEMPLATES[language]


def _plans_in_bulk(
    rng: random.Random, first_index: int, count: int, steps: Steps, today: dt.date
) -> list[SeededPlan]:
    """What plan_create does (plan, manager's membership, playbook copy), for many plans at once."""
    started = time.perf_counter()
    indexes = range(first_index, first_index + count)
    people = User.objects.bulk_create(
        (
            _person(rng, f"p{i}-{role}")
            for i in indexes
            for role in ("manager", "executive", "member1", "member2")
        ),
        batch_size=BULK,
    )
    organisations = {i // 10: Organisation(name=f"Bench organisation {i // 10}") for i in indexes}
    Organisation.objects.bulk_create(organisations.values())
    plans, specs = [], []
    for n, i in enumerate(indexes):
        fields = _plan_fields(rng, i)
        day = fields.pop("day")
        specs.append(day)
        plans.append(
            Plan(
                organisation=organisations[i // 10],
                title=f"Bench plan {i}",
                start_date=today - dt.timedelta(days=day),
                created_by=people[4 * n],
                **fields,
            )
        )
    Plan.objects.bulk_create(plans)
    seeded = [
        SeededPlan(
            plan=plan,
            manager=people[4 * n],
            executive=people[4 * n + 1],
            team=people[4 * n + 2 : 4 * n + 4],
        )
        for n, plan in enumerate(plans)
    ]
    Membership.objects.bulk_create(
        (
            Membership(plan=s.plan, user=user, role=role)
            for s in seeded
            for user, role in zip(
                s.people, [Role.MANAGER, Role.EXECUTIVE, Role.MEMBER, Role.MEMBER], strict=True
            )
        ),
        batch_size=BULK,
    )
    steps.record("plans, people, memberships", started, count * 9)

    started = time.perf_counter()
    phase_rows: list[tuple[SeededPlan, Phase, list[Any]]] = []
    for s in seeded:
        for template_phase, template_tasks in _template(s.plan.language):
            phase = Phase(
                plan=s.plan,
                key=template_phase.key,
                name=template_phase.name,
                summary=template_phase.summary,
                tip=template_phase.tip,
                start_day=template_phase.start_day,
                end_day=template_phase.end_day,
                order=template_phase.order,
            )
            phase_rows.append((s, phase, template_tasks))
    Phase.objects.bulk_create((phase for _s, phase, _t in phase_rows), batch_size=BULK)
    tasks = []
    for s, phase, template_tasks in phase_rows:
        day = s.plan.day_number(today)
        for tt in template_tasks:
            task = Task(
                plan=s.plan,
                phase=phase,
                key=tt.key,
                title=tt.title,
                description=tt.description,
                start_day=tt.start_day,
                end_day=tt.end_day,
                order=tt.order,
            )
            _progress(rng, task, s, day)
            tasks.append(task)
    Task.objects.bulk_create(tasks, batch_size=BULK)
    steps.record("phases and tasks (playbook copy)", started, len(phase_rows) + len(tasks))
    return seeded


def _check_bulk_copy_matches_plan_create(reference: Plan, copied: Plan | None) -> None:
    """The bulk copy must give a plan what plan_create gives it."""
    if copied is None or copied.language != reference.language:
        return

    def shape(plan: Plan) -> list[tuple[str, int]]:
        return [(phase.key, phase.tasks.count()) for phase in plan.phases.order_by("order")]

    if shape(reference) != shape(copied):
        raise AssertionError(
            f"bulk-copied plan {shape(copied)} differs from plan_create's {shape(reference)}"
        )


def _multiply_tasks(plan: Plan, factor: int) -> None:
    """``factor`` times the playbook's tasks: each one again, as the manager's own tasks."""
    originals = list(plan.tasks.all())
    Task.objects.bulk_create(
        (
            Task(
                plan=plan,
                phase_id=task.phase_id,
                title=f"{task.title} ({copy + 1})",
                description=task.description,
                start_day=task.start_day,
                end_day=task.end_day,
                order=task.order,
            )
            for copy in range(1, factor)
            for task in originals
        ),
        batch_size=BULK,
    )


def _progress(rng: random.Random, task: Task, seeded: SeededPlan, day: int) -> None:
    """Status and owner as a plan on ``day`` would have them: most past work done."""
    if task.end_day < day:
        roll = rng.random()
        task.status = (
            TaskStatus.DONE
            if roll < 0.85
            else TaskStatus.SKIPPED
            if roll < 0.9
            else TaskStatus.TODO
        )
    elif task.start_day <= day:
        task.status = rng.choice(
            [TaskStatus.TODO, TaskStatus.DOING, TaskStatus.DOING, TaskStatus.DONE]
        )
    else:
        task.status = TaskStatus.DOING if rng.random() < 0.03 else TaskStatus.TODO
    if task.status == TaskStatus.DONE:
        done_day = min(task.end_day, day - 1) if day > task.start_day else task.start_day
        moment = dt.datetime.combine(seeded.plan.date_of_day(done_day), dt.time(15), dt.UTC)
        task.completed_at = moment
    task.owner = rng.choice([seeded.manager, seeded.manager, seeded.team[0], None])


def _set_task_progress(rng: random.Random, seeded: SeededPlan, today: dt.date) -> None:
    day = seeded.plan.day_number(today)
    tasks = list(seeded.plan.tasks.all())
    for task in tasks:
        _progress(rng, task, seeded, day)
    Task.objects.bulk_update(tasks, ["status", "completed_at", "owner"], batch_size=BULK)


# ---------------------------------------------------------------- A plan's own data


def add_plan_data(
    rng: random.Random,
    plans: list[SeededPlan],
    *,
    scale: int,
    steps: Steps,
    today: dt.date,
) -> None:
    """Stakeholders, quick wins and metrics (``scale`` times the typical amount)."""
    started = time.perf_counter()
    rows = _stakeholders(rng, plans, scale, today)
    steps.record("stakeholders, tags, interactions", started, rows)
    started = time.perf_counter()
    rows = _quick_wins(rng, plans, scale, today)
    steps.record("quick wins, team, milestones, history", started, rows)
    started = time.perf_counter()
    rows = _metrics(rng, plans, scale, today)
    steps.record("metrics and weekly measurements", started, rows)


def _stakeholders(rng: random.Random, plans: list[SeededPlan], scale: int, today: dt.date) -> int:
    try:
        from stakeholders import rules
        from stakeholders.models import (
            Attitude,
            Interaction,
            InteractionKind,
            Kind,
            Relationship,
            Scope,
            Stakeholder,
            Tag,
        )
    except ImportError:
        return 0  # the register is not in this version of the app
    tags = Tag.objects.bulk_create(
        (Tag(plan=s.plan, name=name) for s in plans for name in TAGS), batch_size=BULK
    )
    tags_of = {s.plan.pk: tags[k * len(TAGS) : (k + 1) * len(TAGS)] for k, s in enumerate(plans)}
    people: list[Stakeholder] = []
    contacts: list[list[dt.date]] = []
    owners: list[SeededPlan] = []
    for s in plans:
        for i in range(STAKEHOLDERS * scale):
            group = rng.random() < 0.1
            dates = sorted(
                today - dt.timedelta(days=rng.randint(0, 75))
                for _ in range(rng.choice([0, 0, 1, 2, 3]))
            )
            cadence = rng.choice([None, 14, 30, 30, 60, 90])
            last = dates[-1] if dates else None
            people.append(
                Stakeholder(
                    plan=s.plan,
                    kind=Kind.GROUP if group else Kind.PERSON,
                    name=f"{rng.choice(DEPARTMENTS)} team"
                    if group
                    else f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    title="" if group else rng.choice(JOB_TITLES),
                    organisation=rng.choice(DEPARTMENTS),
                    scope=Scope.EXTERNAL if rng.random() < 0.3 else Scope.INTERNAL,
                    relationship=rng.choice(Relationship.values),
                    email=f"contact{i}@org{s.plan.pk}.example",
                    power=rng.randint(1, 5) if rng.random() > 0.1 else None,
                    interest=rng.randint(1, 5) if rng.random() > 0.1 else None,
                    attitude=rng.choice(Attitude.values) if rng.random() > 0.15 else "",
                    cadence_days=cadence,
                    last_contact_on=last,
                    contact_due_on=rules.contact_due(last, cadence),
                )
            )
            contacts.append(dates)
            owners.append(s)
    Stakeholder.objects.bulk_create(people, batch_size=BULK)
    tag_links, shares, interactions = [], [], []
    for person, dates, s in zip(people, contacts, owners, strict=True):
        for tag in rng.sample(tags_of[s.plan.pk], rng.choice([0, 1, 1, 2])):
            tag_links.append(Stakeholder.tags.through(stakeholder_id=person.pk, tag_id=tag.pk))
        if rng.random() < 0.1:
            shares.append(
                Stakeholder.shared_with.through(stakeholder_id=person.pk, user_id=s.team[0].pk)
            )
        for date in dates:
            interactions.append(
                Interaction(
                    plan=s.plan,
                    stakeholder=person,
                    kind=rng.choice(InteractionKind.values),
                    date=date,
                    sentiment=rng.choice([None, -1, 0, 1, 1, 2]),
                    notes="Wants faster answers on billing questions; happy with the chat team.",
                    created_by=s.manager,
                )
            )
    Stakeholder.tags.through.objects.bulk_create(tag_links, batch_size=BULK)
    Stakeholder.shared_with.through.objects.bulk_create(shares, batch_size=BULK)
    Interaction.objects.bulk_create(interactions, batch_size=BULK)
    return len(tags) + len(people) + len(tag_links) + len(shares) + len(interactions)


def _quick_wins(rng: random.Random, plans: list[SeededPlan], scale: int, today: dt.date) -> int:
    try:
        from roadmap.quick_wins.models import Milestone, QuickWin, QuickWinEvent, QuickWinEventKind
    except ImportError:
        return 0  # the quick-win tracker is not in this version of the app
    wins: list[QuickWin] = []
    owners: list[SeededPlan] = []
    now = timezone.now()
    for s in plans:
        for k in range(QUICK_WINS * scale):
            status = QUICK_WIN_STATUSES[k % len(QUICK_WIN_STATUSES)]
            progress = {
                "proposed": 0,
                "committed": rng.randint(0, 20),
                "in_progress": rng.randint(20, 80),
                "blocked": rng.randint(10, 60),
                "done": 100,
                "dropped": rng.randint(0, 30),
            }[status]
            scored = status != "proposed" or rng.random() < 0.5
            wins.append(
                QuickWin(
                    plan=s.plan,
                    title=f"{rng.choice(IDEAS)} #{k + 1}",
                    problem="Customers wait on hold for simple requests that need no agent.",
                    expected_impact="Shorter queues at peak; agents free for complex cases.",
                    impact=rng.randint(1, 5) if scored else None,
                    effort=rng.randint(1, 5) if scored else None,
                    theme=rng.choice(THEMES),
                    owner=rng.choice([s.manager, *s.team]),
                    target_day=rng.randint(30, 80),
                    status=status,
                    status_reason=REASONS.get(status, ""),
                    progress=progress,
                    done_at=now - dt.timedelta(days=k % 9 + 1) if status == "done" else None,
                    created_by=s.manager,
                )
            )
            owners.append(s)
    QuickWin.objects.bulk_create(wins, batch_size=BULK)
    team, milestones, events = [], [], []
    for win, s in zip(wins, owners, strict=True):
        day = s.plan.day_number(today)
        for user in rng.sample(s.team, rng.choice([1, 1, 2])):
            team.append(QuickWin.team.through(quickwin_id=win.pk, user_id=user.pk))
        for m in range(rng.choice([2, 3, 3])):
            target = min(100, win.target_day - 10 * (2 - m))
            done = win.status == "done" or (win.status == "in_progress" and target < day)
            milestones.append(
                Milestone(
                    quick_win=win,
                    title=["Agree scope", "Pilot with one team", "Roll out"][m],
                    target_day=target,
                    done_at=now - dt.timedelta(days=2) if done else None,
                    done_by=win.owner if done else None,
                )
            )
        created = now - dt.timedelta(days=rng.randint(10, 30))
        events.append(
            QuickWinEvent(
                quick_win=win,
                actor=s.manager,
                created_at=created,
                kind=QuickWinEventKind.CREATED,
                to_value=win.title,
            )
        )
        if win.status != "proposed":
            events.append(
                QuickWinEvent(
                    quick_win=win,
                    actor=s.manager,
                    created_at=created + dt.timedelta(days=3),
                    kind=QuickWinEventKind.STATUS,
                    from_value="proposed",
                    to_value=win.status,
                    note=win.status_reason,
                )
            )
    QuickWin.team.through.objects.bulk_create(team, batch_size=BULK)
    Milestone.objects.bulk_create(milestones, batch_size=BULK)
    QuickWinEvent.objects.bulk_create(events, batch_size=BULK)
    return len(wins) + len(team) + len(milestones) + len(events)


def _metric_definitions(rng: random.Random, count: int) -> Iterator[dict[str, Any]]:
    """Catalogue metrics first, then custom ones once the catalogue runs out."""
    keys = list(CATALOGUE)
    for n in range(count):
        if n < min(count, METRICS):
            key = keys[n % len(keys)]
            base, wobble = METRIC_SHAPES.get(key, (50, 3))
            kpi = CATALOGUE[key]
            yield {
                "key": key,
                "base": base,
                "wobble": wobble,
                "direction": kpi.direction,
                "low": kpi.minimum,
                "high": kpi.maximum,
            }
        else:
            yield {
                "key": CUSTOM,
                "custom_name": f"Custom metric {n + 1}",
                "custom_unit": "%",
                "base": rng.uniform(20, 80),
                "wobble": 2.0,
                "direction": "higher",
                "low": 0,
                "high": 100,
            }


def _clamp(value: float, low: float | None, high: float | None) -> float:
    if low is not None:
        value = max(low, value)
    if high is not None:
        value = min(high, value)
    return value


def _metrics(rng: random.Random, plans: list[SeededPlan], scale: int, today: dt.date) -> int:
    monday = week_start(today)
    weeks = [monday - dt.timedelta(weeks=WEEKS - 1 - w) for w in range(WEEKS)]
    metrics: list[tuple[PlanMetric, list[float], SeededPlan]] = []
    for s in plans:
        for definition in _metric_definitions(rng, METRICS * scale):
            low, high = definition["low"], definition["high"]
            value, values = definition["base"], []
            for _week in weeks:
                value = _clamp(value + rng.gauss(0, definition["wobble"]), low, high)
                values.append(round(value, 2))
            sign = 1 if definition["direction"] == "higher" else -1
            target = values[0] + sign * abs(values[0]) * rng.uniform(0.05, 0.2)
            if high is not None:
                target = min(target, high)
            metric = PlanMetric(
                plan=s.plan,
                key=definition["key"],
                custom_name=definition.get("custom_name", ""),
                custom_unit=definition.get("custom_unit", ""),
                custom_direction=definition["direction"],
                baseline=values[0],
                baseline_day=0,
                target=round(target, 2),
                target_day=90,
            )
            metrics.append((metric, values, s))
    PlanMetric.objects.bulk_create((m for m, _v, _s in metrics), batch_size=BULK)
    measurements = [
        Measurement(
            metric=metric,
            period_start=week,
            value=value,
            sample_size=rng.randint(50, 600),
            recorded_by=s.manager,
        )
        for metric, values, s in metrics
        for week, value in zip(weeks, values, strict=True)
    ]
    Measurement.objects.bulk_create(measurements, batch_size=BULK)
    return len(metrics) + len(measurements)


def _analyze() -> None:
    """Fresh planner statistics, as autovacuum would have after such inserts."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def row_counts() -> list[tuple[str, int]]:
    """Rows per main table, for the report."""
    from django.apps import apps

    names = [
        "onboarding.Plan",
        "onboarding.User",
        "roadmap.Task",
        "stakeholders.Stakeholder",
        "stakeholders.Interaction",
        "roadmap.QuickWin",
        "roadmap.Milestone",
        "metrics.PlanMetric",
        "metrics.Measurement",
    ]
    counts = []
    for name in names:
        try:
            model = apps.get_model(name)
        except LookupError:
            continue
        counts.append((model._meta.db_table, model.objects.count()))
    return counts
