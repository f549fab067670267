"""django-allauth's data, made with its own code: alice with an authenticator and
recovery codes (one used), bob with recovery codes only, and dave enrolled both there
and in this app.

Params: ``password``. Prints {"secret": alice's secret, "codes": her unused recovery
codes before one was used, "dave": dave's secret here}.
"""

import json

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from prelude import enrol_here, make_user

alice = make_user("alice")
secret = generate_totp_secret()
TOTP.activate(alice, secret)
recovery = RecoveryCodes.activate(alice)
codes = recovery.get_unused_codes()
assert recovery.validate_code(codes[0])

RecoveryCodes.activate(make_user("bob"))  # recovery codes, no authenticator
dave = make_user("dave")
dave_secret = enrol_here(dave)
TOTP.activate(dave, generate_totp_secret())
print(json.dumps({"secret": secret, "codes": codes, "dave": dave_secret}))
