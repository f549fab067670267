"""django-allauth's data, made with its own code: alice with an authenticator and
recovery codes (one used), bob with recovery codes only, dave enrolled both there and in
this app, and erin with a passkey (its registration made by the app's test authenticator,
stored by allauth's WebAuthn.add with the user handle allauth's adapter gives) and
recovery codes.

Params: ``password``. Prints {"secret": alice's secret, "codes": her unused recovery
codes before one was used, "dave": dave's secret here, "erin": her authenticator (see
prelude.authenticator_state)}.
"""

import json

from allauth.mfa.adapter import get_adapter
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.webauthn.internal.auth import WebAuthn

from prelude import RP_ID, authenticator_state, b64url, enrol_here, make_user, soft_authenticator

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

erin = make_user("erin")
authenticator = soft_authenticator()
handle = get_adapter().get_public_key_credential_user_entity(erin)["id"]
options = {"challenge": b64url(b"allauth" * 4), "rp": {"id": RP_ID}, "user": {"id": b64url(handle)}}
WebAuthn.add(erin, "Laptop", authenticator.register(options, origin=f"https://{RP_ID}"))
RecoveryCodes.activate(erin)

print(
    json.dumps(
        {
            "secret": secret,
            "codes": codes,
            "dave": dave_secret,
            "erin": authenticator_state(authenticator),
        }
    )
)
