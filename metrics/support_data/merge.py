"""Merge a re-upload into the records stored from earlier uploads, and say what it changed.

Records are keyed by (tool, ticket id): a ticket in the new upload replaces the stored one,
so an overlapping export never counts a ticket twice. Only the weeks the new upload touches
are recomputed; every KPI reports which weeks were added, which changed (old -> new) and
which stayed as they were.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .compute import TICKET_KPIS, WeekFigures, week_of, weekly_ticket_kpis
from .records import TicketRecord
from .values import zone_named


@dataclass(frozen=True)
class WeekChange:
    week: dt.date
    old: float | None
    new: float | None


@dataclass(frozen=True)
class KPIChanges:
    added: tuple[WeekChange, ...]  # weeks with no value before
    changed: tuple[WeekChange, ...]  # old value -> new value
    unchanged: tuple[dt.date, ...]


@dataclass(frozen=True)
class MergeResult:
    records: tuple[TicketRecord, ...]
    weeks: tuple[WeekFigures, ...]
    changes: Mapping[str, KPIChanges]
    affected_weeks: tuple[dt.date, ...]
    records_added: int
    records_replaced: int
    records_kept: int


def _same(old: float | None, new: float | None) -> bool:
    if old is None or new is None:
        return old is new
    return math.isclose(old, new, rel_tol=1e-9, abs_tol=1e-9)


def merge_uploads(
    previous: Iterable[TicketRecord],
    new: Iterable[TicketRecord],
    *,
    zone: str,
    supported: Iterable[str] | None = None,
) -> MergeResult:
    """The union of ``previous`` and ``new`` (new wins for the same tool and ticket id)."""
    tz = zone_named(zone)
    keep = None if supported is None else tuple(supported)
    merged: dict[tuple[str, str], TicketRecord] = {record.key: record for record in previous}
    old_weeks = {w.week: w for w in weekly_ticket_kpis(merged.values(), zone, supported=keep)}
    affected: set[dt.date] = set()
    added = replaced = 0
    for record in new:
        stored = merged.get(record.key)
        if stored is None:
            added += 1
        else:
            replaced += 1
            affected.add(week_of(stored, tz))
        affected.add(week_of(record, tz))
        merged[record.key] = record
    recomputed = {
        w.week: w
        for w in weekly_ticket_kpis(merged.values(), zone, supported=keep, only_weeks=affected)
    }
    weeks = {monday: w for monday, w in old_weeks.items() if monday not in affected}
    weeks.update(recomputed)
    changes: dict[str, KPIChanges] = {}
    for kpi in TICKET_KPIS:
        added_weeks: list[WeekChange] = []
        changed_weeks: list[WeekChange] = []
        unchanged_weeks: list[dt.date] = []
        for monday in sorted(set(old_weeks) | set(weeks)):
            old_value = old_weeks[monday].values.get(kpi) if monday in old_weeks else None
            new_value = weeks[monday].values.get(kpi) if monday in weeks else None
            if old_value is None and new_value is None:
                continue
            if old_value is None:
                added_weeks.append(WeekChange(monday, None, new_value))
            elif _same(old_value, new_value):
                unchanged_weeks.append(monday)
            else:
                changed_weeks.append(WeekChange(monday, old_value, new_value))
        changes[kpi] = KPIChanges(tuple(added_weeks), tuple(changed_weeks), tuple(unchanged_weeks))
    return MergeResult(
        records=tuple(merged.values()),
        weeks=tuple(weeks[monday] for monday in sorted(weeks)),
        changes=changes,
        affected_weeks=tuple(sorted(affected)),
        records_added=added,
        records_replaced=replaced,
        records_kept=len(merged) - added - replaced,
    )
