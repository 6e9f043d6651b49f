#!/usr/bin/env bash
# Debian packages the test suite uses. Installs only what is missing; needs root (or sudo).
set -euo pipefail
want=(python3-numpy chromium curl util-linux mount)  # chromium: the demo page test (playwright-core); curl: the docs' code blocks; util-linux (setpriv), mount: test/dataset-faults.test.ts as root
missing=()
for p in "${want[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
