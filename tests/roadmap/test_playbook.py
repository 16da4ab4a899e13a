import json

import pytest

from roadmap import timeline_css
from roadmap.models import Playbook
from roadmap.playbook import (
    PLAYBOOK_DIR,
    PlaybookError,
    check_playbook_data,
    playbook_load,
    read_playbook_file,
)

BRIEF_RANGES = {
    "prepare": (-10, 15),
    "assess": (0, 30),
    "plan": (15, 45),
    "act": (30, 80),
    "measure": (45, 100),
    "communicate": (-10, 100),
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fa", "ru"])
def test_playbook_loads_six_phases_with_the_briefs_day_ranges(language):
    playbook = playbook_load(data=read_playbook_file(language))

    phases = list(playbook.phases.prefetch_related("tasks"))
    assert {p.key: (p.start_day, p.end_day) for p in phases} == BRIEF_RANGES
    assert [p.key for p in phases] == list(BRIEF_RANGES)
    tasks = [t for p in phases for t in p.tasks.all()]
    assert 25 <= len(tasks) <= 40
    for phase in phases:
        assert phase.tip, f"{phase.key} has no communication tip"
        for task in phase.tasks.all():
            assert phase.start_day <= task.start_day <= task.end_day <= phase.end_day, task.key


def test_every_language_has_the_same_tasks_on_the_same_days():
    shapes = {}
    for path in sorted(PLAYBOOK_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        shapes[path.stem] = [
            (t["key"], t["start_day"], t["end_day"]) for p in data["phases"] for t in p["tasks"]
        ]
    assert set(shapes) == {"en", "fa", "ru"}
    assert shapes["fa"] == shapes["en"] == shapes["ru"]


def test_a_task_outside_its_phase_is_refused():
    data = read_playbook_file("en")
    data["phases"][1]["tasks"][0]["end_day"] = 31  # Assess ends on day 30
    with pytest.raises(PlaybookError, match="outside phase assess"):
        check_playbook_data(data)


@pytest.mark.django_db
def test_reloading_replaces_the_template_but_not_running_plans(world):
    before = list(world.plan.tasks.values_list("title", flat=True))
    data = read_playbook_file("en")
    data["phases"][0]["tasks"][0]["title"] = "A changed template task"
    playbook_load(data=data)

    assert Playbook.objects.filter(organisation=None, language="en").count() == 1
    assert list(world.plan.tasks.values_list("title", flat=True)) == before


def test_timeline_stylesheet_is_current():
    assert timeline_css.CSS_PATH.read_text(encoding="utf-8") == timeline_css.render()
