"""`make bench`: set up, seed, count queries, load the pages, time the background work.

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

# How many quick wins the POST cycles through: far more than open connections,
# so no two requests move the same quick win at once (see post.lua).
POST_TARGETS_PER_CONNECTION = 4


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
    from .queries import count_queries

    report.section("SQL queries per request (in-process, test Client, same database)")
    counts = count_queries(world.typical, world.large)
    report.table(
        ["page", "typical plan", "10x plan", "from the page cache", "returning visit"],
        [
            (
                c.label,
                _or_dash(c.typical),
                _or_dash(c.large),
                _or_dash(c.cached),
                _or_dash(c.returning),
            )
            for c in counts
        ],
    )
    report.line("Counted rendered (page cache off): the path that could grow with the data.")
    for count in counts:
        if count.problem:
            outcome.skip(report, count.label, count.problem)
        else:
            outcome.verdict(
                report,
                count.flat,
                f"{count.label}: {count.typical} queries, {count.large} at 10x the data "
                "(target: the same)",
            )


def measure_request_costs(report: Report, world) -> None:
    """Where a request's time goes, next to the reference and the two floors."""
    from .queries import time_pages

    report.section("Where a request's time goes (in-process, typical plan, median of 15)")
    timings = time_pages(world.typical)
    reference_cpu = timings[0].cpu_ms if timings else 0.0
    report.table(
        ["page", "total ms", "CPU ms", "SQL ms", "template ms", "other ms", "KB", "ref/CPU"],
        [
            (
                t.label,
                f"{t.total_ms:.1f}",
                f"{t.cpu_ms:.1f}",
                f"{t.sql_ms:.1f}",
                f"{t.render_ms:.1f}",
                f"{t.other_ms:.1f}",
                f"{t.kilobytes:.1f}",
                f"{reference_cpu / t.cpu_ms:.2f}x" if t.cpu_ms else "",
            )
            for t in timings
        ],
    )
    report.line("total = SQL + template + other (middleware, view code, building model objects);")
    report.line("SQL includes the round trips to PostgreSQL; CPU is this process's own CPU time,")
    report.line("which waiting for PostgreSQL or for a busy core does not inflate. ref/CPU is")
    report.line("/healthz's CPU over the page's: roughly the throughput ratio a CPU-bound server")
    report.line("can reach. The floors are what any signed-in page costs before its content.")
    report.line("Rows marked (page cache) are the same pages from onboarding.page_cache, as a")
    report.line("session's first visit after the plan changed; (returning visit) as its next")
    report.line("visits, answered before the session and the database are read. The HTTP load")
    report.line("below drives the GET pages as returning visits; the POST always renders.")


# ---------------------------------------------------------------- HTTP load


def measure_load(report: Report, config: Config, world, outcome: Outcome) -> None:
    from .services import WebServer, ensure_wrk, peak_memory_kib

    report.section("HTTP load (gunicorn + wrk on 127.0.0.1)")
    wrk = ensure_wrk()
    if wrk is None:
        reason = "wrk is missing and `apt-get install -y wrk` failed: install Debian's wrk, rerun"
        outcome.skip(report, "HTTP load", reason)
        outcome.incomplete = True
        return
    report.line(_wrk_version(wrk))

    with WebServer(config) as server:
        report.line(
            f"gunicorn {config.web_workers} sync workers on {server.url}, DEBUG off, "
            "CONN_MAX_AGE=60, Redis cache"
        )
        reference, endpoints, targets = _endpoints(report, config, server.url, world, outcome)
        endpoints = _checked(report, server.url, reference, endpoints, outcome)
        # The reference first and again last: the two show how steady the machine was.
        runs = [reference, *endpoints, reference]
        results = [_drive(report, wrk, config, server, e, targets) for e in runs]
        memory = [(pid, peak_memory_kib(pid)) for pid in server.worker_pids()]

    _report_load(report, results, outcome)
    report.line()
    for pid, kib in memory:
        report.line(f"gunicorn worker {pid}: peak resident memory (VmHWM) {_mib(kib)}")


def _endpoints(report: Report, config: Config, origin: str, world, outcome: Outcome):
    """The reference, the pages that exist, and the POST with the quick wins it moves."""
    from . import load
    from .pages import PAGES, POST, missing_url

    cookie = load.cookie_header(world.typical.manager, world.typical.plan, load.new_csrf_secret())
    endpoints = load.floor_endpoints(world.typical.plan, cookie)
    for page in PAGES:
        reason = missing_url(page)
        if reason:
            outcome.skip(report, page.label, reason)
        else:
            endpoints.append(load.page_endpoint(page, world.typical.plan, cookie))
    targets = []
    reason = missing_url(POST)
    if reason:
        outcome.skip(report, POST.label, reason)
    else:
        wanted = POST_TARGETS_PER_CONNECTION * config.connections
        targets = load.post_targets(world.plans, wanted, origin)
        if len(targets) < 2 * config.connections:
            outcome.skip(report, POST.label, f"only {len(targets)} quick wins to move")
            targets = []
        else:
            endpoints.append(load.post_endpoint(targets))
    return load.reference_endpoint(), endpoints, targets


def _report_load(report: Report, results, outcome: Outcome) -> None:
    """The table, then a verdict per endpoint against the mean of the two reference runs."""
    from .floors import SIGNED_IN_LABEL

    first, *pages, last = results
    reference_rps = statistics.mean([first.rps, last.rps])
    report.line()
    report.line(
        f"Reference /healthz: {first.rps:.0f} req/s first, {last.rps:.0f} req/s last; "
        f"ratios below use the mean, {reference_rps:.0f}"
    )

    def ratio(result) -> float:
        return result.rps / reference_rps if reference_rps else 0.0

    # What a signed-in request costs before any content: the ceiling for any page.
    floor_rps = next((r.rps for r in pages if r.endpoint.label == SIGNED_IN_LABEL), 0.0)

    report.table(
        [
            "endpoint",
            "req/s",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "errors",
            "vs ref",
            "vs floor",
            "target",
        ],
        [
            (
                r.endpoint.label,
                f"{r.rps:.1f}",
                f"{r.p50_ms:.1f}",
                f"{r.p95_ms:.1f}",
                f"{r.p99_ms:.1f}",
                r.errors,
                f"{ratio(r):.2f}x",
                f"{r.rps / floor_rps:.2f}x" if floor_rps and r.endpoint.kind != "reference" else "",
                f">= {r.endpoint.target}x" if r.endpoint.target else "",
            )
            for r in results
        ],
    )
    if floor_rps:
        report.line(
            f"vs floor: against {SIGNED_IN_LABEL!r} over HTTP, a plan view that reads the "
            "session, user and membership from PostgreSQL and answers a constant: no page "
            "that reads them can beat it; returning visits are answered before they are read."
        )
    report.line()
    for r in results:
        if r.errors:
            detail = ", ".join(f"{kind} {n}" for kind, n in r.detail.items() if n)
            report.line(f"Errors on {r.endpoint.label}: {detail}")
    for r in pages:
        target = r.endpoint.target
        if target is None:  # a floor: a measurement, not a target
            continue
        text = f"{r.endpoint.label}: {ratio(r):.2f}x the reference (target >= {target}x)"
        outcome.verdict(report, ratio(r) >= target, text)
    errors = sum(r.errors for r in results)
    outcome.verdict(report, errors == 0, f"errors across all runs: {errors} (target: 0)")


def _checked(report: Report, base_url: str, reference, endpoints, outcome: Outcome):
    """Each endpoint answers 200 once before it is measured; the core pages must."""
    from . import load
    from .pages import PAGES, POST

    optional = {page.label for page in [*PAGES, POST] if page.optional}
    problem = load.check_endpoint(base_url, reference)
    if problem:
        raise BenchError(f"/healthz {problem}")
    kept = []
    for endpoint in endpoints:
        problem = load.check_endpoint(base_url, endpoint)
        if problem is None:
            kept.append(endpoint)
        elif endpoint.label in optional:
            outcome.skip(report, endpoint.label, f"{endpoint.path} {problem}")
        else:
            raise BenchError(f"{endpoint.label} ({endpoint.path}) {problem}")
    report.line(f"Checked: {', '.join(e.label for e in [reference, *kept])} answer 200")
    return kept


def _drive(report: Report, wrk: str, config: Config, server, endpoint, targets):
    """Warm up, then measure, one endpoint; each run starts on an idle server."""
    from . import load

    for seconds in (config.warmup, config.duration):
        server.wait_until_idle()
        if endpoint.kind == "POST":
            load.reset_post_targets(targets)
        result = load.run_wrk(wrk, config, server.url, endpoint, seconds)
    report.line(
        f"  {endpoint.label}: {result.rps:.1f} req/s, p50 {result.p50_ms:.1f} ms, "
        f"p99 {result.p99_ms:.1f} ms, {result.errors} errors"
    )
    return result


# ---------------------------------------------------------------- Scale


def measure_scale(report: Report, config: Config, world) -> None:
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
        report.line(
            f"Per-plan cost at {large.plans} plans / at {small.plans} plans: wall time "
            f"{large.per_plan_ms / small.per_plan_ms:.2f}, worker CPU "
            f"{large.cpu_per_plan_ms / small.cpu_per_plan_ms:.2f} "
            "(1.00 = linear; above 1 = superlinear)"
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
        measure_request_costs(report, world)
        measure_load(report, config, world, outcome)
        measure_scale(report, config, world)
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
