"""The WSGI application gunicorn serves, of the minimal project around another 2FA
library (tests/bench/other_libraries.py copies this file in as bench_project/wsgi.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_project.settings")
application = get_wsgi_application()
