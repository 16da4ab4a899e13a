"""The minimal per-ticket record the app stores, and its JSON form.

Only what the weekly KPIs need is kept: no subject, no e-mail (the requester is a keyed hash),
no agent name. ``created`` is UTC in ISO 8601, so the week can be recomputed in any zone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

JSONValue = str | float | bool | None


@dataclass(frozen=True, slots=True)
class TicketRecord:
    tool: str
    ticket_id: str
    created: str  # UTC, ISO 8601 ("2026-11-30T09:05:00+00:00")
    requester: str | None = None  # keyed hash, see values.requester_key
    first_reply_hours: float | None = None
    resolution_hours: float | None = None
    sla_met: bool | None = None
    csat: bool | None = None
    reopened: bool | None = None
    channel: str = ""
    group: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.tool, self.ticket_id)

    @property
    def created_at(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.created)

    def to_json(self) -> dict[str, JSONValue]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TicketRecord:
        def hours(name: str) -> float | None:
            value = data.get(name)
            return None if value is None else float(value)

        def flag(name: str) -> bool | None:
            value = data.get(name)
            return None if value is None else bool(value)

        created = dt.datetime.fromisoformat(str(data["created"]))
        if created.tzinfo is None:
            raise ValueError("created must carry its UTC offset")
        return cls(
            tool=str(data["tool"]),
            ticket_id=str(data["ticket_id"]),
            created=created.astimezone(dt.UTC).isoformat(),
            requester=None if data.get("requester") is None else str(data["requester"]),
            first_reply_hours=hours("first_reply_hours"),
            resolution_hours=hours("resolution_hours"),
            sla_met=flag("sla_met"),
            csat=flag("csat"),
            reopened=flag("reopened"),
            channel=str(data.get("channel") or ""),
            group=str(data.get("group") or ""),
        )
