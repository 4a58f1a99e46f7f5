#!/bin/sh
# Installs what Relaycast needs, builds it, installs it for this user (~/.local:
# its settings schema, translations, icon and desktop file, as GNOME expects)
# and starts it on the test pattern, recording to the Videos folder: no camera
# and no account needed. The window opens when a display exists; otherwise
# Relaycast runs headless. Extra arguments go to relaycast
# (e.g. --output rtmp://127.0.0.1/live/test).
set -eu
cd "$(dirname "$0")/.."

tools/install-deps.sh

# GLib and GTK look for schemas and icons in ~/.local/share, so nothing else
# needs setting up for the installed copy to find them.
prefix="$HOME/.local"
if [ -d build ]; then
    meson configure build --prefix="$prefix" -Dtests=false
else
    meson setup build --prefix="$prefix" -Dtests=false
fi
meson install -C build --quiet

echo "Starting Relaycast ($prefix/bin/relaycast); Ctrl+C stops it and finalises the recording"
exec "$prefix/bin/relaycast" --source test --record "$@"
