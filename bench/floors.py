"""Two "floor" pages, timed in-process only, to show what any page costs before its content.

- signed in, no template: the session, the user and the plan membership
  (``plan_view``) and the middleware, answering a constant;
- empty page: the same, rendering ``base.html`` around an empty block (the
  layout, navigation and messages every page carries).

This module is a URLconf (the app's URLs plus these two) that the bench
switches to with ``override_settings(ROOT_URLCONF=...)`` while timing; the
server never sees it.
"""

from __future__ import annotations

from functools import cache

from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from onboarding.access import Right, plan_view

SIGNED_IN = "bench/plans/<int:plan_id>/signed-in/"
EMPTY_PAGE = "bench/plans/<int:plan_id>/empty-page/"


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
    path(SIGNED_IN, signed_in_nothing),
    path(EMPTY_PAGE, empty_page),
    path("", include("config.urls")),
]
