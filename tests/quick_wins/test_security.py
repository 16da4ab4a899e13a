"""The quick-win pages keep the strict CSP; their forms never raise on any input."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap.quick_wins import services
from roadmap.quick_wins.forms import (
    AnnouncementForm,
    MilestoneDoneForm,
    MilestoneForm,
    QuickWinForm,
    QuickWinProgressForm,
    QuickWinStatusForm,
)
from tests.quick_wins.helpers import make_quick_win

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["", "mine/", "chart/", "new/", "{pk}/", "{pk}/edit/"], ids=lambda p: p or "board"
)
def test_pages_send_a_strict_csp_and_contain_no_inline_code(client_for, world, path):
    quick_win = make_quick_win(world, team=["manager"])
    services.milestone_add(quick_win=quick_win, user=world.manager, title="M", target_day=30)
    services.quick_win_set_status(quick_win=quick_win, user=world.member, status="done")
    response = client_for(world.manager).get(
        f"/plans/{world.plan.pk}/quick-wins/{path.format(pk=quick_win.pk)}"
    )
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert not re.search(r"\sstyle=", html), "inline style attribute"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "-1", "0", "101", "140", "1e309", "NaN", "\x00", "blocked", "true"]),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_forms_never_raise(world, data):
    for form_class, kwargs in [
        (QuickWinForm, {"plan": world.plan}),
        (QuickWinStatusForm, {}),
        (QuickWinProgressForm, {}),
        (MilestoneForm, {}),
        (MilestoneDoneForm, {}),
        (AnnouncementForm, {}),
    ]:
        fields = list(form_class(**kwargs).fields)
        payload = data.draw(st.fixed_dictionaries({}, optional=dict.fromkeys(fields, text)))
        form_class(payload, **kwargs).is_valid()  # must not raise, whatever the input
