"""The starter's settings with low throttle rates, so that a race reaches the limit in a
few requests (tests/backend/test_throttle_races.py copies this file into the project)."""

import os

from config.settings import *  # noqa: F403

RATE = os.environ["THROTTLE_RACE_RATE"]
TWO_FACTOR_THROTTLE_RATES = {"two_factor_setup": RATE, "login": RATE}
