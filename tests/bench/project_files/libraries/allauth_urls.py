"""URLs of the minimal project around django-allauth: its headless API
(tests/bench/other_libraries.py copies this file in as bench_project/urls.py)."""

from django.urls import include, path

urlpatterns = [path("_allauth/", include("allauth.headless.urls"))]
