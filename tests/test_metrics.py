#!/usr/bin/python3
"""Issue 14, item 4: GET /metrics in Prometheus's text format, scraped while two RTMP
destinations run and one of them is stalled (its server stopped with SIGSTOP)."""
import os
import re
import signal
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from relayapi import TOKEN, ApiRelaycast  # noqa: E402
from relaypeers import Nginx, Relaycast, wait_until  # noqa: E402
from srtpeers import FfmpegSrt, free_udp_port, srt_url, udp_bound  # noqa: E402

KEYS = ("alphaKEY-0a1b2c3d4e5f", "BRAVO_KEY_9Z8Y7X6W")
NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\["\\n])*"'
SAMPLE = re.compile(rf"^({NAME})(?:\{{({LABEL}(?:,{LABEL})*)?\}})? (\S+)$")
TYPES = ("counter", "gauge", "histogram", "summary", "untyped")


def parse(text):
    """Checks the 0.0.4 text format line by line: every sample's family was declared by
    HELP and TYPE before it, each family once; returns {(name, labels): value}."""
    samples, typed, seen = {}, {}, set()
    assert text.endswith("\n"), "the exposition ends with a line feed"
    for line in text.splitlines():
        if line.startswith("# HELP "):
            name = line.split(" ")[2]
            assert re.fullmatch(NAME, name), line
        elif line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            assert kind in TYPES and name not in typed, line
            typed[name] = kind
        else:
            m = SAMPLE.match(line)
            assert m, f"not a sample line: {line!r}"
            name, labels, value = m.groups()
            assert name in typed, f"{name} sampled before its TYPE"
            labels = tuple(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"',
                                      labels or ""))
            assert (name, labels) not in seen, f"{line} twice"
            seen.add((name, labels))
            samples[(name, labels)] = float(value)
            if typed[name] == "counter":
                assert name.endswith("_total"), name
    return samples


def value(samples, name, **labels):
    for (n, got), v in samples.items():
        if n == name and all(dict(got).get(k) == want for k, want in labels.items()):
            return v
    raise KeyError(f"{name} {labels}")


def has(samples, name, **labels):
    try:
        value(samples, name, **labels)
    except KeyError:
        return False
    return True


def scrape(url, token=None):
    args = ["curl", "-sS", "-o", "-", "-w", "\n%{http_code} %{content_type}", "--max-time", "10"]
    if token:
        args += ["-H", f"Authorization: Bearer {token}"]
    out = subprocess.run(args + [url], capture_output=True, text=True, check=True).stdout
    text, _, status = out.rpartition("\n")
    code, _, content_type = status.partition(" ")
    return int(code), content_type, text


class MetricsTest(unittest.TestCase):
    def test_scraped_while_one_destination_stalls(self):
        with Nginx() as kept, Nginx() as stopped:
            with ApiRelaycast("--source", "test",
                              "--output", kept.rtmp_url("live", KEYS[0]),
                              "--output", stopped.rtmp_url("live", KEYS[1]),
                              "--metrics-listen", "127.0.0.1:0",
                              "--attempts", "0", "--retry-delay", "60") as rc:
                alone = rc.wait_for_line(r"metrics on (http://127\.0\.0\.1:\d+/metrics)").group(1)
                api = f"http://127.0.0.1:{rc.port}/metrics"
                rc.wait_for_line(r"out1 .*: live")
                rc.wait_for_line(r"out2 .*: live")

                # the API's, behind its token; the listener's, without
                self.assertEqual(scrape(api)[0], 401)
                self.assertEqual(scrape(api, "wrong-token")[0], 401)
                code, content_type, text = scrape(api, TOKEN)
                self.assertEqual(code, 200)
                self.assertEqual(content_type, "text/plain; version=0.0.4; charset=utf-8")
                first = parse(text)
                self.assertEqual(scrape(alone)[0], 200)
                self.assertEqual(scrape(alone.replace("/metrics", "/api/destinations"))[0], 404)

                stopped.proc.send_signal(signal.SIGSTOP)
                try:
                    stalled = wait_until(
                        lambda: (s := parse(scrape(alone)[2]))
                        and value(s, "relaycast_output_stalls_total", id="out2") >= 1 and s,
                        20, interval=0.5, what="out2's stall in the metrics")
                finally:
                    stopped.proc.send_signal(signal.SIGCONT)
                # the live one's bytes went on growing meanwhile
                later = wait_until(
                    lambda: (s := parse(scrape(alone)[2]))
                    and value(s, "relaycast_output_sent_bytes_total", id="out1")
                    > value(stalled, "relaycast_output_sent_bytes_total", id="out1") and s,
                    10, what="out1's bytes to grow")
                rc.signal(signal.SIGINT)
                self.assertEqual(rc.wait(30), 0, rc.output())

        for samples in (first, stalled, later):
            for key in KEYS:
                self.assertNotIn(key, repr(samples))
            self.assertNotIn(TOKEN, repr(samples))
        self.assertEqual(value(first, "relaycast_output_state", id="out2", state="live"), 1)
        # who made each destination: here the command line
        self.assertEqual(value(first, "relaycast_output_state", id="out1", owner="command-line",
                               state="live"), 1)
        self.assertEqual(value(first, "relaycast_output_stalls_total", id="out2"), 0)
        self.assertEqual(value(stalled, "relaycast_output_state", id="out2", state="stalled"), 1)
        self.assertEqual(value(stalled, "relaycast_output_state", id="out2", state="live"), 0)
        self.assertEqual(value(stalled, "relaycast_output_stalls_total", id="out2"), 1)
        self.assertEqual(value(stalled, "relaycast_output_state", id="out1", state="live"), 1)
        self.assertEqual(value(stalled, "relaycast_output_stalls_total", id="out1"), 0)
        self.assertGreater(value(later, "relaycast_output_sent_bytes_total", id="out1"),
                           value(first, "relaycast_output_sent_bytes_total", id="out1"))
        self.assertGreater(value(later, "relaycast_output_bitrate_bits_per_second", id="out1"),
                           100_000)
        self.assertGreater(value(later, "relaycast_output_frames_sent_total", id="out1"), 100)
        self.assertEqual(value(later, "relaycast_output_frames_dropped_total", id="out1"), 0)
        # the masked URL labels each destination (how much of a key shows is relay-mask's say)
        self.assertRegex(dict(next(k for k in later if k[0] == "relaycast_output_state")[1])["url"],
                         r"^rtmp://127\.0\.0\.1:\d+/live/[^/]*\*$")
        # 30 on an idle machine; a busy one drops raw frames before the encoder
        self.assertGreater(value(later, "relaycast_encoder_fps", kind="video"), 10)
        self.assertLessEqual(value(later, "relaycast_encoder_fps", kind="video"), 31)
        self.assertGreater(value(later, "relaycast_encoder_frames_total", kind="audio"), 100)
        self.assertGreater(value(later, "process_cpu_seconds_total"), 0)
        self.assertGreater(value(later, "process_resident_memory_bytes"), 10_000_000)

    def test_srt_transport(self):
        """An SRT destination's round trip and packets lost and retransmitted, from srtsink;
        an RTMP one has none of them."""
        passphrase = "metrics-passphrase-77"
        port = free_udp_port()
        with Nginx() as nginx, FfmpegSrt(port, passphrase=passphrase) as rx:
            wait_until(lambda: udp_bound(port), 10, what="ffmpeg to listen")
            with ApiRelaycast("--source", "test",
                              "--output", srt_url(port, passphrase=passphrase, pbkeylen=16),
                              "--output", nginx.rtmp_url("live", KEYS[0]),
                              "--metrics-listen", "127.0.0.1:0") as rc:
                alone = rc.wait_for_line(r"metrics on (http://127\.0\.0\.1:\d+/metrics)").group(1)
                rc.wait_for_line(r"out1 .*: live")
                # srtsink measures the round trip once the receiver has answered
                samples = wait_until(
                    lambda: (s := parse(scrape(alone)[2]))
                    and has(s, "relaycast_output_round_trip_seconds", id="out1") and s,
                    20, interval=0.5, what="out1's round trip in the metrics")
                rc.signal(signal.SIGINT)
                self.assertEqual(rc.wait(30), 0, rc.output())

        self.assertNotIn(passphrase, repr(samples))
        # loopback: well under a second, and nothing lost or sent again
        self.assertGreaterEqual(value(samples, "relaycast_output_round_trip_seconds", id="out1"), 0)
        self.assertLess(value(samples, "relaycast_output_round_trip_seconds", id="out1"), 1)
        self.assertEqual(value(samples, "relaycast_output_packets_lost_total", id="out1"), 0)
        self.assertEqual(
            value(samples, "relaycast_output_packets_retransmitted_total", id="out1"), 0)
        for name in ("relaycast_output_round_trip_seconds", "relaycast_output_packets_lost_total",
                     "relaycast_output_packets_retransmitted_total"):
            self.assertFalse(has(samples, name, id="out2"), name)
        self.assertRegex(dict(next(k for n, k in samples if n == "relaycast_output_state"
                                   and dict(k)["id"] == "out1"))["url"],
                         r"^srt://127\.0\.0\.1:\d+\?passphrase=metr\*\*\*\*&pbkeylen=16$")

    def test_the_tokenless_listener_stays_on_loopback(self):
        with tempfile.TemporaryDirectory() as home:
            rc = Relaycast("--headless", "--source", "test", "--metrics-listen", "0.0.0.0:0",
                           env={"XDG_RUNTIME_DIR": home})
            self.assertNotEqual(rc.wait(30), 0, rc.output())
            self.assertRegex(rc.output(), r"only on a loopback address")


if __name__ == "__main__":
    unittest.main(verbosity=2)
