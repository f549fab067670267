"""URLs of the minimal project around django-trench: its login steps, answering
simplejwt's tokens (tests/bench/other_libraries.py copies this file in as
bench_project/urls.py)."""

from django.urls import include, path

urlpatterns = [
    path("auth/", include("trench.urls")),
    path("auth/", include("trench.urls.jwt")),
]
