#!/bin/sh
# playwright-core drives Debian's /usr/bin/chromium in the browser tests; it never
# downloads a browser of its own.
set -eu
cd "$(dirname "$0")/../tests/browser"
# Debian ships npm apart from nodejs; other nodejs builds bundle it
if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then apt-get install -y --no-install-recommends npm
    else sudo apt-get install -y --no-install-recommends npm; fi
fi
if [ ! -d node_modules/playwright-core ]; then
    npm ci --no-audit --no-fund --loglevel=error
fi
