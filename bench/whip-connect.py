#!/usr/bin/python3
"""WHIP connection benchmark (issue 4): from a WHIP output's start to ICE connected and to its
first RTP packet sent, median of RUNS (10), with trickle ICE beside the same client waiting for
gathering to complete before its POST. The peer is Janus 1.1 (VideoRoom) behind
tests/peers/whip_front.py, on loopback inside a private network namespace (root only).

Usage: sudo bench/whip-connect.py [build-dir] [runs]
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "peers"))
from whippeers import Janus, Netns, WhipFront  # noqa: E402

build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build")
runs = sys.argv[2] if len(sys.argv) > 2 else "10"
binary = os.path.join(build, "bench", "whip-connect")
if os.geteuid() != 0:
    sys.exit("whip-connect: needs root (a network namespace for Janus)")
subprocess.run(["ninja", "-C", build, "bench/whip-connect"], check=True, stdout=subprocess.DEVNULL)

with Netns(), Janus() as janus, WhipFront(janus) as front:
    result = subprocess.run([binary, "whip+" + front.url("bench"), front.token, runs],
                            stdout=subprocess.PIPE, text=True)
    print(result.stdout, end="")
    print(f"peer: Janus {janus.version()} VideoRoom behind tests/peers/whip_front.py, "
          "loopback (127.0.0.2) in a network namespace")
    sys.exit(result.returncode)
