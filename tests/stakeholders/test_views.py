"""The register's pages: forms, 422/409, htmx fragments, and who sees what."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from roadmap.models import Task
from stakeholders import services
from stakeholders.models import Interaction, Stakeholder
from stakeholders.services import StakeholderFields
from tests.matching import found
from tests.stakeholders.factories import bulk_stakeholders

pytestmark = pytest.mark.django_db

SECRET = "Confidential: she plans to resign"
ANSWER = "Nobody owns the escalations"


def url(plan, rest=""):
    return f"/plans/{plan.pk}/stakeholders/{rest}"


def person(plan, name="Ana Silva", **fields):
    return services.stakeholder_create(plan=plan, fields=StakeholderFields(name=name, **fields))


@pytest.fixture
def ana(world):
    ana = person(
        world.plan,
        "Ana Silva",
        email="ana@example.com",
        title="Head of Billing",
        relationship="employee",
        power=5,
        interest=4,
        attitude="sceptic",
        influence_note="Listens to the CFO",
        shared_with=[world.member],
    )
    services.interaction_create(
        stakeholder=ana,
        kind="interview",
        date=dt.date(2026, 1, 5),
        sentiment=-1,
        notes=SECRET,
        answers={"employees.friction": ANSWER},
        follow_ups=["Map the escalation path"],
        created_by=world.manager,
    )
    return ana


VALID = {
    "name": "Ben Okafor",
    "kind": "person",
    "scope": "external",
    "relationship": "partner",
    "email": "ben@example.com",
    "power": "4",
    "interest": "2",
    "attitude": "neutral",
    "cadence_days": "21",
    "tags": "logistics, EMEA",
}


# --- Register list ---------------------------------------------------------------------


def test_the_register_lists_filters_and_sorts(client_for, world, ana):
    person(world.plan, "Zoe Customer", relationship="customer", power=2, interest=5)
    person(world.plan, "Old Partner", relationship="partner")
    services.stakeholder_archive(stakeholder=Stakeholder.objects.get(name="Old Partner"))
    client = client_for(world.manager)

    page = client.get(url(world.plan)).content.decode()
    assert "Ana Silva" in page and "Zoe Customer" in page and "Old Partner" not in page
    assert 'aria-sort="ascending"' in page

    page = client.get(url(world.plan, "?relationship=customer")).content.decode()
    assert "Zoe Customer" in page and "Ana Silva" not in page
    page = client.get(url(world.plan, "?q=billing")).content.decode()
    assert "Ana Silva" in page and "Zoe Customer" not in page
    page = client.get(url(world.plan, "?archived=1")).content.decode()
    assert "Old Partner" in page and "Ana Silva" not in page
    page = client.get(url(world.plan, "?key=1")).content.decode()
    assert "Ana Silva" in page and "Zoe Customer" not in page

    page = client.get(url(world.plan, "?sort=-power")).content.decode()
    assert page.index("Ana Silva") < page.index("Zoe Customer")
    assert 'aria-sort="descending"' in page
    page = client.get(url(world.plan, "?sort=power")).content.decode()
    assert page.index("Zoe Customer") < page.index("Ana Silva")


def test_each_row_shows_its_own_tags(client_for, world, ana):
    person(world.plan, "Zoe Customer", tags=["VIP", "EMEA"])
    page = client_for(world.manager).get(url(world.plan)).content.decode()
    rows = {
        name: row
        for row in page.split("<tr")[1:]
        for name in ("Ana Silva", "Zoe Customer")
        if name in row
    }
    assert '<span class="tag"><bdi>VIP</bdi></span>' in rows["Zoe Customer"]
    assert '<span class="tag"><bdi>EMEA</bdi></span>' in rows["Zoe Customer"]
    assert 'class="tag"' not in rows["Ana Silva"]


def test_unknown_filter_values_are_ignored_not_errors(client_for, world, ana):
    response = client_for(world.manager).get(
        url(world.plan, "?sort=password&relationship=x&attitude=<b>&page=abc&contact=all")
    )
    assert response.status_code == 200
    assert "Ana Silva" in response.content.decode()


def test_htmx_gets_the_register_fragment_and_history_restore_the_page(client_for, world, ana):
    client = client_for(world.manager)
    fragment = client.get(url(world.plan, "?q=ana"), headers={"HX-Request": "true"})
    restore = client.get(
        url(world.plan, "?q=ana"),
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    html = fragment.content.decode()
    assert html.lstrip().startswith('<section id="register"')
    assert "<html" not in html and "Ana Silva" in html
    assert "<html" in restore.content.decode()
    assert "HX-Request" in fragment["Vary"]


def test_an_anonymous_htmx_request_is_sent_to_sign_in(client, world):
    response = client.get(url(world.plan), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith("/accounts/login/")


def test_paging_through_hundreds(client_for, world):
    bulk_stakeholders(world.plan, 120)
    client = client_for(world.manager)
    first = client.get(url(world.plan)).content.decode()
    assert first.count('class="person-link"') == 50
    assert "1–50 of 120" in first
    third = client.get(url(world.plan, "?page=3")).content.decode()
    assert third.count('class="person-link"') == 20
    assert "Bulk person 0119" in third
    beyond = client.get(url(world.plan, "?page=99")).content.decode()
    assert "Bulk person 0119" in beyond  # the last page, not an error


# --- Adding and editing ------------------------------------------------------------------


def test_adding_a_stakeholder(client_for, world):
    response = client_for(world.manager).post(url(world.plan, "new/"), VALID)
    ben = Stakeholder.objects.get(name="Ben Okafor")
    assert response["Location"] == url(world.plan, f"{ben.pk}/")
    assert (ben.power, ben.interest, ben.attitude, ben.cadence_days) == (4, 2, "neutral", 21)
    assert sorted(t.name for t in ben.tags.all()) == ["EMEA", "logistics"]


def test_save_and_log_goes_straight_to_the_conversation_form(client_for, world):
    response = client_for(world.manager).post(url(world.plan, "new/"), {**VALID, "then": "log"})
    ben = Stakeholder.objects.get(name="Ben Okafor")
    assert response["Location"] == url(world.plan, f"{ben.pk}/interactions/new/")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"power": "7"}, "Choose a value from 1 (lowest) to 5 (highest)."),
        ({"interest": "-1"}, "Choose a value from 1 (lowest) to 5 (highest)."),
        ({"attitude": "hostile"}, "Choose one of the listed attitudes."),
        ({"cadence_days": "0"}, "Use a number of days from 1 to 365."),
        ({"email": "ben@"}, "Enter a valid email address."),
        ({"name": ""}, "This field is required."),
        ({"tags": "x" * 50}, "A tag can be at most 40 characters long"),
    ],
)
def test_bad_input_is_explained_with_422(client_for, world, change, message):
    response = client_for(world.manager).post(url(world.plan, "new/"), {**VALID, **change})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Stakeholder.objects.exists()


def test_an_email_already_in_the_register_is_422(client_for, world, ana):
    response = client_for(world.manager).post(
        url(world.plan, "new/"), {**VALID, "email": "ANA@example.com"}
    )
    assert response.status_code == 422
    assert "Ana Silva already has this e-mail address in the register." in response.content.decode()
    assert Stakeholder.objects.count() == 1


def test_a_foreign_stakeholder_id_is_refused(client_for, world, ana):
    foreign = person(world.other_plan, "Foreign Boss")
    client = client_for(world.manager)
    response = client.post(
        url(world.plan, "new/"), {**VALID, "reports_to": foreign.pk, "influences": [foreign.pk]}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Choose someone from this plan&#x27;s register." in page
    assert "Foreign Boss" not in page
    assert not Stakeholder.objects.filter(name="Ben Okafor").exists()
    # Another plan's stakeholder in the URL does not exist here.
    for path in ("", "edit/", "interactions/new/", "archive/"):
        method = client.post if path == "archive/" else client.get
        assert method(url(world.plan, f"{foreign.pk}/{path}")).status_code == 404
    foreign_follow_up = services.interaction_create(
        stakeholder=foreign, kind="call", date=dt.date(2024, 1, 1), follow_ups=["x"]
    ).follow_ups.get()
    response = client.post(url(world.plan, f"follow-ups/{foreign_follow_up.pk}/task/"))
    assert response.status_code == 404
    assert not Task.objects.filter(title="x").exists()


def test_editing_with_a_stale_version_is_409_and_changes_nothing(client_for, world, ana):
    client = client_for(world.manager)
    form = client.get(url(world.plan, f"{ana.pk}/edit/")).content.decode()
    version = found(r'name="version" value="(\d+)"', form).group(1)
    data = {**VALID, "name": "Ana Silva", "email": "ana@example.com", "version": version}
    assert (
        client.post(url(world.plan, f"{ana.pk}/edit/"), {**data, "power": "3"}).status_code == 302
    )

    candid = "Decides with the CFO, not alone"
    response = client.post(
        url(world.plan, f"{ana.pk}/edit/"), {**data, "power": "1", "influence_note": candid}
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone saved this person after you opened the form" in page
    assert candid in page, "what the user typed is kept in the form"
    their_version = page.split('id="their-version"')[1].split("</section>")[0]
    assert "3 / 5" in their_version, "the power they saved is shown above the form"
    ana.refresh_from_db()
    assert ana.power == 3

    # Saving again is a deliberate choice to replace their version: it goes through.
    again = found(r'name="version" value="(\d+)"', page).group(1)
    assert again == str(ana.version)
    response = client.post(
        url(world.plan, f"{ana.pk}/edit/"),
        {**data, "power": "1", "influence_note": candid, "version": again},
    )
    assert response.status_code == 302
    ana.refresh_from_db()
    assert (ana.power, ana.influence_note) == (1, candid)


def test_archiving_with_a_stale_version_says_so(client_for, world, ana):
    client = client_for(world.manager)
    response = client.post(url(world.plan, f"{ana.pk}/archive/"), {"version": 99}, follow=True)
    assert "Someone changed this person" in response.content.decode()
    ana.refresh_from_db()
    assert not ana.is_archived
    client.post(url(world.plan, f"{ana.pk}/archive/"), {"version": ana.version})
    ana.refresh_from_db()
    assert ana.is_archived


# --- Conversations -------------------------------------------------------------------------


def test_the_interview_form_offers_the_groups_questions(client_for, world, ana):
    page = client_for(world.manager).get(url(world.plan, f"{ana.pk}/interactions/new/"))
    html = page.content.decode()
    assert "Key questions: Employees" in html
    assert "Do people understand the overall vision" in html
    assert "Where do our customers struggle" not in html
    assert 'name="answer__employees__vision"' in html


def test_logging_an_interview_with_answers(client_for, world, ana):
    response = client_for(world.manager).post(
        url(world.plan, f"{ana.pk}/interactions/new/"),
        {
            "kind": "interview",
            "date": "2026-02-01",
            "sentiment": "2",
            "notes": "Open and direct",
            "answer__employees__vision": "They know it, do not believe it",
            "answer__employees__help": "",
            "follow_ups": "Share the roadmap draft\n\nAsk for two agents for the pilot",
        },
    )
    interaction = Interaction.objects.filter(stakeholder=ana).latest("pk")
    assert response["Location"] == url(world.plan, f"{ana.pk}/#interaction-{interaction.pk}")
    assert interaction.sentiment == 2
    assert dict(interaction.answers.values_list("question_key", "answer")) == {
        "employees.vision": "They know it, do not believe it"
    }
    assert interaction.follow_ups.count() == 2


def test_a_future_date_or_bad_sentiment_is_422(client_for, world, ana):
    client = client_for(world.manager)
    response = client.post(
        url(world.plan, f"{ana.pk}/interactions/new/"),
        {"kind": "call", "date": "2031-01-01", "sentiment": "5"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "This date is in the future" in page
    assert "Sentiment runs from -2 to +2." in page
    assert Interaction.objects.filter(stakeholder=ana).count() == 1


def test_a_follow_up_becomes_a_task_in_one_click_with_htmx(client_for, world, ana):
    follow_up = ana.interactions.get().follow_ups.get()
    client = client_for(world.manager)
    response = client.post(
        url(world.plan, f"follow-ups/{follow_up.pk}/task/"), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(
        f'<li class="follow-up follow-up--planned" id="follow-up-{follow_up.pk}"'
    )
    assert "Added to your roadmap" in html
    task = Task.objects.get(title="Map the escalation path")
    assert task.plan == world.plan
    # A second click (another tab) adds nothing.
    again = client.post(
        url(world.plan, f"follow-ups/{follow_up.pk}/task/"), headers={"HX-Request": "true"}
    )
    assert "already on your roadmap" in again.content.decode()
    assert Task.objects.filter(title="Map the escalation path").count() == 1


def test_without_javascript_the_follow_up_button_returns_to_the_person(client_for, world, ana):
    follow_up = ana.interactions.get().follow_ups.get()
    response = client_for(world.manager).post(
        url(world.plan, f"follow-ups/{follow_up.pk}/task/"),
        {"next": "https://evil.example/"},
    )
    assert response["Location"] == url(world.plan, f"{ana.pk}/")


# --- Who sees what --------------------------------------------------------------------------


def test_the_manager_sees_notes_answers_and_follow_ups(client_for, world, ana):
    page = client_for(world.manager).get(url(world.plan, f"{ana.pk}/")).content.decode()
    assert SECRET in page and ANSWER in page and "Map the escalation path" in page
    assert "Listens to the CFO" in page


def test_an_executive_sees_the_register_but_never_private_notes(client_for, world, ana):
    client = client_for(world.executive)
    detail = client.get(url(world.plan, f"{ana.pk}/")).content.decode()
    assert "Ana Silva" in detail and "Sentiment −1" in detail
    assert "Power/influence" in detail  # power and interest stay visible to executives
    # The manager's assessment is private until shared.
    assert "Sceptic" not in detail and "Listens to the CFO" not in detail
    Stakeholder.objects.filter(pk=ana.pk).update(assessment_shared=True)
    detail = client.get(url(world.plan, f"{ana.pk}/")).content.decode()
    assert "Sceptic" in detail
    assert "Listens to the CFO" in detail  # the power map's informal influence
    for page in (
        detail,
        client.get(url(world.plan)).content.decode(),
        client.get(url(world.plan, "map/")).content.decode(),
        client.get(url(world.plan, "export.csv")).content.decode(),
    ):
        assert SECRET not in page
        assert ANSWER not in page
        assert "Map the escalation path" not in page
    assert "Log a conversation" not in detail and "Edit" not in detail
    assert client.get(url(world.plan, "answers/")).status_code == 403


def test_a_member_sees_only_the_shared_contact_card(client_for, world, ana):
    hidden = person(world.plan, "Hidden Person")
    client = client_for(world.member)
    listing = client.get(url(world.plan)).content.decode()
    assert "Ana Silva" in listing and "Hidden Person" not in listing
    detail = client.get(url(world.plan, f"{ana.pk}/")).content.decode()
    assert "Ana Silva" in detail and "ana@example.com" in detail
    for private in (
        SECRET,
        ANSWER,
        "Sceptic",
        "Listens to the CFO",
        "Sentiment",
        "Power/influence",
    ):
        assert private not in detail
    assert client.get(url(world.plan, f"{hidden.pk}/")).status_code == 404
    assert client.get(url(world.plan, "map/")).status_code == 403
    assert client.get(url(world.plan, "export.csv")).status_code == 403


def test_the_nav_links_the_register_for_every_role(client_for, world):
    for user in (world.manager, world.executive, world.member):
        page = client_for(user).get(f"/plans/{world.plan.pk}/today/").content.decode()
        assert f'href="/plans/{world.plan.pk}/stakeholders/"' in page


# --- Map and answers pages ------------------------------------------------------------------


def test_the_power_map_draws_a_labelled_focusable_dot_per_placed_person(client_for, world, ana):
    Stakeholder.objects.filter(pk=ana.pk).update(assessment_shared=True)
    person(world.plan, "Unplaced Person")
    page = client_for(world.executive).get(url(world.plan, "map/")).content.decode()
    dots = re.findall(r'<a href="[^"]+" class="grid-dot"[^>]*aria-label="([^"]+)"', page)
    assert len(dots) == 1
    assert dots[0].startswith("Ana Silva, Head of Billing. Sceptic. Power 5, interest 4")
    assert "<title>Ana Silva · Head of Billing · Sceptic</title>" in page
    assert 'class="dot dot--sceptic"' in page
    for label in ("Manage closely", "Keep satisfied", "Keep informed", "Monitor"):
        assert label in page
    assert "1 not placed yet" in page and "Unplaced Person" in page


def test_a_persian_reader_hears_the_dot_in_persian_with_persian_digits(client_for, world, ana):
    world.manager.language = "fa"
    world.manager.save()
    page = client_for(world.manager).get(url(world.plan, "map/")).content.decode()
    dots = re.findall(r'<a href="[^"]+" class="grid-dot"[^>]*aria-label="([^"]+)"', page)
    assert len(dots) == 1
    assert "Ana Silva, Head of Billing." in dots[0]  # names keep their own letters
    assert "۵" in dots[0] and "۴" in dots[0] and "5" not in dots[0]
    assert "Power" not in dots[0] and "Sceptic" not in dots[0]
    assert " style=" not in page and "<script>" not in page
    # A quadrant's count in brackets: a middle dot beside a Persian digit reads as a zero
    # («۱ ·» looked like ۱۰).
    labels = re.findall(r'<text [^>]*class="band-label[^"]*">([^<]+)</text>', page)
    assert len(labels) == 4 and all(label.endswith(("(۱)", "(۰)")) for label in labels)
    assert not any("·" in label for label in labels)


def test_the_power_map_filters_with_a_fragment(client_for, world, ana):
    person(world.plan, "Zed Client", relationship="customer", power=2, interest=2)
    response = client_for(world.manager).get(
        url(world.plan, "map/?relationship=customer"), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="grid"')
    assert "Zed Client" in html and "Ana Silva" not in html


def test_answers_side_by_side(client_for, world, ana):
    client = client_for(world.manager)
    page = client.get(url(world.plan, "answers/?question=employees.friction")).content.decode()
    assert ANSWER in page and "Ana Silva" in page
    assert client.get(url(world.plan, "answers/?question=nope")).status_code == 200


def test_pages_pass_the_csp_rules(client_for, world, ana):
    client = client_for(world.manager)
    follow_up = ana.interactions.get()
    for path in (
        "",
        "new/",
        "map/",
        "answers/?question=employees.friction",
        "import/",
        f"{ana.pk}/",
        f"{ana.pk}/edit/",
        f"{ana.pk}/interactions/new/",
        f"{ana.pk}/interactions/{follow_up.pk}/edit/",
    ):
        response = client.get(url(world.plan, path))
        assert response.status_code == 200, path
        html = response.content.decode()
        assert " style=" not in html, path
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), path
        assert "/static/css/stakeholders.css" in html


def test_csrf_is_enforced(world, ana):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.manager)
    response = client.post(url(world.plan, "new/"), VALID)
    assert response.status_code == 403
    response = client.post(url(world.plan, "import/"), {})
    assert response.status_code == 403
    assert not Stakeholder.objects.filter(name="Ben Okafor").exists()


def test_the_today_suggestions_snippet_names_overdue_key_people(rf, world, ana):
    from django.template.loader import render_to_string

    from onboarding.models import Membership
    from stakeholders.selectors import overdue_people_panel

    services.stakeholder_update(
        stakeholder=ana,
        fields=StakeholderFields(name="Ana Silva", power=5, cadence_days=7),
    )
    request = rf.get("/")
    request.membership = Membership.objects.get(plan=world.plan, user=world.manager)
    panel = overdue_people_panel(world.plan, request.membership, dt.date(2026, 3, 1))
    html = render_to_string(
        "stakeholders/_today_suggestions.html",
        {"panel": panel, "plan": world.plan},
        request=request,
    )
    assert "Key people to contact" in html and "Ana Silva" in html
    assert SECRET not in html and "interactions/new/" in html


@pytest.mark.parametrize("role", ["executive", "member", "other_manager"])
def test_refused_writes_change_nothing(client_for, world, ana, role):
    from roadmap.models import Task as RoadmapTask
    from stakeholders.models import FollowUp, PendingImport
    from tests.stakeholders.access_cases import CASES, make_ids

    def snapshot():
        return (
            list(
                Stakeholder.objects.order_by("pk").values_list(
                    "name", "power", "archived_at", "version"
                )
            ),
            list(Interaction.objects.order_by("pk").values_list("notes", "date")),
            list(FollowUp.objects.order_by("pk").values_list("task_id", flat=True)),
            PendingImport.objects.count(),
            RoadmapTask.objects.count(),
        )

    ids = {"plan": world.plan.pk, **make_ids(world)}
    before = snapshot()
    client = client_for(getattr(world, role))
    for case in CASES:
        if case.method == "POST":
            data = {k: str(v).format(**ids) for k, v in (case.data or {}).items()}
            response = client.post(case.path.format(**ids), data)
            assert response.status_code in {403, 404, 405}, case.name
    assert snapshot() == before


def test_register_rows_name_scope_relationship_and_attitude_in_the_readers_language(
    client_for, world
):
    from stakeholders.models import Stakeholder

    Stakeholder.objects.create(
        plan=world.plan, name="Karim", scope="external", relationship="board", attitude="sceptic"
    )
    world.manager.language = "ru"
    world.manager.save()
    page = client_for(world.manager).get(f"/plans/{world.plan.pk}/stakeholders/").content.decode()
    row = page.split('class="person-link"', 1)[1].split("</tr>", 1)[0]
    assert ">Внешний<" in row
    assert ">Совет директоров<" in row
    assert ">Скептик<" in row


def test_the_power_map_tells_readers_it_is_what_the_manager_shared(client_for, world):
    map_url = f"/plans/{world.plan.pk}/stakeholders/map/"
    manager = client_for(world.manager).get(map_url).content.decode()
    assert "Who can shape your success" in manager
    page = client_for(world.executive).get(map_url).content.decode()  # team members have no map
    assert "as the manager has shared it with you" in page
    assert "Who can shape your success" not in page
