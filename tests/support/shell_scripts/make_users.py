"""Users with one password and a credential each, for the HTTP races (support/races.py).

Params: ``password``, ``names``, and ``credential``: ``jwt`` (a simplejwt access token)
or ``knox`` (a knox token). Prints {username: [pk, credential]}.
"""

import json
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password


def jwt_credential(user) -> str:
    from rest_framework_simplejwt.tokens import AccessToken

    return str(AccessToken.for_user(user))


def knox_credential(user) -> str:
    from knox.models import get_token_model

    return get_token_model().objects.create(user=user)[1]


# Imported only when asked for: a project has one token library installed.
CREDENTIALS = {"jwt": jwt_credential, "knox": knox_credential}

params = json.loads(os.environ["SHELL_SCRIPT_PARAMS"])
credential = CREDENTIALS[params["credential"]]
User = get_user_model()
# One hash for all: hashing each password would take most of the test's time.
password = make_password(params["password"])
users = User.objects.bulk_create(
    User(username=name, email=f"{name}@example.com", password=password) for name in params["names"]
)
print(json.dumps({user.username: [user.pk, credential(user)] for user in users}))
