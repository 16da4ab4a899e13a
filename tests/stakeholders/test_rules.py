"""The register's rules: quadrants, contact cadence, tags, cycles, CSV cells, dot layout."""

from __future__ import annotations

import datetime as dt
import itertools
import math

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from onboarding.core.i18n import format_date
from stakeholders import grid, rules
from stakeholders.models import InteractionKind, Stakeholder
from stakeholders.rules import ContactState, Quadrant

TODAY = dt.date(2026, 4, 1)


@pytest.mark.parametrize(
    ("power", "interest", "expected"),
    [
        (5, 5, Quadrant.MANAGE_CLOSELY),
        (4, 4, Quadrant.MANAGE_CLOSELY),
        (4, 3, Quadrant.KEEP_SATISFIED),
        (5, 1, Quadrant.KEEP_SATISFIED),
        (3, 4, Quadrant.KEEP_INFORMED),
        (1, 5, Quadrant.KEEP_INFORMED),
        (3, 3, Quadrant.MONITOR),
        (1, 1, Quadrant.MONITOR),
        (None, 5, None),
        (5, None, None),
    ],
)
def test_quadrant_of_a_power_interest_pair(power, interest, expected):
    assert rules.quadrant(power, interest) == expected


def test_key_stakeholders_are_exactly_the_high_power_quadrants():
    for power, interest in itertools.product(range(1, 6), repeat=2):
        in_top = rules.quadrant(power, interest) in {
            Quadrant.MANAGE_CLOSELY,
            Quadrant.KEEP_SATISFIED,
        }
        assert rules.is_key(power) == in_top


@pytest.mark.parametrize("value", [0, 6, 7, -1])
def test_a_scale_outside_1_to_5_is_refused_with_a_message(value):
    with pytest.raises(ValidationError) as error:
        rules.check_scale(value, "power")
    assert error.value.message_dict["power"] == ["Choose a value from 1 (lowest) to 5 (highest)."]


def test_scales_cadence_and_sentiment_accept_their_ranges_and_empty():
    for value in (None, 1, 5):
        rules.check_scale(value, "interest")
    for value in (None, -2, 0, 2):
        rules.check_sentiment(value)
    for value in (None, 1, 365):
        rules.check_cadence(value)
    with pytest.raises(ValidationError):
        rules.check_sentiment(3)
    with pytest.raises(ValidationError):
        rules.check_cadence(0)
    with pytest.raises(ValidationError):
        rules.check_cadence(366)


def test_an_interaction_cannot_be_logged_in_the_future():
    rules.check_interaction_date(TODAY, TODAY)
    with pytest.raises(ValidationError) as error:
        rules.check_interaction_date(TODAY + dt.timedelta(days=1), TODAY)
    assert "in the future" in error.value.message_dict["date"][0]
    # Today as the reader writes dates ("2026-12-02" on a Persian or Russian page before).
    with translation.override("fa"):
        with pytest.raises(ValidationError) as persian:
            rules.check_interaction_date(TODAY + dt.timedelta(days=1), TODAY)
        assert format_date(TODAY) in persian.value.message_dict["date"][0]
    assert TODAY.isoformat() not in persian.value.message_dict["date"][0]


@pytest.mark.parametrize(
    ("last", "cadence", "power", "state", "overdue", "days"),
    [
        (None, None, 2, ContactState.NEVER, False, 0),  # nobody asked for contact
        (None, 30, 2, ContactState.NEVER, True, 0),  # a cadence, and no contact yet
        (None, None, 4, ContactState.NEVER, True, 0),  # key people: meet them once
        (TODAY - dt.timedelta(days=10), None, 5, ContactState.NO_CADENCE, False, 0),
        (TODAY - dt.timedelta(days=30), 30, 2, ContactState.ON_TRACK, False, 0),  # due today
        (TODAY - dt.timedelta(days=31), 30, 2, ContactState.OVERDUE, True, 1),
        (TODAY - dt.timedelta(days=45), 14, 5, ContactState.OVERDUE, True, 31),
    ],
)
def test_contact_status(last, cadence, power, state, overdue, days):
    status = rules.contact_status(last_contact=last, cadence_days=cadence, power=power, today=TODAY)
    assert status.state == state
    assert status.is_overdue is overdue
    assert status.days_overdue == days
    if last and cadence:
        assert status.due_on == last + dt.timedelta(days=cadence)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None)
@given(
    people=st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers(min_value=-60, max_value=0)),
            st.one_of(st.none(), st.integers(min_value=1, max_value=60)),
            st.one_of(st.none(), st.integers(min_value=1, max_value=5)),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_the_sql_overdue_rule_agrees_with_the_python_rule(people):
    from tests.factories import UserFactory, make_plan

    plan = make_plan(UserFactory())
    rows = []
    for i, (offset, cadence, power) in enumerate(people):
        last = TODAY + dt.timedelta(days=offset) if offset is not None else None
        rows.append(
            Stakeholder(
                plan=plan,
                name=f"P{i}",
                power=power,
                cadence_days=cadence,
                last_contact_on=last,
                contact_due_on=rules.contact_due(last, cadence),
            )
        )
    Stakeholder.objects.bulk_create(rows)
    in_sql = set(plan.stakeholders.contact_overdue(TODAY).values_list("name", flat=True))
    in_python = {s.name for s in plan.stakeholders.all() if s.contact_status(TODAY).is_overdue}
    assert in_sql == in_python


def test_tags_are_trimmed_deduplicated_and_limited():
    assert rules.parse_tags(" vip, EMEA;  vip ,, emea ") == ["vip", "EMEA"]
    assert rules.parse_tags(["a", " b  c "]) == ["a", "b c"]
    # As a Persian keyboard types them: «،» and «؛».
    assert rules.parse_tags("بودجه، EMEA؛ vip") == ["بودجه", "EMEA", "vip"]
    with pytest.raises(ValidationError):
        rules.parse_tags("x" * 41)
    with pytest.raises(ValidationError):
        rules.parse_tags(",".join(f"t{i}" for i in range(13)))


def test_reporting_cycles_are_detected():
    # 1 reports to 2, 2 reports to 3.
    chain = {1: 2, 2: 3, 3: None, 4: None}
    assert rules.creates_reporting_cycle(3, 1, chain)  # 3 -> 1 -> 2 -> 3
    assert rules.creates_reporting_cycle(2, 1, chain)
    assert not rules.creates_reporting_cycle(4, 1, chain)
    assert not rules.creates_reporting_cycle(None, 1, chain)
    assert not rules.creates_reporting_cycle(1, None, chain)


def test_met_kinds_are_interaction_kinds_and_exclude_email():
    assert set(rules.MET_KINDS) <= set(InteractionKind.values)
    assert InteractionKind.EMAIL not in rules.MET_KINDS


@pytest.mark.parametrize("count", [1, 2, 3, 7, 20, 60, 100])
def test_dots_sharing_a_cell_stay_inside_it_without_overlapping(count):
    points = grid.spread(count, 3, 4)
    assert points == grid.spread(count, 3, 4)  # deterministic
    left, top = grid.column_x(4), grid.row_y(3)
    for x, y, r in points:
        assert left <= x - r and x + r <= left + grid.CELL_WIDTH
        assert top <= y - r and y + r <= top + grid.CELL_HEIGHT
    for (x1, y1, r1), (x2, y2, r2) in itertools.combinations(points, 2):
        assert math.hypot(x1 - x2, y1 - y2) > r1 + r2


def test_high_power_is_at_the_top_and_high_interest_at_the_end():
    assert grid.row_y(5) < grid.row_y(1)
    assert grid.column_x(5) > grid.column_x(1)
    bands = {band.quadrant: band for band in grid.bands()}
    manage = bands[Quadrant.MANAGE_CLOSELY]
    x, y = grid.cell_centre(4, 4)
    assert manage.x <= x <= manage.x + manage.width
    assert manage.y <= y <= manage.y + manage.height
    monitor = bands[Quadrant.MONITOR]
    x, y = grid.cell_centre(3, 3)
    assert monitor.x <= x <= monitor.x + monitor.width
    assert monitor.y <= y <= monitor.y + monitor.height
