from django.urls import path

from metrics.pulse import views

urlpatterns = [
    path("", views.pulse_list, name="pulse_list"),
    path("open/", views.pulse_open, name="pulse_open"),
    path("<int:pulse_id>/", views.pulse_detail, name="pulse_detail"),
    path("<int:pulse_id>/close/", views.pulse_close, name="pulse_close"),
    path("<int:pulse_id>/questions/", views.pulse_questions, name="pulse_questions"),
    path("<int:pulse_id>/answer/", views.pulse_answer, name="pulse_answer"),
]
