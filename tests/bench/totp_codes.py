"""An authenticator's code that stays valid while a request is on its way.

django-allauth accepts only the current 30-second step (MFA_TOTP_TOLERANCE is 0): a code
computed just before a step ends is refused by the time it arrives. Near the end of a
step, wait for the next one.
"""

from __future__ import annotations

import time

import pyotp

STEP_SECONDS = 30
MARGIN_SECONDS = 2.0


def current_code(secret: str) -> str:
    left = STEP_SECONDS - time.time() % STEP_SECONDS
    if left < MARGIN_SECONDS:
        time.sleep(left + 0.05)
    return pyotp.TOTP(secret).now()
