import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from roadmap.transfer import plan_import


class Command(BaseCommand):
    help = "Create a plan from a file written by export_plan. Nothing is kept if the file is bad."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        try:
            with open(file, encoding="utf-8") as handle:
                data = json.load(handle)
            plan, notes = plan_import(data)
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {file}") from error
        except json.JSONDecodeError as error:
            raise CommandError(f"{file} is not valid JSON: {error}") from error
        except (KeyError, TypeError, ValueError, ValidationError) as error:
            raise CommandError(f"{file} is not a usable plan export: {error}") from error
        for note in notes:
            self.stdout.write(note)
        self.stdout.write(self.style.SUCCESS(f"Imported plan #{plan.pk} “{plan.title}”."))
