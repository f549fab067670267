"""A GET through Django's test client, as a browser on localhost would send it.

Params: ``path``. Prints [status, the first 10 characters of the body].
"""

import json
import os

from django.test import Client

params = json.loads(os.environ["SHELL_SCRIPT_PARAMS"])
response = Client().get(params["path"], HTTP_HOST="localhost")
print(json.dumps([response.status_code, response.content[:10].decode(errors="replace")]))
