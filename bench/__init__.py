"""`make bench`: the app under production-like load, on PostgreSQL and Redis.

Run with ``.venv/bin/python -m bench`` (what ``make bench`` does). It

1. drops and recreates a dedicated database (``f100_bench``) and empties a
   dedicated Redis database (``/13``), migrates, loads the playbook and
   collects the static files;
2. seeds a realistic load (``seed.py``);
3. counts the SQL queries of every page in-process, for a typical plan and
   for a plan with ten times the data (``queries.py``);
4. starts gunicorn and drives each page with wrk at a fixed concurrency on
   127.0.0.1, next to the ``/healthz`` reference (``load.py``);
5. times the dashboard refresh of the largest plan and the weekly digests of
   N plans through a real Celery worker (``scale.py``);

and writes everything it prints to ``bench-results/latest.txt``. Targets are
printed as PASS/FAIL; they never make the command fail.

Environment variables (all optional):

=====================  =========================================================
``BENCH_DURATION``     seconds wrk measures each endpoint (10)
``BENCH_WARMUP``       seconds of unmeasured load before each endpoint (3)
``BENCH_CONNECTIONS``  wrk's open connections (16)
``BENCH_THREADS``      wrk's threads (2)
``BENCH_WEB_WORKERS``  gunicorn worker processes (3, as in the Dockerfile)
``BENCH_PLANS``        typical plans seeded for the page load (200)
``BENCH_DIGEST_SIZES`` plan counts the digest run is timed at ("250,1000")
``BENCH_DB_NAME``      the database dropped and recreated (``f100_bench``)
``BENCH_REDIS_DB``     the Redis database number emptied and used (13)
``DATABASE_URL``       PostgreSQL server and credentials to use (the database
                       name in it is ignored: the bench never touches it)
``REDIS_URL``          Redis server to use (its database number is ignored)
=====================  =========================================================
"""
