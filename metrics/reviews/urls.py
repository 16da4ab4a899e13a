from django.urls import path

from . import views

urlpatterns = [
    path("plans/<int:plan_id>/reviews/", views.review_list, name="review_list"),
    path("plans/<int:plan_id>/reviews/add/", views.review_add, name="review_add"),
    path("plans/<int:plan_id>/reviews/compare/", views.review_compare, name="review_compare"),
    path("plans/<int:plan_id>/reviews/today/print/", views.standing_print, name="standing_print"),
    path("plans/<int:plan_id>/reviews/today/pdf/", views.standing_pdf, name="standing_pdf"),
    path("plans/<int:plan_id>/reviews/beyond/", views.beyond, name="beyond"),
    path("plans/<int:plan_id>/reviews/beyond/add/", views.beyond_add, name="beyond_add"),
    path(
        "plans/<int:plan_id>/reviews/beyond/<int:priority_id>/delete/",
        views.beyond_delete,
        name="beyond_delete",
    ),
    path("plans/<int:plan_id>/reviews/<int:review_id>/", views.review_detail, name="review_detail"),
    path(
        "plans/<int:plan_id>/reviews/<int:review_id>/edit/", views.review_edit, name="review_edit"
    ),
    path(
        "plans/<int:plan_id>/reviews/<int:review_id>/schedule/",
        views.review_schedule,
        name="review_schedule",
    ),
    path(
        "plans/<int:plan_id>/reviews/<int:review_id>/notes/", views.review_note, name="review_note"
    ),
    path(
        "plans/<int:plan_id>/reviews/<int:review_id>/print/",
        views.review_print,
        name="review_print",
    ),
    path("plans/<int:plan_id>/reviews/<int:review_id>/pdf/", views.review_pdf, name="review_pdf"),
]
