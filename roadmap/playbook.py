"""The playbook template: JSON files under ``roadmap/playbook/``, one per language.

``load_playbook`` turns a file into database rows (so an organisation can
adjust its copy in the admin); a plan copies the rows on its creation day.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation

from onboarding.models import Organisation, Plan

from .models import Phase, Playbook, PlaybookPhase, PlaybookTask
from .rules import FIRST_DAY, LAST_DAY

PLAYBOOK_DIR = Path(__file__).resolve().parent / "playbook"
PHASE_KEYS = ("prepare", "assess", "plan", "act", "measure", "communicate")


class PlaybookError(ValueError):
    pass


@cache  # the playbook files ship with the code
def available_languages() -> tuple[str, ...]:
    codes = {code for code, _name in settings.LANGUAGES}
    return tuple(sorted(p.stem for p in PLAYBOOK_DIR.glob("*.json") if p.stem in codes))


def read_playbook_file(language: str) -> dict[str, Any]:
    path = PLAYBOOK_DIR / f"{language}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    check_playbook_data(data)
    return data


@cache
def _phase_texts(language: str) -> dict[tuple[str, str], str]:
    """The shipped playbook's phase texts by (key, field): name, summary and tip."""
    if language not in available_languages():
        return {}
    return {
        (phase["key"], field): phase.get(field, "")
        for phase in read_playbook_file(language)["phases"]
        for field in PHASE_TEXT_FIELDS
    }


PHASE_TEXT_FIELDS = ("name", "summary", "tip")


def phase_text(key: str, field: str, text: str, plan_language: str, language: str) -> str:
    """A phase's name, summary or tip for a reader in ``language``.

    The playbook's phases are interface content: while the plan's phase still
    has the playbook's words for its key (in the plan's language, or English
    when the playbook has no file in it), the reader gets the playbook's words
    in their own language. What the manager rewrote keeps the plan's words.
    """
    source_language = plan_language if plan_language in available_languages() else "en"
    shipped = _phase_texts(source_language).get((key, field))
    if shipped is None or text != shipped:
        return text
    return _phase_texts(language).get((key, field), text)


def phase_name(phase: Phase, plan: Plan) -> str:
    """``phase``'s name for the reader, in the language of the request (see ``phase_text``)."""
    language = (translation.get_language() or "en")[:2]
    return phase_text(phase.key, "name", phase.name, plan.language, language)


def check_playbook_data(data: dict[str, Any]) -> None:
    """Refuse a template whose phases or tasks break the day rules."""
    keys = [phase["key"] for phase in data["phases"]]
    if tuple(keys) != PHASE_KEYS:
        raise PlaybookError(f"phases must be {PHASE_KEYS}, got {keys}")
    task_keys: set[str] = set()
    for phase in data["phases"]:
        start, end = phase["start_day"], phase["end_day"]
        if not FIRST_DAY <= start <= end <= LAST_DAY:
            raise PlaybookError(f"phase {phase['key']} has days {start}..{end}")
        for task in phase["tasks"]:
            if not start <= task["start_day"] <= task["end_day"] <= end:
                raise PlaybookError(f"task {task['key']} lies outside phase {phase['key']}")
            if task["key"] in task_keys:
                raise PlaybookError(f"task key {task['key']} is used twice")
            task_keys.add(task["key"])


@transaction.atomic
def playbook_load(*, data: dict[str, Any], organisation: Organisation | None = None) -> Playbook:
    """Create or replace the playbook for (organisation, language) from ``data``."""
    check_playbook_data(data)
    playbook, _created = Playbook.objects.update_or_create(
        organisation=organisation, language=data["language"], defaults={"name": data["name"]}
    )
    playbook.phases.all().delete()
    tasks: list[PlaybookTask] = []
    for order, phase_data in enumerate(data["phases"]):
        phase = PlaybookPhase.objects.create(
            playbook=playbook,
            key=phase_data["key"],
            name=phase_data["name"],
            summary=phase_data.get("summary", ""),
            tip=phase_data.get("tip", ""),
            start_day=phase_data["start_day"],
            end_day=phase_data["end_day"],
            order=order,
        )
        tasks.extend(
            PlaybookTask(
                phase=phase,
                key=task["key"],
                title=task["title"],
                description=task.get("description", ""),
                start_day=task["start_day"],
                end_day=task["end_day"],
                order=task_order,
            )
            for task_order, task in enumerate(phase_data["tasks"])
        )
    PlaybookTask.objects.bulk_create(tasks)
    return playbook


def playbook_for(*, language: str, organisation: Organisation | None) -> Playbook:
    """The organisation's own template in that language, else the default one.

    Falls back to English, and loads the shipped files on first use so a fresh
    database never leaves a manager without a playbook.
    """
    candidates = Playbook.objects.filter(language__in=[language, "en"])
    if organisation is not None:
        own = candidates.filter(organisation=organisation, language=language).first()
        if own:
            return own
    defaults = {p.language: p for p in candidates.filter(organisation__isnull=True)}
    if language in defaults:
        return defaults[language]
    if language in available_languages():
        return playbook_load(data=read_playbook_file(language))
    if "en" in defaults:
        return defaults["en"]
    return playbook_load(data=read_playbook_file("en"))
