"""Mail servers and backends for the digest delivery tests.

- :class:`FakeSMTP`: a small SMTP server in a thread that accepts, refuses or
  hangs up, so Django's real SMTP backend meets each kind of failure.
- :class:`DeliverThenStallBackend`: writes the e-mail (it has left), then pauses
  before returning: room to kill a worker after delivery and before the row is
  marked sent. ``tests.support.SlowFileBackend`` pauses *before* writing.
"""

from __future__ import annotations

import contextlib
import os
import socketserver
import threading
import time

from django.core.mail.backends.filebased import EmailBackend


class DeliverThenStallBackend(EmailBackend):
    def send_messages(self, email_messages):
        count = super().send_messages(email_messages)
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "4")))
        return count


class FakeSMTP:
    """``mode``: accept, refuse_sender, refuse_recipient, refuse_data, hang_up_after_data."""

    def __init__(self, mode: str = "accept") -> None:
        self.mode = mode
        self.received: list[bytes] = []
        self.conversations = 0
        outer = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                outer.conversations += 1
                with contextlib.suppress(OSError):
                    outer._converse(self.rfile, self.wfile)

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def _converse(self, rfile, wfile) -> None:
        def say(line: str) -> None:
            wfile.write(line.encode() + b"\r\n")
            wfile.flush()

        say("220 fake.example ESMTP")
        while line := rfile.readline():
            command = line.decode("ascii", "replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                say("250 fake.example")
            elif command.startswith("MAIL"):
                say("550 5.7.1 Sender rejected" if self.mode == "refuse_sender" else "250 OK")
            elif command.startswith("RCPT"):
                say("550 5.1.1 No such user" if self.mode == "refuse_recipient" else "250 OK")
            elif command == "DATA":
                say("354 End data with <CR><LF>.<CR><LF>")
                data = b""
                while (chunk := rfile.readline()) not in (b".\r\n", b""):
                    data += chunk
                if self.mode == "hang_up_after_data":
                    # The whole message arrived; the answer never leaves.
                    self.received.append(data)
                    return
                if self.mode == "refuse_data":
                    say("554 5.6.0 Message rejected")
                else:
                    self.received.append(data)
                    say("250 2.0.0 Queued")
            elif command == "QUIT":
                say("221 Bye")
                return
            else:  # RSET, NOOP
                say("250 OK")

    def use(self, settings) -> None:
        """Point Django's SMTP backend at this server."""
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", self.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 5

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
