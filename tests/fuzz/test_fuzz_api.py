"""Malformed requests never get a 5xx: Hypothesis fuzzes every endpoint of the default
starter's 2FA API (tests/fuzz/api_contract.py, run in the rendered project with its own
settings and pytest-django, through Django's test client).

At least 2,000 requests: wrong JSON types, nulls, arrays, 100 kB strings, non-ASCII
digits, control characters, missing and extra fields, broken and non-UTF-8 JSON, wrong
content types and methods, forged, spent, expired and other users' challenges. Each
answer is below 500, each refusal is in the contract's error shape, and a refused
request changes nothing but the wrong-code count the contract specifies. The right code
written in other scripts' digits is refused as a wrong code.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest

from support.processes import output, run_starter
from support.render import render
from support.template import REPO_ROOT

pytestmark = pytest.mark.backend

MIN_REQUESTS = 2000
FUZZ_SCRIPT = REPO_ROOT / "tests" / "fuzz" / "api_contract.py"


def test_malformed_requests_get_no_5xx(tmp_path_factory: pytest.TempPathFactory):
    starter = render(tmp_path_factory.mktemp("fuzz-api"))
    # Named test_* so that the starter's pytest.ini collects it beside its own tests.
    shutil.copy(FUZZ_SCRIPT, starter.backend_dir / "test_fuzz_api_contract.py")
    result = run_starter(
        starter,
        "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", "test_fuzz_api_contract.py",
        FUZZ_DJANGO_APP=starter.answers["django_app"],
        FUZZ_API_PREFIX=starter.answers["api_prefix"],
        FUZZ_MIN_REQUESTS=str(MIN_REQUESTS),
    )  # fmt: skip
    # Hypothesis prints the failing example, which may hold a 100 kB string.
    assert result.returncode == 0, output(result)[-20_000:]
    # -s: the script prints after pytest's progress dots, on the same line.
    counts = json.loads(re.search(r"FUZZ-COUNTS (\{.*\})$", result.stdout, re.M).group(1))
    assert counts["requests"] >= MIN_REQUESTS, counts
    assert counts.get("5xx", 0) == 0, counts
    print(f"fuzz counts: {counts}")
    probes = re.findall(r"FUZZ-PROBE (.*)$", result.stdout, re.M)
    assert probes and all(probe.endswith("400 invalid_code") for probe in probes), probes
