"""Property-based fuzzing of the register's forms and CSV reader: never an exception."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stakeholders import csv_io
from stakeholders.forms import ImportMappingForm, InteractionForm, StakeholderForm
from stakeholders.models import Stakeholder

FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "-1", "0", "7", "1e309", "NaN", "2026-02-30", "\x00", "=1+1", "🙂" * 5]),
)


def form_data(fields):
    return st.fixed_dictionaries({}, optional={name: text for name in fields})


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_forms_never_raise(world, data):
    someone = Stakeholder.objects.create(plan=world.plan, name="Someone")
    forms = [
        (StakeholderForm, {"plan": world.plan}),
        (StakeholderForm, {"plan": world.plan, "instance": someone}),
        (InteractionForm, {"stakeholder": someone, "today": world.plan.start_date}),
        (ImportMappingForm, {"header": ["a", "b"], "mapping": {}}),
    ]
    for form_class, kwargs in forms:
        fields = list(form_class(**kwargs).fields)
        form = form_class(data.draw(form_data(fields)), **kwargs)
        if form.is_valid() and form_class is StakeholderForm:
            form.to_fields()


@FUZZ
@given(raw=st.one_of(st.binary(max_size=400), st.text(max_size=400).map(str.encode)))
def test_reading_any_bytes_either_parses_or_refuses(raw):
    try:
        parsed = csv_io.read_csv(raw)
    except csv_io.ImportRefused as refused:
        assert refused.message
        return
    mapping = csv_io.guess_mapping(parsed.header) or {"0": "name"}
    result = csv_io.check_rows(
        parsed.header, parsed.rows, mapping, existing_emails={}, existing_names={}
    )
    assert all(line >= 2 for line, _error in result.errors)
