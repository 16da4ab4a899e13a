"""`make bench`: every page rendered, against a fortunes-shaped reference, on PostgreSQL and Redis.

Run with ``.venv/bin/python -m bench`` (what ``make bench`` does). It

1. drops and recreates a dedicated database (``f100_bench``) and empties a
   dedicated Redis database (``/13``), migrates, loads the playbook and
   collects the static files;
2. seeds a realistic load (``seed.py``);
3. counts the SQL queries of every page and htmx write in-process, for a
   typical plan and for a plan with ten times the data (``inprocess.py``);
4. times the CPU per request of every page and write in-process, rendered
   (there is no response cache), against the fortunes reference
   (``fortunes.py``) in the same run: the headline; then profiles the slowest
   page and write (``inprocess.py``);
5. starts gunicorn and drives each page with wrk next to the fortunes
   reference (``load.py``), then 16 connections on 16 plans with a write mix
   and a GET mix (``concurrency.py``);
6. times the dashboard refresh and the weekly digests of N plans through a
   real Celery worker (``scale.py``);

and writes everything it prints to ``bench-results/latest.txt``. Targets are
printed as PASS/FAIL; they never make the command fail. ``pages.py`` lists
what is measured and the targets; ``floors.py`` is the bench's URLconf (the
app's, plus the fortunes reference and two floor pages).

Environment variables (all optional):

=======================  =======================================================
``BENCH_CPU_ROUNDS``     measured rounds of the in-process CPU timing (30)
``BENCH_DURATION``       seconds wrk measures each endpoint (5)
``BENCH_WARMUP``         seconds of unmeasured load before each HTTP run (2)
``BENCH_MIX_DURATION``   seconds each concurrency mix is measured (10)
``BENCH_CONNECTIONS``    open connections, for wrk and the mixes (16)
``BENCH_THREADS``        wrk's threads (2)
``BENCH_WEB_WORKERS``    gunicorn worker processes (3, as in the Dockerfile)
``BENCH_PLANS``          typical plans seeded for the page load (200)
``BENCH_DIGEST_SIZES``   plan counts the digest run is timed at ("250,1000")
``BENCH_DB_NAME``        the database dropped and recreated (``f100_bench``)
``BENCH_REDIS_DB``       the Redis database number emptied and used (13)
``DATABASE_URL``         PostgreSQL server and credentials to use (the database
                         name in it is ignored: the bench never touches it)
``REDIS_URL``            Redis server to use (its database number is ignored)
=======================  =======================================================
"""
