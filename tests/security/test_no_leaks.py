"""Nothing private reaches the wrong person, through any output of the app.

A world with planted secrets; then, for each role, every viewer-facing output
is rendered and searched: every GET URL of the access matrix as a full page
and as an htmx fragment, the dashboard, the weekly digest each member would
receive (text and HTML), the calendar feed, the CSV exports and the shared
introduction page, the reviews with the boss (pages, printable pages, PDFs as
text). The policy, one line per secret:
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from metrics.dashboard.snapshot import dashboard_refresh
from metrics.digests.emails import render_digest
from metrics.digests.selectors import digest_content
from metrics.models import Review, ReviewComment, SupportUpload
from metrics.pulse.models import Pulse
from metrics.pulse.services import pulse_close
from metrics.reviews.services import review_edit, review_note_add
from onboarding.core.calendar import month_start, week_start
from onboarding.models import Membership
from roadmap.services import task_set_note
from roadmap.toolkit.habits.rules import HABIT_KEYS
from roadmap.toolkit.habits.services import habit_check_save
from roadmap.toolkit.introduction.selectors import share_code
from roadmap.toolkit.introduction.services import introduction_save
from roadmap.toolkit.models import RiskCheck, SelfIntroduction
from roadmap.toolkit.risk_checks.services import risk_check_save
from stakeholders import services as people
from stakeholders.models import Stakeholder
from tests.pulse.helpers import answer as pulse_answer
from tests.pulse.helpers import answered_by, open_pulse
from tests.reports.pdftext import text as pdf_text
from tests.support_imports.helpers import zendesk_csv, zendesk_row
from tests.test_access import CASES, _ids
from tests.toolkit.helpers import risk_ratings

pytestmark = pytest.mark.django_db

ROLES = ("manager", "executive", "member", "other_manager")
Y, N = True, False

# fmt: off
#  May the role see it?                    manager executive member other_manager
POLICY: dict[str, tuple[bool, bool, bool, bool]] = {
    "unshared stakeholder (name)":         (Y,      Y,        N,     N),
    "shared stakeholder (name)":           (Y,      Y,        Y,     N),
    "unshared assessment: attitude":       (Y,      N,        N,     N),
    "unshared assessment: who decides":    (Y,      N,        N,     N),
    "interview notes and answers":         (Y,      N,        N,     N),
    "interaction note":                    (Y,      N,        N,     N),
    "private risk check: what got worse":  (Y,      N,        N,     N),
    "private risk check: note":            (Y,      N,        N,     N),
    "shared risk check: what got worse":   (Y,      Y,        N,     N),
    "habits check note":                   (Y,      N,        N,     N),
    "introduction draft (unpublished)":    (Y,      N,        N,     N),
    "task note":                           (Y,      N,        N,     N),
    "team pulse: one person's answer":     (N,      N,        N,     N),
    "team pulse: comments (5+ answers)":   (Y,      Y,        N,     N),
    "review draft (unsent)":               (Y,      N,        N,     N),
    "sent review and its comments":        (Y,      Y,        N,     N),
    "helpdesk export (file, rows)":        (Y,      N,        N,     N),
    "helpdesk split (channel, group)":     (Y,      N,        N,     N),
}
# fmt: on

UNSHARED = "Zed Unshared"
SHARED = "Sage Shared"


def _text(*needles: str) -> Callable[[str], bool]:
    return lambda output: any(needle in output for needle in needles)


def _pattern(*patterns: str) -> Callable[[str], bool]:
    compiled = [re.compile(p, re.MULTILINE) for p in patterns]
    return lambda output: any(p.search(output) for p in compiled)


# How each secret shows when it leaks. The planted attitude ("blocker") is the
# only one in the world, so a blocker label on a person, a non-zero blocker
# count, or "blocker" in a CSV cell can only be hers.
PROBES: dict[str, Callable[[str], bool]] = {
    "unshared stakeholder (name)": _text(UNSHARED),
    "shared stakeholder (name)": _text(SHARED),
    "unshared assessment: attitude": _pattern(
        r'<span class="attitude attitude--blocker">Blocker</span>(?! <span class="attitude-counts)',
        r'attitude--blocker">Blocker</span> <span class="attitude-counts__n">[1-9]',
        r'<progress class="attitude attitude--blocker" max="\d+" value="[1-9]',
        r"Blocker\. Power",
        r"· Blocker</title>",
        r"(^|,)blocker(,|\r?$)",
    ),
    "unshared assessment: who decides": _text("SECRET-INFLUENCE"),
    "interview notes and answers": _text("SECRET-INTERVIEW"),
    "interaction note": _text("SECRET-NOTE"),
    "private risk check: what got worse": _text("monthly risk check: Burnout"),
    "private risk check: note": _text("SECRET-RISK"),
    "shared risk check: what got worse": _text("monthly risk check: Key-person dependence"),
    "habits check note": _text("SECRET-HABIT"),
    "introduction draft (unpublished)": _text("SECRET-DRAFT"),
    "task note": _text("SECRET-TASKNOTE"),
    "team pulse: one person's answer": _text("SECRET-PULSE-ALONE"),
    "team pulse: comments (5+ answers)": _text("SECRET-PULSE-TEAM"),
    "review draft (unsent)": _text("SECRET-REVIEW-DRAFT"),
    "sent review and its comments": _text("SECRET-REVIEW-SENT", "SECRET-REVIEW-COMMENT"),
    "helpdesk export (file, rows)": _text("SECRET-HELPDESK"),
    "helpdesk split (channel, group)": _text("SECRET-SPLIT"),
}


def may_see(secret: str, role: str) -> bool:
    return POLICY[secret][ROLES.index(role)]


@dataclass
class Output:
    name: str
    body: str


def plant_secrets(world) -> None:
    plan = world.plan
    today = plan.local_today()
    week = week_start(today)
    zed = people.stakeholder_create(
        plan=plan,
        fields=people.StakeholderFields(
            name=UNSHARED, title="CFO", power=5, interest=5, attitude="champion", cadence_days=1
        ),
    )
    people.interaction_create(
        stakeholder=zed,
        kind="meeting",
        date=week - dt.timedelta(days=3),  # last week: in this week's digest, and now overdue
        notes="SECRET-NOTE: thinks the budget is padded",
        created_by=world.manager,
        today=today,
    )
    sage = people.stakeholder_create(
        plan=plan,
        fields=people.StakeholderFields(
            name=SHARED,
            title="Head of Sales",
            power=4,
            interest=4,
            attitude="blocker",
            influence_note="SECRET-INFLUENCE: does what the CFO says",
            shared_with=[world.member],
        ),
    )
    people.interaction_create(
        stakeholder=sage,
        kind="interview",
        date=week - dt.timedelta(days=2),
        notes="SECRET-INTERVIEW notes",
        answers={"employees.vision": "SECRET-INTERVIEW answer"},
        created_by=world.manager,
        today=today,
    )
    # Three monthly checks: two shared (key-person dependence got worse between
    # them), then this month's private one (burnout got worse, with a note).
    this_month = month_start(today)
    last_month = month_start(this_month - dt.timedelta(days=1))
    before = month_start(last_month - dt.timedelta(days=1))
    for month, ratings in (
        (before, risk_ratings(1, key_person=1)),
        (last_month, risk_ratings(1, key_person=3)),
        (this_month, {**risk_ratings(1, key_person=5), "burnout": (5, "SECRET-RISK")}),
    ):
        risk_check_save(plan=plan, user=world.manager, today=month, ratings=ratings)
    RiskCheck.objects.filter(plan=plan, month__in=[before, last_month]).update(
        shared_with_executive=True
    )
    habit_check_save(
        plan=plan,
        user=world.manager,
        today=today,
        answers=dict.fromkeys(HABIT_KEYS, "yes"),
        note="SECRET-HABIT",
    )
    introduction_save(plan=plan, user=world.manager, text="SECRET-DRAFT: still thinking")
    # A note on a task: on the timeline, on Today when it is overdue, in the calendar feed.
    today_task = plan.tasks.order_by("start_day", "pk").first()
    task_set_note(task=today_task, note="SECRET-TASKNOTE: CFO is sceptical", expected_version=1)
    # The team pulse: the matrix's open pulse reaches the threshold and closes (its
    # comments are aggregates now); a new one has one answer (nobody may read it).
    team_pulse = Pulse.objects.get(plan=plan, status="open")
    answered_by(plan, team_pulse, 5, comment="SECRET-PULSE-TEAM")
    pulse_close(pulse=team_pulse, today=today, user=world.manager)
    lonely = open_pulse(plan)
    pulse_answer(lonely, world.member, enps=0, comment="SECRET-PULSE-ALONE")
    # Reviews with the boss: a draft (the manager's only), and a sent one (figures frozen
    # now, with the secrets above in the plan) with the executive's comment of last week.
    Review.objects.create(plan=plan, day=80, summary="SECRET-REVIEW-DRAFT")
    sent = Review.objects.create(plan=plan, day=85)
    review_edit(
        review=sent,
        summary="SECRET-REVIEW-SENT",
        asks="",
        decisions="",
        expected_version=1,
        send_by=world.manager,
    )
    comment = review_note_add(
        review=sent, author=world.executive, kind="comment", body="SECRET-REVIEW-COMMENT"
    )
    ReviewComment.objects.filter(pk=comment.pk).update(
        created_at=dt.datetime.combine(week - dt.timedelta(days=3), dt.time(12), tzinfo=plan.zone)
    )
    # A helpdesk export: its name is listed on the metrics page, its rows on its preview.
    export = zendesk_csv(
        zendesk_row(
            1,
            "2026-03-02 09:00:00",
            60,
            email="SECRET-HELPDESK-ROW",
            via="SECRET-SPLIT-CHANNEL",
            group="SECRET-SPLIT-GROUP",
        )
    )
    # Its result splits the weeks by the channels and groups the file names.
    splits = {
        "first_week": "2026-02-09",
        "last_week": "2026-03-02",
        "columns": ["tickets"],
        "channel": [["SECRET-SPLIT-CHANNEL", [1.0]]],
        "group": [["SECRET-SPLIT-GROUP", [1.0]]],
    }
    SupportUpload.objects.create(
        plan=plan,
        uploaded_by=world.manager,
        filename="SECRET-HELPDESK.csv",
        size=len(export),
        content=export,
        tool="zendesk",
        status=SupportUpload.Status.DONE,
        result={"kind": "tickets", "rows_used": 1, "kpis": [], "splits": splits},
    )
    dashboard_refresh(plan)
    dashboard_refresh(world.other_plan)


@pytest.fixture
def secret_world(world):
    ids = _ids(world)  # everything the access matrix reaches, then the secrets
    plant_secrets(world)
    return world, ids


def plan_pages(client, ids) -> list[Output]:
    """Every GET URL of the access matrix, as a page and as an htmx fragment."""
    outputs = []
    for case in CASES:
        if case.method != "GET":
            continue
        path = case.path.format(**ids)
        for headers, kind in (({}, "page"), ({"HX-Request": "true"}, "fragment")):
            response = client.get(path, headers={**(case.headers or {}), **headers})
            outputs.append(Output(f"{kind} {path} ({response.status_code})", _body(response)))
    return outputs


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def extra_outputs(client, world, role) -> list[Output]:
    """What the matrix's plain GETs may miss: filtered views, the feeds, the exports."""
    plan = world.plan
    base = f"/plans/{plan.pk}"
    paths = [
        f"{base}/dashboard/",
        f"{base}/stakeholders/export.csv",
        f"{base}/stakeholders/export.csv?attitude=blocker",
        f"{base}/stakeholders/?contact=overdue&key=1",
        f"{base}/stakeholders/?sort=attitude",
        f"{base}/stakeholders/map/?attitude=blocker",
        f"{base}/toolkit/budget/export.csv",
        f"/plans/{world.other_plan.pk}/dashboard/",
    ]
    paths += [f"{base}/pulses/{pulse.pk}/" for pulse in Pulse.objects.filter(plan=plan)]
    paths += [f"{base}/pulses/{pulse.pk}/answer/" for pulse in Pulse.objects.filter(plan=plan)]
    for review in Review.objects.filter(plan=plan, day__in=[80, 85]):
        paths += [f"{base}/reviews/{review.pk}/", f"{base}/reviews/{review.pk}/print/"]
    paths += [f"{base}/reviews/", f"{base}/reviews/compare/", f"{base}/reviews/today/print/"]
    paths += [
        f"{base}/metrics/support-imports/{upload.pk}/"
        for upload in SupportUpload.objects.filter(plan=plan)
    ]
    outputs = [Output(path, _body(client.get(path))) for path in paths]
    # The PDF reports, as text.
    pdfs = [f"{base}/reviews/today/pdf/"]
    pdfs += [
        f"{base}/reviews/{pk}/pdf/"
        for pk in Review.objects.filter(plan=plan).values_list("pk", flat=True)
    ]
    for path in pdfs:
        response = client.get(path)
        if response.get("Content-Type") == "application/pdf":
            outputs.append(Output(path, pdf_text(response.content)))
    # Anyone holding these links reads them: the manager's calendar feed, the shared introduction.
    plan.refresh_from_db()
    feed = client.get(f"/calendar/{plan.calendar_token}.ics")
    outputs.append(Output("calendar feed", _body(feed)))
    introduction = SelfIntroduction.objects.get(plan=plan)
    shared = client.get(f"{base}/toolkit/introduction/shared/{share_code(introduction)}/")
    outputs.append(Output("shared introduction", _body(shared)))
    return outputs


def digest_outputs(world, role) -> list[Output]:
    """The digest this role would receive this week (text and HTML), from every plan they are in."""
    user = world.user(role)
    outputs = []
    for membership in Membership.objects.filter(user=user).select_related("plan", "user"):
        plan = membership.plan
        content = digest_content(plan, week_start(plan.local_today()))
        subject, text, html = render_digest(content, membership)
        outputs += [Output(f"digest text ({plan.title})", subject + "\n" + text)]
        outputs += [Output(f"digest html ({plan.title})", html)]
    return outputs


def _leaks(outputs: list[Output], role: str) -> list[str]:
    found = []
    for output in outputs:
        for secret, probe in PROBES.items():
            if not may_see(secret, role) and probe(output.body):
                found.append(f"{secret!r} in {output.name}")
    return found


@pytest.mark.parametrize("role", ROLES)
def test_no_output_shows_a_role_what_it_may_not_see(client_for, secret_world, role):
    world, ids = secret_world
    client = client_for(world.user(role))
    outputs = plan_pages(client, ids)
    outputs += extra_outputs(client, world, role)
    outputs += digest_outputs(world, role)
    leaks = _leaks(outputs, role)
    assert leaks == [], "\n".join(leaks)


def test_the_calendar_feed_and_the_shared_page_show_no_secret(client_for, secret_world):
    """Links that work for anyone who has them: nothing private at all."""
    world, _ = secret_world
    for output in extra_outputs(client_for(None), world, "anonymous")[-2:]:
        assert output.body, output.name
        for secret, probe in PROBES.items():
            assert not probe(output.body), f"{secret!r} in {output.name}"


def test_the_secrets_are_really_planted_and_shown_to_whom_they_belong(client_for, secret_world):
    """The proof above is not vacuous: each output does show what its reader may see."""
    world, _ = secret_world
    plan = world.plan
    dashboards = {
        role: _body(client_for(world.user(role)).get(f"/plans/{plan.pk}/dashboard/"))
        for role in ("manager", "executive", "member")
    }
    assert PROBES["unshared stakeholder (name)"](dashboards["manager"])
    assert PROBES["unshared stakeholder (name)"](dashboards["executive"])
    assert PROBES["private risk check: what got worse"](dashboards["manager"])
    assert PROBES["shared risk check: what got worse"](dashboards["manager"])
    assert PROBES["shared risk check: what got worse"](dashboards["executive"])
    assert PROBES["unshared assessment: attitude"](dashboards["manager"])

    digests = {role: " ".join(o.body for o in digest_outputs(world, role)) for role in ROLES}
    assert PROBES["unshared stakeholder (name)"](digests["manager"])
    assert PROBES["unshared stakeholder (name)"](digests["executive"])
    assert PROBES["shared stakeholder (name)"](digests["member"])
    assert PROBES["private risk check: what got worse"](digests["manager"])
    assert PROBES["shared risk check: what got worse"](digests["executive"])

    manager = client_for(world.manager)
    sage = Stakeholder.objects.get(plan=plan, name=SHARED)
    detail = _body(manager.get(f"/plans/{plan.pk}/stakeholders/{sage.pk}/"))
    for secret in (
        "unshared assessment: attitude",
        "unshared assessment: who decides",
        "interview notes and answers",
    ):
        assert PROBES[secret](detail), secret
    export = _body(manager.get(f"/plans/{plan.pk}/stakeholders/export.csv"))
    assert PROBES["unshared assessment: attitude"](export)
    assert PROBES["habits check note"](_body(manager.get(f"/plans/{plan.pk}/toolkit/habits/")))
    assert PROBES["introduction draft (unpublished)"](
        _body(manager.get(f"/plans/{plan.pk}/toolkit/introduction/"))
    )
    assert PROBES["private risk check: note"](
        _body(manager.get(f"/plans/{plan.pk}/toolkit/risk-checks/"))
    )
    closed = Pulse.objects.get(plan=plan, status="closed")
    for reader in (world.manager, world.executive):
        results = _body(client_for(reader).get(f"/plans/{plan.pk}/pulses/{closed.pk}/"))
        assert PROBES["team pulse: comments (5+ answers)"](results)
    # The reviews: the draft to the manager, the sent one and its comment to both, in the
    # page, the PDF and the digest; the frozen figures name what the executive may see.
    draft = Review.objects.get(plan=plan, day=80)
    sent = Review.objects.get(plan=plan, day=85)
    executive = client_for(world.executive)
    page = _body(executive.get(f"/plans/{plan.pk}/reviews/{sent.pk}/"))
    assert PROBES["sent review and its comments"](page)
    assert PROBES["shared risk check: what got worse"](page)
    assert PROBES["unshared stakeholder (name)"](page)
    pdf = pdf_text(executive.get(f"/plans/{plan.pk}/reviews/{sent.pk}/pdf/").content)
    assert "Key-person dependence" in pdf
    assert PROBES["sent review and its comments"](digests["executive"])
    manager = client_for(world.manager)
    assert PROBES["review draft (unsent)"](
        _body(manager.get(f"/plans/{plan.pk}/reviews/{draft.pk}/"))
    )
    assert PROBES["helpdesk export (file, rows)"](_body(manager.get(f"/plans/{plan.pk}/metrics/")))
    planted = SupportUpload.objects.get(plan=plan, filename="SECRET-HELPDESK.csv")
    result = _body(manager.get(f"/plans/{plan.pk}/metrics/support-imports/{planted.pk}/"))
    assert PROBES["helpdesk split (channel, group)"](result)


def test_a_shared_assessment_reaches_the_executive(client_for, secret_world):
    """Sharing works: once shared, the executive reads the attitude and who really decides."""
    world, _ = secret_world
    plan = world.plan
    sage = Stakeholder.objects.get(plan=plan, name=SHARED)
    Stakeholder.objects.filter(pk=sage.pk).update(assessment_shared=True)
    executive = client_for(world.executive)
    detail = _body(executive.get(f"/plans/{plan.pk}/stakeholders/{sage.pk}/"))
    assert PROBES["unshared assessment: attitude"](detail)
    assert PROBES["unshared assessment: who decides"](detail)
    member = _body(client_for(world.member).get(f"/plans/{plan.pk}/stakeholders/{sage.pk}/"))
    assert not PROBES["unshared assessment: attitude"](member)
    assert not PROBES["unshared assessment: who decides"](member)
