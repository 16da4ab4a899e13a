"""The trend chart data handed to Chart.js (metrics.charts.line_chart)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.utils import translation

from metrics.charts import line_chart
from metrics.models import Measurement, PlanMetric
from tests.matching import found

SERIES = [(dt.date(2026, 3, 2), 72.0), (dt.date(2026, 3, 9), 76.0), (dt.date(2026, 3, 16), 75.5)]


def test_english_chart_reads_left_to_right_with_dated_weeks():
    with translation.override("en"):
        data = line_chart(SERIES, baseline=70, target=85, rtl=False)
    assert data["labels"] == ["2 Mar", "9 Mar", "16 Mar"]
    assert data["titles"] == ["2 Mar 2026", "9 Mar 2026", "16 Mar 2026"]
    assert data["dates"] == ["2026-03-02", "2026-03-09", "2026-03-16"]
    assert data["values"] == [72.0, 76.0, 75.5]
    assert (data["baseline"], data["target"]) == (70.0, 85.0)
    assert data["last"] == 2  # the last week is marked and labelled
    assert data["rtl"] is False and data["digits"] == "latn" and data["locale"] == "en"
    assert data["compact"] is False
    assert data["text"]["x_title"] == "Week starting"
    assert data["text"]["target_line"] == "Target %(value)s"
    json.dumps(data)  # json_script can serialise it: no lazy strings


def test_persian_chart_has_jalali_weeks_in_persian_digits_and_runs_right_to_left():
    with translation.override("fa"):
        data = line_chart(SERIES, baseline=70, target=85)  # direction from the language
    assert data["labels"] == ["۱۱ اسفند", "۱۸ اسفند", "۲۵ اسفند"]
    assert data["titles"][0] == "۱۱ اسفند ۱۴۰۴"
    assert data["rtl"] is True  # reversed time axis, value axis on the right
    assert data["digits"] == "fa"
    assert data["baseline"] == 70.0 and data["target"] == 85.0
    assert data["last"] == 2
    assert data["text"]["x_title"] == "آغاز هفته"
    assert "%(value)s" in data["text"]["baseline_line"]
    json.dumps(data)


def test_the_rtl_argument_of_the_callers_wins():
    with translation.override("fa"):
        assert line_chart(SERIES, rtl=False)["rtl"] is False
    with translation.override("en"):
        assert line_chart(SERIES, rtl=True)["rtl"] is True


def test_sparkline_sizes_ask_for_a_compact_chart_without_goals_when_unset():
    data = line_chart(SERIES[:1], compact=True, rtl=False)
    assert data["compact"] is True
    assert data["baseline"] is None and data["target"] is None
    assert data["last"] == 0


def test_no_values_mark_no_last_point():
    assert line_chart([], rtl=False)["last"] is None


@pytest.mark.django_db
def test_the_metric_page_hands_the_chart_to_the_script_without_inline_code(client_for, world):
    metric = PlanMetric.objects.create(plan=world.plan, key="csat", baseline=70, target=85)
    Measurement.objects.create(metric=metric, period_start=dt.date(2026, 3, 2), value=72)
    Measurement.objects.create(metric=metric, period_start=dt.date(2026, 3, 9), value=76)
    page = (
        client_for(world.manager)
        .get(f"/plans/{world.plan.pk}/metrics/{metric.pk}/")
        .content.decode()
    )
    canvas = found(r"<canvas [^>]*>", page).group(0)
    assert 'data-chart="trend-data-detail"' in canvas
    assert 'data-unit="%"' in canvas
    assert 'role="img"' in canvas
    assert "latest value 76 %" in canvas  # the aria-label says the latest value
    assert "style=" not in canvas
    block = re.search(
        r'<script id="trend-data-detail" type="application/json">(.*?)</script>', page, re.S
    )
    assert block is not None
    data = json.loads(block.group(1))
    assert data["values"] == [72.0, 76.0]
    assert (data["baseline"], data["target"]) == (70.0, 85.0)
    # The data table stays beside the chart for screen readers and without script.
    assert "<table" in page and "76</td>" in page


@pytest.mark.django_db
def test_a_persian_reader_reads_the_arabic_percent_sign_and_the_chart_keeps_its_data(
    client_for, world
):
    """«۷۶ ٪» in the tile and the chart's label; the script still gets ``data-unit="%"``
    (it formats the ticks itself)."""
    metric = PlanMetric.objects.create(plan=world.plan, key="csat", baseline=70, target=85)
    Measurement.objects.create(metric=metric, period_start=dt.date(2026, 3, 9), value=76)
    world.manager.language = "fa"
    world.manager.save()
    client = client_for(world.manager)
    detail = client.get(f"/plans/{world.plan.pk}/metrics/{metric.pk}/").content.decode()
    canvas = found(r"<canvas [^>]*>", detail).group(0)
    assert 'data-unit="%"' in canvas
    assert "۷۶ ٪" in canvas
    tiles = client.get(f"/plans/{world.plan.pk}/metrics/").content.decode()
    assert '<span class="kpi__unit">٪</span>' in tiles
