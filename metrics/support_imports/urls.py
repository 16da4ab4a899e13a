from django.urls import path

from . import views

urlpatterns = [
    path("new/", views.support_upload_new, name="support_upload_new"),
    path("upload/", views.support_upload, name="support_upload"),
    path("<int:upload_id>/", views.support_upload_detail, name="support_upload_detail"),
    path("<int:upload_id>/mapping/", views.support_upload_mapping, name="support_upload_mapping"),
    path(
        "<int:upload_id>/settings/", views.support_upload_settings, name="support_upload_settings"
    ),
    path("<int:upload_id>/confirm/", views.support_upload_confirm, name="support_upload_confirm"),
]
