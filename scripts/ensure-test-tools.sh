#!/usr/bin/env bash
# Installs what the tests need from Debian when it is missing (run by `./mvnw verify` before the
# tests): chromium for the console's browser tests, and a font with Chinese glyphs (fonts-wqy-microhei)
# for the quiz certificates. Uses apt-get when we are root, as on CI.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei" || missing+=(fonts-wqy-microhei)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing for the tests: ${missing[*]} (sudo apt-get install -y ${missing[*]})" >&2
  exit 1
fi
echo "Installing for the tests (apt-get): ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
