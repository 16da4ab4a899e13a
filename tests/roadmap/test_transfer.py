import json

import pytest
from django.core.management import CommandError, call_command

from onboarding.models import Plan, User

pytestmark = pytest.mark.django_db


def test_export_then_import_round_trips_a_plan(world, tmp_path, capsys):
    task = world.plan.tasks.first()
    task.status, task.note, task.owner = "done", "Went well", world.member
    task.save()
    world.plan.currency = "RUB"
    world.plan.save()
    path = tmp_path / "plan.json"
    call_command("export_plan", "--plan", str(world.plan.pk), "--output", str(path))
    exported = json.loads(path.read_text(encoding="utf-8"))
    assert {m["email"] for m in exported["members"]} == {
        world.manager.email,
        world.executive.email,
        world.member.email,
    }
    original = _shape(world.plan)
    # Moving to another installation where one member has no account yet.
    User.objects.filter(pk=world.executive.pk).delete()

    call_command("import_plan", str(path))

    copy = Plan.objects.exclude(pk__in=[world.plan.pk, world.other_plan.pk]).get()
    assert "Created an account for executive@example.com" in capsys.readouterr().out
    assert _shape(copy) == original
    assert copy.currency == "RUB"
    copied = copy.tasks.get(title=task.title)
    assert (copied.status, copied.note, copied.owner) == ("done", "Went well", world.member)
    assert not User.objects.get(email="executive@example.com").has_usable_password()


def _shape(plan):
    data = {
        "phases": list(plan.phases.values_list("key", "name", "start_day", "end_day")),
        "tasks": sorted(plan.tasks.values_list("key", "title", "start_day", "end_day", "status")),
        "members": sorted(plan.memberships.values_list("user__email", "role")),
    }
    return json.loads(json.dumps(data))


def test_a_broken_file_imports_nothing(world, tmp_path):
    path = tmp_path / "plan.json"
    call_command("export_plan", "--plan", str(world.plan.pk), "--output", str(path))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["phases"][-1]["tasks"][0]["end_day"] = 500
    path.write_text(json.dumps(data), encoding="utf-8")
    plans_before = Plan.objects.count()

    with pytest.raises(CommandError, match="not a usable plan export"):
        call_command("import_plan", str(path))
    assert Plan.objects.count() == plans_before

    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("import_plan", str(path))
    with pytest.raises(CommandError, match="No plan with id"):
        call_command("export_plan", "--plan", "999999")
