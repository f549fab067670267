"""django-trench's data with its backup codes hashed (its default): alice enrolled, bob's
authenticator never confirmed, and dave enrolled both there and in this app.

Params: ``password``. Prints {"alice": alice's trench secret, "dave": dave's secret here}.
"""

import json

from trench.command.create_mfa_method import create_mfa_method_command

from prelude import enrol_here, make_user
from trench_enrol import enrol

alice_secret, _ = enrol(make_user("alice"))
create_mfa_method_command(user_id=make_user("bob").pk, name="app")
dave = make_user("dave")
dave_secret = enrol_here(dave)
enrol(dave)
print(json.dumps({"alice": alice_secret, "dave": dave_secret}))
