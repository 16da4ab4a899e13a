from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    name = "stakeholders"
    verbose_name = _("Stakeholders")

    def ready(self) -> None:
        from onboarding.rights import Right
        from roadmap.today_panels import TodayPanel, register_today_panel

        from .selectors import overdue_people_panel

        register_today_panel(
            TodayPanel(
                key="key_people_to_contact",
                template="stakeholders/_today_suggestions.html",
                right=Right.VIEW_STAKEHOLDERS,
                load=overdue_people_panel,
            )
        )
