#!/usr/bin/python3
"""Starts the nginx-rtmp peer for a C test: prints one JSON line with its ports and
recording folder, then runs until its stdin closes (the test ended or died).

    rtmp_server.py [--tls] [--auth-key KEY] [--port PORT] [--refuse-connect]
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from relaypeers import Nginx  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--tls", action="store_true")
parser.add_argument("--auth-key")
parser.add_argument("--port", type=int)
parser.add_argument("--refuse-connect", action="store_true")
args = parser.parse_args()

with Nginx(auth_key=args.auth_key, tls=args.tls, port=args.port,
           refuse_connect=args.refuse_connect) as nginx:
    print(json.dumps({"port": nginx.port, "tls_port": nginx.tls_port,
                      "record_dir": nginx.record_dir, "error_log": nginx.error_log}),
          flush=True)
    sys.stdin.read()
