"""Mounts the rendered app under HARNESS_API_PREFIX, as the app's README tells a project to."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.module_loading import import_string

# The admin's sign-in asks for the second factor too: the one line the app's README gives.
admin.site.login = import_string(f"{settings.HARNESS_APP}.admin_login.two_factor_admin_login")

urlpatterns = [
    path("admin/", admin.site.urls),
    path(settings.HARNESS_API_PREFIX.lstrip("/"), include(f"{settings.HARNESS_APP}.urls")),
]
