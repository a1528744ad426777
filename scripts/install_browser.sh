#!/usr/bin/env bash
# Chromium and a CJK font for the dashboard's browser tests (tests/browser/).
# Playwright's own browser download needs network access to its CDN, which CI
# does not have; Debian's chromium package comes through apt like everything
# else. Idempotent and quiet: installs only what is missing. Needs root (or sudo).
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
# WenQuanYi Micro Hei draws the dashboard's 简体中文 labels (else: empty boxes).
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)
[ ${#need[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "install_browser: need root to install ${need[*]} (run: apt-get install -y ${need[*]})" >&2
    exit 1
  fi
fi
echo "install_browser: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "install_browser: apt-get failed (above)" >&2
  exit 1
fi
