"""A refused form takes a keyboard and screen-reader user to each mistake.

On the HTML a user gets back after posting invalid input: every link of the error
summary (``partials/form_errors.html``) leads to an element of the page, radio and
checkbox groups included; each group's error message has an id that the group (its
fieldset or radio group, or its inputs) names in ``aria-describedby``; hand-written
text boxes carry ``aria-invalid`` and point at their error; and the stakeholder
diagram keeps its links out of an element with ``role="img"``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
import time_machine

from stakeholders import services as stakeholder_services
from stakeholders.services import StakeholderFields
from tests.pulse.helpers import form_data as pulse_data
from tests.pulse.helpers import open_pulse
from tests.quick_wins.helpers import make_quick_win
from tests.toolkit.helpers import diagnostic_data, habits_data, risk_data

pytestmark = pytest.mark.django_db

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID |= {"track", "wbr"}


@pytest.fixture(autouse=True)
def _on_day_20():
    """The tools' weeks and months, and the quick wins' days, depend on the date: pin it."""
    with time_machine.travel(dt.datetime(2026, 3, 21, 12, tzinfo=dt.UTC), tick=True):
        yield


# ------------------------------------------------------------------- reading the page


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str]
    parent: Element | None
    children: list[Element] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def descendants(self):
        for child in self.children:
            yield child
            yield from child.descendants()

    def described_by(self) -> list[str]:
        return self.attrs.get("aria-describedby", "").split()

    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def all_text(self) -> str:
        return " ".join(["".join(self.text), *(d.all_text() for d in self.children)])


class Page(HTMLParser):
    """The page as a tree of elements, enough to follow ids and ancestors."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.current = self.root
        self.elements: list[Element] = []
        self.feed(html)
        self.close()
        self.ids: dict[str, Element] = {}
        for element in self.elements:
            if "id" in element.attrs:
                assert element.attrs["id"] not in self.ids, f"id {element.attrs['id']} twice"
                self.ids[element.attrs["id"]] = element

    def _element(self, tag, attrs) -> Element:
        element = Element(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(element)
        self.elements.append(element)
        return element

    def handle_starttag(self, tag, attrs):
        element = self._element(tag, attrs)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs)

    def handle_endtag(self, tag):
        for node in [self.current, *self.current.ancestors()]:
            if node.tag == tag:
                self.current = node.parent or self.root
                return

    def handle_data(self, data):
        self.current.text.append(data)

    def select(self, tag: str, **attrs: str) -> list[Element]:
        return [
            e
            for e in self.elements
            if e.tag == tag and all(e.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]


def summary_links(page: Page) -> dict[str, str]:
    """The error summary's links, label text → target id; each must lead somewhere."""
    summary = page.ids.get("form-errors")
    assert summary is not None, "no error summary"
    links = {}
    for link in (e for e in summary.descendants() if e.tag == "a"):
        href = link.attrs.get("href", "")
        label = link.all_text().strip()
        assert href.startswith("#") and len(href) > 1, f"{label!r} links to {href!r}"
        assert href[1:] in page.ids, f"{label!r} links to {href}, which is not on the page"
        links[label] = href[1:]
    return links


def choice_groups(page: Page) -> dict[str, list[Element]]:
    """Radio and checkbox inputs by name."""
    groups: dict[str, list[Element]] = {}
    for element in page.select("input"):
        if element.attrs.get("type") in {"radio", "checkbox"}:
            groups.setdefault(element.attrs["name"], []).append(element)
    return groups


def group_of(inputs: list[Element]) -> Element:
    """The element that groups the options: the nearest fieldset or ARIA (radio)group."""
    for ancestor in inputs[0].ancestors():
        if ancestor.tag == "fieldset" or ancestor.attrs.get("role") in {"radiogroup", "group"}:
            return ancestor
    raise AssertionError(f"{inputs[0].attrs['name']}: its options are in no group")


def assert_group_error_is_described(page: Page, name: str, message: str) -> Element:
    """The group ``name`` is invalid and described by its error message, which has an id."""
    inputs = choice_groups(page)[name]
    assert all(i.attrs.get("aria-invalid") == "true" for i in inputs), name
    group = group_of(inputs)
    described = set(group.described_by())
    for element in inputs:
        described |= set(element.described_by())
    errors = [
        page.ids[ref]
        for ref in described
        if ref in page.ids and "field__error" in page.ids[ref].classes()
    ]
    assert errors, f"{name}: no error message among aria-describedby={sorted(described)}"
    assert any(message in error.all_text() for error in errors), name
    for ref in described:
        assert ref in page.ids, f"{name}: aria-describedby names {ref}, which is not on the page"
    # The page shows no error for the group that is not tied to it.
    shown = [
        e
        for e in group.descendants()
        if "field__error" in e.classes() and message in e.all_text() and e not in errors
    ]
    assert shown == [], f"{name}: an error without an id the group references"
    return group


def assert_links_to_group(page: Page, links: dict[str, str], label: str, name: str) -> None:
    """The summary's link for ``label`` leads to the group's first option or to the group."""
    assert label in links, f"no summary link for {label!r}: {links}"
    target = page.ids[links[label]]
    inputs = choice_groups(page)[name]
    assert (
        target is inputs[0] or target is group_of(inputs) or target in group_of(inputs).ancestors()
    )
    assert target is inputs[0] or target.tag == "fieldset"


def refused(response) -> Page:
    assert response.status_code in {200, 422}, response.status_code
    return Page(response.content.decode())


# --------------------------------------------------------------------- the team pulse


def test_the_pulse_answer_links_and_describes_each_unanswered_question(client_for, world):
    pulse = open_pulse(world.plan)
    data = pulse_data()
    del data["enps"], data["trust"]
    page = refused(
        client_for(world.member).post(f"/plans/{world.plan.pk}/pulses/{pulse.pk}/answer/", data)
    )

    links = summary_links(page)
    assert len(links) == 2
    for name, message in (("enps", "Choose a number from 0 to 10."), ("trust", "Choose how")):
        (label,) = [label for label, target in links.items() if target.startswith(f"id_{name}")]
        assert_links_to_group(page, links, label, name)
        assert_group_error_is_described(page, name, message)


# --------------------------------------------------------------------- stakeholders


def test_log_a_conversation_links_and_describes_kind_and_sentiment(client_for, world):
    ana = stakeholder_services.stakeholder_create(
        plan=world.plan, fields=StakeholderFields(name="Ana Silva")
    )
    page = refused(
        client_for(world.manager).post(
            f"/plans/{world.plan.pk}/stakeholders/{ana.pk}/interactions/new/",
            {"kind": "", "date": "2026-03-20", "sentiment": "9"},
        )
    )

    links = summary_links(page)
    assert_links_to_group(page, links, "Kind", "kind")
    assert_links_to_group(page, links, "How did it feel?", "sentiment")
    assert_group_error_is_described(page, "kind", "This field is required.")
    assert_group_error_is_described(page, "sentiment", "Sentiment runs from -2 to +2.")


def test_a_new_stakeholder_links_and_describes_scope_and_sharing(client_for, world):
    page = refused(
        client_for(world.manager).post(
            f"/plans/{world.plan.pk}/stakeholders/new/",
            {
                "name": "Ben Okafor",
                "kind": "person",
                "relationship": "partner",
                "scope": "",
                "shared_with": [str(world.other_manager.pk)],
            },
        )
    )

    links = summary_links(page)
    assert_links_to_group(page, links, "Internal or external", "scope")
    assert_links_to_group(page, links, "Share with team members", "shared_with")
    group = assert_group_error_is_described(page, "scope", "This field is required.")
    # The help text stays in the description beside the error.
    sharing = assert_group_error_is_described(
        page, "shared_with", "Share only with team members of this plan."
    )
    assert "id_shared_with_helptext" in sharing.described_by()
    assert group is not sharing


# --------------------------------------------------------------------- the toolkit


def test_a_challenge_without_a_kind_links_and_describes_the_kind(client_for, world):
    page = refused(
        client_for(world.manager).post(
            f"/plans/{world.plan.pk}/toolkit/challenges/add/",
            {
                "title": "Refunds wait",
                "evidence": "Ten days",
                "source": "metric",
                "outcome": "open",
                "version": "1",
            },
        )
    )

    links = summary_links(page)
    assert_links_to_group(page, links, "Kind", "kind")
    assert_group_error_is_described(page, "kind", "This field is required.")


def test_a_partly_answered_diagnostic_links_to_the_missing_answer(client_for, world):
    data = diagnostic_data("no")
    data["several-crms-answer"] = ""
    page = refused(
        client_for(world.manager).post(f"/plans/{world.plan.pk}/toolkit/diagnostic/new/", data)
    )

    links = summary_links(page)
    assert list(links.values()) == ["id_several-crms-answer_0"]
    assert_group_error_is_described(page, "several-crms-answer", "Answer yes, partly or no.")


def test_each_signs_missing_evidence_is_named_by_its_sign_in_the_summary(client_for, world):
    """Five links all read "Evidence": a screen-reader user could not tell them apart."""
    data = diagnostic_data("yes")
    for key in [k for k in data if k.endswith("-evidence")]:
        data[key] = ""
    page = refused(
        client_for(world.manager).post(f"/plans/{world.plan.pk}/toolkit/diagnostic/new/", data)
    )
    links = summary_links(page)  # label → target: five distinct labels, five entries
    assert len(links) == 5 and all(label.endswith(": Evidence") for label in links)
    assert links["Several CRMs: Evidence"] == "id_several-crms-evidence"


def test_partly_answered_habits_link_and_describe_the_missing_habit(client_for, world):
    page = refused(
        client_for(world.manager).post(
            f"/plans/{world.plan.pk}/toolkit/habits/", {**habits_data(), "purpose": ""}
        )
    )

    links = summary_links(page)
    assert list(links.values()) == ["id_purpose_0"]
    assert_group_error_is_described(page, "purpose", "Answer yes, partly or not this week.")


def test_a_partly_rated_risk_check_links_and_describes_the_missing_rating(client_for, world):
    page = refused(
        client_for(world.manager).post(
            f"/plans/{world.plan.pk}/toolkit/risk-checks/",
            {**risk_data(), "burnout-rating": ""},
        )
    )

    links = summary_links(page)
    assert list(links.values()) == ["id_burnout-rating_0"]
    assert_group_error_is_described(page, "burnout-rating", "Rate it from 1 to 5.")


def test_an_empty_introduction_is_invalid_and_points_at_its_error(client_for, world):
    page = refused(
        client_for(world.manager).post(
            f"/plans/{world.plan.pk}/toolkit/introduction/",
            {"text": "", "action": "save", "version": "1"},
        )
    )

    assert summary_links(page) == {"Your introduction": "id_text"}
    (text,) = page.select("textarea", name="text")
    assert text.attrs.get("aria-invalid") == "true"
    described = text.described_by()
    # The word count still describes the box, and so does the error.
    assert "introduction-word-count" in described
    assert "id_text_error" in described
    assert "empty" in page.ids["id_text_error"].all_text()
    assert all(ref in page.ids for ref in described)


# --------------------------------------------------------------------- quick wins


@pytest.mark.parametrize("title", ["", "   "])
@pytest.mark.parametrize("htmx", [False, True])
def test_a_milestone_without_a_title_is_invalid_and_points_at_its_error(
    client_for, world, title, htmx
):
    quick_win = make_quick_win(world)
    headers = {"HX-Request": "true", "HX-Target": "quick-win-body"} if htmx else {}
    response = client_for(world.manager).post(
        f"/plans/{world.plan.pk}/quick-wins/{quick_win.pk}/milestones/",
        {"title": title, "target_day": "40", "version": "1"},
        headers=headers,
    )
    assert response.status_code == 422
    page = Page(response.content.decode())

    box_id = f"quick-win-{quick_win.pk}-milestone-title"
    box = page.ids[box_id]
    assert box.attrs.get("aria-invalid") == "true"
    errors = [ref for ref in box.described_by() if ref in page.ids]
    assert errors and errors == box.described_by()
    assert "This field is required." in page.ids[errors[0]].all_text()
    assert "field__error" in page.ids[errors[0]].classes()
    # The day beside it was fine: it stays valid, and only one box takes focus.
    day = page.ids[f"quick-win-{quick_win.pk}-milestone-day"]
    assert "aria-invalid" not in day.attrs
    assert [e.attrs["id"] for e in page.elements if "autofocus" in e.attrs] == [box_id]


def test_a_milestone_with_two_mistakes_describes_both_and_focuses_the_first(client_for, world):
    quick_win = make_quick_win(world)
    response = client_for(world.manager).post(
        f"/plans/{world.plan.pk}/quick-wins/{quick_win.pk}/milestones/",
        {"title": " ", "target_day": "500", "version": "1"},
    )
    assert response.status_code == 422
    page = Page(response.content.decode())
    for part in ("title", "day"):
        box = page.ids[f"quick-win-{quick_win.pk}-milestone-{part}"]
        assert box.attrs.get("aria-invalid") == "true"
        assert box.described_by() and all(ref in page.ids for ref in box.described_by())
    focused = [e.attrs["id"] for e in page.elements if "autofocus" in e.attrs]
    assert focused == [f"quick-win-{quick_win.pk}-milestone-title"]


# --------------------------------------------------------------------- the diagram


def test_the_stakeholder_diagram_keeps_its_links_out_of_an_image(client_for, world):
    boss = stakeholder_services.stakeholder_create(
        plan=world.plan, fields=StakeholderFields(name="Carla Boss")
    )
    ana = stakeholder_services.stakeholder_create(
        plan=world.plan, fields=StakeholderFields(name="Ana Silva", reports_to=boss)
    )
    response = client_for(world.manager).get(f"/plans/{world.plan.pk}/stakeholders/{ana.pk}/")
    assert response.status_code == 200
    page = Page(response.content.decode())

    (diagram,) = [e for e in page.select("svg") if "ego" in e.classes()]
    links = [e for e in diagram.descendants() if e.tag == "a"]
    assert links, "the diagram links to the people in it"
    for link in links:
        assert all(node.attrs.get("role") != "img" for node in [link, *link.ancestors()])
    # It keeps its text alternative: its title names it (an svg's own role holds links;
    # the W3C validator refuses role="group" on an svg).
    assert diagram.attrs.get("role") in {None, "graphics-document", "document"}
    (title_id,) = diagram.attrs["aria-labelledby"].split()
    assert page.ids[title_id].tag == "title" and page.ids[title_id].parent is diagram
    assert "Ana Silva" in page.ids[title_id].all_text()


def test_a_quick_wins_team_with_someone_outside_the_plan_links_and_describes_it(client_for, world):
    page = refused(
        client_for(world.manager).post(
            f"/plans/{world.plan.pk}/quick-wins/new/",
            {
                "title": "Self-service refunds",
                "problem": "Refunds need a phone call",
                "owner": world.member.pk,
                "team": [world.other_manager.pk],
                "target_day": 60,
            },
        )
    )
    links = summary_links(page)
    assert_links_to_group(page, links, "Team members", "team")
    group = group_of(choice_groups(page)["team"])
    errors = [page.ids[ref] for ref in group.described_by() if ref in page.ids]
    assert any("field__error" in e.classes() for e in errors), group.described_by()


def test_a_progress_note_too_long_points_at_its_error(client_for, world):
    quick_win = make_quick_win(world)
    page = refused(
        client_for(world.member).post(
            f"/plans/{world.plan.pk}/quick-wins/{quick_win.pk}/progress/",
            {"progress": "30", "note": "x" * 501, "version": "1"},
            headers={"HX-Request": "true", "HX-Target": f"my-quick-win-{quick_win.pk}"},
        )
    )
    (note,) = page.select("textarea", name="note")
    assert note.attrs.get("aria-invalid") == "true"
    (error,) = note.described_by()
    assert "500" in page.ids[error].all_text()


def test_a_radio_group_drawn_by_the_shared_field_template_is_a_described_fieldset(
    client_for, world
):
    """The helpdesk mapping's "The file holds" was a label for nothing above its radios."""
    from metrics.models import SupportUpload
    from tests.support_imports.helpers import upload_file

    client = client_for(world.manager)
    base = f"/plans/{world.plan.pk}/metrics/support-imports/"
    own_format = b"Ref;Opened;Answered after (h)\r\nA-1;2026-03-02 09:00;2\r\n"
    client.post(base + "upload/", {"file": upload_file(own_format)})
    upload = SupportUpload.objects.latest("pk")
    page = refused(client.post(f"{base}{upload.pk}/mapping/", {"kind": ""}))
    assert_links_to_group(page, summary_links(page), "The file holds", "kind")
    group = assert_group_error_is_described(page, "kind", "This field is required.")
    assert group.tag == "fieldset"
    assert any(child.tag == "legend" for child in group.children)
