"""django-trench's data for erin, enrolled; run with trench set to keep backup codes in
plain text, so that they can be imported.

Params: ``password``. Prints {"secret": erin's trench secret, "codes": her backup codes}.
"""

import json

from prelude import make_user
from trench_enrol import enrol

secret, codes = enrol(make_user("erin"))
print(json.dumps({"secret": secret, "codes": codes}))
