"""KPI trend charts drawn by Chart.js in Chromium, under the content-security policy."""

from __future__ import annotations

import pytest

from metrics.models import PlanMetric
from onboarding.models import User

from .conftest import ARTIFACTS, sign_in

# Every violation of the policy, from the first byte of each page on.
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""

# What the chart drew: painted pixels and pixels in the values' blue (#3b3fb6).
PIXELS = """(canvas) => {
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0, blue = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 0) painted++;
    if (data[i] === 0x3b && data[i + 1] === 0x3f && data[i + 2] === 0xb6 && data[i + 3] === 255) blue++;
  }
  return {painted, blue, pixels: data.length / 4, url: canvas.toDataURL().length};
}"""

# Pixels of the sparkline in the colour of each stroke its tile's key shows
# ("Baseline 78 · target 85" carries the dashed and dotted strokes).
KEY_PIXELS = """(canvas) => {
  const tile = canvas.closest(".kpi");
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  const counts = {};
  for (const key of tile.querySelectorAll(".line-key")) {
    const [r, g, b] = getComputedStyle(key).borderTopColor.match(/\\d+/g).map(Number);
    let drawn = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] === r && data[i + 1] === g && data[i + 2] === b && data[i + 3] === 255) drawn++;
    }
    counts[key.className] = drawn;
  }
  return counts;
}"""

# How Chart.js laid the chart out.
LAYOUT = """(canvas) => {
  const chart = Chart.getChart(canvas);
  const points = chart.getDatasetMeta(0).data;
  return {
    reverse: chart.scales.x.options.reverse,
    yPosition: chart.scales.y.position,
    xTitle: chart.scales.x.options.title.text,
    yTitle: chart.scales.y.options.title.display ? chart.scales.y.options.title.text : null,
    xLabels: chart.data.labels,
    yTicks: chart.scales.y.ticks.map((tick) => tick.label),
    legend: chart.legend.legendItems.map((item) => item.text),
    firstX: points[0].x,
    lastX: points[points.length - 1].x,
    radii: chart.data.datasets[0].pointRadius,
    area: chart.chartArea,
  };
}"""


def _watch(page) -> list[str]:
    problems: list[str] = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.add_init_script(CSP_WATCH)
    return problems


def _assert_clean(page, problems: list[str]) -> None:
    assert page.evaluate("window.__cspViolations") == []
    assert problems == []


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_metric_trend_is_drawn_readable_and_within_the_policy(
    page, live_server, demo, screenshot, language
):
    User.objects.filter(username="manager").update(language=language)
    metric = PlanMetric.objects.get(plan=demo, key="csat")
    latest = metric.measurements.order_by("-period_start").first()
    assert latest is not None
    problems = _watch(page)
    sign_in(page, live_server, "manager")

    response = page.goto(f"{live_server.url}/plans/{demo.pk}/metrics/{metric.pk}/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    canvas = page.locator("canvas[data-chart]")
    page.wait_for_selector("canvas[data-chart][data-drawn]", state="attached")
    page.evaluate("document.fonts.ready")

    pixels = canvas.evaluate(PIXELS)
    assert pixels["painted"] > pixels["pixels"] * 0.02, pixels  # not blank
    assert pixels["blue"] > 200, pixels  # the values' line and points
    assert pixels["url"] > 5000, pixels

    layout = canvas.evaluate(LAYOUT)
    assert len(layout["xLabels"]) == metric.measurements.count()
    # Last point marked: larger than the others.
    assert layout["radii"][-1] > max(layout["radii"][:-1])
    label = canvas.get_attribute("aria-label")
    assert canvas.get_attribute("role") == "img"
    if language == "fa":
        assert layout["reverse"] is True and layout["yPosition"] == "right"
        assert layout["lastX"] < layout["firstX"]  # time runs from right to left
        assert layout["xTitle"] == "آغاز هفته"
        assert all(any("۰" <= ch <= "۹" for ch in text) for text in layout["xLabels"])
        assert all(any("۰" <= ch <= "۹" for ch in text) for text in layout["yTicks"])
        assert not any(ch.isascii() and ch.isdigit() for text in layout["yTicks"] for ch in text)
        assert layout["legend"] == ["مقادیر هفتگی", "مقدار پایه", "هدف"]
        assert layout["yTitle"] is None
        assert "آخرین مقدار" in label
    else:
        assert layout["reverse"] is False and layout["yPosition"] == "left"
        assert layout["lastX"] > layout["firstX"]
        assert layout["xTitle"] == "Week starting"
        # "%" is on every tick; no axis title repeats it (in Persian a Latin "%" on its side).
        assert layout["yTitle"] is None
        assert all(text.endswith("%") for text in layout["yTicks"])
        assert layout["legend"] == ["Weekly values", "Baseline", "Target"]
        assert f"latest value {latest.value:g} %" in label
    # The table stays beside the chart.
    assert page.locator("table.table tbody tr").count() == metric.measurements.count()

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator(".trend").first.screenshot(path=str(ARTIFACTS / f"{language}-metric-chart.png"))
    screenshot(f"{language}-metric-detail")

    # Print: redrawn at a higher pixel ratio and kept within the page width.
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    printed = canvas.evaluate(
        "(c) => ({bitmap: c.width, shown: c.getBoundingClientRect().width,"
        " box: c.parentElement.getBoundingClientRect().width})"
    )
    assert printed["bitmap"] >= 3 * printed["shown"] - 2, printed
    assert printed["shown"] <= printed["box"] + 1, printed
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")

    _assert_clean(page, problems)


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_dashboard_sparklines_are_drawn_within_the_policy(
    page, live_server, demo, screenshot, language
):
    User.objects.filter(username="manager").update(language=language)
    problems = _watch(page)
    sign_in(page, live_server, "manager")

    page.goto(f"{live_server.url}/plans/{demo.pk}/dashboard/")
    sparklines = page.locator(".trend--small canvas[data-chart]")
    assert sparklines.count() >= 1
    page.wait_for_selector(".trend--small canvas[data-chart][data-drawn]", state="attached")
    for index in range(sparklines.count()):
        pixels = sparklines.nth(index).evaluate(PIXELS)
        assert pixels["painted"] > 0 and pixels["blue"] > 0, pixels
        keys = sparklines.nth(index).evaluate(KEY_PIXELS)
        assert keys and all(drawn > 20 for drawn in keys.values()), keys
        layout = sparklines.nth(index).evaluate(
            "(c) => { const chart = Chart.getChart(c); return {"
            " axes: chart.scales.x.options.display || chart.scales.y.options.display,"
            " legend: chart.options.plugins.legend.display,"
            " reverse: chart.scales.x.options.reverse,"
            " radii: chart.data.datasets[0].pointRadius}; }"
        )
        assert layout["axes"] is False and layout["legend"] is False
        assert layout["reverse"] is (language == "fa")
        assert layout["radii"][-1] > 0  # the last value is marked
    screenshot(f"{language}-dashboard-sparklines")
    _assert_clean(page, problems)


# Each label of a quadrant chart: inside the plot's quadrants, and its height on screen.
QUADRANT_LABELS = """(svg, [areas, labels]) => {
  const plot = [...svg.querySelectorAll(areas)].map((area) => area.getBoundingClientRect());
  const left = Math.min(...plot.map((box) => box.left));
  const right = Math.max(...plot.map((box) => box.right));
  return [...svg.querySelectorAll(labels)].map((label) => {
    const box = label.getBoundingClientRect();
    return {text: label.textContent, inside: box.left >= left - 0.5 && box.right <= right + 0.5,
            height: box.height};
  });
}"""


@pytest.mark.parametrize(
    ("language", "width"), [("en", 1280), ("fa", 1280), ("en", 390), ("fa", 390), ("ru", 390)]
)
@pytest.mark.parametrize(
    ("path", "areas", "labels"),
    [
        ("quick-wins/chart/", ".qw-quadrant", ".qw-quadrant__name"),
        ("stakeholders/map/", ".band", ".band-label"),
    ],
)
def test_quadrant_names_stay_in_their_chart_and_read_on_a_phone(
    chromium, live_server, demo, language, width, path, areas, labels
):
    """A Persian page anchored the impact/effort chart's labels from their right edge, so the
    left quadrants' names ran out of the plot; on a phone both charts' words were 6px high."""
    User.objects.filter(username="manager").update(language=language)
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/plans/{demo.pk}/{path}")
    svg = page.locator("main svg[viewBox]").first
    found = svg.evaluate(QUADRANT_LABELS, [areas, labels])
    context.close()
    assert len(found) == 4, found
    for label in found:
        assert label["inside"], label
        assert label["height"] >= 10, label
