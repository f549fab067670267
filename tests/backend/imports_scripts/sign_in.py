"""Signs in through this app's login endpoints: the password, then a code.

Params: ``password``, and ``attempts``: [[username, code], ...], each tried by a client
of its own. Prints the status of each code's verify, in order.
"""

import json
import os

from django.conf import settings
from django.test import Client

from prelude import PASSWORD


def verify(username, code):
    client = Client()
    prefix = settings.HARNESS_API_PREFIX
    start = client.post(
        prefix + "login/",
        {"username": username, "password": PASSWORD},
        content_type="application/json",
    )
    assert start.status_code == 200 and start.json()["otp_channel"] == "totp", start.content
    answer = client.post(
        prefix + "login/verify/",
        {"challenge": start.json()["challenge"], "code": code},
        content_type="application/json",
    )
    return answer.status_code


params = json.loads(os.environ["SHELL_SCRIPT_PARAMS"])
print(json.dumps([verify(username, code) for username, code in params["attempts"]]))
