#!/bin/sh
# Installs everything the test suite needs, builds Relaycast with warnings as
# errors and runs every test (unit, integration against real peers, UI under Xvfb).
# Usage: tools/run-tests.sh [meson test arguments...]
set -eu
cd "$(dirname "$0")/.."

tools/install-deps.sh --tests
tools/install-test-node-modules.sh

BUILD=${BUILD_DIR:-build-tests}
if [ ! -d "$BUILD" ]; then
    meson setup "$BUILD" -Dwerror=true -Dtests=true
fi
ninja -C "$BUILD"
meson test -C "$BUILD" --print-errorlogs --num-processes "${TEST_JOBS:-2}" "$@"

# The request parsers under libFuzzer for a short while (clang, its own build folder).
tools/run-fuzzers.sh "${FUZZ_SECONDS:-15}"
