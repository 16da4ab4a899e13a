"""The bench's cheap parts: the fortunes reference, and that it stays out of the product.

``make bench`` itself is never a test (it times things); these check what its
figures stand on.
"""

from __future__ import annotations

import html
import re

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve, reverse

from bench import floors, fortunes
from bench.pages import PAGES, writes

ROW = re.compile(r"<tr><td>(\d+)</td><td>(.*?)</td></tr>")


@pytest.fixture
def bench_urls(settings):
    settings.ROOT_URLCONF = "bench.floors"


@pytest.mark.django_db
@pytest.mark.usefixtures("bench_urls")
def test_fortunes_renders_13_rows_sorted_and_escaped(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/" + fortunes.PATH)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    body = response.content.decode()
    rows = [(int(number), html.unescape(message)) for number, message in ROW.findall(body)]
    assert len(rows) == 13
    assert sorted(rows) == sorted([*fortunes.FORTUNES, fortunes.ADDED])
    assert [message for _number, message in rows] == sorted(message for _n, message in rows)
    # Autoescaped: the <script> fortune is text, not markup.
    assert "<script>" not in body
    assert "&lt;script&gt;alert(&quot;This should not be displayed" in body
    assert "フレームワークのベンチマーク" in body
    # One query for the rows (besides any transaction bookkeeping).
    assert [q["sql"] for q in queries.captured_queries if "VALUES" in q["sql"]] == [fortunes.QUERY]
    assert sum("SELECT" in q["sql"] for q in queries.captured_queries) == 1


@pytest.mark.django_db
@pytest.mark.usefixtures("bench_urls")
def test_fortunes_is_anonymous_and_stores_no_session(client):
    response = client.get("/" + fortunes.PATH)

    assert response.status_code == 200
    assert Session.objects.count() == 0
    assert "sessionid" not in response.cookies


def test_fortunes_and_floors_are_not_in_the_product_urlconf():
    for path in ["/" + fortunes.PATH, *(p for _label, p in floors.floor_pages(1))]:
        with pytest.raises(Resolver404):
            resolve(path, urlconf="config.urls")
    assert resolve("/" + fortunes.PATH, urlconf="bench.floors").func is fortunes.fortunes


def test_every_measured_page_and_write_has_its_url_in_the_product():
    for page in PAGES:
        args = [1, 1] if page.url_name == "metric_detail" else [1]
        assert reverse(page.url_name, args=args, urlconf="config.urls")
    for write in writes():
        assert reverse(write.url_name, args=[1] * write.url_args, urlconf="config.urls")
