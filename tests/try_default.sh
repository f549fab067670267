#!/usr/bin/env bash
# Installs what the checkout needs (as .ci/run does), renders the template's defaults into
# build/acme and runs the starter there: bash dev.sh installs the project's own packages,
# prepares the database and the demo user, and serves the API and the app until Ctrl+C.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash .ci/run --setup-only
exec .venv/bin/python tests/try_default.py "$@"
