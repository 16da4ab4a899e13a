/* First 100 Days: KPI trend charts, drawn with the vendored Chart.js.
 *
 * Every <canvas data-chart="ID"> names a <script type="application/json" id="ID">
 * block written by Django's json_script (metrics/charts.py builds the data: week
 * labels in the reader's calendar and digits, translated words, direction). The
 * unit comes from the canvas's data-unit. Nothing here is inline, so the
 * content-security policy (script-src 'self'; style-src 'self') holds: Chart.js
 * sizes the canvas through the CSSOM, which the policy allows.
 *
 * Values: solid blue line with points, the last one larger and labelled.
 * Baseline: dashed grey line; target: dotted green line, each labelled with its
 * value. The legend draws the same three strokes. In right-to-left languages
 * time runs from right to left and the value axis sits on the right.
 */
(function () {
  "use strict";

  if (!window.Chart) return; // the data table beside the chart still reads

  // The colours are metrics.css's --chart-* properties (the tiles' line keys
  // draw the same strokes); lines need 3:1 against white (WCAG 1.4.11), text 4.5:1 (1.4.3).
  var root = getComputedStyle(document.documentElement);
  function colour(name) {
    return root.getPropertyValue("--chart-" + name).trim();
  }
  var COLOURS = {
    values: colour("values"),
    baseline: colour("baseline"),
    target: colour("target"),
    text: colour("text"),
    grid: colour("grid"),
    axis: colour("axis"),
    halo: "rgba(255, 255, 255, 0.9)",
  };
  var DASH = { values: [], baseline: [7, 4], target: [2, 3] };
  var WIDTH = { values: 2.5, baseline: 2, target: 2.5 };
  var PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";
  var charts = [];

  function localDigits(text, digits) {
    if (digits !== "fa") return text;
    return String(text)
      .replace(/[0-9]/g, function (d) {
        return PERSIAN_DIGITS.charAt(+d);
      })
      .replace(/\./g, "٫") // Persian decimal separator
      .replace(/%/g, "٪");
  }

  // Number and unit formatting in the reader's language: "72%", "72 %", "۷۲٪",
  // "3.5 hours". Ticks carry a symbol unit ("%"); a word unit is the axis title.
  function formatters(data, unit) {
    var options = { maximumFractionDigits: 2 };
    var number, percent;
    try {
      number = new Intl.NumberFormat(data.locale, options);
    } catch (error) {
      number = new Intl.NumberFormat("en", options);
    }
    if (unit === "%") {
      try {
        percent = new Intl.NumberFormat(data.locale, {
          style: "unit",
          unit: "percent",
          maximumFractionDigits: 2,
        });
      } catch (error) {
        percent = null;
      }
    }
    function plain(value) {
      return localDigits(number.format(value), data.digits);
    }
    function full(value) {
      if (unit === "%") {
        return percent ? localDigits(percent.format(value), data.digits) : plain(value) + "%";
      }
      return unit ? plain(value) + " " + unit : plain(value);
    }
    return { tick: unit === "%" ? full : plain, full: full };
  }

  // A legend swatch: the very stroke the chart draws, as a small vector image.
  function swatch(kind) {
    var svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="36" height="12" viewBox="0 0 36 12">' +
      '<line x1="1" y1="6" x2="35" y2="6" stroke="' + COLOURS[kind] + '" stroke-width="' +
      WIDTH[kind] + '"' + (DASH[kind].length ? ' stroke-dasharray="' + DASH[kind].join(" ") + '"' : "") +
      "/>" +
      (kind === "values"
        ? '<circle cx="18" cy="6" r="4" fill="' + COLOURS.values + '" stroke="#fff" stroke-width="1.5"/>'
        : "") +
      "</svg>";
    var image = new Image(36, 12);
    image.src = "data:image/svg+xml," + encodeURIComponent(svg);
    return image;
  }

  var SWATCHES = { values: swatch("values"), baseline: swatch("baseline"), target: swatch("target") };

  // The family is left to Chart.defaults, set from the page's own font.
  function font(size, weight) {
    return { size: size, weight: weight || "normal" };
  }

  // Labels are placed where they hide neither the data nor each other: each has
  // a few candidate spots, tried in order; the first free one wins.
  function box(ctx, text, size, weight) {
    ctx.font = weight + " " + size + "px " + Chart.defaults.font.family;
    return { text: text, size: size, weight: weight, width: ctx.measureText(text).width };
  }

  // The rectangle a label covers (halo included), given its anchor.
  function spot(label, x, y, align, baseline) {
    var left = align === "left" ? x : align === "right" ? x - label.width : x - label.width / 2;
    var top = baseline === "bottom" ? y - label.size - 2 : y - 1;
    return { x: x, y: y, align: align, baseline: baseline,
      left: left - 3, right: left + label.width + 3, top: top, bottom: top + label.size + 4 };
  }

  function inside(rect, area) {
    return rect.left >= area.left - 2 && rect.right <= area.right + 2 &&
      rect.top >= area.top - 2 && rect.bottom <= area.bottom + 2;
  }

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  // Does the rectangle touch a point or a segment of the data line?
  function hidesData(rect, points) {
    var pad = 7;
    for (var i = 0; i < points.length; i++) {
      var p = points[i];
      if (p.x > rect.left - pad && p.x < rect.right + pad && p.y > rect.top - pad && p.y < rect.bottom + pad) return true;
      if (i === 0) continue;
      var a = points[i - 1];
      var x0 = Math.max(Math.min(a.x, p.x), rect.left - 2);
      var x1 = Math.min(Math.max(a.x, p.x), rect.right + 2);
      if (x0 > x1) continue;
      var slope = p.x === a.x ? 0 : (p.y - a.y) / (p.x - a.x);
      var y0 = a.y + slope * (x0 - a.x);
      var y1 = a.y + slope * (x1 - a.x);
      if (Math.max(y0, y1) > rect.top - 3 && Math.min(y0, y1) < rect.bottom + 3) return true;
    }
    return false;
  }

  function place(label, candidates, area, points, taken) {
    var free = candidates.filter(function (rect) {
      return inside(rect, area) && !hidesData(rect, points) && !taken.some(function (other) {
        return overlaps(rect, other);
      });
    });
    var chosen = free[0] || candidates.filter(function (rect) { return inside(rect, area); })[0] || candidates[0];
    taken.push(chosen);
    return chosen;
  }

  // Text on a white halo, so it stays legible over grid lines.
  function paint(ctx, label, rect, colour) {
    ctx.save();
    ctx.font = label.weight + " " + label.size + "px " + Chart.defaults.font.family;
    ctx.textAlign = rect.align;
    ctx.textBaseline = rect.baseline;
    ctx.fillStyle = COLOURS.halo;
    ctx.fillRect(rect.left, rect.top, rect.right - rect.left, rect.bottom - rect.top);
    ctx.fillStyle = colour;
    ctx.fillText(label.text, rect.x, rect.y);
    ctx.restore();
  }

  // Baseline and target as full-width reference lines (under the data line),
  // their labels and the last value's figure (over it).
  var annotations = {
    id: "trendAnnotations",
    beforeDatasetsDraw: function (chart, args, opts) {
      var area = chart.chartArea;
      var y = chart.scales.y;
      var ctx = chart.ctx;
      opts.lines.forEach(function (line) {
        var at = y.getPixelForValue(line.value);
        ctx.save();
        ctx.strokeStyle = COLOURS[line.kind];
        ctx.lineWidth = opts.compact ? 1.5 : WIDTH[line.kind];
        ctx.setLineDash(DASH[line.kind]);
        ctx.beginPath();
        ctx.moveTo(area.left, at);
        ctx.lineTo(area.right, at);
        ctx.stroke();
        ctx.restore();
      });
    },
    afterDatasetsDraw: function (chart, args, opts) {
      if (opts.compact) return;
      var area = chart.chartArea;
      var y = chart.scales.y;
      var ctx = chart.ctx;
      var points = chart.getDatasetMeta(0).data.map(function (p) { return { x: p.x, y: p.y }; });
      var taken = [];
      ctx.save();
      ctx.direction = opts.rtl ? "rtl" : "ltr";
      // The last value first: it matters most. Above its point, else below.
      var last = points[opts.last];
      if (last) {
        var figure = box(ctx, opts.lastText, 13, "700");
        var x = Math.min(Math.max(last.x, area.left + figure.width / 2 + 4), area.right - figure.width / 2 - 4);
        var others = points.filter(function (p, i) { return i !== opts.last; });
        var rect = place(figure, [
          spot(figure, x, last.y - 10, "center", "bottom"),
          spot(figure, x, last.y + 11, "center", "top"),
        ], area, others, taken);
        paint(ctx, figure, rect, COLOURS.values);
      }
      // Reference labels: at the start of time, else at its end; on the side
      // away from the other reference line first.
      var start = opts.rtl ? "right" : "left";
      var end = opts.rtl ? "left" : "right";
      var startX = opts.rtl ? area.right - 6 : area.left + 6;
      var endX = opts.rtl ? area.left + 6 : area.right - 6;
      var lines = opts.lines.slice().sort(function (a, b) { return b.value - a.value; });
      lines.forEach(function (line, index) {
        var at = y.getPixelForValue(line.value);
        var label = box(ctx, line.text, 12, "600");
        var above = [spot(label, startX, at - 4, start, "bottom"), spot(label, endX, at - 4, end, "bottom")];
        var below = [spot(label, startX, at + 5, start, "top"), spot(label, endX, at + 5, end, "top")];
        var first = lines.length === 1 || index === 0 ? above : below;
        var second = first === above ? below : above;
        paint(ctx, label, place(label, first.concat(second), area, points, taken), COLOURS[line.kind]);
      });
      ctx.restore();
    },
  };

  function config(data, unit) {
    var format = formatters(data, unit);
    var compact = !!data.compact;
    var count = data.values.length;
    var last = data.last;
    var text = data.text;
    var lines = [];
    if (data.baseline !== null) {
      lines.push({
        kind: "baseline",
        value: data.baseline,
        text: text.baseline_line.replace("%(value)s", format.full(data.baseline)),
      });
    }
    if (data.target !== null) {
      lines.push({
        kind: "target",
        value: data.target,
        text: text.target_line.replace("%(value)s", format.full(data.target)),
      });
    }
    // The value axis spans the values and both reference lines, with a margin.
    var all = data.values.concat(lines.map(function (line) { return line.value; }));
    var low = Math.min.apply(null, all);
    var high = Math.max.apply(null, all);
    var margin = (high - low || Math.abs(high) || 1) * 0.12;
    var suggestedMin = low - margin;
    var suggestedMax = high + margin;
    if (unit === "%") {
      suggestedMin = Math.max(0, suggestedMin);
      suggestedMax = Math.min(100, suggestedMax);
    }
    var radius = [];
    for (var i = 0; i < count; i++) radius.push(i === last ? (compact ? 3.5 : 6) : compact ? 0 : 3.5);

    var legendItems = [
      { text: text.values, pointStyle: SWATCHES.values, fontColor: COLOURS.text, lineWidth: 0, hidden: false },
    ].concat(
      lines.map(function (line) {
        return { text: text[line.kind], pointStyle: SWATCHES[line.kind], fontColor: COLOURS.text, lineWidth: 0, hidden: false };
      })
    );

    return {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          {
            label: text.values,
            data: data.values,
            borderColor: COLOURS.values,
            backgroundColor: COLOURS.values,
            borderWidth: compact ? 2 : WIDTH.values,
            pointRadius: radius,
            pointHoverRadius: radius.map(function (r) { return r + 1.5; }),
            pointBackgroundColor: COLOURS.values,
            pointBorderColor: "#ffffff",
            pointBorderWidth: compact ? 1 : 1.5,
            tension: 0,
            clip: false,
          },
        ],
      },
      options: {
        locale: data.locale,
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        events: compact ? [] : ["mousemove", "mouseout", "click", "touchstart", "touchmove"],
        layout: { padding: compact ? 6 : { top: 4, left: 4, right: 12, bottom: 0 } },
        interaction: { mode: "index", intersect: false },
        scales: {
          x: {
            display: !compact,
            reverse: !!data.rtl,
            offset: !compact,
            grid: { display: false },
            border: { color: COLOURS.axis },
            ticks: { color: COLOURS.text, font: font(12), maxRotation: 0, autoSkipPadding: 12 },
            title: { display: !compact, text: text.x_title, color: COLOURS.text, font: font(12, "600") },
          },
          y: {
            display: !compact,
            position: data.rtl ? "right" : "left",
            suggestedMin: suggestedMin,
            suggestedMax: suggestedMax,
            grid: { color: COLOURS.grid },
            border: { display: false },
            ticks: {
              color: COLOURS.text,
              font: font(12),
              maxTicksLimit: 6,
              callback: function (value) {
                return format.tick(value);
              },
            },
            // A word unit ("hours") names the axis; "%" is on every tick already.
            title: { display: !compact && !!unit && unit !== "%", text: unit, color: COLOURS.text, font: font(12, "600") },
          },
        },
        plugins: {
          legend: {
            display: !compact,
            position: "top",
            align: "start",
            rtl: !!data.rtl,
            textDirection: data.rtl ? "rtl" : "ltr",
            onClick: function () {}, // the lines are not switched off
            labels: {
              usePointStyle: true,
              pointStyleWidth: 36,
              boxHeight: 12,
              padding: 16,
              color: COLOURS.text,
              font: font(13),
              generateLabels: function () {
                return legendItems;
              },
            },
          },
          tooltip: {
            enabled: !compact,
            rtl: !!data.rtl,
            textDirection: data.rtl ? "rtl" : "ltr",
            displayColors: false,
            callbacks: {
              title: function (items) {
                return items.length ? data.titles[items[0].dataIndex] : "";
              },
              label: function (item) {
                return text.values + ": " + format.full(item.parsed.y);
              },
            },
          },
          trendAnnotations: {
            compact: compact,
            rtl: !!data.rtl,
            lines: lines,
            last: last,
            lastText: last === null ? "" : format.full(data.values[last]),
          },
        },
      },
      plugins: [annotations],
    };
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source || canvas.getAttribute("data-drawn")) return;
    var data = JSON.parse(source.textContent);
    if (!data.values || !data.values.length) return;
    charts.push(new Chart(canvas, config(data, canvas.getAttribute("data-unit") || "")));
    canvas.setAttribute("data-drawn", "");
  }

  function drawAll() {
    // Charts whose canvas an htmx swap removed are let go.
    charts = charts.filter(function (chart) {
      if (chart.canvas && chart.canvas.isConnected) return true;
      chart.destroy();
      return false;
    });
    var family = getComputedStyle(document.body).fontFamily;
    if (family) Chart.defaults.font.family = family;
    Chart.defaults.color = COLOURS.text;
    Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart]"), draw);
  }

  // Sharp on paper: draw at a higher pixel ratio while printing; the print
  // stylesheet scales the canvas to the page width.
  function printRatio(printing) {
    charts.forEach(function (chart) {
      chart.options.devicePixelRatio = printing ? Math.max(3, window.devicePixelRatio || 1) : undefined;
      chart.resize();
    });
  }
  window.addEventListener("beforeprint", function () { printRatio(true); });
  window.addEventListener("afterprint", function () { printRatio(false); });

  var swatchesReady = Promise.all(
    Object.keys(SWATCHES).map(function (key) {
      return SWATCHES[key].decode().catch(function () {});
    })
  );

  function start() {
    drawAll();
    // Redraw once the web fonts (Vazirmatn for Persian) and the legend swatches are in.
    var fonts = document.fonts && document.fonts.ready ? document.fonts.ready : Promise.resolve();
    Promise.all([fonts, swatchesReady]).then(function () {
      var family = getComputedStyle(document.body).fontFamily;
      if (family) Chart.defaults.font.family = family;
      charts.forEach(function (chart) {
        chart.update();
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  // Charts arriving in an htmx swap.
  document.addEventListener("htmx:afterSwap", drawAll);
})();
