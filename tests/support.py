"""Helpers for tests that run a real Celery worker."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.filebased import EmailBackend

ROOT = Path(__file__).resolve().parent.parent


class SlowFileBackend(EmailBackend):
    """Writes mail to files, but only after a pause: room to kill a worker mid-send."""

    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "4")))
        return super().send_messages(email_messages)


class Worker:
    """A `celery -A config worker` subprocess talking to the test database."""

    def __init__(
        self, *, database_name: str, mail_dir: Path, slow_mail: bool = False, lease: int = 2
    ):

        db = settings.DATABASES["default"]
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{database_name}",
            REDIS_URL=settings.REDIS_URL,
            CONN_MAX_AGE="0",
            HTTPS="false",
            EMAIL_FILE_PATH=str(mail_dir),
            EMAIL_BACKEND=(
                "tests.support.SlowFileBackend"
                if slow_mail
                else "django.core.mail.backends.filebased.EmailBackend"
            ),
            DIGEST_CLAIM_LEASE_SECONDS=str(lease),
            PYTHONPATH=str(ROOT),
        )
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
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

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.log.append(line)
            if " ready." in line:
                self._ready.set()

    def kill(self) -> None:
        """SIGKILL, as a crash or an OOM kill would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


def wait_for(condition, *, timeout: float = 30, interval: float = 0.2, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"Timed out waiting for {message}")


def delivered(mail_dir: Path) -> dict[str, int]:
    """How many messages each address received, from the file backend's files."""
    counts: dict[str, int] = {}
    for path in mail_dir.glob("*.log"):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("To: "):
                address = line[4:].strip()
                counts[address] = counts.get(address, 0) + 1
    return counts


def free_port() -> int:

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FlakyProxy:
    """A TCP proxy to a real server that can drop every connection on demand.

    ``cut()`` is the server going away (open connections die, new ones are
    refused); ``restore()`` is it coming back on the same address.
    """

    def __init__(self, target_port: int, host: str = "127.0.0.1") -> None:
        self.target = (host, target_port)
        self.port = free_port()
        self._sockets: list = []
        self._listener = None
        self._lock = threading.Lock()
        self.restore()

    def restore(self) -> None:

        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(50)
        self._listener = listener  # type: ignore[assignment]
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener) -> None:

        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.close()

    def cut(self) -> None:

        if self._listener is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone does not.
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            for sock in self._sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                    sock.close()
                except OSError:
                    pass
            self._sockets.clear()


class Blackhole:
    """A TCP server that accepts connections and never answers (a hung Redis)."""

    def __init__(self) -> None:
        self.port = free_port()
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._sockets: list[socket.socket] = []
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _accept(self) -> None:
        while not self._closed:
            try:
                conn, _address = self._listener.accept()
            except OSError:
                return
            self._sockets.append(conn)  # kept open, never read, never answered

    def close(self) -> None:
        self._closed = True
        self._listener.close()
        for conn in self._sockets:
            conn.close()


class WebServer:
    """The app under gunicorn, as in production, on a free local port."""

    def __init__(self, *, database_url: str, extra_env: dict[str, str] | None = None) -> None:

        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            DATABASE_URL=database_url,
            CONN_MAX_AGE="60",
            HTTPS="false",
            DJANGO_DEBUG="false",
            ALLOWED_HOSTS="127.0.0.1",
            # The test process signs the session cookie; the server must agree.
            SECRET_KEY=settings.SECRET_KEY,
            PYTHONPATH=str(ROOT),
            STATIC_ROOT=collected_static(),
        )
        env.pop("REDIS_URL", None)  # no Redis unless the test gives one
        env.update(extra_env or {})
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--timeout",
                "30",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.url = f"http://127.0.0.1:{self.port}"
        wait_for(lambda: self._up(), timeout=30, message="gunicorn to answer")

    def _up(self) -> bool:
        try:
            self.get("/healthz")
        except OSError:
            return False
        return True

    def get(self, path: str, cookie: str = "") -> tuple[int, str]:

        request = urllib.request.Request(self.url + path, headers={"Cookie": cookie})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, path: str, data: dict[str, str], cookie: str = "") -> tuple[int, str]:
        """A form post carrying a CSRF token of our own (cookie and field agree)."""

        token = "t" * 32
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        headers = {
            "Cookie": f"{cookie}; csrftoken={token}".lstrip("; "),
            "Referer": self.url + path,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        request = urllib.request.Request(self.url + path, data=body, headers=headers)  # noqa: S310

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args: object, **kwargs: object) -> None:
                return None  # the answer itself (a 302 after a saved form) is what we check

        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=20) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


_STATIC_ROOT: list[str] = []


def collected_static() -> str:
    """collectstatic once per test run, as the production image does."""
    if not _STATIC_ROOT:
        root = tempfile.mkdtemp(prefix="f100-static-")
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        env.update(DJANGO_SETTINGS_MODULE="config.settings", STATIC_ROOT=root, DJANGO_DEBUG="false")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=120,
        )
        _STATIC_ROOT.append(root)
    return _STATIC_ROOT[0]


# ATOMIC_REQUESTS' savepoint and release, session + user + membership, then
# the page's own reads.
BASE = 2 + 3
