"""The quick-win tracker's URLs in the access matrix (see tests/access.py).

Two quick wins: ``qw_mine`` has the team member as its owner, ``qw_theirs``
does not involve them. Team members may update (status, progress, milestone
completion) only the first; everything else about quick wins is the manager's.
"""

from __future__ import annotations

from roadmap.quick_wins import services
from tests.access import MANAGER_ONLY, VIEW_PLAN, Case
from tests.quick_wins.helpers import make_quick_win

# A member's update of a quick win they are on succeeds; an executive only reads.
ON_IT = {**MANAGER_ONLY, "member": "ok"}

BASE = "/plans/{plan}/quick-wins"

CASES = [
    Case("quick_win_board", "GET", f"{BASE}/", VIEW_PLAN),
    Case("my_quick_wins", "GET", f"{BASE}/mine/", VIEW_PLAN),
    Case("quick_win_chart", "GET", f"{BASE}/chart/", VIEW_PLAN),
    Case("quick_win_detail", "GET", f"{BASE}/{{qw_mine}}/", VIEW_PLAN),
    Case("quick_win_detail", "GET", f"{BASE}/{{qw_theirs}}/", VIEW_PLAN),
    Case("quick_win_new", "GET", f"{BASE}/new/", MANAGER_ONLY),
    Case(
        "quick_win_new",
        "POST",
        f"{BASE}/new/",
        MANAGER_ONLY,
        {"title": "Self-service refunds", "problem": "Refunds need a call", "target_day": 60},
    ),
    Case("quick_win_edit", "GET", f"{BASE}/{{qw_mine}}/edit/", MANAGER_ONLY),
    Case(
        "quick_win_edit",
        "POST",
        f"{BASE}/{{qw_mine}}/edit/",
        MANAGER_ONLY,
        {
            "version": "{qw_mine_version}",
            "title": "Renamed",
            "problem": "Still slow",
            "target_day": 55,
        },
    ),
    Case(
        "quick_win_status",
        "POST",
        f"{BASE}/{{qw_mine}}/status/",
        ON_IT,
        {"version": "{qw_mine_version}", "status": "in_progress"},
    ),
    Case(
        "quick_win_status",
        "POST",
        f"{BASE}/{{qw_theirs}}/status/",
        MANAGER_ONLY,
        {"version": "{qw_theirs_version}", "status": "in_progress"},
    ),
    Case(
        "quick_win_progress",
        "POST",
        f"{BASE}/{{qw_mine}}/progress/",
        ON_IT,
        {"version": "{qw_mine_version}", "progress": 40, "note": "Half the macros are written"},
    ),
    Case(
        "quick_win_progress",
        "POST",
        f"{BASE}/{{qw_theirs}}/progress/",
        MANAGER_ONLY,
        {"version": "{qw_theirs_version}", "progress": 40},
    ),
    Case(
        "quick_win_milestone_done",
        "POST",
        f"{BASE}/{{qw_mine}}/milestones/{{qw_milestone_mine}}/done/",
        ON_IT,
        {"version": "{qw_mine_version}", "done": "true"},
    ),
    Case(
        "quick_win_milestone_done",
        "POST",
        f"{BASE}/{{qw_theirs}}/milestones/{{qw_milestone_theirs}}/done/",
        MANAGER_ONLY,
        {"version": "{qw_theirs_version}", "done": "true"},
    ),
    Case(
        "quick_win_milestone_add",
        "POST",
        f"{BASE}/{{qw_mine}}/milestones/",
        MANAGER_ONLY,
        {"version": "{qw_mine_version}", "title": "Train the team", "target_day": 40},
    ),
    Case(
        "quick_win_milestone_delete",
        "POST",
        f"{BASE}/{{qw_mine}}/milestones/{{qw_milestone_mine}}/delete/",
        MANAGER_ONLY,
        {"version": "{qw_mine_version}"},
    ),
    Case(
        "quick_win_announcement",
        "POST",
        f"{BASE}/{{qw_done}}/announcement/",
        MANAGER_ONLY,
        {"version": "{qw_done_version}", "text": "We did it.", "sent": "on"},
    ),
]


def make_ids(world) -> dict:
    mine = make_quick_win(world, owner="member", title="Refund macros")
    theirs = make_quick_win(world, owner="manager", title="Callback queue")
    done = make_quick_win(world, owner="member", team=["manager"], title="Status page")
    services.quick_win_set_status(quick_win=done, user=world.manager, status="done")
    milestone_mine = services.milestone_add(
        quick_win=mine, user=world.manager, title="Write the macros", target_day=35
    )
    milestone_theirs = services.milestone_add(
        quick_win=theirs, user=world.manager, title="Pick a tool", target_day=35
    )
    for quick_win in (mine, theirs, done):
        quick_win.refresh_from_db()
    return {
        "qw_done_version": done.version,
        "qw_mine_version": mine.version,
        "qw_theirs_version": theirs.version,
        "qw_mine": mine.pk,
        "qw_theirs": theirs.pk,
        "qw_done": done.pk,
        "qw_milestone_mine": milestone_mine.pk,
        "qw_milestone_theirs": milestone_theirs.pk,
    }
