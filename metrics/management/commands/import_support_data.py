from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from metrics.catalogue import CATALOGUE
from metrics.support_imports.services import ImportFailed, support_file_import
from onboarding.models import Plan


class Command(BaseCommand):
    help = (
        "Import helpdesk or survey exports into a plan's metrics: recognise the tool, compute "
        "the weekly KPIs, merge with earlier uploads and store. All files or none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", type=int, required=True, help="The plan's id.")
        parser.add_argument("files", nargs="+", type=Path, help="CSV, XLSX or JSON exports.")

    def handle(self, *args: Any, **options: Any) -> None:
        plan = Plan.objects.filter(pk=options["plan"]).first()
        if plan is None:
            raise CommandError(f"No plan with id {options['plan']}.")
        try:
            with transaction.atomic():
                for path in options["files"]:
                    self._import(plan, path)
        except ImportFailed as failed:
            raise CommandError("Nothing was stored.\n" + "\n".join(failed.messages)) from None

    def _import(self, plan: Plan, path: Path) -> None:
        try:
            content = path.read_bytes()
        except OSError as error:
            raise ImportFailed([f"{path}: {error.strerror}"]) from None
        try:
            computed, result = support_file_import(plan=plan, filename=path.name, content=content)
        except ImportFailed as failed:
            raise ImportFailed([f"{path}:", *failed.messages]) from None
        self.stdout.write(f"{path.name}: {computed.tool}, {computed.rows_used} rows used")
        for kpi in result["kpis"]:
            name = CATALOGUE[kpi["key"]].name
            latest = "none" if kpi["latest"] is None else f"{kpi['latest']:.2f}"
            self.stdout.write(
                f"  {name}: {len(kpi['added'])} week(s) added, "
                f"{len(kpi['changed'])} changed, latest {latest} "
                f"(week of {kpi['latest_week']})"
            )
            for week, old, new in kpi["changed"]:
                self.stdout.write(f"    {week}: {old:.2f} -> {new:.2f}")
