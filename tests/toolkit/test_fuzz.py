"""No input makes a toolkit form raise or a toolkit POST answer 500."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap.toolkit.budget.forms import BudgetLineForm, BudgetRequestForm
from roadmap.toolkit.challenges.forms import ChallengeForm, ChallengeMoveForm, CompleteForm
from roadmap.toolkit.diagnostic.forms import DiagnosticForm
from roadmap.toolkit.habits.forms import HabitsForm
from roadmap.toolkit.introduction.forms import IntroductionForm
from roadmap.toolkit.risk_checks.forms import RiskCheckForm
from tests.test_access import _ids
from tests.toolkit.access_cases import CASES

FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["", "-1", "0", "1e309", "NaN", "-0.00", "99999999999999999", "\x00", "=1+1", "🙂" * 5]
    ),
)


def form_data(fields):
    return st.fixed_dictionaries({}, optional={name: text for name in fields})


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_forms_never_raise(world, data):
    for form_class, kwargs in [
        (IntroductionForm, {}),
        (HabitsForm, {}),
        (DiagnosticForm, {}),
        (RiskCheckForm, {}),
        (ChallengeForm, {"plan": world.plan}),
        (ChallengeMoveForm, {}),
        (CompleteForm, {}),
        (BudgetLineForm, {}),
        (BudgetRequestForm, {}),
    ]:
        fields = list(form_class(**kwargs).fields)
        form_class(data.draw(form_data(fields)), **kwargs).is_valid()


POSTS = [case for case in CASES if case.method == "POST"]


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_no_toolkit_post_gives_a_server_error(client_for, world, data):
    if not hasattr(world, "fuzz_ids"):
        world.fuzz_ids = _ids(world)
    ids = world.fuzz_ids
    case = data.draw(st.sampled_from(POSTS))
    fields = [*(case.data or {}), "version", "action", "next", "position", "direction"]
    response = client_for(world.manager).post(
        case.path.format(**ids),
        data.draw(form_data(fields)),
        headers=data.draw(st.sampled_from([{}, {"HX-Request": "true"}])),
    )
    assert response.status_code < 500, case.name
