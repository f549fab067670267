"""manage.py of the minimal project around another 2FA library
(tests/bench/other_libraries.py copies this file into it)."""

import os
import sys

from django.core.management import execute_from_command_line

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_project.settings")
execute_from_command_line(sys.argv)
