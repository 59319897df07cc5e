#!/usr/bin/env bash
# Lint and type check crawler/ and monitor/ (configured in pyproject.toml: [tool.ruff], [tool.mypy]).
# Installs the dev extra (ruff, mypy, stubs) into .venv through scripts/setup.sh when needed.
set -euo pipefail
cd "$(dirname "$0")/.."
EXTRAS=test,dev scripts/setup.sh
status=0
echo "lint: ruff check" >&2
.venv/bin/ruff check crawler monitor || status=1
echo "lint: ruff format --check" >&2
.venv/bin/ruff format --check --output-format concise crawler monitor || status=1
echo "lint: mypy" >&2
.venv/bin/mypy crawler monitor || status=1
exit "$status"
