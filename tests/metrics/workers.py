"""A real Celery worker for the digest kill tests: any mail backend, solo or prefork pool.

Like ``tests.support.Worker`` (whose output reading, ``kill`` and ``stop`` it
keeps), plus ``kill_pool_child()``: with ``pool="prefork"`` the task runs in
a child process; killing only the child makes the parent requeue the task
(``acks_late`` and ``task_reject_on_worker_lost``), so the very same task, with
the same id, runs again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from tests.support import ROOT, Worker, wait_for

FILE = "django.core.mail.backends.filebased.EmailBackend"
WRITE_AFTER_PAUSE = "tests.support.SlowFileBackend"
WRITE_THEN_PAUSE = "tests.metrics.mail.DeliverThenStallBackend"


class DigestWorker(Worker):
    def __init__(
        self,
        *,
        database_name: str,
        mail_dir: Path,
        email_backend: str = FILE,
        pool: str = "solo",
        lease: int = 2,
        mail_pause: float = 3,
    ) -> None:
        from django.conf import settings

        db = settings.DATABASES["default"]
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{database_name}",
            REDIS_URL=settings.REDIS_URL,
            CONN_MAX_AGE="0",
            HTTPS="false",
            EMAIL_FILE_PATH=str(mail_dir),
            EMAIL_BACKEND=email_backend,
            SLOW_MAIL_SECONDS=str(mail_pause),
            DIGEST_CLAIM_LEASE_SECONDS=str(lease),
            PYTHONPATH=str(ROOT),
        )
        pool_args = ["--pool=solo"] if pool == "solo" else [f"--pool={pool}", "--concurrency=1"]
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                *pool_args,
                "--loglevel=info",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.log: list[str] = []
        self._ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        if not self._ready.wait(60):
            self.stop()
            raise RuntimeError("Celery worker did not start:\n" + "".join(self.log[-40:]))

    def pool_children(self) -> list[int]:
        return children_of(self.process.pid)

    def kill_pool_child(self) -> int:
        """SIGKILL the pool's child process (an OOM kill), leaving the parent running."""
        (child,) = self.pool_children()
        os.kill(child, signal.SIGKILL)
        # The parent notices, requeues the task and forks a new child.
        wait_for(
            lambda: self.pool_children() and child not in self.pool_children(),
            message="the pool to replace its child",
        )
        return child


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces, so split after the ')'.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found
