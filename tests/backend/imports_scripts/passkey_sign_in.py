"""Signs in with an imported passkey through this app's endpoints: after the password,
then alone (passwordless).

Params: ``password``, ``username``, ``authenticator`` (prelude.authenticator_state). Prints
{"methods": login/'s methods, "second_step": its status, "passwordless": its status,
"user": the username the passwordless sign-in names}.
"""

import json
import os

from django.conf import settings
from django.test import Client

from prelude import PASSWORD, RP_ID, restored_authenticator

params = json.loads(os.environ["SHELL_SCRIPT_PARAMS"])
authenticator = restored_authenticator(params["authenticator"])
origin = f"https://{RP_ID}"
prefix = settings.HARNESS_API_PREFIX


def post(client, path, body):
    return client.post(prefix + path, body, content_type="application/json")


client = Client()
started = post(client, "login/", {"username": params["username"], "password": PASSWORD}).json()
options = post(client, "login/passkey/options/", {"challenge": started["challenge"]}).json()
answer = authenticator.assertion(options, origin=origin)
second_step = post(client, "login/verify/", {"challenge": started["challenge"], "passkey": answer})

alone = Client()
options = post(alone, "login/passwordless/options/", {}).json()
passwordless = post(
    alone, "login/passwordless/", {"passkey": authenticator.assertion(options, origin=origin)}
)
print(
    json.dumps(
        {
            "methods": started["methods"],
            "second_step": second_step.status_code,
            "passwordless": passwordless.status_code,
            "user": passwordless.json().get("user", {}).get("username"),
        }
    )
)
