#!/usr/bin/env bash
# README's second command: set up (Python packages, then Chromium and CJK fonts for tests/browser/ via apt),
# then run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/browser-deps.sh
exec .venv/bin/python -m pytest -q "$@"
