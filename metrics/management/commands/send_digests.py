from typing import Any

from django.core.management.base import BaseCommand

from metrics.digests.selectors import attention_count
from metrics.tasks import send_due_digests


class Command(BaseCommand):
    help = (
        "Create and send the weekly digests that are due now. Celery beat runs this every "
        "15 minutes; use the command when running without a worker."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        plans = send_due_digests()
        self.stdout.write(f"Digests prepared for {plans} plan-week(s).")
        waiting = attention_count()
        if waiting:
            # Never silent: these are shown to each plan's manager on the digests page.
            self.stderr.write(
                f"{waiting} digest(s) failed, may not have arrived, or wait to be tried "
                "again: see each plan's digests page."
            )
