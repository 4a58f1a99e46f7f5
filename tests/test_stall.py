#!/usr/bin/python3
"""Issue 14, item 1: a destination whose server stops reading is "stalled" within the
default 10 s, connects again once the server reads again, and costs no other destination
a frame."""
import os
import re
import signal
import sys
import tempfile
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from relaypeers import Nginx, Relaycast, probe, wait_until  # noqa: E402
from whippeers import Janus, Netns, WhipFront  # noqa: E402

FPS = 30
STALL_SECONDS = 10
# After SIGSTOP the server's kernel still takes bytes into its receive buffer, and the
# window it offers still moves (what RTMP counts as acknowledged), until that settles: the
# watch counts from then, so "stalled" comes that much after SIGSTOP: up to 2 s as a rule, but
# once 3.9 s in a clean-clone CI run (13.9 s in all).
RECEIVE_BUFFER_SECONDS = 5


def stall_and_resume(test, rc, server, number):
    """Stops @server (a process) while output @number is live: the output must say
    "stalled" within 10 s of the last byte the server took, then be live again once the server runs; no other output may
    change state meanwhile. Returns the seconds from SIGSTOP to "stalled"."""
    mark = len(rc.lines)
    server.send_signal(signal.SIGSTOP)
    paused_at = time.monotonic()
    try:
        rc.wait_for_line(rf"out{number} .*: stalled \(nothing acknowledged for 10 s\), "
                         r"connecting again in \d+ s", timeout=STALL_SECONDS + 5, start=mark)
        stalled_after = time.monotonic() - paused_at
        print(f"out{number} stalled {stalled_after:.1f} s after SIGSTOP", file=sys.stderr)
        test.assertLessEqual(stalled_after, STALL_SECONDS + RECEIVE_BUFFER_SECONDS)
        # it tries again while the server is still stopped
        rc.wait_for_line(rf"out{number} .*: connecting", start=mark)
    finally:
        server.send_signal(signal.SIGCONT)

    rc.wait_for_line(rf"out{number} .*: live", timeout=40, start=mark)
    others = [line for line in rc.lines[mark:]
              if re.match(r"out\d+ ", line) and not line.startswith(f"out{number} ")]
    test.assertEqual(others, [], "another destination changed state:\n" + rc.output())
    return stalled_after


def frames_of(rc, number):
    """Output @number's video frames sent and dropped, from --metrics-listen."""
    url = rc.wait_for_line(r"metrics on (\S+)").group(1)
    text = urllib.request.urlopen(url, timeout=10).read().decode()
    return [int(float(re.search(rf'^relaycast_output_frames_{kind}_total{{id="out{number}",'
                                r'[^}]*} (\S+)$', text, re.M).group(1)))
            for kind in ("sent", "dropped")]


def assert_every_frame(test, rc, number, recording, sent, dropped):
    """Output @number dropped no frame, and its recording spans its push and holds every
    frame it was sent (@sent, read just before the stop; the encoder's own rate may fall
    short of 30 fps on a busy machine, so that is what counts)."""
    pushed = (rc.line_time(rf"out{number} .*: stopped")
              - rc.line_time(rf"out{number} .*: connecting"))
    info = probe(recording)
    test.assertEqual(dropped, 0)
    test.assertAlmostEqual(info["duration"], pushed, delta=1.5, msg=info)
    test.assertGreaterEqual(info["video"]["frames"], sent - 2, info)
    test.assertGreater(sent, (pushed - 3) * FPS * 0.5, "the encoder hardly ran")


class StallTest(unittest.TestCase):
    def test_a_stopped_server_stalls_its_destination_only(self):
        with Nginx() as kept, Nginx() as stopped:
            with Relaycast("--headless", "--source", "test",
                           "--output", kept.rtmp_url("live", "kept"),
                           "--output", stopped.rtmp_url("live", "stopped"),
                           "--attempts", "0", "--retry-delay", "1",
                           "--metrics-listen", "127.0.0.1:0") as rc:
                rc.wait_for_line(r"out1 .*: live")
                rc.wait_for_line(r"out2 .*: live")
                wait_until(lambda: os.path.getsize(stopped.recording("stopped")) > 500_000, 20,
                           what="the second recording to grow")
                stall_and_resume(self, rc, stopped.proc, 2)
                sent, dropped = frames_of(rc, 1)
                rc.signal(signal.SIGINT)
                self.assertEqual(rc.wait(30), 0, rc.output())

            assert_every_frame(self, rc, 1, kept.recording("kept"), sent, dropped)


@unittest.skipUnless(os.geteuid() == 0, "a network namespace needs root")
class WhipStallTest(unittest.TestCase):
    def test_a_stopped_janus_stalls_its_destination_only(self):
        token = tempfile.NamedTemporaryFile("w", prefix="relaycast-token-")
        self.addCleanup(token.close)
        with Netns(), Janus() as janus, WhipFront(janus) as front, Nginx() as nginx:
            token.write(front.token + "\n")
            token.flush()
            with Relaycast("--headless", "--source", "test", "--verbose",
                           "--token-file", token.name,
                           "--output", "whip+" + front.url("room1"),
                           "--output", nginx.rtmp_url("live", "kept"),
                           "--attempts", "0", "--retry-delay", "1",
                           "--metrics-listen", "127.0.0.1:0") as rc:
                rc.wait_for_line(r"out1 .*: live", timeout=20)
                rc.wait_for_line(r"out2 .*: live", timeout=20)
                # the receiver reports flow before the stop (a --verbose line)
                wait_until(lambda: any("first receiver report" in line
                                       for line in rc.lines + rc.stderr_lines), 20,
                           what="Janus's first receiver report")
                stall_and_resume(self, rc, janus.proc, 1)
                sent, dropped = frames_of(rc, 2)
                rc.signal(signal.SIGINT)
                self.assertEqual(rc.wait(30), 0, rc.output())

            assert_every_frame(self, rc, 2, nginx.recording("kept"), sent, dropped)


if __name__ == "__main__":
    unittest.main(verbosity=2)
