#!/usr/bin/python3
"""Issue 2 end to end: relaycast --headless against a real nginx-rtmp on loopback."""
import os
import shutil
import signal
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from relaypeers import (Nginx, Relaycast, free_port, probe, recorded_frames,  # noqa: E402
                        wait_until)

PUSH_SECONDS = 10
FPS = 30


class EngineRtmpTest(unittest.TestCase):
    def assert_complete_recording(self, path, pushed_seconds, min_frames):
        info = probe(path)
        self.assertEqual(info["video"]["codec_name"], "h264", info)
        self.assertEqual(info["audio"]["codec_name"], "aac", info)
        self.assertEqual(int(info["audio"]["sample_rate"]), 48000, info)
        self.assertEqual(int(info["audio"]["channels"]), 2, info)
        self.assertGreaterEqual(info["video"]["frames"], min_frames, info)
        self.assertAlmostEqual(info["duration"], pushed_seconds, delta=pushed_seconds * 0.1,
                               msg=info)
        return info

    def test_fan_out_with_a_failing_destination(self):
        """Two stream names record the full push while a third output, aimed at a closed
        port, retries, fails, and disturbs neither."""
        closed = free_port()
        with Nginx() as nginx:
            rc = Relaycast("--headless", "--source", "test",
                           "--output", nginx.rtmp_url("live", "alpha"),
                           "--output", nginx.rtmp_url("live", "bravo"),
                           "--output", f"rtmp://127.0.0.1:{closed}/live/charlie",
                           "--attempts", "2", "--retry-delay", "1",
                           "--duration", str(PUSH_SECONDS))
            self.assertEqual(rc.wait(PUSH_SECONDS + 30), 0, rc.output())

            rc.wait_for_line(r"out3 .*retrying \(attempt 1 of 2, next try in 1 s\): "
                             r"connection refused")
            rc.wait_for_line(r"out3 .*failed: connection refused")
            rc.wait_for_line(r"out1 .*: live")
            rc.wait_for_line(r"out2 .*: live")
            # the stream names are masked like keys, even in this log
            self.assertNotIn("alpha", rc.output())

            for number, name in ((1, "alpha"), (2, "bravo")):
                # media flows from the moment the output starts connecting (what arrives
                # while it connects is queued, not lost) until it stops
                pushed = (rc.line_time(rf"out{number} .*: stopped")
                          - rc.line_time(rf"out{number} .*: connecting"))
                self.assertGreaterEqual(pushed, PUSH_SECONDS * 0.9)
                self.assert_complete_recording(nginx.recording(name), pushed,
                                               min_frames=int(FPS * PUSH_SECONDS * 0.9))

    def test_reconnects_after_the_server_comes_back(self):
        with Nginx() as nginx:
            with Relaycast("--headless", "--source", "test",
                           "--output", nginx.rtmp_url("live", "again"),
                           "--attempts", "10", "--retry-delay", "1") as rc:
                rc.wait_for_line(r"out1 .*: live")
                first = nginx.recording("again")
                # 3 s of pictures: more than the 60 frames asserted at the end
                wait_until(lambda: recorded_frames(first) > 3 * FPS, 20, interval=0.5,
                           what="the first recording to grow")

                nginx.stop()
                mark = len(rc.lines)
                rc.wait_for_line(r"out1 .*: retrying \(attempt \d+ of 10", start=mark)
                kept = first + ".before-restart"
                shutil.move(first, kept)
                # the server stays away for 3 s, as a restarting server would
                with self.assertRaises(TimeoutError):
                    rc.wait_for_line(r"out1 .*: live", timeout=3, start=mark)
                nginx.start()

                rc.wait_for_line(r"out1 .*: live", timeout=20, start=mark)
                wait_until(lambda: recorded_frames(first) > 3 * FPS, 20, interval=0.5,
                           what="a new recording to grow")
                rc.signal(signal.SIGINT)
                self.assertEqual(rc.wait(30), 0, rc.output())

            self.assertGreater(probe(kept)["video"]["frames"], 60)
            again = probe(first)
            self.assertEqual(again["video"]["codec_name"], "h264")
            self.assertGreater(again["video"]["frames"], 60)

    def test_rtmps_through_a_tls_terminator(self):
        with Nginx(tls=True) as nginx:
            rc = Relaycast("--headless", "--source", "test", "--insecure-tls",
                           "--output", nginx.rtmps_url("live", "secret"), "--duration", "5")
            self.assertEqual(rc.wait(40), 0, rc.output())
            rc.wait_for_line(r"out1 rtmps://127\.0\.0\.1:\d+/live/\*\*\*\*: live")
            pushed = rc.line_time(r"out1 .*: stopped") - rc.line_time(r"out1 .*: connecting")
            self.assert_complete_recording(nginx.recording("secret"), pushed, min_frames=130)

    def test_rtmps_with_an_untrusted_certificate_fails_clearly(self):
        with Nginx(tls=True) as nginx:
            rc = Relaycast("--headless", "--source", "test",
                           "--output", nginx.rtmps_url("live", "untrusted"), "--duration", "20")
            self.assertEqual(rc.wait(40), 1, rc.output())
            rc.wait_for_line(r"out1 .*: failed: TLS certificate not trusted")
            self.assertEqual(nginx.recordings(), [])

    def test_rejected_publish_fails_without_retrying(self):
        with Nginx(auth_key="right-key-0123456789") as nginx:
            rc = Relaycast("--headless", "--source", "test",
                           "--output", nginx.rtmp_url("secure", "wrong-key-0123456789"),
                           "--retry-delay", "1", "--duration", "20")
            self.assertEqual(rc.wait(40), 1, rc.output())
            rc.wait_for_line(r"out1 .*: failed: publish rejected by server")
            self.assertEqual(nginx.auth.attempts, ["wrong-key-0123456789"])
            self.assertNotIn("wrong-key-0123456789", rc.output())

    def test_an_application_the_server_lacks_is_named(self):
        """nginx-rtmp closes the connection on "connect" to an application it does not
        have, and rtmp2sink says no more than that the connection was closed: the failure
        names the application."""
        with Nginx() as nginx:
            rc = Relaycast("--headless", "--source", "test",
                           "--output", nginx.rtmp_url("nosuchapp", "app-key-0123456789"),
                           "--attempts", "2", "--retry-delay", "1", "--duration", "20")
            self.assertEqual(rc.wait(40), 1, rc.output())
            rc.wait_for_line(rf"out1 .*: failed: 127\.0\.0\.1:{nginx.port} closed the connection "
                             r"when asked for application “nosuchapp” \(it may not exist")
            self.assertNotIn("0123456789", rc.output())
            self.assertEqual(nginx.recordings(), [])

    def test_recording_is_finalised_on_sigint(self):
        folder = tempfile.mkdtemp(prefix="relaycast-rec-")
        try:
            path = os.path.join(folder, "show.mp4")
            with Relaycast("--headless", "--source", "test", "--output", "file://" + path) as rc:
                rc.wait_for_line(r"out1 .*: live")
                wait_until(lambda: os.path.getsize(path) > 500_000, 20,
                           what="the recording to grow")
                rc.signal(signal.SIGINT)
                self.assertEqual(rc.wait(30), 0, rc.output())
            info = probe(path)
            self.assertEqual(info["video"]["codec_name"], "h264")
            self.assertEqual(info["audio"]["codec_name"], "aac")
            self.assertGreater(info["video"]["frames"], 30)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def test_bad_arguments_exit_with_a_clear_message(self):
        cases = [
            (["--source", "nonsense"], r"Unknown source “nonsense”"),
            (["--output", "rtmp://127.0.0.1/only-app"], r"needs an application and a stream"),
            (["--output", "rtmp:///live/x"], r"Invalid RTMP URL"),
            (["--output", "ftp://127.0.0.1/x"], r"Unsupported destination"),
            (["--output", "file:///tmp/x.avi"], r"\.mkv, \.mp4"),
            (["--duration", "-3"], r"cannot be negative"),
            (["--no-such-option"], r"Unknown option"),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                rc = Relaycast("--headless", *args)
                self.assertEqual(rc.wait(20), 2, rc.output())
                self.assertRegex("\n".join(rc.stderr_lines), message)


if __name__ == "__main__":
    unittest.main(verbosity=2)
