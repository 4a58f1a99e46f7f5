#!/usr/bin/python3
"""The Flatpak manifest parses (flatpak-builder --show-manifest, its unknown keys made fatal by
G_DEBUG=fatal-warnings) and asks for no more than Relaycast needs: the screen through the
desktop portal (which hands over the PipeWire fd of what the person chose), no device but the
GPU, X11 only where there is no Wayland."""
import json
import subprocess
import sys

manifest = json.loads(subprocess.run(["flatpak-builder", "--show-manifest", sys.argv[1]],
                                     check=True, capture_output=True, text=True).stdout)
args = manifest["finish-args"]
problems = []
for arg in args:
    if arg.startswith("--device=") and arg != "--device=dri":
        problems.append(f"{arg}: cameras come through PipeWire, the screen through the portal")
    if arg == "--socket=x11":
        problems.append("--socket=x11: use --socket=fallback-x11, X11 only without Wayland")
    if arg.startswith("--talk-name=org.freedesktop.portal"):
        problems.append(f"{arg}: a sandbox may always talk to the portals")
    if arg.startswith("--filesystem=") and arg not in ("--filesystem=xdg-run/pipewire-0",
                                                       "--filesystem=xdg-videos:create"):
        problems.append(f"{arg}: more of the files than recordings and PipeWire's socket")
for needed in ("--socket=wayland", "--socket=fallback-x11"):
    if needed not in args:
        problems.append(f"{needed} is missing")
for problem in problems:
    print(problem, file=sys.stderr)
sys.exit(1 if problems else 0)
