from typing import Any

from django.core.management.base import BaseCommand

from roadmap.playbook import available_languages, playbook_load, read_playbook_file


class Command(BaseCommand):
    help = "Load the shipped playbook templates (one per language) into the database."

    def handle(self, *args: Any, **options: Any) -> None:
        for language in available_languages():
            playbook = playbook_load(data=read_playbook_file(language))
            count = sum(phase.tasks.count() for phase in playbook.phases.all())
            self.stdout.write(
                f"Playbook {language}: {playbook.phases.count()} phases, {count} tasks"
            )
