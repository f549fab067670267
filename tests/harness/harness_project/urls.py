"""Mounts the rendered app under HARNESS_API_PREFIX, as the app's README tells a project to."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path(settings.HARNESS_API_PREFIX.lstrip("/"), include(f"{settings.HARNESS_APP}.urls")),
]
