"""The benchmark starter's settings: its own config/settings.py, with bench_urls.py as
the URLconf (tests/bench/starter_project.py copies this file into the project)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
