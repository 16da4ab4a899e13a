"""E-mail backends that fail, for the invitation-delivery tests."""

from __future__ import annotations

import smtplib

from django.core.mail.backends.base import BaseEmailBackend

attempts: list[str] = []


class DownBackend(BaseEmailBackend):
    """The mail server does not answer (a transient error)."""

    def send_messages(self, email_messages):
        attempts.append("down")
        raise ConnectionRefusedError(111, "Connection refused")


class BadHeaderBackend(BaseEmailBackend):
    """The mail library refuses the message itself: no retry can help."""

    def send_messages(self, email_messages):
        attempts.append("bad header")
        raise ValueError("Header values may not contain linefeed or carriage return characters")


class RefusedBackend(BaseEmailBackend):
    """The server refuses the recipient for good (SMTP 550)."""

    def send_messages(self, email_messages):
        attempts.append("refused")
        raise smtplib.SMTPRecipientsRefused({"x@example.com": (550, b"No such user")})
