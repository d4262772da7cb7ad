#!/bin/sh
# Installs what the browser test of `sectoria serve` needs, and does nothing when it is there:
#   - Debian's `chromium` (apt-get), the headless browser;
#   - npm's `playwright-core` (pinned in tests/browser/package-lock.json), which drives it
#     through the DevTools protocol. No browser is downloaded by npm.
set -eu
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  echo "deps-web : installation de chromium (apt-get)"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -q && $sudo_cmd apt-get install -y -q chromium
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "deps-web : installation de nodejs et npm (apt-get)"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -q && $sudo_cmd apt-get install -y -q nodejs npm
fi
if [ ! -f tests/browser/node_modules/playwright-core/package.json ]; then
  echo "deps-web : installation de playwright-core (npm ci, sans navigateur)"
  (cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi
