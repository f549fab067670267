#!/usr/bin/env bash
# Installs what is needed (as .ci/run does), renders the template's defaults into
# build/acme and runs the starter project there: checks, migrations, the demo user, tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash .ci/run --setup-only
exec .venv/bin/python tests/try_default.py "$@"
