from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetricsConfig(AppConfig):
    name = "metrics"
    verbose_name = _("Service metrics")

    def ready(self) -> None:
        from django.core.checks import register

        from onboarding.core.events import plan_data_changed
        from onboarding.rights import Right
        from roadmap.calendar_events import register_calendar_source
        from roadmap.pulse_slot import PulseSource, register_pulse_source
        from roadmap.today_panels import TodayPanel, register_today_panel

        from .pulse import selectors as pulse_selectors
        from .pulse.checks import check_pulse_threshold
        from .reviews.selectors import due_reviews_panel, review_calendar_entries
        from .tasks import refresh_on_plan_change

        plan_data_changed.connect(refresh_on_plan_change, dispatch_uid="dashboard_refresh")
        # The risk check, the diagnostic and "My quick wins" show what the pulse says.
        register_pulse_source(
            PulseSource(signal=pulse_selectors.latest_signal, invite=pulse_selectors.pulse_invite)
        )
        register(check_pulse_threshold)
        # Reviews coming up on Today, and every review in the calendar feed.
        register_today_panel(
            TodayPanel(
                key="reviews_due",
                template="metrics/reviews/_today_panel.html",
                right=Right.VIEW_REVIEWS,
                load=due_reviews_panel,
            )
        )
        register_calendar_source("reviews", review_calendar_entries)
