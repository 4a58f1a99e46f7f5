#!/bin/sh
# Runs a GTK test on its own X server and session bus.
exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" "$@"
