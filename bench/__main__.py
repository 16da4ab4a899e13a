"""`make bench`: set up, seed, count queries, time every page against fortunes, load, scale.

Each step is one function below, run in order by :func:`main`; everything is
printed and written to bench-results/latest.txt. Targets print PASS or FAIL
and never change the exit status: 0 when every part ran, 1 when a part could
not run (a clear message says why), 2 for a configuration error.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field

from .env import RESULTS, Config, ConfigError, django_environment, load_config
from .report import Report
from .services import BenchError

# Per-plan cost of the digests at the largest size over the smallest: at most this.
DIGEST_LINEAR = 1.1


@dataclass
class Outcome:
    """What the summary says: every target's verdict, every skipped part."""

    verdicts: list[tuple[bool, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    incomplete: bool = False

    def verdict(self, report: Report, passed: bool, text: str) -> None:
        self.verdicts.append((passed, text))
        report.line(f"{'PASS' if passed else 'FAIL'}  {text}")

    def skip(self, report: Report, what: str, reason: str) -> None:
        line = f"SKIPPED: {what} ({reason})"
        self.skipped.append(line)
        report.line(line)


# ---------------------------------------------------------------- Set-up


def describe_run(report: Report, config: Config) -> None:
    report.line(f"First 100 Days benchmark, {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    cpu = _cpu_model()
    memory = _meminfo()
    report.line(
        f"Machine: {os.cpu_count()} CPUs ({len(os.sched_getaffinity(0))} usable), {cpu}; "
        f"memory {memory.get('MemTotal', '?')} total, {memory.get('MemAvailable', '?')} available"
    )
    report.line(f"Load average at start: {_loadavg()} (other processes may be running)")
    report.line(f"Python {platform.python_version()}, {platform.platform()}")
    for line in config.describe():
        report.line(line)


def prepare_services(report: Report, config: Config) -> None:
    """Fresh database and Redis db, then Django: schema, playbook, static files."""
    from . import services

    report.section("Set-up")
    started = time.perf_counter()
    services.recreate_database(config)
    services.empty_redis(config)

    import django

    django.setup()
    # The bench's own process logs warnings only; gunicorn and the worker keep the default.
    logging.getLogger().setLevel(logging.WARNING)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_playbook", stdout=io.StringIO())
    call_command("collectstatic", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    report.line(f"Django {django.get_version()}, PostgreSQL {version}")
    report.line(
        f"Database {config.database_name} created, migrated, playbook loaded, "
        f"static files collected in {time.perf_counter() - started:.1f} s"
    )


def seed(report: Report, config: Config):
    from .seed import row_counts, seed_world

    report.section("Seeding")
    started = time.perf_counter()
    world = seed_world(config.plans)
    elapsed = time.perf_counter() - started
    report.table(
        ["step", "seconds", "rows"],
        [(step, f"{s:.2f}", f"{n:,}") for step, (s, n) in world.steps.totals.items()],
    )
    report.line(f"Seeded {len(world.plans)} typical plans and 1 large plan in {elapsed:.1f} s")
    report.line(
        f"Measured plan: #{world.typical.plan.pk} (day {_day(world.typical)}, "
        f"{world.typical.plan.language}, {world.typical.plan.timezone}); "
        f"large plan: #{world.large.plan.pk} (10x tasks, stakeholders, quick wins, metrics)"
    )
    report.line("Rows: " + ", ".join(f"{table} {count:,}" for table, count in row_counts()))
    return world


# ---------------------------------------------------------------- Queries


def measure_queries(report: Report, world, outcome: Outcome) -> None:
    """Queries per request at both sizes: the same count means no per-row query."""
    from .inprocess import count_queries

    report.section("SQL queries per request (in-process, typical plan and 10x plan)")
    counts = count_queries(world.typical, world.large)
    report.table(
        ["page", "typical plan", "10x plan"],
        [(c.label, _or_dash(c.typical), _or_dash(c.large)) for c in counts],
    )
    report.line("Each counted on its second request; BEGIN and COMMIT (ATOMIC_REQUESTS) included.")
    for count in counts:
        if count.problem:
            outcome.skip(report, f"{count.label} (queries)", count.problem)
        else:
            outcome.verdict(
                report,
                count.flat,
                f"{count.label}: {count.typical} queries, {count.large} at 10x the data "
                "(target: the same)",
            )


# ---------------------------------------------------------------- CPU per request


def measure_cpu(report: Report, config: Config, world, outcome: Outcome) -> list:
    """The headline: every page and write rendered, CPU per request against fortunes."""
    from .env import CPU_WARMUP_ROUNDS
    from .inprocess import cards_in, time_requests
    from .pages import BOARD_MOVE_LABEL

    report.section("CPU per request, every page rendered (in-process, typical plan)")
    report.line(f"Load average before: {_loadavg()}")
    started = time.perf_counter()
    items = time_requests(world.typical, config.cpu_rounds, CPU_WARMUP_ROUNDS)
    elapsed = time.perf_counter() - started
    report.line(f"Load average after:  {_loadavg()} ({elapsed:.0f} s)")
    reference = next((i for i in items if i.kind == "reference" and i.cpu), None)
    if reference is None:
        problem = items[0].problem if items else "not measured"
        raise BenchError(f"The fortunes reference could not be measured: {problem}")
    fortunes_cpu = reference.cpu_ms

    def ratio(item) -> float:
        return fortunes_cpu / item.cpu_ms if item.cpu_ms else 0.0

    measured = [i for i in items if i.cpu]
    report.table(
        ["page", "CPU ms", "wall ms", "queries", "KB", "vs fortunes", "target", "verdict"],
        [
            (
                i.label,
                f"{i.cpu_ms:.2f}",
                f"{i.wall_ms:.2f}",
                _or_dash(i.queries),
                f"{i.size / 1024:.1f}",
                f"{ratio(i):.2f}x",
                f">= {i.target}x" if i.target else "",
                ("PASS" if ratio(i) >= i.target else "FAIL") if i.target else "",
            )
            for i in measured
        ],
    )
    report.line(
        "CPU: this process's CPU time per request (time.process_time), median of the rounds;"
    )
    report.line("wall: the same requests' elapsed time (waits for PostgreSQL and for a core).")
    report.line(
        "vs fortunes: the fortunes reference's CPU over the page's: the share of its throughput"
    )
    report.line("a CPU-bound server can reach. Every page is rendered: there is no response cache.")
    move = next((i for i in measured if i.label == BOARD_MOVE_LABEL), None)
    if move is not None:
        cards = cards_in(move.body)
        shape = "the whole board" if cards > 1 else "one card" if cards == 1 else "no card form"
        report.line(
            f"{BOARD_MOVE_LABEL} answers {move.size / 1024:.1f} KB with {cards} card move "
            f"forms ({shape}); the target answer is the moved card and out-of-band column counts."
        )
    report.line()
    for item in items:
        if item.problem:
            outcome.skip(report, item.label, item.problem)
        elif item.target:
            outcome.verdict(
                report,
                ratio(item) >= item.target,
                f"{item.label}: {ratio(item):.2f}x the fortunes reference in CPU "
                f"({item.cpu_ms:.1f} ms against {fortunes_cpu:.2f} ms; target >= {item.target}x)",
            )
    return measured


def print_profiles(report: Report, world, measured) -> None:
    """cProfile of the slowest page and of the slowest write, for whoever optimises them."""
    from .inprocess import profile

    for kind, what in (("page", "page"), ("write", "htmx write")):
        candidates = [i for i in measured if i.kind == kind]
        if not candidates:
            continue
        slowest = max(candidates, key=lambda i: i.cpu_ms)
        report.section(f"Profile of the slowest {what}: {slowest.label}")
        found = profile(world.typical, slowest.label)
        report.line(
            f"cProfile, the quieter {found.kept} of {found.profiled} requests: "
            f"{found.ms_per_request:.1f} ms per request profiled (unprofiled: "
            f"{slowest.cpu_ms:.1f} ms CPU, {slowest.wall_ms:.1f} ms wall). The profiler's clock"
        )
        report.line(
            "is wall time: psycopg's wait() and _execute_send() are mostly waiting for PostgreSQL."
        )
        report.line()
        report.line("Top 15 functions by their own time, per request:")
        _profile_table(report, found.by_own_time)
        report.line()
        report.line("The app's own functions by cumulative time, per request:")
        _profile_table(report, found.app_by_cumulative)


def _profile_table(report: Report, lines) -> None:
    report.table(
        ["calls", "own ms", "cumulative ms", "function"],
        [(ln.calls, f"{ln.tottime_ms:.2f}", f"{ln.cumtime_ms:.2f}", ln.where) for ln in lines],
    )


# ---------------------------------------------------------------- HTTP


def measure_http(report: Report, config: Config, world, outcome: Outcome, measured) -> None:
    """gunicorn: throughput of every page next to fortunes, then the two concurrency mixes."""
    from .services import WebServer, ensure_wrk, peak_memory_kib

    report.section("HTTP throughput (gunicorn + wrk on 127.0.0.1)")
    wrk = ensure_wrk()
    if wrk is None:
        reason = "wrk is missing and `apt-get install -y wrk` failed: install Debian's wrk, rerun"
        outcome.skip(report, "HTTP throughput", reason)
        outcome.incomplete = True
    else:
        report.line(_wrk_version(wrk))

    with WebServer(config) as server:
        report.line(
            f"gunicorn {config.web_workers} sync workers on {server.url}, DEBUG off, "
            "CONN_MAX_AGE=60, Redis cache"
        )
        errors = 0
        if wrk is not None:
            errors += _throughput(report, config, world, server, wrk, outcome, measured)
        errors += _concurrency(report, config, world, server, outcome)
        memory = [(pid, peak_memory_kib(pid)) for pid in server.worker_pids()]

    outcome.verdict(report, errors == 0, f"errors across all HTTP runs: {errors} (target: 0)")
    report.line()
    for pid, kib in memory:
        report.line(f"gunicorn worker {pid}: peak resident memory (VmHWM) {_mib(kib)}")


def _throughput(report: Report, config: Config, world, server, wrk, outcome, measured) -> int:
    from . import load

    reference, others = load.endpoints(world.typical)
    problem = load.check_endpoint(server.url, reference)
    if problem:
        raise BenchError(f"{reference.label} ({reference.path}) {problem}")
    kept = []
    for endpoint in others:
        problem = load.check_endpoint(server.url, endpoint)
        if problem is None:
            kept.append(endpoint)
        else:
            outcome.skip(report, f"{endpoint.label} over HTTP", f"{endpoint.path} {problem}")
    report.line(f"Checked: {', '.join(e.label for e in [reference, *kept])} answer 200")
    # The reference first and again last: the two show how steady the machine was.
    results = [_drive(report, wrk, config, server, e) for e in [reference, *kept, reference]]
    first, *_pages, last = results
    reference_rps = statistics.mean([first.rps, last.rps])
    report.line()
    report.line(
        f"Fortunes reference: {first.rps:.0f} req/s first, {last.rps:.0f} req/s last; "
        f"ratios use the mean, {reference_rps:.0f}. Load average now: {_loadavg()}"
    )
    cpu = {i.label: i for i in measured}
    cpu_reference = next(i for i in measured if i.kind == "reference").cpu_ms

    def in_process(label: str) -> str:
        item = cpu.get(label)
        return f"{cpu_reference / item.cpu_ms:.2f}x" if item and item.cpu_ms else ""

    report.table(
        ["endpoint", "req/s", "p50 ms", "p99 ms", "errors", "vs fortunes", "in-process"],
        [
            (
                r.endpoint.label,
                f"{r.rps:.1f}",
                f"{r.p50_ms:.1f}",
                f"{r.p99_ms:.1f}",
                r.errors,
                f"{r.rps / reference_rps:.2f}x" if reference_rps else "",
                in_process(r.endpoint.label),
            )
            for r in results
        ],
    )
    report.line("vs fortunes: throughput over the fortunes reference's in this run (no target: the")
    report.line(
        "targets are on the in-process CPU ratios, beside it, which a busy machine distorts less)."
    )
    for r in results:
        if r.errors:
            detail = ", ".join(f"{kind} {n}" for kind, n in r.detail.items() if n)
            report.line(f"Errors on {r.endpoint.label}: {detail}")
    return sum(r.errors for r in results)


def _drive(report: Report, wrk: str, config: Config, server, endpoint):
    """Warm up, then measure, one endpoint; each run starts on an idle server."""
    from . import load

    for seconds in (config.warmup, config.duration):
        server.wait_until_idle()
        result = load.run_wrk(wrk, config, server.url, endpoint, seconds)
    report.line(
        f"  {endpoint.label}: {result.rps:.1f} req/s, p50 {result.p50_ms:.1f} ms, "
        f"p99 {result.p99_ms:.1f} ms, {result.errors} errors"
    )
    return result


def _concurrency(report: Report, config: Config, world, server, outcome: Outcome) -> int:
    from .concurrency import get_mix, write_mix

    n = config.connections
    report.section(f"Concurrency: {n} connections, each its own plan and manager (gunicorn)")
    plans = world.plans[:n]
    results = []
    for mix in (write_mix, get_mix):
        server.wait_until_idle()
        result = mix(server.url, plans, warmup=config.warmup, duration=config.mix_duration)
        results.append(result)
        report.line(
            f"  {result.label}: {result.rps:.1f} req/s, p50 {result.percentile_ms(50):.1f} ms, "
            f"p99 {result.percentile_ms(99):.1f} ms, {result.errors} errors"
        )
    report.line(f"Load average now: {_loadavg()}")
    report.table(
        ["mix", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "p99/p50", "errors"],
        [
            (
                r.label,
                r.requests,
                f"{r.rps:.1f}",
                f"{r.percentile_ms(50):.1f}",
                f"{r.percentile_ms(95):.1f}",
                f"{r.percentile_ms(99):.1f}",
                f"{r.percentile_ms(100):.1f}",
                f"{_ratio(r.percentile_ms(99), r.percentile_ms(50)):.2f}",
                r.errors,
            )
            for r in results
        ],
    )
    report.line(
        "Closed loop: each connection sends its next request when the last answer is in, so"
    )
    report.line(f"latency is mostly the queue: mean latency = {n} / throughput (Little's law).")
    for r in results:
        if r.errors:
            report.line(f"Errors on {r.label}: {r.errors_by_kind()}")
        if r.note:
            report.line(f"Check of {r.label} FAILED: {r.note}")
    writes, gets = results
    p50, p99 = writes.percentile_ms(50), writes.percentile_ms(99)
    outcome.verdict(
        report, writes.requests > 0 and p50 < 50, f"write p50 {p50:.1f} ms (target < 50 ms)"
    )
    outcome.verdict(
        report,
        writes.requests > 0 and p99 < 3 * p50,
        f"write p99 {p99:.1f} ms = {_ratio(p99, p50):.2f}x its p50 (target < 3x)",
    )
    p50, p99 = gets.percentile_ms(50), gets.percentile_ms(99)
    outcome.verdict(
        report,
        gets.requests > 0 and p99 < 3 * p50,
        f"GET p99 {p99:.1f} ms = {_ratio(p99, p50):.2f}x its p50 (target < 3x)",
    )
    outcome.verdict(
        report,
        not writes.note,
        "every write of the mix landed: versions in the database as the client left them",
    )
    return sum(r.errors for r in results)


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


# ---------------------------------------------------------------- Scale


def measure_scale(report: Report, config: Config, world, outcome: Outcome) -> None:
    from .scale import time_dashboard_refresh, time_digests, worker_peak_memory
    from .seed import Steps, top_up_plans
    from .services import CeleryWorker

    report.section("Dashboard refresh (metrics.dashboard.dashboard_refresh, in-process)")
    timings = [
        time_dashboard_refresh("typical plan", world.typical),
        time_dashboard_refresh("large plan (10x)", world.large),
    ]
    report.table(
        ["plan", "median ms", "runs ms", "queries"],
        [
            (t.label, f"{t.median_ms:.1f}", " ".join(f"{r:.1f}" for r in t.runs_ms), t.queries)
            for t in timings
        ],
    )

    report.section("Weekly digests through a real Celery worker (Redis broker)")
    largest = max(config.digest_sizes)
    steps = Steps()
    started = time.perf_counter()
    before = len(world.plans)
    plans = top_up_plans(world, largest, steps)
    if len(world.plans) > before:
        report.line(
            f"Seeded {len(world.plans) - before} more typical plans (the same data as above) "
            f"in {time.perf_counter() - started:.1f} s"
        )
    with CeleryWorker(config) as worker:
        report.line(f"Worker: celery -A config worker (prefork, {os.cpu_count()} processes)")
        digest_timings = time_digests(worker, plans, config.digest_sizes)
        memory = worker_peak_memory(worker)
    report.table(
        ["plans", "digests", "seconds", "ms per plan", "ms per digest", "worker CPU ms per plan"],
        [
            (
                t.plans,
                t.digests,
                f"{t.seconds:.2f}",
                f"{t.per_plan_ms:.1f}",
                f"{t.per_digest_ms:.1f}",
                f"{t.cpu_per_plan_ms:.1f}",
            )
            for t in digest_timings
        ],
    )
    if len(digest_timings) > 1:
        small, large = digest_timings[0], digest_timings[-1]
        cpu_ratio = large.cpu_per_plan_ms / small.cpu_per_plan_ms
        report.line(
            f"Per-plan cost at {large.plans} plans / at {small.plans} plans: wall time "
            f"{large.per_plan_ms / small.per_plan_ms:.2f}, worker CPU {cpu_ratio:.2f} "
            "(1.00 = linear; above 1 = superlinear)"
        )
        outcome.verdict(
            report,
            cpu_ratio <= DIGEST_LINEAR,
            f"digests linear: worker CPU per plan at {large.plans} plans / at {small.plans} "
            f"plans {cpu_ratio:.2f} (target <= {DIGEST_LINEAR})",
        )
    if memory:
        report.line(
            "Celery worker processes: peak resident memory (VmHWM) "
            + ", ".join(_mib(kib) for kib in memory)
        )


# ---------------------------------------------------------------- Summary


def summarize(report: Report, outcome: Outcome, started: float) -> None:
    report.section("Summary")
    failed = [text for passed, text in outcome.verdicts if not passed]
    passed = len(outcome.verdicts) - len(failed)
    report.line(f"{passed} targets met, {len(failed)} missed, {len(outcome.skipped)} skipped")
    for text in failed:
        report.line(f"FAIL  {text}")
    for line in outcome.skipped:
        report.line(line)
    report.line(f"Total time {time.perf_counter() - started:.0f} s; results in {report.path}")


# ---------------------------------------------------------------- Helpers


def _day(seeded) -> int:
    plan = seeded.plan
    return plan.day_number(plan.local_today())


def _or_dash(value: object) -> str:
    return "-" if value is None else str(value)


def _mib(kib: int | None) -> str:
    return "?" if kib is None else f"{kib / 1024:.0f} MiB"


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _meminfo() -> dict[str, str]:
    info = {}
    try:
        with open("/proc/meminfo", encoding="utf-8") as meminfo:
            for line in meminfo:
                key, _, value = line.partition(":")
                kib = int(value.split()[0])
                info[key] = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return info


def _loadavg() -> str:
    try:
        with open("/proc/loadavg", encoding="utf-8") as loadavg:
            return " ".join(loadavg.read().split()[:3])
    except OSError:
        return "?"


def _wrk_version(wrk: str) -> str:
    command = [wrk, "-v"]
    finished = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    first = (finished.stdout or finished.stderr).strip().splitlines()
    return first[0] if first else "wrk"


def _stop_on_sigterm(signum: int, frame: object) -> None:
    # Turn SIGTERM into an exception so every `with` block stops its processes.
    raise SystemExit(128 + signum)


def main() -> int:
    started = time.perf_counter()
    try:
        config = load_config()
    except ConfigError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    os.environ.update(django_environment(config))
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    report = Report(RESULTS / "latest.txt")
    outcome = Outcome()
    try:
        describe_run(report, config)
        prepare_services(report, config)
        world = seed(report, config)
        measure_queries(report, world, outcome)
        measured = measure_cpu(report, config, world, outcome)
        print_profiles(report, world, measured)
        measure_http(report, config, world, outcome, measured)
        measure_scale(report, config, world, outcome)
        summarize(report, outcome, started)
        return 1 if outcome.incomplete else 0
    except BenchError as error:
        report.line()
        report.line(f"ABORTED: {error}")
        return 1
    finally:
        report.close()
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()


if __name__ == "__main__":
    sys.exit(main())
