#!/bin/sh
# Runs a GTK test on its own X server and session bus. Xvfb picks a free
# display itself (-displayfd), so tests started together never race for one.
# Under tests/peers/with-keyring.sh the test keeps that script's bus, where
# its Secret Service runs.
set -u
work=$(mktemp -d)
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" 2>"$work/xvfb.log" &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; wait $xvfb 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do
    [ -s "$work/display" ] && break
    kill -0 $xvfb 2>/dev/null || { cat "$work/xvfb.log" >&2; exit 1; }
    sleep 0.1
done
DISPLAY=:$(head -n 1 "$work/display")
export DISPLAY
if [ -n "${RELAYCAST_TEST_ROOT:-}" ]; then
    # with-keyring.sh gave the test its private folders and bus already
    "$@"
else
    # files a run leaves for other programs (the REST API's token) stay in the test's folder
    mkdir -m 700 "$work/run"
    export XDG_RUNTIME_DIR="$work/run"
    dbus-run-session -- "$@"
fi
