"""Readiness: can this process serve every request right now?

``/healthz`` (in ``views``) proves the process is up and the database answers,
with one query; load balancers poll it often. ``/readyz`` also asks the cache
and the broker, each with a short timeout, and says which part is down, so an
operator sees a Redis that accepts connections but never answers before the
users do. Pages and writes keep working without Redis; readiness says they
work degraded (background work waits, the dashboard is refreshed later).
"""

from __future__ import annotations

import time

from celery import current_app as celery_app
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

BROKER_TIMEOUT = 1  # second


def _database() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return True


def _cache() -> bool:
    key = "readyz-probe"
    cache.set(key, "1", timeout=10)
    return cache.get(key) == "1"


def _broker() -> bool:
    with celery_app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT)
        return bool(broker.connected)


CHECKS = {"database": _database, "cache": _cache, "broker": _broker}


@transaction.non_atomic_requests
@require_GET
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Each part's state and how long it took to answer; 503 if any part is down."""
    parts: dict[str, dict[str, object]] = {}
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            ok = check()
        except Exception as error:  # any failure is the answer, not a 500
            ok, detail = False, type(error).__name__
        else:
            detail = ""
        parts[name] = {
            "ok": ok,
            "ms": round(1000 * (time.monotonic() - started)),
            **({"error": detail} if detail else {}),
        }
    ready = all(part["ok"] for part in parts.values())
    return JsonResponse(
        {"status": "ok" if ready else "degraded", "parts": parts}, status=200 if ready else 503
    )
