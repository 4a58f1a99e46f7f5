#!/usr/bin/python3
"""REST API under load while restreams are live (issue 5's benchmark, not a test).

Relaycast pushes the test source to 4 restreams on a local nginx-rtmp; wrk then hammers
GET /rest-api/push/find_all and GET /api/streams. Printed beside the same wrk run against
nginx serving the same answer as a static file (the alternative: a plain, fast HTTP server),
with the outputs' frame counters over the load: sent, and dropped (target: none).
Target: at least 5,000 requests/s at a p99 under 5 ms on loopback.

With --own-cpu, the encoder is kept off CPU 0 once the restreams are live: Relaycast's main
thread (where the API answers), wrk and the static nginx run on CPU 0, every other Relaycast
thread on the other CPUs. On a 2-CPU machine that shows what the server does when it does not
share its CPU with x264, as on a machine with cores to spare.

    bench/api_load.py [--seconds 15] [--connections 16] [--threads 1] [--own-cpu]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "peers"))
os.environ.setdefault("RELAYCAST", os.path.join(HERE, "..", "build", "src", "relaycast"))
from relayapi import TOKEN, ApiRelaycast  # noqa: E402
from relaypeers import Nginx, free_port, port_open, wait_until  # noqa: E402

RESTREAMS = 4


API_CPU = 0


def keep_off_api_cpu(pid):
    """Every thread of `pid` but its main thread moves off API_CPU; the main thread onto it."""
    others = os.sched_getaffinity(0) - {API_CPU}
    for tid in map(int, os.listdir(f"/proc/{pid}/task")):
        try:
            os.sched_setaffinity(tid, {API_CPU} if tid == pid else others)
        except ProcessLookupError:
            pass  # a thread that ended meanwhile


def wrk(url, seconds, connections, threads, token=None, own_cpu=False):
    args = ["taskset", "-c", str(API_CPU)] if own_cpu else []
    args += ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if token:
        args += ["-H", f"Authorization: Bearer {token}"]
    out = subprocess.run(args + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, float(p99.group(1)) * scale, int(errors.group(1)) if errors else 0


class StaticServer:
    """nginx serving fixed files over HTTP: the alternative the API is measured against."""

    def __init__(self, files, cpu=None):
        self.dir = tempfile.mkdtemp(prefix="relaycast-bench-http-")
        self.port = free_port()
        for name, body in files.items():
            path = os.path.join(self.dir, "www", name.lstrip("/"))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(body)
        with open(os.path.join(self.dir, "nginx.conf"), "w") as f:
            f.write(f"""daemon off; master_process off; worker_processes 1;
error_log {self.dir}/error.log; pid {self.dir}/nginx.pid;
events {{ worker_connections 1024; }}
http {{ access_log off; default_type application/json;
  client_body_temp_path {self.dir}; proxy_temp_path {self.dir}; fastcgi_temp_path {self.dir};
  uwsgi_temp_path {self.dir}; scgi_temp_path {self.dir};
  server {{ listen 127.0.0.1:{self.port}; root {self.dir}/www; }} }}
""")
        self.proc = subprocess.Popen(["nginx", "-p", self.dir, "-c", self.dir + "/nginx.conf"],
                                     stderr=subprocess.DEVNULL)
        if cpu is not None:
            os.sched_setaffinity(self.proc.pid, {cpu})
        wait_until(lambda: port_open(self.port), 10, what="nginx http")

    def close(self):
        self.proc.terminate()
        self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def frame_counters(api):
    code, restreams = api.post("/live/restream", {"parameters": {"action": "list"}})
    assert code == 200, restreams
    return {r["guid"]: (r["stats"]["framesSent"], r["stats"]["framesDropped"])
            for r in restreams}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--own-cpu", action="store_true",
                        help="keep the encoder and the outputs off the API's CPU")
    options = parser.parse_args()
    if options.own_cpu and len(os.sched_getaffinity(0) - {API_CPU}) == 0:
        parser.error("--own-cpu needs a second CPU for the encoder")

    with Nginx() as rtmp:
        rc = ApiRelaycast("--source", "test", "--wcs-full-url")
        static = None
        try:
            api = rc.api
            for i in range(RESTREAMS):
                code, t = api.post("/rest-api/push/startup", {
                    "streamName": "program",
                    "rtmpUrl": rtmp.rtmp_url("live", f"bench-{i}")})
                assert code == 200, t
            wait_until(lambda: all(s[0] > 60 for s in frame_counters(api).values()), 60,
                       what="every restream to be live")

            paths = ["/rest-api/push/find_all", "/api/streams"]
            answers = {p: json.dumps(api.get(p)[1]) for p in paths}
            if options.own_cpu:
                keep_off_api_cpu(rc.proc.pid)
            static = StaticServer(answers, API_CPU if options.own_cpu else None)

            before = frame_counters(api)
            load_started = time.monotonic()
            results = []
            for path in paths:
                results.append((path, "Relaycast API",
                                *wrk(api.base + path, options.seconds, options.connections,
                                     options.threads, TOKEN, options.own_cpu)))
                results.append((path, "nginx, static file",
                                *wrk(f"http://127.0.0.1:{static.port}{path}", options.seconds,
                                     options.connections, options.threads,
                                     own_cpu=options.own_cpu)))
            after = frame_counters(api)
            load_seconds = time.monotonic() - load_started
            load_average = os.getloadavg()[0]
        finally:
            rc.kill()
            if static:
                static.close()

    placement = ", encoder off the API's CPU" if options.own_cpu else ""
    print(f"\nwrk -t{options.threads} -c{options.connections} -d{options.seconds}s, "
          f"{RESTREAMS} restreams live (720p30 test source to nginx-rtmp), loopback, "
          f"{os.cpu_count()} CPUs{placement}, load average {load_average:.1f}\n")
    print(f"| {'path':<24} | {'server':<18} | {'requests/s':>10} | {'p99 (ms)':>8} | "
          f"{'non-2xx':>7} |")
    print(f"|{'-' * 26}|{'-' * 20}|{'-' * 12}|{'-' * 10}|{'-' * 9}|")
    for path, server, rps, p99, errors in results:
        print(f"| {path:<24} | {server:<18} | {rps:>10.0f} | {p99:>8.2f} | {errors:>7} |")

    # what a 30 fps encoder would have made meanwhile: fewer means the encoder itself
    # lacked CPU (its raw input queue drops), not that an output dropped frames
    expected = round(30 * load_seconds)
    print(f"\n| {'restream':<32} | {'frames sent during load':>23} | {'at 30 fps':>9} | "
          f"{'dropped':>7} |")
    print(f"|{'-' * 34}|{'-' * 25}|{'-' * 11}|{'-' * 9}|")
    for guid in sorted(after):
        sent = after[guid][0] - before.get(guid, (0, 0))[0]
        dropped = after[guid][1] - before.get(guid, (0, 0))[1]
        print(f"| {guid:<32} | {sent:>23} | {expected:>9} | {dropped:>7} |")

    api_results = [r for r in results if r[1] == "Relaycast API"]
    met = all(rps >= 5000 and p99 < 5 for _, _, rps, p99, _ in api_results)
    dropped = sum(after[g][1] - before.get(g, (0, 0))[1] for g in after)
    print(f"\ntarget (>= 5,000 requests/s, p99 < 5 ms, no frame dropped): "
          f"{'met' if met and dropped == 0 else 'NOT met'}")


if __name__ == "__main__":
    main()
