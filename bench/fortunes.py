"""The reference every ratio is taken against: TechEmpower's "fortunes" test, in this app.

One SQL query returns the 12 fortunes, one more is added in memory, the 13
are sorted by message and rendered as an HTML table by a Django template,
autoescaped (one fortune is a ``<script>``). It runs through the app's whole
middleware stack (sessions, CSRF, locale, security headers, ``ATOMIC_REQUESTS``)
as an anonymous visitor, so no session row is read. It is the smallest
honest "dynamic page": a query, a template, the framework, and nothing of
the app's own.

The rows come from a ``VALUES`` list, so the bench needs no table; the query
still goes to PostgreSQL and back like any other. The view is served only by
the bench's URLconf (``bench/floors.py``), never by the product's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.views.decorators.http import require_GET

PATH = "bench/fortunes/"
LABEL = "fortunes (reference)"

# TechEmpower's fortunes, word for word.
FORTUNES = [
    (1, "fortune: No such file or directory"),
    (2, "A computer scientist is someone who fixes things that aren't broken."),
    (3, "After enough decimal places, nobody gives a damn."),
    (4, "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1"),
    (5, "A computer program does what you tell it to do, not what you want it to do."),
    (6, "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen"),
    (7, "Any program that runs right is obsolete."),
    (8, "A list is only as strong as its weakest link. — Donald Knuth"),
    (9, "Feature: A bug with seniority."),
    (10, "Computers make very fast, very accurate mistakes."),
    (11, '<script>alert("This should not be displayed in a browser alert box.");</script>'),
    (12, "フレームワークのベンチマーク"),
]
ADDED = (0, "Additional fortune added at request time.")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# Built once from the constants above (no input reaches it); SQLite reads it too (the tests).
_ROWS = ", ".join(f"({number}, {_literal(message)})" for number, message in FORTUNES)
QUERY = "SELECT column1 AS id, column2 AS message FROM (VALUES " + _ROWS + ") AS fortune"  # noqa: S608

TEMPLATE = """<!DOCTYPE html>
<html><head><title>Fortunes</title></head><body><table>
<tr><th>id</th><th>message</th></tr>
{% for fortune in fortunes %}<tr><td>{{ fortune.id }}</td><td>{{ fortune.message }}</td></tr>
{% endfor %}</table></body></html>
"""


@dataclass(frozen=True)
class Fortune:
    id: int
    message: str


@cache
def _template():
    return engines["django"].from_string(TEMPLATE)


@require_GET
def fortunes(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(QUERY)
        rows = [Fortune(number, message) for number, message in cursor.fetchall()]
    rows.append(Fortune(*ADDED))
    rows.sort(key=lambda fortune: fortune.message)
    return HttpResponse(_template().render({"fortunes": rows}))
