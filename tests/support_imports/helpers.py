"""Exports written in the tests: a Zendesk-shaped ticket CSV and a Typeform-shaped survey."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

ZENDESK_HEADER = (
    "Id,Requester email,Group,Via,Priority,Created at,Solved at,Satisfaction Score,Reopens,"
    "First reply time in minutes,Full resolution time in minutes"
)


def zendesk_row(
    ticket: int,
    created: str,
    first_reply_minutes: int | str,
    *,
    email: str = "ana@example.com",
    resolution_minutes: int | str | None = None,
    group: str = "Support",
    via: str = "Mail",
    priority: str = "Normal",
) -> str:
    resolution = first_reply_minutes if resolution_minutes is None else resolution_minutes
    return (
        f"{ticket},{email},{group},{via},{priority},{created},{created},Good,0,"
        f"{first_reply_minutes},{resolution}"
    )


def zendesk_csv(*rows: str) -> bytes:
    return ("\r\n".join((ZENDESK_HEADER, *rows)) + "\r\n").encode()


TYPEFORM_HEADER = (
    "#,How likely are you to recommend us to a friend?,Response Type,"
    "Start Date (UTC),Submit Date (UTC),Network ID"
)


def typeform_csv(*answers: tuple[str, int]) -> bytes:
    rows = [
        f"r{i},{score},completed,{moment},{moment},n{i}"
        for i, (moment, score) in enumerate(answers)
    ]
    return ("\r\n".join((TYPEFORM_HEADER, *rows)) + "\r\n").encode()


def upload_file(content: bytes, name: str = "export.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")
