#!/usr/bin/env bash
# Create .venv and install campus-monitor with its test extras (only Python 3.11+ and pip needed).
# Re-installs only when pyproject.toml changed since the last install, or when EXTRAS (default: test;
# scripts/lint.sh asks for test,dev) names an extra the last install did not have.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if ! command -v "$PY" >/dev/null 2>&1; then
  echo "setup: '$PY' not found; install Python 3.11 or newer, or set PYTHON=/path/to/python3.11" >&2
  exit 2
fi
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "setup: campus-monitor needs Python 3.11 or newer; '$PY' is $("$PY" -V 2>&1). Set PYTHON=python3.11" >&2
  exit 2
fi
# A .venv left half-made (e.g. python3-venv missing on Debian/Ubuntu) has a python but no pip: make it again.
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -m pip --version >/dev/null 2>&1; then
  "$PY" -m venv --clear .venv
  rm -f .venv/.installed
fi
EXTRAS=${EXTRAS:-test}
stamp=.venv/.installed
# the stamp lists the extras installed; a wider set installed earlier (test,dev) also serves a narrower one
have=$(cat "$stamp" 2>/dev/null || true)
missing=0
for extra in ${EXTRAS//,/ }; do
  case ",$have," in *",$extra,"*) ;; *) missing=1 ;; esac
done
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ "$missing" = 1 ]; then
  want=$(printf '%s\n' ${have//,/ } ${EXTRAS//,/ } | sort -u | paste -sd, -)
  echo "installing campus-monitor[$want] into .venv …" >&2
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[$want]"
  echo "$want" > "$stamp"
fi
