from django.urls import include, path

from metrics.dashboard.views import dashboard
from metrics.digests.views import (
    digest_detail,
    digest_email,
    digest_list,
    digest_preview,
    digest_preview_email,
    digest_resend,
    digest_subscription,
    digest_unsubscribe,
)

from . import views

urlpatterns = [
    path("plans/<int:plan_id>/metrics/", views.metric_list, name="metric_list"),
    path("plans/<int:plan_id>/metrics/add/", views.metric_add, name="metric_add"),
    path("plans/<int:plan_id>/metrics/<int:metric_id>/", views.metric_detail, name="metric_detail"),
    path(
        "plans/<int:plan_id>/metrics/<int:metric_id>/goals/",
        views.metric_goals,
        name="metric_goals",
    ),
    path(
        "plans/<int:plan_id>/metrics/<int:metric_id>/measurements/",
        views.measurement_add,
        name="measurement_add",
    ),
    path(
        "plans/<int:plan_id>/metrics/<int:metric_id>/measurements/<int:measurement_id>/delete/",
        views.measurement_delete,
        name="measurement_delete",
    ),
    path(
        "plans/<int:plan_id>/metrics/<int:metric_id>/import/",
        views.metric_import,
        name="metric_import",
    ),
    path(
        "plans/<int:plan_id>/metrics/<int:metric_id>/remove/",
        views.metric_remove,
        name="metric_remove",
    ),
    path(
        "plans/<int:plan_id>/metrics/support-imports/",
        include("metrics.support_imports.urls"),
    ),
    path("plans/<int:plan_id>/dashboard/", dashboard, name="dashboard"),
    path("plans/<int:plan_id>/pulses/", include("metrics.pulse.urls")),
    path("plans/<int:plan_id>/digests/", digest_list, name="digest_list"),
    path(
        "plans/<int:plan_id>/digests/preview/",
        digest_preview,
        name="digest_preview",
    ),
    path(
        "plans/<int:plan_id>/digests/preview/email/",
        digest_preview_email,
        name="digest_preview_email",
    ),
    path(
        "plans/<int:plan_id>/digests/<int:digest_id>/",
        digest_detail,
        name="digest_detail",
    ),
    path(
        "plans/<int:plan_id>/digests/<int:digest_id>/email/",
        digest_email,
        name="digest_email",
    ),
    path(
        "plans/<int:plan_id>/digests/<int:digest_id>/send-again/",
        digest_resend,
        name="digest_resend",
    ),
    path(
        "plans/<int:plan_id>/digests/subscription/",
        digest_subscription,
        name="digest_subscription",
    ),
    path("", include("metrics.reviews.urls")),
    path(
        "digests/unsubscribe/<str:token>/",
        digest_unsubscribe,
        name="digest_unsubscribe",
    ),
]
