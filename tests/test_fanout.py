#!/usr/bin/python3
"""Issue 22, part 1: the RTMP destinations of the same encoders share one FLV mux, and
one added while another is live starts at a keyframe, its clock at 0, and plays."""
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from relayapi import ApiRelaycast, recording_closed  # noqa: E402
from relaypeers import Nginx, probe, wait_until  # noqa: E402

FPS = 30
LATE_SECONDS = 5


def ffprobe(path, *args):
    return subprocess.run(["ffprobe", "-v", "error", *args, "-of", "csv=p=0", path],
                          check=True, capture_output=True, text=True).stdout.strip()


def duration(path):
    """The seconds a recording (growing or not) spans so far, 0 if it has none yet."""
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return 0
    try:
        return float(ffprobe(path, "-show_entries", "format=duration") or 0)
    except (subprocess.CalledProcessError, ValueError):
        return 0


class FanoutTest(unittest.TestCase):
    def test_a_late_destination_starts_at_a_keyframe_from_zero(self):
        nginx = Nginx().start()
        self.addCleanup(nginx.close)
        rc = ApiRelaycast("--source", "test", "--wcs-full-url", "--attempts", "2",
                          "--retry-delay", "1", env={"G_MESSAGES_DEBUG": "relaycast-core"})
        self.addCleanup(rc.kill)
        base = f"rtmp://127.0.0.1:{nginx.port}/live/"

        def startup(name):
            code, t = rc.api.post("/rest-api/push/startup",
                                  {"streamName": "program", "rtmpUrl": base + name})
            self.assertEqual(code, 200, t)
            rc.wait_for_line(t["mediaSessionId"] + r" .*: live", timeout=30)
            return t["mediaSessionId"]

        early = startup("early")
        wait_until(lambda: duration(nginx.recording("early")) >= LATE_SECONDS, 30,
                   what=f"{LATE_SECONDS} s of the first destination")
        late = startup("late")
        wait_until(lambda: duration(nginx.recording("late")) >= 4, 30,
                   what="4 s of the late destination")
        for session_id, name in ((late, "late"), (early, "early")):
            self.assertEqual(rc.api.post("/rest-api/push/terminate",
                                         {"mediaSessionId": session_id}), (200, None))
            wait_until(lambda: recording_closed(nginx, name), 10, what=f"{name} closed")

        # one mux for both: the second joined the first's
        made = [line for line in rc.lines if re.search(r"FLV mux of \S+ \S+$", line)]
        self.assertEqual(len(made), 1, "\n".join(rc.lines[-50:]))

        early_info = probe(nginx.recording("early"))
        path = nginx.recording("late")
        info = probe(path)
        # its clock starts at 0, not where the broadcast was when it joined
        self.assertLess(float(ffprobe(path, "-show_entries", "format=start_time")), 0.5)
        self.assertLess(info["duration"], early_info["duration"] - LATE_SECONDS + 2, info)
        self.assertGreaterEqual(info["duration"], 4, info)
        # a keyframe first, and every picture decodes
        first = ffprobe(path, "-select_streams", "v", "-show_entries", "packet=flags",
                        "-read_intervals", "%+#1")
        self.assertTrue(first.startswith("K"), first)
        errors = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "null", "-"],
                                capture_output=True, text=True).stderr
        self.assertEqual(errors, "")
        self.assertGreaterEqual(info["video"]["frames"], int(info["duration"] * FPS * 0.8), info)
        self.assertEqual(info["audio"]["codec_name"], "aac", info)
        self.assertGreater(info["audio"]["frames"], 0, info)


if __name__ == "__main__":
    unittest.main()
