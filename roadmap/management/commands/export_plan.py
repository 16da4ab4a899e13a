import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from onboarding.models import Plan
from roadmap.transfer import plan_export


class Command(BaseCommand):
    help = "Write a plan (phases, tasks, members' e-mails) as JSON to stdout or --output."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", type=int, required=True, help="The plan's id.")
        parser.add_argument("--output", help="File to write instead of stdout.")

    def handle(self, *args: Any, plan: int, output: str | None = None, **options: Any) -> None:
        found = Plan.objects.select_related("organisation").filter(pk=plan).first()
        if found is None:
            raise CommandError(f"No plan with id {plan}.")
        text = json.dumps(plan_export(found), ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
            self.stderr.write(f"Plan {plan} written to {output}")
        else:
            self.stdout.write(text)
