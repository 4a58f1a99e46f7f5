#!/bin/sh
# Builds the libFuzzer targets with clang in their own build folder (the main
# build uses gcc) and runs each briefly from its seed corpus: the 'fuzz' suite.
# Usage: tools/run-fuzzers.sh [SECONDS_PER_FUZZER]   (default 15; 3 fuzzers)
set -eu
cd "$(dirname "$0")/.."

BUILD=${FUZZ_BUILD_DIR:-build-fuzz}
SECONDS_EACH=${1:-15}
if [ ! -d "$BUILD" ]; then
    CC=clang meson setup "$BUILD" -Dfuzzing=true -Dtests=false -Dwerror=true \
        -Dfuzz_seconds="$SECONDS_EACH"
else
    meson configure "$BUILD" -Dfuzz_seconds="$SECONDS_EACH"
fi
ninja -C "$BUILD" fuzz/fuzz-api-bodies fuzz/fuzz-api-headers fuzz/fuzz-wav
meson test -C "$BUILD" --suite fuzz --print-errorlogs --num-processes 1
