"""django-otp's data, made with its own models: alice with two authenticators (one used)
and backup codes (one used), bob's unconfirmed authenticator, carol's 8-digit one, dave
enrolled in this app already, erin's HOTP device, and frank's passkeys in
django-otp-webauthn (one used five times, one unconfirmed), held by the app's test
authenticator, with the user handle django-otp-webauthn gave him.

Params: ``password``. Prints {"secret": alice's phone's secret, "used_code": the code it
accepted, "tokens": alice's backup codes (the first used), "dave": dave's secret here,
"frank": his authenticator (see prelude.authenticator_state)}.
"""

import base64
import json

import pyotp
from django_otp.plugins.otp_hotp.models import HOTPDevice
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential, WebAuthnUserHandle

from prelude import authenticator_state, enrol_here, make_user, soft_authenticator

alice = make_user("alice")
TOTPDevice.objects.create(user=alice, name="tablet")
device = TOTPDevice.objects.create(user=alice, name="phone")
secret = base64.b32encode(device.bin_key).decode()
used_code = pyotp.TOTP(secret).now()
assert device.verify_token(used_code)
backup = StaticDevice.objects.create(user=alice, name="backup")
tokens = [StaticToken.random_token() for _ in range(5)]
for token in tokens:
    backup.token_set.create(token=token)
assert backup.verify_token(tokens[0])

TOTPDevice.objects.create(user=make_user("bob"), name="new phone", confirmed=False)
TOTPDevice.objects.create(user=make_user("carol"), name="key fob", digits=8)
dave = make_user("dave")
dave_secret = enrol_here(dave)
TOTPDevice.objects.create(user=dave, name="old phone")
HOTPDevice.objects.create(user=make_user("erin"), name="key ring")

frank = make_user("frank")
authenticator = soft_authenticator()
authenticator.user_handle = WebAuthnUserHandle.get_handle_for_user(frank)
authenticator.sign_count = 5
for name, confirmed, holder in [("Phone", True, authenticator), ("old key", False, None)]:
    holder = holder or soft_authenticator()
    WebAuthnCredential.objects.create(
        user=frank,
        name=name,
        confirmed=confirmed,
        credential_id=holder.credential_id,
        public_key=holder.public_key(),
        sign_count=holder.sign_count,
        transports=["internal"],
        aaguid="00000000-0000-0000-0000-000000000000",
    )

print(
    json.dumps(
        {
            "secret": secret,
            "used_code": used_code,
            "tokens": tokens,
            "dave": dave_secret,
            "frank": authenticator_state(authenticator),
        }
    )
)
