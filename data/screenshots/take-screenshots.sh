#!/bin/bash
# Takes the screenshots the metainfo shows, from the real window under Xvfb:
# idle, live on three destinations (one failing), the same at 360×640 and the
# destination dialog.
# The destinations that go live push to a local nginx-rtmp.
#
#   data/screenshots/take-screenshots.sh [BUILD_DIR]     (default: build)
#   SCREENSHOT_DIR=/tmp/ru LANGUAGE=ru data/screenshots/take-screenshots.sh   (elsewhere, in Russian)
set -eu
cd "$(dirname "$0")/../.."
BUILD=$(realpath "${1:-build}")
OUT=$(realpath "${SCREENSHOT_DIR:-data/screenshots}")

ninja -C "$BUILD" tests/relay-screenshots data/gschemas.compiled >/dev/null

work=$(mktemp -d)
trap 'exec 3>&-; wait; rm -rf "$work"' EXIT
mkfifo "$work/stdin"
# The peer runs until its stdin closes, when this script exits.
/usr/bin/python3 tests/peers/rtmp_server.py < "$work/stdin" > "$work/info" &
exec 3> "$work/stdin"
for _ in $(seq 100); do
    [ -s "$work/info" ] && break
    sleep 0.1
done
port=$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["port"])' \
       "$work/info")

export GSETTINGS_SCHEMA_DIR="$BUILD/data" GSETTINGS_BACKEND=memory GTK_A11Y=none
export LANG=C.UTF-8 LANGUAGE="${LANGUAGE:-en}"
# A keyring and configuration folders of its own, then a display.
tests/peers/with-keyring.sh tests/xvfb-run.sh "$BUILD/tests/relay-screenshots" "$OUT" "$port"
