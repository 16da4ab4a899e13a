from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from onboarding.auth import (
    PasswordChangeView,
    PasswordResetConfirmView,
    PasswordResetView,
    ThrottledAuthenticationForm,
)
from onboarding.health import readyz

urlpatterns = [
    path("readyz", readyz, name="readyz"),
    path("", include("onboarding.urls")),
    path("", include("roadmap.urls")),
    path("", include("stakeholders.urls")),
    path("", include("metrics.urls")),
    # Sign-in and password reset are throttled (onboarding/throttling.py);
    # the rest of django.contrib.auth's views are Django's own, with our templates
    # (templates/registration/).
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm),
        name="login",
    ),
    path("accounts/password_change/", PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler403 = "onboarding.views.permission_denied"
# A database outage answers 503 "back in a moment"; anything else 500.
handler500 = "onboarding.views.server_error"
