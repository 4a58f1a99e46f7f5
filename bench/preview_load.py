#!/usr/bin/python3
"""The window's preview under REST API load while restreams are live (issue 22, part 3).

The window runs on an X server of its own (Xvfb) with the REST API switched on in its
settings and 4 restreams of the test source to a local nginx-rtmp. The preview's frame rate
is read from the window's own debug log (one figure a second: frames put on the picture), first
with the restreams alone, then while wrk hammers GET /api/streams, whose answers the same main
thread makes. The program runs at 30 fps: that is the rate to keep.

Runs inside tests/peers/with-keyring.sh (the window keeps its API token in the keyring);
started outside it, it starts itself there.

GTK draws the window with its GL renderer where it can; on a machine without a GPU that is
Mesa's software GL (llvmpipe), on the main thread. --renderer cairo (GSK_RENDERER) shows the
same run with GTK's software renderer.

    bench/preview_load.py [--seconds 15] [--connections 16] [--renderer cairo|gl|ngl]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "peers"))
os.environ.setdefault("RELAYCAST", os.path.join(HERE, "..", "build", "src", "relaycast"))
from relayapi import Api  # noqa: E402
from relaypeers import Nginx, free_port, wait_until  # noqa: E402

from api_load import wrk  # noqa: E402

RESTREAMS = 4
PROGRAM_FPS = 30
RATE_LINE = re.compile(r"preview: ([\d.]+) frames a second")
FRAMES_LINE = re.compile(r'^relaycast_output_(frames_sent|frames_dropped)_total\{[^}]*id="([^"]+)"'
                         r'[^}]*\} (\d+)', re.M)


def frame_counters(api):
    """Frames sent and dropped by each output, from GET /metrics."""
    code, text = api.get("/metrics")
    assert code == 200, text
    counters = {}
    for kind, output, value in FRAMES_LINE.findall(text):
        sent, dropped = counters.get(output, (0, 0))
        counters[output] = (int(value), dropped) if kind == "frames_sent" else (sent, int(value))
    return counters


def start_xvfb():
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24",
                             "-nolisten", "tcp"], pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as f:
        display = f.readline().strip()
    return xvfb, ":" + display


def write_settings(port):
    folder = os.path.join(os.environ["XDG_CONFIG_HOME"], "glib-2.0", "settings")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "keyfile"), "w") as f:
        f.write(f"[io/github/relaycast/Relaycast]\napi-enabled=true\napi-port=uint32 {port}\n")


class Window:
    """relaycast's window, its preview's frame rates collected as the log says them."""

    def __init__(self, display, port, renderer):
        build = os.path.dirname(os.path.dirname(os.path.abspath(os.environ["RELAYCAST"])))
        env = dict(os.environ, DISPLAY=display, GDK_BACKEND="x11", GSETTINGS_BACKEND="keyfile",
                   GSETTINGS_SCHEMA_DIR=os.path.join(build, "data"),
                   G_MESSAGES_DEBUG="relaycast-ui")
        if renderer:
            env["GSK_RENDERER"] = renderer
        self.rates = []
        self.proc = subprocess.Popen([os.environ["RELAYCAST"], "--source", "test"], env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._read, daemon=True).start()
        token_file = os.path.join(os.environ["XDG_RUNTIME_DIR"], "relaycast", "api-token")
        wait_until(lambda: os.path.exists(token_file) and os.path.getsize(token_file) > 0, 30,
                   what="the window's API token")
        with open(token_file) as f:
            self.api = Api(port, f.read().strip())
        wait_until(lambda: self.api.get("/api/streams")[0] == 200, 30, what="the window's API")

    def _read(self):
        # GLib writes debug messages to stdout
        for line in self.proc.stdout:
            match = RATE_LINE.search(line)
            if match:
                self.rates.append((time.monotonic(), float(match.group(1))))

    def rates_between(self, start, end):
        return [rate for at, rate in self.rates if start <= at <= end]

    def close(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def summary(rates):
    if not rates:
        return "no figure", 0.0
    return (f"{statistics.median(rates):5.1f} median, {min(rates):5.1f} lowest "
            f"({len(rates)} s)", min(rates))


def main():
    if "RELAYCAST_TEST_ROOT" not in os.environ:
        keyring = os.path.join(HERE, "..", "tests", "peers", "with-keyring.sh")
        os.execv(keyring, [keyring, sys.executable, os.path.abspath(__file__), *sys.argv[1:]])
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--renderer", help="GTK's renderer (GSK_RENDERER), its own choice if none")
    options = parser.parse_args()

    port = free_port()
    write_settings(port)
    xvfb, display = start_xvfb()
    try:
        with Nginx() as rtmp:
            window = Window(display, port, options.renderer)
            try:
                for i in range(RESTREAMS):
                    code, answer = window.api.post("/relay/startrtmp", {
                        "taskId": f"bench-{i}", "pushUrls": [rtmp.rtmp_url("live", f"bench-{i}")]})
                    assert code == 200, answer
                wait_until(lambda: len(frame_counters(window.api)) == RESTREAMS and all(
                    sent > 60 for sent, _ in frame_counters(window.api).values()), 60,
                    what="every restream to be live")
                quiet_start = time.monotonic()
                wait_until(lambda: len(window.rates_between(quiet_start, time.monotonic()))
                           >= options.seconds, options.seconds + 30, what="the quiet figures")
                quiet = window.rates_between(quiet_start, time.monotonic())
                before = frame_counters(window.api)
                load_start = time.monotonic()
                rps, p99, errors = wrk(window.api.base + "/api/streams", options.seconds,
                                       options.connections, 1, window.api.token)
                loaded = window.rates_between(load_start + 1, time.monotonic())
                after = frame_counters(window.api)
                load_seconds = time.monotonic() - load_start
                load_average = os.getloadavg()[0]
            finally:
                window.close()
    finally:
        xvfb.terminate()
        xvfb.wait()

    quiet_text, _ = summary(quiet)
    loaded_text, loaded_low = summary(loaded)
    renderer = f"GSK_RENDERER={options.renderer}" if options.renderer else "GTK's renderer"
    print(f"\nThe window (Xvfb, {renderer}), {RESTREAMS} restreams live (720p30 test source "
          f"to nginx-rtmp), {os.cpu_count()} CPUs, load average {load_average:.1f}\n")
    print(f"| {'API load':<36} | {'preview frames a second':<40} |")
    print(f"|{'-' * 38}|{'-' * 42}|")
    print(f"| {'none':<36} | {quiet_text:<40} |")
    load = f"wrk -c{options.connections} GET /api/streams"
    print(f"| {load:<36} | {loaded_text:<40} |")
    print(f"\nAPI under load: {rps:.0f} requests/s, p99 {p99:.2f} ms, {errors} non-2xx")
    sent = [after[o][0] - before.get(o, (0, 0))[0] for o in after]
    dropped = sum(after[o][1] - before.get(o, (0, 0))[1] for o in after)
    print(f"restreams meanwhile: {min(sent)}-{max(sent)} frames sent each "
          f"({round(PROGRAM_FPS * load_seconds)} at {PROGRAM_FPS} fps), {dropped} dropped")
    print(f"target (the preview keeps {PROGRAM_FPS} fps, within 10%, under load): "
          f"{'met' if loaded_low >= PROGRAM_FPS * 0.9 else 'NOT met'}")


if __name__ == "__main__":
    main()
