#!/bin/sh
# playwright-core drives Debian's /usr/bin/chromium in the browser tests; it never
# downloads a browser of its own.
set -eu
cd "$(dirname "$0")/../tests/browser"
if [ ! -d node_modules/playwright-core ]; then
    npm ci --no-audit --no-fund --loglevel=error
fi
