"""The services the bench starts and stops: its database, Redis db, gunicorn, a Celery worker.

gunicorn and the worker run in their own process groups (``start_new_session``)
and are stopped as a group, so no worker process outlives the bench.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import IO

from .env import RESULTS, ROOT, Config, subprocess_environment


class BenchError(Exception):
    """Something the bench cannot go on without; the message says what to do."""


# --- Database and Redis -------------------------------------------------------------


def recreate_database(config: Config) -> None:
    """Drop and recreate the bench database (and only it)."""
    import psycopg
    from psycopg import sql

    conninfo = {k: v for k, v in config.admin_conninfo.items() if v is not None}
    try:
        with psycopg.connect(**conninfo, autocommit=True, connect_timeout=5) as conn:  # type: ignore[arg-type]
            name = sql.Identifier(config.database_name)
            # FORCE ends sessions left behind by an interrupted run.
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
    except psycopg.OperationalError as error:
        raise BenchError(
            f"Cannot reach PostgreSQL at {conninfo.get('host')}:{conninfo.get('port')} "
            f"({error}). Start it, or point DATABASE_URL at a running server."
        ) from error


def empty_redis(config: Config) -> None:
    """Empty the bench's own Redis database: stale tasks or cache keys from an earlier run."""
    import redis

    try:
        redis.Redis.from_url(config.redis_url, socket_connect_timeout=3).flushdb()
    except redis.RedisError as error:
        raise BenchError(
            f"Cannot reach Redis at {config.redis_url} ({error}). Start it, or set REDIS_URL."
        ) from error


# --- wrk ------------------------------------------------------------------------------


def ensure_wrk() -> str | None:
    """The wrk binary, installed from Debian if missing; None if that fails."""
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is not installed: trying `apt-get install -y wrk` (Debian package)", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "wrk"]
    # If the package lists are stale, the first install fails: update, then try again.
    for commands in ([install], [["apt-get", "update", "-qq"], install]):
        for command in commands:
            try:
                subprocess.run(  # noqa: S603
                    command, env=env, check=False, timeout=300, capture_output=True
                )
            except (OSError, subprocess.TimeoutExpired):
                return None
        found = shutil.which("wrk")
        if found:
            return found
    return None


# --- Processes ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition: Callable[[], object], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise BenchError(f"Timed out after {timeout:.0f} s waiting for {what}")


class ManagedProcess:
    """A subprocess in its own process group, its output in a log file under bench-results/."""

    def __init__(self, command: list[str], *, env: dict[str, str], log_name: str) -> None:
        self.log_path = RESULTS / log_name
        self._log: IO[str] = self.log_path.open("w", encoding="utf-8")
        self.process = subprocess.Popen(  # noqa: S603
            command,
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def running(self) -> bool:
        return self.process.poll() is None

    def log_tail(self, lines: int = 30) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, grace: float = 20) -> None:
        """SIGTERM to the whole group (master and workers), SIGKILL if it lingers."""
        if self.running():
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
            except ProcessLookupError:
                pass
        self._log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


class WebServer(ManagedProcess):
    """The app under gunicorn (sync workers, as in the Dockerfile) on a free loopback port."""

    def __init__(self, config: Config) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(config.web_workers),
            "--timeout",
            "30",
        ]
        # bench.settings: the app's settings with the floor pages added to its URLs.
        env = subprocess_environment(config, DJANGO_SETTINGS_MODULE="bench.settings")
        super().__init__(command, env=env, log_name="gunicorn.log")
        try:
            wait_for(self._answers, timeout=60, what="gunicorn to answer /healthz")
        except BenchError:
            tail = self.log_tail()
            self.stop()
            raise BenchError(f"gunicorn did not start; its log ends with:\n{tail}") from None

    def _answers(self) -> bool:
        if not self.running():
            raise BenchError(f"gunicorn exited; its log ends with:\n{self.log_tail()}")
        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:  # noqa: S310
                return response.status == 200
        except (OSError, urllib.error.URLError):
            return False

    def worker_pids(self) -> list[int]:
        """The web worker processes: the master's children."""
        return child_pids(self.pid)

    def wait_until_idle(self, timeout: float = 60) -> None:
        """Return once the workers stop using CPU.

        When wrk stops, requests it gave up on are still queued in the listen
        backlog, and sync workers process each of them in full. Left alone,
        they would eat into the next run (and an orphaned POST could collide
        with a new one on the same quick win).
        """
        deadline = time.monotonic() + timeout
        previous, quiet = cpu_ticks(self.worker_pids()), 0
        while quiet < 3 and time.monotonic() < deadline:
            time.sleep(0.2)
            current = cpu_ticks(self.worker_pids())
            quiet = quiet + 1 if current - previous <= 1 else 0
            previous = current


class CeleryWorker(ManagedProcess):
    """`celery -A config worker` (prefork, one process per core) on the bench database."""

    def __init__(self, config: Config) -> None:
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--loglevel=info",
            # One worker alone: no need to wait for or chat with peers.
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ]
        super().__init__(command, env=subprocess_environment(config), log_name="celery.log")
        try:
            wait_for(self._ready, timeout=90, what="the Celery worker to be ready")
        except BenchError:
            tail = self.log_tail()
            self.stop()
            raise BenchError(
                f"The Celery worker did not start; its log ends with:\n{tail}"
            ) from None

    def _ready(self) -> bool:
        if not self.running():
            raise BenchError(f"The Celery worker exited; its log ends with:\n{self.log_tail()}")
        return " ready." in self.log_path.read_text(encoding="utf-8", errors="replace")


def child_pids(pid: int) -> list[int]:
    try:
        return [
            int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ]
    except OSError:
        return []


def cpu_ticks(pids: list[int]) -> int:
    """User + system CPU time of the processes, in clock ticks."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total


def peak_memory_kib(pid: int) -> int | None:
    """VmHWM: the most resident memory the process ever had, in KiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None
