"""The quick-win pages: htmx updates in place, 409/422/400/403/404, no-JS fallbacks."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from roadmap.quick_wins import services
from roadmap.quick_wins.models import Milestone, QuickWin
from tests.matching import found
from tests.quick_wins.helpers import make_quick_win

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def url(world, suffix=""):
    return f"/plans/{world.plan.pk}/quick-wins/{suffix}"


def htmx(target, page="/"):
    return {**HTMX, "HX-Target": target, "HX-Current-URL": f"http://testserver{page}"}


def unchanged(quick_win, version=1, status="proposed"):
    fresh = QuickWin.objects.get(pk=quick_win.pk)
    return fresh.version == version and fresh.status == status


# ---------------------------------------------------------------- Pages


def test_board_has_a_column_per_status_and_the_cards_in_them(client_for, world):
    make_quick_win(world, title="Refund macros")
    committed = make_quick_win(world, title="Callback queue", owner="manager")
    services.quick_win_set_status(quick_win=committed, user=world.manager, status="committed")

    page = client_for(world.manager).get(url(world)).content.decode()

    columns = re.findall(r'<section class="qw-column qw-column--(\w+)" data-status="(\w+)"', page)
    assert [c[0] for c in columns] == [
        "proposed",
        "committed",
        "in_progress",
        "blocked",
        "done",
        "dropped",
    ]
    proposed = page.index('data-status="proposed"')
    committed_at = page.index('data-status="committed"')
    assert proposed < page.index("Refund macros") < committed_at < page.index("Callback queue")
    assert 'aria-labelledby="column-done"' in page
    assert 'draggable="true"' in page
    assert "css/quick_wins.css" in page and "js/board.js" in page
    assert "Propose a quick win" in page


def test_the_nav_links_the_board(client_for, world):
    page = client_for(world.member).get(f"/plans/{world.plan.pk}/today/").content.decode()
    assert f'href="/plans/{world.plan.pk}/quick-wins/"' in page


@pytest.mark.parametrize("role", ["manager", "executive", "member"])
def test_today_links_each_committed_quick_win_with_its_status_and_progress(client_for, world, role):
    committed = make_quick_win(world, title="Callback queue", owner="manager")
    services.quick_win_set_status(quick_win=committed, user=world.manager, status="committed")
    make_quick_win(world, title="Refund macros")  # proposed: not on Today

    page = client_for(world.user(role)).get(f"/plans/{world.plan.pk}/today/").content.decode()

    link = f'href="/plans/{world.plan.pk}/quick-wins/{committed.pk}/"'
    title_at, state_at = page.index(link), page.index('class="qw-summary__state"')
    assert title_at < page.index("Callback queue") < state_at
    assert "0% done" in page[state_at : page.index("</li>", state_at)]
    assert "Refund macros" not in page


def test_executive_reads_the_board_without_controls(client_for, world):
    make_quick_win(world)
    response = client_for(world.executive).get(url(world))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Answer refund tickets within a day" in page
    assert "/status/" not in page
    assert 'draggable="true"' not in page
    assert "Propose a quick win" not in page


def test_a_member_can_move_only_their_own_cards(client_for, world):
    mine = make_quick_win(world, owner="member", title="Mine")
    theirs = make_quick_win(world, owner="manager", title="Theirs")
    page = client_for(world.member).get(url(world)).content.decode()
    assert f"/quick-wins/{mine.pk}/status/" in page
    assert f"/quick-wins/{theirs.pk}/status/" not in page


def test_my_quick_wins_lists_only_those_i_am_on(client_for, world):
    mine = make_quick_win(world, owner="member", title="I own this")
    services.milestone_add(
        quick_win=mine, user=world.manager, title="Call the vendor", target_day=40
    )
    make_quick_win(world, owner="manager", team=["member"], title="I help with this")
    make_quick_win(world, owner="manager", title="Not mine")
    done = make_quick_win(world, owner="member", title="Finished one")
    services.quick_win_set_status(quick_win=done, user=world.member, status="done")

    page = client_for(world.member).get(url(world, "mine/")).content.decode()

    assert "I own this" in page and "I help with this" in page
    assert "Not mine" not in page
    assert (
        page.index("I help with this") < page.index("Done and dropped") < page.index("Finished one")
    )
    # Large, labelled controls for a phone.
    assert 'type="radio" name="status" value="blocked"' in page
    assert 'inputmode="numeric"' in page
    # Each milestone is a large toggle button that says whether it is done.
    toggle = re.search(
        r'<button[^>]*class="qw-check"[^>]*aria-pressed="false">(.*?)</button>', page, re.S
    )
    assert toggle is not None and "Call the vendor" in toggle.group(1)


def test_my_quick_wins_when_there_are_none(client_for, world):
    page = client_for(world.executive).get(url(world, "mine/")).content.decode()
    assert "No quick wins for you yet" in page


def test_user_content_is_escaped_and_isolated(client_for, world):
    make_quick_win(world, title="<script>alert(1)</script>", theme="<b>bold</b>")
    for path in ("", "mine/", "chart/"):
        page = client_for(world.member).get(url(world, path)).content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "<b>bold</b>" not in page
    page = client_for(world.member).get(url(world)).content.decode()
    assert "<bdi>&lt;script&gt;alert(1)&lt;/script&gt;</bdi>" in page


def test_the_chart_places_scored_quick_wins_and_names_the_quadrants(client_for, world):
    make_quick_win(world, title="Easy and big", impact=5, effort=1)
    make_quick_win(world, title="Same spot", impact=5, effort=1)
    make_quick_win(world, title="Unscored idea", impact=None, effort=None)

    page = client_for(world.executive).get(url(world, "chart/")).content.decode()

    assert '<tspan class="qw-quadrant__name">Quick wins</tspan>' in page
    assert "high impact, low effort</tspan>" in page
    assert '<tspan class="qw-quadrant__name">Not worth it</tspan>' in page
    assert 'aria-label="1. Easy and big: impact 5, effort 1, Proposed"' in page
    assert "<title>2. Same spot (Proposed)</title>" in page
    circles = re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', page)
    assert len(circles) == 2 and circles[0] != circles[1]  # the same scores do not overlap
    assert "Unscored idea" in page.split("Not scored yet")[-1]
    assert "style=" not in page.split("<svg")[1].split("</svg>")[0]


def test_the_chart_numbers_are_not_localised(client_for, world):
    make_quick_win(world, impact=3, effort=2)
    client = client_for(world.manager)
    client.post("/i18n/setlang/", {"language": "ru"})
    page = client.get(url(world, "chart/")).content.decode()
    assert re.search(r'<circle cx="\d+(\.\d+)?" cy="\d+(\.\d+)?"', page)


def test_milestone_history_reads_in_each_readers_language(client_for, world):
    quick_win = make_quick_win(world, team=["manager"])
    with translation.override("fa"):  # the manager works in Persian
        milestone = services.milestone_add(
            quick_win=quick_win, user=world.manager, title="Macros", target_day=35
        )
        services.milestone_set_done(milestone=milestone, user=world.manager, done=True)
    english = client_for(world.executive).get(url(world, f"{quick_win.pk}/")).content.decode()
    assert "added the milestone <bdi>Macros (day 35)</bdi>" in english
    assert "ticked off the milestone <bdi>Macros (day 35)</bdi>" in english
    world.executive.language = "ru"
    world.executive.save()
    russian = client_for(world.executive).get(url(world, f"{quick_win.pk}/")).content.decode()
    assert "Macros (день 35)" in russian


def test_detail_shows_facts_milestones_and_history(client_for, world):
    quick_win = make_quick_win(world, team=["manager"])
    services.milestone_add(quick_win=quick_win, user=world.manager, title="Macros", target_day=35)
    services.quick_win_set_status(
        quick_win=quick_win, user=world.member, status="blocked", note="No CRM access"
    )
    page = client_for(world.executive).get(url(world, f"{quick_win.pk}/")).content.decode()
    assert "Customers wait ten days for a refund answer" in page
    assert "4 of 5" in page  # impact
    assert "moved it from <strong>Proposed</strong> to <strong>Blocked</strong>" in page
    assert "No CRM access" in page
    assert "added the milestone <bdi>Macros (day 35)</bdi>" in page
    assert "proposed this quick win" in page
    assert "/status/" not in page  # the executive only reads


def test_detail_fragment_for_htmx_and_full_page_for_history_restore(client_for, world):
    quick_win = make_quick_win(world)
    client = client_for(world.member)
    path = url(world, f"{quick_win.pk}/")
    fragment = client.get(path, headers=htmx("quick-win-body"))
    restore = client.get(path, headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert fragment.content.decode().lstrip().startswith('<div id="quick-win-body"')
    assert "HX-Request" in fragment["Vary"]
    assert "<html" in restore.content.decode()


# ---------------------------------------------------------------- Updates in place


def test_moving_a_card_answers_with_the_card_in_its_new_column_and_the_counts(client_for, world):
    first = make_quick_win(world, title="Macros", target_day=40)
    later = make_quick_win(world, title="Triage", target_day=60)
    services.quick_win_set_status(quick_win=later, user=world.manager, status="committed")
    response = client_for(world.member).post(
        url(world, f"{first.pk}/status/"),
        {"status": "committed", "version": 1},
        headers=htmx(f"quick-win-item-{first.pk}", url(world)),
    )
    page = response.content.decode()
    assert response.status_code == 200
    # The card leaves its old place and comes back before the later card of its new column.
    assert response["HX-Reswap"] == "delete"
    assert f'<ul data-hx-swap-oob="beforebegin:#quick-win-item-{later.pk}">' in page
    assert f'id="quick-win-item-{first.pk}"' in page
    assert f'id="quick-win-item-{later.pk}"' not in page  # only the moved card is sent
    assert "data-focus" in page
    counts = dict(re.findall(r'id="qw-count-(\w+)" data-hx-swap-oob="true">(\d+)<', page))
    assert counts == {
        "proposed": "0",
        "committed": "2",
        "in_progress": "0",
        "blocked": "0",
        "done": "0",
        "dropped": "0",
    }
    # The move is announced in the page's live region.
    assert '<div id="messages" data-hx-swap-oob="innerHTML">' in page
    assert "moved to Committed." in page
    assert unchanged(first, version=2, status="committed")


def test_a_card_moved_after_every_other_card_goes_to_the_end_of_its_column(client_for, world):
    quick_win = make_quick_win(world, target_day=70)
    make_quick_win(world, title="Earlier", target_day=20)
    response = client_for(world.member).post(
        url(world, f"{quick_win.pk}/status/"),
        {"status": "in_progress", "version": 1},
        headers=htmx(f"quick-win-item-{quick_win.pk}", url(world)),
    )
    assert '<ul data-hx-swap-oob="beforeend:#qw-cards-in_progress">' in response.content.decode()
    assert unchanged(quick_win, version=2, status="in_progress")


def test_updating_on_my_page_returns_just_that_card(client_for, world):
    quick_win = make_quick_win(world)
    response = client_for(world.member).post(
        url(world, f"{quick_win.pk}/progress/"),
        {"progress": 60, "note": "Two of three teams use the macros", "version": 1},
        headers=htmx(f"my-quick-win-{quick_win.pk}", url(world, "mine/")),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<li class="qw-panel qw-panel--proposed"')
    assert 'value="60"' in page
    assert "Two of three teams use the macros" in page
    assert 'name="version" value="2"' in page
    assert f'name="next" value="/plans/{world.plan.pk}/quick-wins/mine/"' in page
    assert "Progress of “Answer refund tickets within a day” saved: 60%." in page


def test_updating_on_the_detail_page_returns_updates_and_history(client_for, world):
    quick_win = make_quick_win(world)
    milestone = services.milestone_add(
        quick_win=quick_win, user=world.manager, title="Macros", target_day=35
    )
    response = client_for(world.member).post(
        url(world, f"{quick_win.pk}/milestones/{milestone.pk}/done/"),
        {"done": "true", "version": 2},
        headers=htmx("quick-win-body"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="quick-win-body"')
    assert 'aria-pressed="true"' in page
    assert "ticked off the milestone <bdi>Macros (day 35)</bdi>" in page
    assert Milestone.objects.get(pk=milestone.pk).is_done


def test_done_shows_the_drafted_announcement_to_the_manager(client_for, world):
    quick_win = make_quick_win(world)
    client_for(world.member).post(
        url(world, f"{quick_win.pk}/status/"), {"status": "done", "version": quick_win.version}
    )
    page = client_for(world.manager).get(url(world, f"{quick_win.pk}/")).content.decode()
    assert "Celebrate and announce" in page
    assert "Subject: Quick win delivered: Answer refund tickets within a day" in page
    # The member does not see the manager's draft until it is sent.
    page = client_for(world.member).get(url(world, f"{quick_win.pk}/")).content.decode()
    assert "Subject: Quick win delivered" not in page


def test_saving_and_redrafting_the_announcement(client_for, world):
    quick_win = make_quick_win(world)
    services.quick_win_set_status(quick_win=quick_win, user=world.member, status="done")
    client = client_for(world.manager)
    path = url(world, f"{quick_win.pk}/announcement/")
    response = client.post(
        path,
        {"text": "We answer refunds in a day now.", "sent": "on", "version": quick_win.version},
        headers=htmx("quick-win-body"),
    )
    assert response.status_code == 200
    assert "Announcement saved." in response.content.decode()
    quick_win.refresh_from_db()
    assert quick_win.announcement == "We answer refunds in a day now."
    assert quick_win.announced_at is not None
    # Now the team can read it.
    page = client_for(world.member).get(url(world, f"{quick_win.pk}/")).content.decode()
    assert "We answer refunds in a day now." in page

    client = client_for(world.manager)
    client.post(path, {"action": "redraft", "version": quick_win.version})
    quick_win.refresh_from_db()
    assert quick_win.announcement.startswith("Subject: Quick win delivered")


def test_without_javascript_an_update_returns_to_the_page(client_for, world):
    quick_win = make_quick_win(world)
    client = client_for(world.member)
    response = client.post(
        url(world, f"{quick_win.pk}/status/"),
        {"status": "in_progress", "version": quick_win.version, "next": url(world, "mine/")},
    )
    assert response.status_code == 302
    assert response["Location"] == url(world, "mine/")
    response = client.post(
        url(world, f"{quick_win.pk}/progress/"),
        {"progress": 20, "version": quick_win.version + 1, "next": "https://evil.example/"},
    )
    assert response["Location"] == url(world, f"{quick_win.pk}/")


def test_proposing_and_editing_a_quick_win(client_for, world):
    client = client_for(world.manager)
    response = client.post(
        url(world, "new/"),
        {
            "title": "Self-service refunds",
            "problem": "Refunds need a phone call",
            "expected_impact": "Fewer calls",
            "impact": "4",
            "effort": "",
            "theme": "Fewer contacts",
            "owner": world.member.pk,
            "team": [world.manager.pk],
            "target_day": 60,
        },
    )
    quick_win = QuickWin.objects.get(title="Self-service refunds")
    assert response["Location"] == url(world, f"{quick_win.pk}/")
    assert (quick_win.impact, quick_win.effort, quick_win.owner) == (4, None, world.member)

    form = client.get(url(world, f"{quick_win.pk}/edit/")).content.decode()
    assert 'list="quick-win-themes"' in form and '<option value="Fewer contacts">' in form
    response = client.post(
        url(world, f"{quick_win.pk}/edit/"),
        {
            "title": "Self-service refunds",
            "problem": "Refunds need a phone call",
            "effort": "2",
            "target_day": 65,
            "version": 1,
        },
    )
    assert response.status_code == 302
    quick_win.refresh_from_db()
    assert (quick_win.effort, quick_win.target_day, quick_win.owner) == (2, 65, None)

    stale = client.post(
        url(world, f"{quick_win.pk}/edit/"),
        {"title": "Late edit", "problem": "x", "target_day": 65, "version": 1},
    )
    assert stale.status_code == 409
    assert "Someone saved this quick win after you opened it" in stale.content.decode()
    quick_win.refresh_from_db()
    assert quick_win.title == "Self-service refunds"


# ---------------------------------------------------------------- Bad input


def test_a_stale_move_gets_409_with_the_fresh_card_in_its_column_and_a_message(client_for, world):
    quick_win = make_quick_win(world)
    services.quick_win_set_status(quick_win=quick_win, user=world.manager, status="committed")
    response = client_for(world.member).post(
        url(world, f"{quick_win.pk}/status/"),
        {"status": "dropped", "note": "Too big", "version": 1},
        headers=htmx(f"quick-win-item-{quick_win.pk}", url(world)),
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone changed this quick win while you were looking at it" in page
    # Where someone else put it, with their version and what this user typed.
    assert '<ul data-hx-swap-oob="beforeend:#qw-cards-committed">' in page
    assert 'name="version" value="2"' in page
    assert 'value="Too big"' in page
    assert unchanged(quick_win, version=2, status="committed")


def test_a_stale_update_on_my_page_gets_409_with_the_fresh_card(client_for, world):
    quick_win = make_quick_win(world)
    services.quick_win_set_progress(quick_win=quick_win, user=world.manager, progress=50, note="")
    response = client_for(world.member).post(
        url(world, f"{quick_win.pk}/progress/"),
        {"progress": 10, "version": 1},
        headers=htmx(f"my-quick-win-{quick_win.pk}", url(world, "mine/")),
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Here is the latest version" in page
    assert 'value="50"' in page
    assert QuickWin.objects.get(pk=quick_win.pk).progress == 50


def test_without_javascript_a_stale_update_warns_and_returns(client_for, world):
    quick_win = make_quick_win(world)
    services.quick_win_set_progress(quick_win=quick_win, user=world.manager, progress=50, note="")
    response = client_for(world.member).post(
        url(world, f"{quick_win.pk}/progress/"), {"progress": 10, "version": 1}, follow=True
    )
    assert "Someone changed this quick win" in response.content.decode()
    assert QuickWin.objects.get(pk=quick_win.pk).progress == 50


@pytest.mark.parametrize(
    ("target", "start"),
    [
        ("quick-win-item-{pk}", '<ul data-hx-swap-oob="beforeend:#qw-cards-proposed">'),
        ("my-quick-win-{pk}", '<li class="qw-panel'),
        ("quick-win-body", '<div id="quick-win-body"'),
    ],
)
def test_blocked_without_a_reason_is_422_in_place(client_for, world, target, start):
    quick_win = make_quick_win(world)
    response = client_for(world.member).post(
        url(world, f"{quick_win.pk}/status/"),
        {"status": "blocked", "note": " ", "version": 1},
        headers=htmx(target.format(pk=quick_win.pk)),
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert page.lstrip().startswith(start)
    assert "Say what blocks it, so someone can help." in page
    assert 'aria-invalid="true"' in page
    assert unchanged(quick_win)


def test_without_javascript_invalid_input_gets_the_quick_win_page_with_the_error(client_for, world):
    quick_win = make_quick_win(world)
    response = client_for(world.member).post(
        url(world, f"{quick_win.pk}/status/"), {"status": "dropped", "version": 1}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "<html" in page
    assert "Say why it is dropped." in page
    assert unchanged(quick_win)


def test_an_unknown_status_is_a_400(client_for, world):
    quick_win = make_quick_win(world)
    response = client_for(world.member).post(
        url(world, f"{quick_win.pk}/status/"),
        {"status": "finished", "version": 1},
        headers=htmx(f"quick-win-item-{quick_win.pk}"),
    )
    assert response.status_code == 400
    assert "finished is not one of the available choices" in response.content.decode()
    assert unchanged(quick_win)


@pytest.mark.parametrize("progress", ["140", "-5", "lots"])
def test_progress_outside_0_to_100_is_422(client_for, world, progress):
    quick_win = make_quick_win(world)
    response = client_for(world.member).post(
        url(world, f"{quick_win.pk}/progress/"),
        {"progress": progress, "version": 1},
        headers=htmx(f"my-quick-win-{quick_win.pk}"),
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert re.search(r"less than or equal to 100|greater than or equal to 0|whole number", page)
    assert QuickWin.objects.get(pk=quick_win.pk).progress == 0
    assert unchanged(quick_win)


def test_a_persian_reader_is_told_the_limit_in_persian_digits(client_for, world):
    quick_win = make_quick_win(world)
    world.member.language = "fa"
    world.member.save(update_fields=["language"])
    response = client_for(world.member).post(
        url(world, f"{quick_win.pk}/progress/"),
        {"progress": "۱۵۰", "version": 1},
        headers=htmx(f"my-quick-win-{quick_win.pk}"),
    )
    assert response.status_code == 422
    error = re.search(
        r'<div class="field__error"[^>]*>(.*?)</div>', response.content.decode(), re.S
    )
    assert error and "۱۰۰" in error.group(1) and "100" not in error.group(1)


@pytest.mark.parametrize("day", [101, -11, 500])
def test_a_milestone_outside_the_plans_days_is_422(client_for, world, day):
    quick_win = make_quick_win(world)
    response = client_for(world.manager).post(
        url(world, f"{quick_win.pk}/milestones/"),
        {"title": "Launch", "target_day": day, "version": 1},
        headers=htmx("quick-win-body"),
    )
    assert response.status_code == 422
    assert "Ensure this value is" in response.content.decode()
    assert not Milestone.objects.exists()
    assert unchanged(quick_win)


def test_a_foreign_quick_win_or_milestone_is_404(client_for, world):
    foreign = services.quick_win_create(
        plan=world.other_plan,
        user=world.other_manager,
        title="Theirs",
        problem="Not yours",
        target_day=40,
    )
    foreign_milestone = services.milestone_add(
        quick_win=foreign, user=world.other_manager, title="Theirs too", target_day=40
    )
    mine = make_quick_win(world)
    client = client_for(world.manager)
    for path, data in [
        (f"{foreign.pk}/", None),
        (f"{foreign.pk}/status/", {"status": "committed"}),
        (f"{foreign.pk}/progress/", {"progress": 10}),
        (f"{foreign.pk}/announcement/", {"text": "x"}),
        (f"{mine.pk}/milestones/{foreign_milestone.pk}/done/", {"done": "true"}),
        (f"{mine.pk}/milestones/{foreign_milestone.pk}/delete/", {}),
    ]:
        response = (
            client.get(url(world, path)) if data is None else client.post(url(world, path), data)
        )
        assert response.status_code == 404, path
    assert unchanged(foreign, version=2)
    assert Milestone.objects.filter(pk=foreign_milestone.pk, done_at__isnull=True).exists()


def test_another_members_quick_win_is_403_with_a_message_under_htmx(client_for, world):
    theirs = make_quick_win(world, owner="manager")
    response = client_for(world.member).post(
        url(world, f"{theirs.pk}/status/"),
        {"status": "committed", "version": 1},
        headers=htmx(f"quick-win-item-{theirs.pk}"),
    )
    assert response.status_code == 403
    assert response["HX-Retarget"] == "#messages"
    assert "Only the manager and the people on this quick win can update it." in (
        response.content.decode()
    )
    assert unchanged(theirs)


@pytest.mark.parametrize("role", ["executive", "member", "other_manager"])
def test_refused_writes_change_nothing(client_for, world, role):
    quick_win = make_quick_win(world, owner="manager")
    milestone = services.milestone_add(
        quick_win=quick_win, user=world.manager, title="Macros", target_day=35
    )
    services.quick_win_set_status(quick_win=quick_win, user=world.manager, status="done")
    version = QuickWin.objects.get(pk=quick_win.pk).version
    events = quick_win.events.count()
    client = client_for(world.user(role))
    base = url(world, f"{quick_win.pk}/")
    for suffix, data in [
        ("status/", {"status": "dropped", "note": "no"}),
        ("progress/", {"progress": 100, "note": "hacked"}),
        (f"milestones/{milestone.pk}/done/", {"done": "true"}),
        (f"milestones/{milestone.pk}/delete/", {}),
        ("milestones/", {"title": "Extra", "target_day": 40}),
        ("announcement/", {"text": "hacked", "sent": "on"}),
        ("edit/", {"title": "hacked", "problem": "x", "target_day": 40}),
    ]:
        response = client.post(base + suffix, data)
        assert response.status_code in (403, 404), suffix
    assert QuickWin.objects.get(pk=quick_win.pk).version == version
    assert quick_win.events.count() == events
    assert Milestone.objects.filter(pk=milestone.pk, done_at__isnull=True).exists()


POSTS = [
    ("status/", {"status": "committed"}),
    ("progress/", {"progress": 10}),
    ("milestones/", {"title": "x", "target_day": 40}),
    ("milestones/{milestone}/done/", {"done": "true"}),
    ("milestones/{milestone}/delete/", {}),
    ("announcement/", {"text": "x"}),
    ("edit/", {"title": "x", "problem": "y", "target_day": 40}),
]


@pytest.mark.parametrize(("suffix", "data"), POSTS, ids=[p[0] for p in POSTS])
def test_htmx_post_without_csrf_token_gets_a_readable_403(world, suffix, data):
    quick_win = make_quick_win(world, owner="manager")
    milestone = services.milestone_add(
        quick_win=quick_win, user=world.manager, title="Macros", target_day=35
    )
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.manager)
    response = client.post(
        url(world, f"{quick_win.pk}/" + suffix.format(milestone=milestone.pk)),
        data,
        headers=htmx(f"quick-win-item-{quick_win.pk}"),
    )
    assert response.status_code == 403
    assert response["HX-Retarget"] == "#messages"
    assert "Reload the page" in response.content.decode()
    assert unchanged(quick_win, version=2)


def test_htmx_post_without_csrf_token_to_propose_gets_a_readable_403(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.manager)
    response = client.post(url(world, "new/"), {"title": "x"}, headers=HTMX)
    assert response.status_code == 403
    assert response["HX-Retarget"] == "#messages"
    assert not QuickWin.objects.exists()


def test_the_write_itself_refuses_a_user_the_view_let_through(client_for, world, monkeypatch):
    """Even if the view's check were wrong, the conditional UPDATE checks the rights again."""
    from django.db.models import Value

    from roadmap.quick_wins.models import QuickWinQuerySet

    monkeypatch.setattr(
        QuickWinQuerySet,
        "with_can_update",
        lambda self, user: self.annotate(can_update=Value(True)),
    )
    theirs = make_quick_win(world, owner="manager")
    response = client_for(world.member).post(
        url(world, f"{theirs.pk}/status/"),
        {"status": "dropped", "note": "Not needed", "version": 1},
        headers=htmx(f"quick-win-item-{theirs.pk}"),
    )
    assert response.status_code == 403
    assert response["HX-Retarget"] == "#messages"
    assert unchanged(theirs)
    assert theirs.events.count() == 1


def test_a_changed_note_points_the_way_the_reader_reads(client_for, world):
    quick_win = make_quick_win(world, team=["manager"])
    for note in ("Macro drafted", "Macro live"):
        quick_win = services.quick_win_set_progress(
            quick_win=quick_win, user=world.manager, progress=50, note=note
        )
    arrows = {}
    for language in ("en", "fa"):
        world.executive.language = language
        world.executive.save()
        page = client_for(world.executive).get(url(world, f"{quick_win.pk}/")).content.decode()
        change = page.split('class="qw-event__change"', 1)[1].split("</p>", 1)[0]
        arrows[language] = re.findall(r'<span aria-hidden="true">(.)</span>', change)
    assert arrows == {"en": ["→"], "fa": ["←"]}


def test_the_board_explains_quick_wins_to_readers_instead_of_instructing_them(client_for, world):
    manager = client_for(world.manager).get(url(world)).content.decode()
    assert "Find at least two quick wins while you assess" in manager
    for reader in (world.executive, world.member):
        page = client_for(reader).get(url(world)).content.decode()
        assert "The early, visible improvements of the plan, by status" in page
        assert "Find at least two quick wins while you assess" not in page


def test_a_cleared_box_comes_back_empty_beside_its_error(client_for, world):
    """An emptied target day came back holding the quick win's own day, under "This field is
    required"; an emptied progress likewise held the saved percentage."""
    quick_win = make_quick_win(world, target_day=50)
    client = client_for(world.manager)
    milestone = client.post(
        url(world, f"{quick_win.pk}/milestones/"),
        {"title": "Launch", "target_day": "", "version": 1},
        headers=htmx("quick-win-body"),
    ).content.decode()
    day_box = found(r'<input [^>]*name="target_day"[^>]*>', milestone).group(0)
    assert 'value=""' in day_box and 'aria-invalid="true"' in day_box
    progress = client.post(
        url(world, f"{quick_win.pk}/progress/"),
        {"progress": "", "version": 1},
        headers=htmx("quick-win-body"),
    ).content.decode()
    progress_box = found(r'<input [^>]*name="progress"[^>]*>', progress).group(0)
    assert 'value=""' in progress_box and 'aria-invalid="true"' in progress_box
    assert unchanged(quick_win)


def test_on_a_persian_page_facts_are_parted_by_a_comma_not_a_dot(client_for, world):
    """«روز ۵۰ · ۱۹ دی»: beside Persian digits a middle dot reads as a Persian zero."""
    quick_win = make_quick_win(world, target_day=50)
    world.manager.language = "fa"
    world.manager.save(update_fields=["language"])
    page = client_for(world.manager).get(url(world, f"{quick_win.pk}/")).content.decode()
    main = page.split('<main id="main"', 1)[1]
    assert "·" not in main
    assert re.search(r"روز ۵۰، <time", main)
    world.manager.language = "en"
    world.manager.save(update_fields=["language"])
    english = client_for(world.manager).get(url(world, f"{quick_win.pk}/")).content.decode()
    assert re.search(r"Day 50 · <time", english)


def test_impact_and_effort_are_offered_in_the_readers_digits(client_for, world):
    world.manager.language = "fa"
    world.manager.save(update_fields=["language"])
    page = client_for(world.manager).get(url(world, "new/")).content.decode()
    impact = found(r'<select name="impact".*?</select>', page, re.S).group(0)
    assert '<option value="3">۳</option>' in impact
    world.manager.language = "en"
    world.manager.save(update_fields=["language"])
    english = client_for(world.manager).get(url(world, "new/")).content.decode()
    assert '<option value="3">3</option>' in english
