"""The benchmark starter's URLs: the project's own, and two endpoints that only the
benchmark has (tests/bench/starter_project.py copies this file into the project).

Where they are routed comes from the environment the benchmark sets:
``BENCH_PLAIN_PATH`` and ``BENCH_HASHER_PATH``.
"""

import os

from config.urls import urlpatterns as project_urlpatterns
from django.contrib.auth import get_user_model
from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView


class WhoAmI(APIView):
    # The project's default authentication and permission, and nothing else.
    def get(self, request):
        return Response({"username": request.user.get_username()})


class PasswordOnly(APIView):
    # What a password step cannot do without: find the user, run the hasher once. A
    # plain lookup: the starter's get_by_natural_key also reads the 2FA profile.
    authentication_classes = []
    permission_classes = [AllowAny]

    def post(self, request):
        model = get_user_model()
        lookup = {model.USERNAME_FIELD: request.data["username"]}
        user = model._default_manager.get(**lookup)
        return Response({"ok": user.check_password(request.data["password"])})


urlpatterns = [
    path(os.environ["BENCH_PLAIN_PATH"], WhoAmI.as_view()),
    path(os.environ["BENCH_HASHER_PATH"], PasswordOnly.as_view()),
    *project_urlpatterns,
]
