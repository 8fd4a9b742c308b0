#!/usr/bin/env bash
# Makes sure Debian's chromium is installed for the console's browser tests (run by `./mvnw verify`
# before the tests). Installs it with apt-get when missing and we are root, as on CI.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "chromium is missing: install it (sudo apt-get install -y chromium) to run the browser tests" >&2
  exit 1
fi
echo "Installing chromium for the browser tests (apt-get)…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
command -v chromium
