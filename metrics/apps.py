from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetricsConfig(AppConfig):
    name = "metrics"
    verbose_name = _("Service metrics")

    def ready(self) -> None:
        from onboarding.core.events import plan_data_changed

        from .tasks import refresh_on_plan_change

        plan_data_changed.connect(refresh_on_plan_change, dispatch_uid="dashboard_refresh")
