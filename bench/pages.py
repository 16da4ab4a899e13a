"""The pages the bench measures: shared by the load run and the query counts."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from onboarding.models import Plan

# The board sends a status change from a card's "Move to" form (or a drag) with
# hx-target="#board-body" and swaps the whole board: the heaviest htmx write.
BOARD_TARGET = "board-body"
# The two statuses a POST alternates between: neither needs a reason, so every
# request is a valid, real write (a move between two columns).
POST_STATUSES = ("committed", "in_progress")


@dataclass(frozen=True)
class Page:
    url_name: str
    label: str
    target: float  # minimum throughput as a share of /healthz's
    optional: bool = False  # still being built by others: skipped, not fatal, if missing

    def path(self, plan: Plan) -> str:
        return reverse(self.url_name, args=[plan.pk])


PAGES = [
    Page("today", "Today", 0.5),
    Page("timeline", "Timeline", 0.5),
    Page("stakeholder_list", "Stakeholder list", 0.5, optional=True),
    Page("quick_win_board", "Quick-win board", 0.5, optional=True),
    Page("dashboard", "Dashboard", 0.6),
]
POST = Page("quick_win_status", "Quick-win status (htmx POST)", 0.4, optional=True)


def missing_url(page: Page) -> str | None:
    """Why the page cannot be measured in this version of the app, or None."""
    try:
        reverse(page.url_name, args=[1] if page is not POST else [1, 1])
    except NoReverseMatch:
        return f"no URL named {page.url_name!r} yet"
    return None


def status_path(plan: Plan, quick_win_id: int) -> str:
    return reverse(POST.url_name, args=[plan.pk, quick_win_id])


def htmx_headers(plan: Plan, origin: str) -> dict[str, str]:
    """What htmx sends with a board card's status form."""
    board = reverse("quick_win_board", args=[plan.pk])
    return {"HX-Request": "true", "HX-Target": BOARD_TARGET, "HX-Current-URL": origin + board}


def other_status(status: str) -> str:
    return POST_STATUSES[1] if status == POST_STATUSES[0] else POST_STATUSES[0]
