#!/usr/bin/env bash
# README's first command: set up, then crawl the bundled demo portal on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/campus-monitor demo "$@"
