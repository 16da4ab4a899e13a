"""Benchmarks shown beside values, and a larger export read in bounded time and memory."""

from __future__ import annotations

import pytest

from metrics.catalogue import CATALOGUE
from metrics.support_data.bench import measure, write_zendesk_export
from metrics.support_data.benchmarks import BENCHMARKS, benchmark_table, benchmarks_for


def test_benchmark_figures_and_sources():
    email = {b.label: b for b in benchmarks_for("frt_median", "email")}
    assert sorted(b.value for b in email.values()) == [1, 4, 12]
    assert {(b.source, b.year) for b in email.values()} == {("Zendesk CX Trends", "2020")}
    chat = benchmarks_for("frt_median", "chat")
    assert sorted(round(b.value * 60) for b in chat) == [1, 5, 60]  # minutes
    cost = benchmarks_for("cost_per_contact")
    assert {(b.comparison, b.value) for b in cost} == {
        ("avg", 15.56),
        ("min", 2.93),
        ("max", 46.69),
    }
    assert {(b.source, b.year) for b in cost} == {("MetricNet", "2016")}
    (csat,) = benchmarks_for("csat")
    assert (csat.value, csat.comparison, csat.source, csat.year) == (85, ">=", "SQM Group", None)
    assert benchmarks_for("enps") == ()


def test_benchmarks_are_keyed_by_catalogue_kpis_or_fcr():
    assert set(benchmark_table()) <= set(CATALOGUE) | {"fcr"}
    assert all(str(b.label) for b in BENCHMARKS)


ROWS = 20_000


def test_20k_row_export_is_fast_and_memory_follows_the_kept_records(tmp_path):
    path = tmp_path / "zendesk.csv"
    write_zendesk_export(str(path), ROWS)
    size = path.stat().st_size
    result, seconds, _untraced = measure(str(path), trace=False)
    assert result.rows_used == ROWS
    assert result.rows_skipped == 0
    assert sum(w.values["tickets"] or 0 for w in result.weeks) == ROWS
    # about 1 s here; 200,000 rows take about 8 s (python -m metrics.support_data.bench)
    assert seconds < 6
    _result, _traced_seconds, peak = measure(str(path))
    # the records (about 400 bytes each) are all that is kept: a few times this narrow file
    assert peak < 3 * size


def test_wide_columns_do_not_add_memory(tmp_path):
    """A file ten times larger (a long description per ticket) needs no more memory: rows are
    streamed and only the minimal records are kept."""
    narrow, wide = tmp_path / "narrow.csv", tmp_path / "wide.csv"
    write_zendesk_export(str(narrow), 5_000)
    text = narrow.read_text(encoding="utf-8").splitlines()
    filler = "x" * 2_000
    with open(wide, "w", encoding="utf-8", newline="") as handle:
        handle.write(text[0] + ",Description\r\n")
        for line in text[1:]:
            handle.write(f"{line},{filler}\r\n")
    assert wide.stat().st_size > 10 * narrow.stat().st_size
    _narrow_result, _s, narrow_peak = measure(str(narrow))
    wide_result, _s, wide_peak = measure(str(wide))
    assert wide_result.rows_used == 5_000
    assert wide_peak < narrow_peak * 1.3
    assert wide_peak < wide.stat().st_size / 4


@pytest.mark.parametrize("rows", [1])
def test_bench_helpers_produce_a_recognised_export(tmp_path, rows):
    path = tmp_path / "one.csv"
    write_zendesk_export(str(path), rows)
    result, _seconds, _peak = measure(str(path))
    assert result.recognition.tool.value == "zendesk"
    assert result.rows_used == 1
