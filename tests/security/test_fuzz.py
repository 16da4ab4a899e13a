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
text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["", "-1", "0", "101", "1e309", "NaN", "2026-02-30", "25:61", "\x00", "=1+1", "🙂" * 5]
    ),
)


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


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_no_post_input_gives_a_server_error(client_for, world, data):
    # Examples share one database state: objects an earlier example deleted
    # simply answer 404 later, which is fine; the ids are made once.
    if not hasattr(world, "fuzz_ids"):
        world.fuzz_ids = _ids(world)
    ids = world.fuzz_ids
    client = client_for(world.manager)
    case = data.draw(st.sampled_from(POSTS))
    fields = [*(case.data or {}), "version", "status", "note", "next"]
    payload = data.draw(form_data(fields))
    response = client.post(
        case.path.format(**ids),
        payload,
        headers=data.draw(st.sampled_from([{}, {"HX-Request": "true"}])),
    )
    assert response.status_code < 500, (case.name, payload)


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
