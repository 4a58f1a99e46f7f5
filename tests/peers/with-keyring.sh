#!/bin/sh
# Runs a command with its own Secret Service: a private D-Bus session bus and a
# gnome-keyring daemon unlocked with a throwaway password, under a temporary HOME
# and XDG folders, so tests never touch the user's keyring or configuration.
#   with-keyring.sh CMD [ARGS...]
# Deps: dbus gnome-keyring (and libsecret-tools for secret-tool in tests).
set -eu
T=$(mktemp -d "${TMPDIR:-/tmp}/relaycast-keyring-XXXXXX")
# xdg-document-portal, started on the private bus, may still hold its FUSE mount on
# $XDG_RUNTIME_DIR/doc as the bus goes: rm cannot remove a mount point, and a leftover
# temporary folder is no reason to fail the test, so the command's status is kept.
trap 'status=$?; fusermount3 -u -z "$T/run/doc" 2>/dev/null || :; rm -rf "$T" || :; exit $status' EXIT
trap 'exit 130' INT TERM
mkdir -p "$T/run" "$T/home" "$T/config" "$T/data" "$T/cache" "$T/tmp"
chmod 700 "$T/run"
export HOME="$T/home" XDG_RUNTIME_DIR="$T/run" XDG_CONFIG_HOME="$T/config" \
       XDG_DATA_HOME="$T/data" XDG_CACHE_HOME="$T/cache" TMPDIR="$T/tmp" RELAYCAST_TEST_ROOT="$T"
unset DISPLAY WAYLAND_DISPLAY
dbus-run-session -- sh -c '
  eval "$(printf "test-keyring-password" | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  "$@"
' sh "$@"
