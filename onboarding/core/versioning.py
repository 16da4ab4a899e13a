"""The optimistic-lock save: refuse a write based on a version that moved on.

Every editable record carries a ``version`` the form sends back. A save is one
conditional UPDATE (``... WHERE pk = %s AND version = %s``) that also moves the
version on, so of two concurrent saves of the same version exactly one wins;
the other gets :class:`StaleVersion` with the record as it is now, and the view
answers 409 with the fresh state and the user's own input kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import F, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

# Any model with a ``version`` field. The checker cannot say "a Model that has a
# version" (no intersection types), so the three reads and writes of
# ``record.version``/``current.version`` below carry ``type: ignore[attr-defined]``.
M = TypeVar("M", bound=models.Model)


class StaleVersion(Exception):
    """Someone saved the record since the form was loaded; ``current`` is the fresh one."""

    def __init__(self, current: Any) -> None:
        super().__init__("stale version")
        self.current = current


def save_versioned(
    rows: QuerySet[M] | type[M],
    record: M,
    *,
    expected_version: int | None,
    fresh: Callable[[Any], M | None] | None = None,
    **changes: Any,
) -> M:
    """Write ``changes`` to ``record`` if it is still at ``expected_version``.

    ``rows`` are the records the caller may change (a model: any of them) (e.g. only the quick wins
    the user is on): a record outside them at the expected version is a
    :class:`PermissionDenied`, not a stale save. ``fresh(pk)`` loads the
    current record for the 409 answer (default: a plain ``get``). A record
    deleted meanwhile is a 404. The record in hand is updated in memory.
    """
    if isinstance(rows, type):
        rows = rows._default_manager.all()
    version = record.version if expected_version is None else expected_version  # type: ignore[attr-defined]
    if _has_field(rows.model, "updated_at"):
        changes.setdefault("updated_at", timezone.now())
    updated = rows.filter(pk=record.pk, version=version).update(version=F("version") + 1, **changes)
    if not updated:
        load = fresh or (lambda pk: rows.model._default_manager.filter(pk=pk).first())
        current = load(record.pk)
        if current is None:
            raise Http404(_("It was removed in the meantime."))
        if current.version == version:  # type: ignore[attr-defined]
            raise PermissionDenied
        raise StaleVersion(current)
    expressions = [name for name, value in changes.items() if hasattr(value, "resolve_expression")]
    for name, value in changes.items():
        if name not in expressions:
            setattr(record, name, value)
    record.version = version + 1  # type: ignore[attr-defined]
    if expressions:
        record.refresh_from_db(fields=expressions)
    return record


def _has_field(model: type[models.Model], name: str) -> bool:
    return any(field.name == name for field in model._meta.concrete_fields)
