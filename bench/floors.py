"""The bench's URLconf: the app's URLs, the fortunes reference and two "floor" pages.

The reference every ratio is taken against is the fortunes page
(``bench/fortunes.py``). ``/healthz`` and the two floors are secondary
references, shown beside it:

- signed in, no template: the session, the user and the plan membership
  (``plan_view``) and the middleware, answering a constant;
- empty page: the same, rendering ``base.html`` around an empty block (the
  layout, navigation and messages every page carries).

The in-process timing switches to this URLconf with
``override_settings(ROOT_URLCONF=...)``, and the bench's gunicorn serves it
through ``bench.settings``. The product's URLconf (``config.urls``) has none
of these pages (``tests/bench`` checks it).
"""

from __future__ import annotations

from functools import cache

from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from onboarding.access import Right, plan_view

from . import fortunes

SIGNED_IN = "bench/plans/<int:plan_id>/signed-in/"
EMPTY_PAGE = "bench/plans/<int:plan_id>/empty-page/"
SIGNED_IN_LABEL = "(floor) signed in, no template"
EMPTY_PAGE_LABEL = "(floor) empty page in base.html"


def floor_pages(plan_id: int) -> list[tuple[str, str]]:
    """(label, path) of the two floors for one plan."""
    return [
        (label, "/" + pattern.replace("<int:plan_id>", str(plan_id)))
        for label, pattern in ((SIGNED_IN_LABEL, SIGNED_IN), (EMPTY_PAGE_LABEL, EMPTY_PAGE))
    ]


@cache
def _empty_template():
    source = '{% extends "base.html" %}{% block content %}{% endblock %}'
    return engines["django"].from_string(source)


@plan_view(Right.VIEW_PLAN)
def signed_in_nothing(request, plan_id: int) -> HttpResponse:
    return HttpResponse("ok")


@plan_view(Right.VIEW_PLAN)
def empty_page(request, plan_id: int) -> HttpResponse:
    return HttpResponse(_empty_template().render({"plan": request.plan}, request))


urlpatterns = [
    path(fortunes.PATH, fortunes.fortunes),
    path(SIGNED_IN, signed_in_nothing),
    path(EMPTY_PAGE, empty_page),
    path("", include("config.urls")),
]
