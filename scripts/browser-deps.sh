#!/usr/bin/env bash
# Install what the browser tests (tests/browser/) need, from Debian/Ubuntu's apt: chromium (Playwright drives it
# through executable_path; no browser download), fonts-noto-cjk (so Chinese renders instead of boxes) and,
# when the archive has it, chromium-driver (for Selenium users; the tests do not need it; installed along
# with the first two, never chased on its own).
# Idempotent and fast: does nothing when dpkg already lists the packages. Runs apt-get update only when an
# install fails without it. Never prompts: as non-root it uses `sudo -n` (no password), or says what to run.
# Without them the browser tests skip locally with that reason, and fail in CI (CI=true).
set -euo pipefail

installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
in_ci() { case "${CI:-}" in 1 | true | TRUE | True | yes) return 0 ;; *) return 1 ;; esac; }
give_up() {
  echo "browser-deps: $1; the browser tests will $(in_ci && echo fail || echo skip)" >&2
  if in_ci; then exit 1; fi
  exit 0
}

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  if command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM:-}" ]; then exit 0; fi
  give_up "not a Debian/Ubuntu system: install Chromium and a CJK font yourself, or set CHROMIUM=/path/to/chromium"
fi

missing=()
for pkg in chromium fonts-noto-cjk; do installed "$pkg" || missing+=("$pkg"); done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  give_up "needs ${missing[*]}: run  sudo apt-get install ${missing[*]} chromium-driver"
fi
apt() { "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -qq -o=Dpkg::Use-Pty=0 "$@"; }
install() { apt install -y --no-install-recommends "$@" >/dev/null; }

echo "browser-deps: installing ${missing[*]} chromium-driver with apt-get (for the browser tests) …" >&2
# the optional driver goes along when the archive has it; it is not chased again once chromium is there
install "${missing[@]}" chromium-driver 2>/dev/null && exit 0
apt update >/dev/null || true
install "${missing[@]}" chromium-driver 2>/dev/null && exit 0
install "${missing[@]}" || give_up "apt-get install ${missing[*]} failed"
echo "browser-deps: chromium-driver not available here (optional, Selenium only)" >&2
