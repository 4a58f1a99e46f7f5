#!/bin/sh
# Installs what Relaycast needs on Debian 12: the build dependencies, and with
# --tests the real peers the test suite runs against (nginx-rtmp, Janus, Chromium,
# gnome-keyring, Xvfb, ...). Uses sudo when not run as root.
set -eu

SUDO=""
if [ "$(id -u)" != 0 ]; then
    SUDO="sudo"
fi

BUILD_PACKAGES="
  build-essential pkg-config meson ninja-build gettext itstool
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libpango1.0-dev
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libgstreamer-plugins-bad1.0-dev
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  gstreamer1.0-plugins-ugly gstreamer1.0-libav gstreamer1.0-nice gstreamer1.0-tools
  gstreamer1.0-x gstreamer1.0-pulseaudio gstreamer1.0-pipewire
  libsoup-3.0-dev libjson-glib-dev libsecret-1-dev libsrt-gnutls-dev libx11-dev
  libpipewire-0.3-dev
  desktop-file-utils appstream libglib2.0-bin
"

TEST_PACKAGES="
  nginx libnginx-mod-rtmp libnginx-mod-stream stunnel4 ffmpeg srt-tools openssl curl
  janus janus-tools iproute2
  chromium nodejs
  xvfb xauth x11-apps x11-utils xdotool imagemagick tesseract-ocr tesseract-ocr-rus
  dbus dbus-x11 gnome-keyring libsecret-tools
  xdg-desktop-portal pipewire wireplumber
  flatpak flatpak-builder
  python3 python3-gi gir1.2-gstreamer-1.0 gir1.2-gst-rtsp-server-1.0
  clang libclang-rt-14-dev
  wrk hyperfine
"

packages="$BUILD_PACKAGES"
if [ "${1:-}" = "--tests" ]; then
    packages="$packages $TEST_PACKAGES"
fi

missing=$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' $packages 2>/dev/null |
          awk '$2 != "ii" { print $1 }')
# dpkg-query says nothing about packages it has never heard of
for p in $packages; do
    dpkg-query -W "$p" >/dev/null 2>&1 || missing="$missing $p"
done

if [ -z "$(echo "$missing" | tr -d ' \n')" ]; then
    echo "install-deps: everything is installed"
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing$(echo " $missing" | tr '\n' ' ')"
if ! $SUDO apt-get install -y --no-install-recommends $missing; then
    $SUDO apt-get update
    $SUDO apt-get install -y --no-install-recommends $missing
fi
