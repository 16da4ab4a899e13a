"""Time and memory for a large export: ``python -m metrics.support_data.bench [rows]``.

Writes a Zendesk-shaped CSV of ``rows`` tickets (200,000 by default, the import's limit) to
a temporary file, reads it with ``read_tickets`` and prints the seconds taken and the peak
memory Python allocated (tracemalloc), beside the file's size.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import sys
import tempfile
import time
import tracemalloc

from .compute import Options, TicketImport, read_tickets

ZENDESK_HEADER = [
    "Id", "Requester email", "Assignee", "Group", "Subject", "Status", "Priority", "Via",
    "Created at", "Updated at", "Solved at", "Satisfaction Score", "Reopens", "Replies",
    "First reply time in minutes", "First reply time in minutes within business hours",
    "First resolution time in minutes", "Full resolution time in minutes",
    "Full resolution time in minutes within business hours",
]  # fmt: skip
_CHANNELS = ["Mail", "Web form", "Chat", "Phone call (incoming)", "API"]
_GROUPS = ["Support", "Billing", "Tier 2"]
_SUBJECTS = ["Cannot log in", "Wrong VAT number", "Export times out", "Add a second admin"]
_SCORES = ["Good", "Bad", "Offered", "Not Offered"]


def write_zendesk_export(path: str, rows: int, seed: int = 7) -> None:
    """A Zendesk-shaped CSV: the KPI columns and a few others, some open tickets.

    Rows are about 250 bytes, so 200,000 of them (the row limit) stay under the 50 MB limit.
    """
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    start = dt.datetime(2026, 1, 5, 8, 0)
    stamp = "%Y-%m-%d %H:%M:%S"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(ZENDESK_HEADER)
        for number in range(1, rows + 1):
            created = start + dt.timedelta(minutes=number * 3 + rng.randint(0, 2))
            first = rng.randint(1, 2000)
            full = first + rng.randint(0, 8000)
            solved = number % 10 != 0
            ended = (created + dt.timedelta(minutes=full)).strftime(stamp)
            writer.writerow(
                [
                    number, f"c{rng.randint(1, rows // 3 + 1)}@example.com",
                    f"Agent {number % 40}", rng.choice(_GROUPS), rng.choice(_SUBJECTS),
                    "solved" if solved else "open", rng.choice(["Low", "Normal", "High"]),
                    rng.choice(_CHANNELS), created.strftime(stamp), ended,
                    ended if solved else "", rng.choice(_SCORES), rng.choice([0, 0, 0, 1]),
                    rng.randint(1, 6), first, first // 2,
                    full if solved else "", full if solved else "", full // 2 if solved else "",
                ]
            )  # fmt: skip


def measure(
    path: str, zone: str = "Europe/Berlin", *, trace: bool = True
) -> tuple[TicketImport, float, int]:
    """Read ``path``; return the import, the seconds taken and the peak bytes allocated
    (0 when ``trace`` is off: tracemalloc slows Python down several times)."""
    if trace:
        tracemalloc.start()
    began = time.perf_counter()
    try:
        result = read_tickets(path, Options(zone=zone, requester_secret=b"bench"))
        seconds = time.perf_counter() - began
        peak = tracemalloc.get_traced_memory()[1] if trace else 0
    finally:
        if trace:
            tracemalloc.stop()
    return result, seconds, peak


def benchmark_large_export(rows: int = 200_000) -> tuple[float, float]:
    """Print and return (seconds, peak MiB) for a generated export of ``rows`` tickets.

    The file is read twice: once timed, once with tracemalloc for the peak memory.
    """
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "zendesk.csv")
        write_zendesk_export(path, rows)
        size = os.path.getsize(path)
        result, seconds, _none = measure(path, trace=False)
        _result, traced_seconds, peak = measure(path)
    mib = peak / 1024 / 1024
    print(
        f"{rows} rows, {size / 1024 / 1024:.1f} MiB file: {seconds:.1f} s "
        f"({traced_seconds:.1f} s under tracemalloc), "
        f"peak {mib:.1f} MiB ({peak / size:.2f} x the file), "
        f"{result.rows_used} used, {result.rows_skipped} skipped, {len(result.weeks)} weeks"
    )
    return seconds, mib


if __name__ == "__main__":
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=False)
    benchmark_large_export(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
