"""Readers of other two-factor libraries' data, for the ``import_two_factor`` command.

Each module's ``read()`` returns what every user has there (``base.SourceUsers``), and
``LIBRARY`` is the library's name as the command reports it.
"""

from . import allauth, django_otp, trench

SOURCES = {"django_otp": django_otp, "trench": trench, "allauth": allauth}
