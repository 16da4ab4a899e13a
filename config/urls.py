from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("onboarding.urls")),
    path("", include("roadmap.urls")),
    path("", include("stakeholders.urls")),
    path("", include("metrics.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
