"""KPI formulas. Pure functions: data in, a number (or None for no data) out."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100 * part / whole


def nps(scores: Iterable[int]) -> float | None:
    """% promoters (9-10) minus % detractors (0-6); passives stay in the total."""
    values = list(scores)
    return nps_from_counts(
        sum(1 for s in values if s >= 9), sum(1 for s in values if s <= 6), len(values)
    )


def nps_from_counts(promoters: int, detractors: int, answers: int) -> float | None:
    """The same, from counts (a pulse's are counted by the database): -100 to 100, unrounded
    like every other measurement (pages show two decimals at most)."""
    if answers <= 0:
        return None
    return 100 * (promoters - detractors) / answers


def csat(ratings: Iterable[int | None]) -> float | None:
    """% of 1-5 ratings that are 4 or 5; unrated (None) answers are excluded."""
    rated = [r for r in ratings if r is not None]
    return _share(sum(1 for r in rated if r >= 4), len(rated))


def ces(answers: Iterable[int]) -> float | None:
    """% of 1-7 "how easy" answers from 5 to 7."""
    values = list(answers)
    return _share(sum(1 for a in values if a >= 5), len(values))


def percentile(values: Sequence[float], pct: float) -> float | None:
    """Linear-interpolation percentile (as spreadsheets compute it)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float | None:
    return percentile(values, 50)


def sla_attainment(met: Iterable[bool]) -> float | None:
    flags = list(met)
    return _share(sum(flags), len(flags))


def cost_per_contact(cost: float, contacts: int) -> float | None:
    return None if contacts <= 0 else cost / contacts


def repeat_contact_rate(customer_ids: Iterable[str]) -> float | None:
    """% of contacts made by customers who contacted more than once."""
    counts = Counter(c for c in customer_ids if c)
    total = sum(counts.values())
    repeats = sum(n for n in counts.values() if n > 1)
    return _share(repeats, total)
