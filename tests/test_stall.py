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

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from relaypeers import Nginx, Relaycast, probe, wait_until  # noqa: E402
from whippeers import Janus, Netns, WhipFront  # noqa: E402

FPS = 30
STALL_SECONDS = 10


def stall_and_resume(test, rc, server, number):
    """Stops @server (a process) while output @number is live: the output must say
    "stalled" within 10 s, then be live again once the server runs; no other output may
    change state meanwhile. Returns the seconds from SIGSTOP to "stalled"."""
    mark = len(rc.lines)
    server.send_signal(signal.SIGSTOP)
    paused_at = time.monotonic()
    try:
        rc.wait_for_line(rf"out{number} .*: stalled \(nothing acknowledged for 10 s\), "
                         r"connecting again in \d+ s", timeout=STALL_SECONDS + 5, start=mark)
        stalled_after = time.monotonic() - paused_at
        print(f"out{number} stalled {stalled_after:.1f} s after SIGSTOP", file=sys.stderr)
        test.assertLessEqual(stalled_after, STALL_SECONDS + 0.5)
        # it tries again while the server is still stopped
        rc.wait_for_line(rf"out{number} .*: connecting", start=mark)
    finally:
        server.send_signal(signal.SIGCONT)

    rc.wait_for_line(rf"out{number} .*: live", timeout=40, start=mark)
    others = [line for line in rc.lines[mark:]
              if re.match(r"out\d+ ", line) and not line.startswith(f"out{number} ")]
    test.assertEqual(others, [], "another destination changed state:\n" + rc.output())
    return stalled_after


class StallTest(unittest.TestCase):
    def test_a_stopped_server_stalls_its_destination_only(self):
        with Nginx() as kept, Nginx() as stopped:
            with Relaycast("--headless", "--source", "test",
                           "--output", kept.rtmp_url("live", "kept"),
                           "--output", stopped.rtmp_url("live", "stopped"),
                           "--attempts", "0", "--retry-delay", "1") as rc:
                rc.wait_for_line(r"out1 .*: live")
                rc.wait_for_line(r"out2 .*: live")
                wait_until(lambda: os.path.getsize(stopped.recording("stopped")) > 500_000, 20,
                           what="the second recording to grow")
                stall_and_resume(self, rc, stopped.proc, 2)
                rc.signal(signal.SIGINT)
                self.assertEqual(rc.wait(30), 0, rc.output())

            pushed = rc.line_time(r"out1 .*: stopped") - rc.line_time(r"out1 .*: connecting")
            info = probe(kept.recording("kept"))
            # every frame: the recording spans the push, frame for frame at 30 fps
            self.assertAlmostEqual(info["duration"], pushed, delta=1.5, msg=info)
            self.assertGreaterEqual(info["video"]["frames"], int((info["duration"] - 0.2) * FPS),
                                    info)


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
                           "--attempts", "0", "--retry-delay", "1") as rc:
                rc.wait_for_line(r"out1 .*: live", timeout=20)
                rc.wait_for_line(r"out2 .*: live", timeout=20)
                # the receiver reports flow before the stop (a --verbose line)
                wait_until(lambda: any("first receiver report" in line
                                       for line in rc.lines + rc.stderr_lines), 20,
                           what="Janus's first receiver report")
                stall_and_resume(self, rc, janus.proc, 1)
                rc.signal(signal.SIGINT)
                self.assertEqual(rc.wait(30), 0, rc.output())

            pushed = rc.line_time(r"out2 .*: stopped") - rc.line_time(r"out2 .*: connecting")
            info = probe(nginx.recording("kept"))
            self.assertAlmostEqual(info["duration"], pushed, delta=1.5, msg=info)
            self.assertGreaterEqual(info["video"]["frames"], int((info["duration"] - 0.2) * FPS),
                                    info)


if __name__ == "__main__":
    unittest.main(verbosity=2)
