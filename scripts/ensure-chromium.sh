#!/usr/bin/env bash
# The browser tests drive Debian's Chromium; install it from Debian's packages if it is missing.
# Never downloads a browser build of its own.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
echo "Chromium is missing: installing Debian's chromium package for the browser tests"
if [ "$(id -u)" -eq 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
elif command -v sudo >/dev/null 2>&1; then
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "Install Chromium with: apt-get install chromium (needs root)" >&2
  exit 1
fi
test -x /usr/bin/chromium
