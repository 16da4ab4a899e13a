"""A second URLconf for tests/onboarding/test_remembered_tags.py."""

from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("only-here/", lambda request: HttpResponse(), name="fortunes")]
