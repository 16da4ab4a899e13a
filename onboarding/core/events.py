"""One event for "the plan's data changed", announced after the commit.

Services call :func:`announce_plan_changed` when they changed a plan's data.
Subscribers (the dashboard refresh in ``metrics``) receive ``plan_data_changed``
once the surrounding transaction has committed, so they never see
uncommitted rows, and a rolled-back or refused write announces nothing.
A lower app announces; higher apps subscribe in their ``AppConfig.ready``.
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

# Sent with ``plan_id``; receivers run after the commit and must not raise
# (a failing receiver is logged by ``on_commit(robust=True)``).
plan_data_changed = Signal()


def announce_plan_changed(plan_id: int) -> None:
    """Tell subscribers that ``plan_id``'s data changed, once this transaction commits."""
    transaction.on_commit(lambda: plan_data_changed.send(sender=None, plan_id=plan_id), robust=True)
