#!/bin/sh
# Installs what Relaycast needs, builds it and starts it on the test pattern with
# a local recording as its destination: no camera and no account needed.
# The window opens when a display exists; otherwise Relaycast runs headless.
# Extra arguments go to relaycast (e.g. --output rtmp://127.0.0.1/live/test).
set -eu
cd "$(dirname "$0")/.."

tools/install-deps.sh
[ -d build ] || meson setup build
ninja -C build

videos=$(xdg-user-dir VIDEOS 2>/dev/null || echo "$HOME/Videos")
mkdir -p "$videos"
recording="$videos/relaycast-$(date +%Y%m%d-%H%M%S).mkv"
echo "Recording the test pattern to $recording (Ctrl+C stops and finalises it)"
exec build/src/relaycast --source test --output "file://$recording" "$@"
