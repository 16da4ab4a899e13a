"""The manager's assessment (attitude, who really decides): private unless shared.

An executive sees power and interest of everyone in the register, but a
person's attitude and "who really decides" note only when the manager shared
that assessment; otherwise it simply does not exist for them, on every page,
in the export, in the counts, and in the filters and sorts (which must not let
them infer it). Team members never see an assessment.
"""

from __future__ import annotations

import csv
import io
import re
from unittest import mock

import pytest

from onboarding.models import Membership
from stakeholders import selectors, services
from stakeholders.models import Stakeholder
from stakeholders.services import StakeholderFields
from tests.matching import found

pytestmark = pytest.mark.django_db


def url(plan, rest=""):
    return f"/plans/{plan.pk}/stakeholders/{rest}"


def person(plan, name, **fields):
    return services.stakeholder_create(plan=plan, fields=StakeholderFields(name=name, **fields))


@pytest.fixture
def people(world):
    """Zoe: a blocker, not shared; Ben: a champion, shared; Cy: not assessed."""
    zoe = person(
        world.plan,
        "Zoe Hidden",
        power=5,
        interest=4,
        attitude="blocker",
        influence_note="HIDDEN: the CFO decides for her",
        shared_with=[world.member],
    )
    ben = person(
        world.plan,
        "Ben Shared",
        power=4,
        interest=2,
        attitude="champion",
        influence_note="Open about it",
        assessment_shared=True,
        shared_with=[world.member],
    )
    cy = person(world.plan, "Cy Unassessed", power=2, interest=2)
    return zoe, ben, cy


def names(page):
    return re.findall(r'class="person-link"[^>]*><bdi>([^<]+)</bdi>', page)


def test_a_new_assessment_is_private(world):
    assert person(world.plan, "Anyone", attitude="sceptic").assessment_shared is False


def test_the_executive_reads_only_shared_assessments_on_the_detail_page(client_for, world, people):
    zoe, ben, _cy = people
    client = client_for(world.executive)
    hidden = client.get(url(world.plan, f"{zoe.pk}/")).content.decode()
    assert "HIDDEN" not in hidden and "attitude--blocker" not in hidden
    assert "Not assessed" in hidden  # for them, there is no assessment
    assert '<span class="scale scale--5">5</span>' in hidden  # power stays visible
    shared = client.get(url(world.plan, f"{ben.pk}/")).content.decode()
    assert "Open about it" in shared and "attitude--champion" in shared


def test_the_register_and_the_map_show_the_executive_no_hidden_attitude(client_for, world, people):
    client = client_for(world.executive)
    register = client.get(url(world.plan)).content.decode()
    row = register.split("Zoe Hidden", 1)[1].split("</tr>", 1)[0]
    assert "attitude--unknown" in row and "attitude--blocker" not in row
    power_map = client.get(url(world.plan, "map/")).content.decode()
    label = found(r'aria-label="(Zoe Hidden[^"]*)"', power_map).group(1)
    assert "Attitude not assessed" in label and "Blocker" not in label
    assert "Power 5, interest 4" in label  # power and interest stay visible


@pytest.mark.parametrize(
    ("query", "executive", "manager"),
    [
        ("?attitude=blocker", [], ["Zoe Hidden"]),
        ("?attitude=champion", ["Ben Shared"], ["Ben Shared"]),
        ("?attitude=unknown", ["Cy Unassessed", "Zoe Hidden"], ["Cy Unassessed"]),
        ("?sort=attitude", ["Ben Shared", "Cy Unassessed", "Zoe Hidden"], None),
        ("?sort=-attitude", ["Ben Shared", "Cy Unassessed", "Zoe Hidden"], None),
    ],
)
def test_filters_and_sorts_do_not_reveal_a_hidden_attitude(
    client_for, world, people, query, executive, manager
):
    """For the executive a hidden attitude is no attitude: filtered and sorted as such."""
    page = client_for(world.executive).get(url(world.plan, query)).content.decode()
    assert names(page) == executive
    if manager is not None:
        page = client_for(world.manager).get(url(world.plan, query)).content.decode()
        assert names(page) == manager
    power_map = client_for(world.executive).get(url(world.plan, "map/" + query)).content.decode()
    if "attitude=" in query:
        dots = re.findall(r'data-name="([^"]+)"', power_map)
        assert sorted(dots) == sorted(executive)


def test_the_managers_own_sort_still_uses_every_attitude(client_for, world, people):
    page = client_for(world.manager).get(url(world.plan, "?sort=-attitude")).content.decode()
    assert names(page) == ["Zoe Hidden", "Ben Shared", "Cy Unassessed"]


def test_the_executives_export_has_only_shared_assessments(client_for, world, people):
    for user, zoe_row in (
        (world.executive, ("", "")),
        (world.manager, ("blocker", "HIDDEN: the CFO decides for her")),
    ):
        text = client_for(user).get(url(world.plan, "export.csv")).content.decode("utf-8")
        rows = {r["name"]: r for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))}
        assert (rows["Zoe Hidden"]["attitude"], rows["Zoe Hidden"]["who_decides"]) == zoe_row
        assert rows["Zoe Hidden"]["power"] == "5"
        assert (rows["Ben Shared"]["attitude"], rows["Ben Shared"]["who_decides"]) == (
            "champion",
            "Open about it",
        )
        filtered = client_for(user).get(url(world.plan, "export.csv?attitude=blocker"))
        assert ("Zoe Hidden" in filtered.content.decode()) == (user == world.manager)


def test_coverage_counts_what_each_viewer_may_see(world, people):
    def coverage(role):
        membership = Membership.objects.get(plan=world.plan, user=world.user(role))
        return selectors.stakeholder_coverage(world.plan, selectors.viewer_for(membership))

    manager, executive, member = coverage("manager"), coverage("executive"), coverage("member")
    assert manager.attitudes["blocker"] == 1 and manager.assessed_count == 2
    assert executive.attitudes["blocker"] == 0 and executive.attitudes[""] == 2
    assert executive.assessed_count == 1 and executive.key_total == 2  # power stays visible
    assert (member.total, member.shows_power, member.attitudes) == (2, False, {})
    assert member.key_total == 0 and member.assessed_count == 0


def test_a_member_never_sees_an_assessment_even_a_shared_one(client_for, world, people):
    _zoe, ben, _cy = people
    detail = client_for(world.member).get(url(world.plan, f"{ben.pk}/")).content.decode()
    assert "Open about it" not in detail and "attitude--champion" not in detail
    listing = client_for(world.member).get(url(world.plan, "?sort=attitude&attitude=champion"))
    assert "Zoe Hidden" in listing.content.decode()  # the filter is ignored for them


def test_the_manager_shares_an_assessment_on_the_form(client_for, world, people):
    zoe, _ben, _cy = people
    client = client_for(world.manager)
    form = client.get(url(world.plan, f"{zoe.pk}/edit/")).content.decode()
    assert "Share my assessment (attitude, who really decides) with the executive" in form
    assert (
        'name="assessment_shared"' in form
        and "checked" not in form.split('name="assessment_shared"', 1)[1].split(">", 1)[0]
    )
    version = found(r'name="version" value="(\d+)"', form).group(1)
    data = {
        "name": "Zoe Hidden",
        "kind": "person",
        "scope": "internal",
        "relationship": "other",
        "power": "5",
        "interest": "4",
        "attitude": "blocker",
        "influence_note": "HIDDEN: the CFO decides for her",
        "shared_with": [world.member.pk],
        "assessment_shared": "on",
        "version": version,
    }
    with mock.patch("stakeholders.services.announce_plan_changed") as announce:
        assert client.post(url(world.plan, f"{zoe.pk}/edit/"), data).status_code == 302
    announce.assert_called_once_with(world.plan.pk)
    assert Stakeholder.objects.get(pk=zoe.pk).assessment_shared is True
    detail = client_for(world.executive).get(url(world.plan, f"{zoe.pk}/")).content.decode()
    assert "HIDDEN: the CFO decides for her" in detail and "attitude--blocker" in detail


def test_a_members_contact_status_never_tells_who_is_key(client_for, world):
    """Never contacted and no cadence is overdue only for key people: power stays hidden."""
    key = person(world.plan, "Kai Key", power=5, shared_with=[world.member])
    member = client_for(world.member)
    listing = member.get(url(world.plan)).content.decode()
    row = listing.split("Kai Key", 1)[1].split("</tr>", 1)[0]
    assert "Not contacted yet" in row and "Overdue" not in row
    assert names(member.get(url(world.plan, "?contact=overdue")).content.decode()) == []
    detail = member.get(url(world.plan, f"{key.pk}/")).content.decode()
    assert "Overdue" not in detail
    manager = client_for(world.manager)
    assert names(manager.get(url(world.plan, "?contact=overdue")).content.decode()) == ["Kai Key"]


def test_the_executives_coverage_says_it_counts_only_what_was_shared(client_for, world, people):
    """«Mapped: 1 of 3» for the executive is the shared assessments, and the page says so;
    which of the others were assessed stays private."""
    executive = client_for(world.executive).get(url(world.plan)).content.decode()
    assert "as far as the manager shared them with you" in executive
    assert "Not assessed or not shared" in executive
    manager = client_for(world.manager).get(url(world.plan)).content.decode()
    assert "Power, interest and attitude assessed." in manager
    assert "Not assessed or not shared" not in manager
