"""The bench's configuration: environment variables in, settings for every process out.

The bench process, gunicorn and the Celery worker all run the app's settings
(gunicorn through ``bench.settings``, which only adds the bench's URLconf)
with the same environment (same database, Redis, SECRET_KEY), so a session
the bench creates is valid on the server and a task it enqueues reaches the
worker.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
CPU_WARMUP_ROUNDS = 3


class ConfigError(Exception):
    """A setting the bench cannot run with; the message says what to change."""


@dataclass(frozen=True)
class Config:
    duration: int
    warmup: int
    mix_duration: int
    cpu_rounds: int
    connections: int
    threads: int
    web_workers: int
    plans: int
    digest_sizes: tuple[int, ...]
    database_url: str  # the bench database, never the one DATABASE_URL names
    database_name: str
    admin_conninfo: dict[str, str | int | None]  # the server's maintenance database
    redis_url: str
    secret_key: str
    static_root: Path

    def describe(self) -> list[str]:
        server = urlsplit(self.database_url)
        redis = urlsplit(self.redis_url)
        return [
            f"in-process CPU: median of {self.cpu_rounds} rounds after {CPU_WARMUP_ROUNDS} "
            "warm-up rounds",
            f"wrk: {self.duration} s per endpoint after {self.warmup} s warm-up, "
            f"{self.connections} connections, {self.threads} threads; concurrency mixes: "
            f"{self.mix_duration} s after {self.warmup} s warm-up, {self.connections} connections "
            f"on {self.connections} plans",
            f"gunicorn: {self.web_workers} sync workers; plans seeded: {self.plans}; "
            f"digest sizes: {', '.join(map(str, self.digest_sizes))}",
            f"database: {server.hostname}:{server.port or 5432}/{self.database_name} "
            f"(dropped and recreated); Redis: {redis.hostname}:{redis.port or 6379}{redis.path}",
        ]


def _positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None
    if value < 1:
        raise ConfigError(f"{name} must be at least 1, got {value}")
    return value


def _sizes(name: str, default: str) -> tuple[int, ...]:
    raw = os.environ.get(name, "").strip() or default
    try:
        sizes = tuple(sorted({int(part) for part in raw.split(",") if part.strip()}))
    except ValueError:
        raise ConfigError(f"{name}={raw!r}: give plan counts separated by commas") from None
    if not sizes or sizes[0] < 1:
        raise ConfigError(f"{name}={raw!r}: give at least one positive plan count")
    return sizes


def _database(name: str) -> tuple[str, dict[str, str | int | None]]:
    """The bench database's URL on DATABASE_URL's server, and that server's admin conninfo."""
    given = os.environ.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL
    parts = urlsplit(given)
    if not parts.scheme.startswith("postgres"):
        raise ConfigError(
            f"DATABASE_URL uses {parts.scheme!r}: the bench needs PostgreSQL "
            "(unset DATABASE_URL to use postgres://postgres@127.0.0.1:5432)"
        )
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        # Load goes over loopback only; a remote database would measure the network.
        raise ConfigError(f"DATABASE_URL points at {parts.hostname}: use a local PostgreSQL")
    if "bench" not in name:
        raise ConfigError(f"BENCH_DB_NAME={name!r} must contain 'bench': it is dropped")
    if unquote(parts.path.lstrip("/")) == name:
        raise ConfigError(f"DATABASE_URL names {name!r}; pick another BENCH_DB_NAME")
    url = urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))
    admin = {
        "host": parts.hostname,
        "port": parts.port or 5432,
        "user": unquote(parts.username) if parts.username else None,
        "password": unquote(parts.password) if parts.password else None,
        "dbname": os.environ.get("BENCH_ADMIN_DB", "postgres"),
    }
    return url, admin  # type: ignore[return-value]


def _redis(number: int) -> str:
    given = os.environ.get("REDIS_URL", "").strip() or DEFAULT_REDIS_URL
    parts = urlsplit(given)
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise ConfigError(f"REDIS_URL points at {parts.hostname}: use a local Redis")
    if os.environ.get("REDIS_URL") and parts.path.strip("/") == str(number):
        raise ConfigError(f"REDIS_URL already uses database {number}; set BENCH_REDIS_DB")
    return urlunsplit((parts.scheme, parts.netloc, f"/{number}", parts.query, ""))


def load_config() -> Config:
    name = os.environ.get("BENCH_DB_NAME", "f100_bench").strip()
    database_url, admin = _database(name)
    config = Config(
        duration=_positive_int("BENCH_DURATION", 5),
        warmup=_positive_int("BENCH_WARMUP", 2),
        mix_duration=_positive_int("BENCH_MIX_DURATION", 10),
        cpu_rounds=_positive_int("BENCH_CPU_ROUNDS", 30),
        connections=_positive_int("BENCH_CONNECTIONS", 16),
        threads=_positive_int("BENCH_THREADS", 2),
        web_workers=_positive_int("BENCH_WEB_WORKERS", 3),
        plans=_positive_int("BENCH_PLANS", 200),
        digest_sizes=_sizes("BENCH_DIGEST_SIZES", "250,1000"),
        database_url=database_url,
        database_name=name,
        admin_conninfo=admin,
        redis_url=_redis(_positive_int("BENCH_REDIS_DB", 13)),
        # A fresh real key per run: the server must sign sessions with the one
        # the bench used to create them, and nothing outlives the run.
        secret_key=secrets.token_urlsafe(50),
        static_root=RESULTS / "staticfiles",
    )
    if config.plans < config.connections:
        raise ConfigError(
            f"BENCH_PLANS={config.plans} is fewer than BENCH_CONNECTIONS={config.connections}: "
            "the concurrency run gives each connection its own plan"
        )
    return config


def django_environment(config: Config) -> dict[str, str]:
    """What every process (bench, gunicorn, Celery) reads through config/settings.py."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": config.database_url,
        "REDIS_URL": config.redis_url,
        "SECRET_KEY": config.secret_key,
        "DJANGO_DEBUG": "false",
        "HTTPS": "false",
        "CONN_MAX_AGE": "60",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1",
        "STATIC_ROOT": str(config.static_root),
        # Digests are rendered and "sent", but nothing leaves the machine.
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "PYTHONPATH": str(ROOT),
    }


def subprocess_environment(config: Config, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(django_environment(config), **extra)
    return env
