#!/bin/bash
# Soak (issue 14): the test source streamed for SOAK_SECONDS (default 3600) to 4 RTMP
# destinations, each on its own nginx-rtmp; each server is restarted every RESTART_EVERY
# seconds (default 600), staggered, staying down 3 s as a restarting server would.
# Relaycast's resident memory is read from its /metrics every 10 s. Prints the RSS slope
# (least squares, after the first minute) and, per destination, the frames its server
# recorded against those pushed (at the encoder's measured rate), the time it was not live,
# and the frames lost beyond that downtime (the target: none).
# Not part of CI. Usage: bench/soak.sh [build-dir]   (SOAK_SECONDS=180 RESTART_EVERY=60
# for a quick check that it works)
set -euo pipefail
cd "$(dirname "$0")/.."
export RELAYCAST=${RELAYCAST:-$PWD/${1:-build}/src/relaycast}
exec /usr/bin/python3 - <<'EOF'
import os, re, shutil, signal, subprocess, sys, time, urllib.request
sys.path.insert(0, "tests/peers")
from relaypeers import Nginx, Relaycast, wait_until

SECONDS = float(os.environ.get("SOAK_SECONDS", 3600))
RESTART_EVERY = float(os.environ.get("RESTART_EVERY", 600))
DOWN_SECONDS, SAMPLE_EVERY, N = 3, 10, 4


def frames(path):
    """Video packets in an FLV, counted without decoding."""
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-count_packets",
                          "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", path],
                         capture_output=True, text=True).stdout.strip()
    return int(out or 0)


def metric(text, name):
    m = re.search(rf"^{name}(?:{{kind=\"video\"[^}}]*}})? (\S+)$", text, re.M)
    return float(m.group(1)) if m else None


servers = [Nginx().start() for _ in range(N)]
parts = [0] * N
try:
    outputs = []
    for i, server in enumerate(servers):
        outputs += ["--output", server.rtmp_url("live", f"soak{i + 1}")]
    rc = Relaycast("--headless", "--source", "test", "--metrics-listen", "127.0.0.1:0",
                   "--attempts", "0", "--retry-delay", "1", *outputs)
    url = rc.wait_for_line(r"metrics on (\S+)").group(1)
    for i in range(N):
        rc.wait_for_line(rf"out{i + 1} .*: live")
    start = time.monotonic()
    # server i goes down at (k + (i + 0.5) / N) * RESTART_EVERY
    restarts = sorted(((k + (i + 0.5) / N) * RESTART_EVERY, i)
                      for i in range(N) for k in range(int(SECONDS // RESTART_EVERY) + 1)
                      if (k + (i + 0.5) / N) * RESTART_EVERY < SECONDS - DOWN_SECONDS)
    samples, next_sample = [], 0.0
    while (now := time.monotonic() - start) < SECONDS:
        if restarts and now >= restarts[0][0]:
            _, i = restarts.pop(0)
            server = servers[i]
            # the finished part is kept aside: nginx writes the same name again
            parts[i] += 1
            shutil.move(server.recording(f"soak{i + 1}"),
                        os.path.join(server.record_dir, f"soak{i + 1}.part{parts[i]}"))
            server.stop()
            time.sleep(DOWN_SECONDS)
            server.start()
            print(f"{now:7.0f} s  server {i + 1} restarted", flush=True)
        if now >= next_sample:
            text = urllib.request.urlopen(url, timeout=5).read().decode()
            samples.append((now, metric(text, "process_resident_memory_bytes"),
                            metric(text, "relaycast_encoder_frames_total")))
            next_sample += SAMPLE_EVERY
        time.sleep(0.2)
    rc.signal(signal.SIGINT)
    code = rc.wait(60)

    print(f"\nrelaycast exit code {code}; {len(samples)} RSS samples over {SECONDS:.0f} s")
    # the encoder's own rate: a machine too busy to encode 30 fps loses no frame here
    fps = (samples[-1][2] - samples[0][2]) / (samples[-1][0] - samples[0][0])
    print(f"video encoded at {fps:.2f} fps on average")
    samples = [(t, r) for t, r, _ in samples]
    tail = [(t, r) for t, r in samples if t >= 60] or samples
    n = len(tail)
    mt, mr = sum(t for t, _ in tail) / n, sum(r for _, r in tail) / n
    var = sum((t - mt) ** 2 for t, _ in tail)
    slope = sum((t - mt) * (r - mr) for t, r in tail) / var if var else 0.0
    print(f"RSS: first {samples[0][1] / 1e6:.1f} MB, last {samples[-1][1] / 1e6:.1f} MB, "
          f"max {max(r for _, r in samples) / 1e6:.1f} MB, slope {slope * 60 / 1024:+.1f} kB/min")
    # the curve, to tell warm-up (growth early, then flat) from a leak (growth throughout)
    marks = sorted({0, 60, 180} | set(range(600, int(SECONDS) + 1, 600)))
    print("RSS at " + ", ".join(
        f"{mark // 60} min {min(samples, key=lambda s: abs(s[0] - mark))[1] / 1e6:.1f} MB"
        for mark in marks if mark <= samples[-1][0] + SAMPLE_EVERY))

    print("\ndestination  restarts  pushed_s  not_live_s  frames  expected  lost  "
          "lost_beyond_downtime")
    for i, server in enumerate(servers):
        name = f"out{i + 1} "
        pushed = (rc.line_time(rf" {name}.*: stopped") - rc.line_time(rf" {name}.*: connecting"))
        first_live = rc.line_time(rf" {name}.*: live$")
        # from each state change away from live to the next "live"
        down, since = 0.0, None
        for line, when in zip(rc.lines, rc.line_times):
            if f" {name}" not in line or when <= first_live:
                continue
            if line.endswith(": live"):
                if since is not None:
                    down += when - since
                since = None
            elif since is None and not line.endswith(": stopped"):
                since = when
        got = sum(frames(os.path.join(server.record_dir, f))
                  for f in os.listdir(server.record_dir))
        expected = round(pushed * fps)
        lost = expected - got
        print(f"{name:11s}  {parts[i]:8d}  {pushed:8.1f}  {down:10.1f}  {got:6d}  {expected:8d}  "
              f"{lost:4d}  {max(0, lost - round(down * fps)):20d}")
finally:
    for server in servers:
        server.close()
EOF
