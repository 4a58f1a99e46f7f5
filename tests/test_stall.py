#!/usr/bin/python3
"""Issue 14, item 1: a destination whose server stops reading is "stalled" within the
default 10 s, connects again once the server reads again, and costs no other destination
a frame."""
import os
import signal
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from relaypeers import Nginx, Relaycast, probe, wait_until  # noqa: E402

FPS = 30
STALL_SECONDS = 10


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

                mark = len(rc.lines)
                stopped.proc.send_signal(signal.SIGSTOP)
                paused_at = time.monotonic()
                try:
                    rc.wait_for_line(r"out2 .*: stalled \(nothing acknowledged for 10 s\), "
                                     r"connecting again in \d+ s", timeout=STALL_SECONDS + 5,
                                     start=mark)
                    stalled_after = time.monotonic() - paused_at
                    self.assertLessEqual(stalled_after, STALL_SECONDS + 0.5)
                    # it tries again meanwhile, and only it
                    rc.wait_for_line(r"out2 .*: connecting", start=mark)
                    time.sleep(1)  # the stall is the server's own: keep it a while
                finally:
                    stopped.proc.send_signal(signal.SIGCONT)

                resumed = len(rc.lines)
                rc.wait_for_line(r"out2 .*: live", timeout=30, start=resumed)
                self.assertFalse([line for line in rc.lines[mark:] if line.startswith("out1")],
                                 "the other destination changed state:\n" + rc.output())
                rc.signal(signal.SIGINT)
                self.assertEqual(rc.wait(30), 0, rc.output())

            print(f"stalled {stalled_after:.1f} s after SIGSTOP", file=sys.stderr)
            pushed = rc.line_time(r"out1 .*: stopped") - rc.line_time(r"out1 .*: connecting")
            info = probe(kept.recording("kept"))
            # every frame: the recording spans the push, frame for frame at 30 fps
            self.assertAlmostEqual(info["duration"], pushed, delta=1.5, msg=info)
            self.assertGreaterEqual(info["video"]["frames"], int((info["duration"] - 0.2) * FPS),
                                    info)


if __name__ == "__main__":
    unittest.main(verbosity=2)
