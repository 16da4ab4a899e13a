"""Property-based fuzzing: no input makes a 500 or an exception in a form or an import."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics.catalogue import CATALOGUE
from metrics.forms import GoalsForm, MeasurementForm, MetricAddForm
from metrics.imports import ImportRefused, weekly_values
from onboarding.forms import AcceptInvitationForm, InvitationForm, PlanForm, PlanSettingsForm
from roadmap.forms import PhaseRangeForm, TaskForm, TaskNoteForm, TaskStatusForm
from tests.test_access import CASES, _ids

FUZZ = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# What a hostile or careless user sends: NUL bytes and control characters, dates at
# the edges of the calendar (and Jalali ones), integers past 32 and 64 bits, floats
# past double, very long text, formula cells, right-to-left marks.
HOSTILE = [
    "",
    "-1",
    "0",
    "101",
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "2147483648",
    "-2147483649",
    "9223372036854775808",
    "1" * 400,
    "2026-02-30",
    "0001-01-01",
    "9999-12-31",
    "0000-00-00",
    "1405/09/09",
    "۱۴۰۵/۰۹/۰۹",
    "25:61",
    "\x00",
    "a\x00b",
    "line\nbreak\r\n",
    "\u202e\u200f",
    "=1+1",
    "@SUM(A1)",
    "🙂" * 5,
    "x" * 10_000,
]
text = st.one_of(st.text(max_size=40), st.sampled_from(HOSTILE))


def form_data(fields: list[str]):
    return st.fixed_dictionaries({}, optional={name: text for name in fields})


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_forms_never_raise(world, data):
    forms = [
        (PlanForm, {}),
        (PlanSettingsForm, {}),
        (InvitationForm, {}),
        (AcceptInvitationForm, {"email": "a@example.com"}),
        (TaskForm, {"plan": world.plan}),
        (TaskStatusForm, {}),
        (TaskNoteForm, {}),
        (PhaseRangeForm, {}),
        (MetricAddForm, {}),
        (GoalsForm, {"metric": None}),
        (MeasurementForm, {"metric": None}),
    ]
    for form_class, kwargs in forms:
        fields = list(form_class(**kwargs).fields)
        form = form_class(data.draw(form_data(fields)), **kwargs)
        form.is_valid()  # must not raise, whatever the input


POSTS = [case for case in CASES if case.method == "POST"]
GETS = [case for case in CASES if case.method == "GET"]
# Every query parameter a page reads (the register's filters, the timeline's phase...).
QUERY_PARAMETERS = [
    "q",
    "tag",
    "phase",
    "sort",
    "order",
    "page",
    "question",
    "contact",
    "key",
    "attitude",
    "relationship",
    "scope",
    "kind",
    "archived",
    "quadrant",
    "shared",
    "metric",
    "week",
    "next",
]
EACH = settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.mark.django_db
@pytest.mark.parametrize("case", POSTS, ids=lambda case: f"{case.name}")
@EACH
@given(data=st.data())
def test_no_post_input_gives_a_server_error(client_for, world, case, data):
    # Examples share one database state: objects an earlier example deleted
    # simply answer 404 later, which is fine; the ids are made once.
    if not hasattr(world, "fuzz_ids"):
        world.fuzz_ids = _ids(world)
    ids = world.fuzz_ids
    client = client_for(world.manager)
    fields = [*(case.data or {}), "version", "status", "note", "next"]
    payload = data.draw(form_data(fields))
    response = client.post(
        case.path.format(**ids),
        payload,
        headers=data.draw(st.sampled_from([{}, {"HX-Request": "true"}])),
    )
    assert response.status_code < 500, (case.name, payload)


@pytest.mark.django_db
@pytest.mark.parametrize("case", GETS, ids=lambda case: f"{case.name}")
@EACH
@given(data=st.data())
def test_no_query_parameter_gives_a_server_error(client_for, world, case, data):
    if not hasattr(world, "fuzz_ids"):
        world.fuzz_ids = _ids(world)
    client = client_for(world.manager)
    query = data.draw(form_data(QUERY_PARAMETERS))
    response = client.get(
        case.path.format(**world.fuzz_ids),
        query,
        headers=data.draw(st.sampled_from([{}, {"HX-Request": "true"}])),
    )
    assert response.status_code < 500, (case.name, query)


@FUZZ
@given(
    raw=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)),
    key=st.sampled_from(sorted(CATALOGUE)),
)
def test_imports_either_compute_or_refuse(raw, key):
    try:
        result = weekly_values(
            CATALOGUE[key],
            b"date,score,created_at,first_response_at,resolved_at,sla_met,customer,cost,contacts\n"
            + raw,
            timezone="UTC",
        )
    except ImportRefused as refused:
        assert refused.errors
    else:
        assert result.values
