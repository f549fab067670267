"""The benchmark starter's settings with MD5 as the only password hasher
(tests/bench/starter_project.py copies this file into the project).

A hasher that costs next to nothing, for measuring what login/ does besides hashing
(tests/bench/starter_latency.py); only the ``cheap-`` users' passwords are stored with
it, so the other users cannot sign in on a server with these settings.
"""

from bench_settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
