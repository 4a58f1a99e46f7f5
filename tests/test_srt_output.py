#!/usr/bin/python3
"""Issue 20: SRT destinations, against ffmpeg's libsrt and srt-live-transmit on loopback.
A caller with a passphrase and an access-control stream ID is received whole; a wrong
passphrase fails at once, without retries and without the secret; a receiver killed and
started again mid-stream gets the stream back while an RTMP destination of the same run
keeps every frame; a listener serves two receivers calling in at once; the Red5 dialect's
srt-push and a relay task's srt:// push URL reach their receivers, their secrets masked."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from relayapi import ApiRelaycast  # noqa: E402
from relaypeers import Nginx, Relaycast, probe, wait_until  # noqa: E402
from srtpeers import FfmpegSrt, SrtLiveTransmit, free_udp_port, srt_url, udp_bound  # noqa: E402

FPS = 30
PASSPHRASE = "correct-horse-battery"
STREAMID = "#!::u=alice-secret-user,r=live/show,m=publish"


class SrtOutputTest(unittest.TestCase):
    def assert_stream(self, path, min_frames):
        info = probe(path)
        self.assertEqual(info["video"]["codec_name"], "h264", info)
        self.assertEqual(info["audio"]["codec_name"], "aac", info)
        self.assertGreaterEqual(info["video"]["frames"], min_frames, info)
        self.assertGreater(info["audio"]["frames"], 0, info)
        return info

    def test_caller_with_passphrase(self):
        """Every frame pushed arrives, encrypted, with the stream ID; neither the passphrase
        nor the stream ID shows in any line."""
        port = free_udp_port()
        with FfmpegSrt(port, passphrase=PASSPHRASE) as rx:
            wait_until(lambda: udp_bound(port), 10, what="ffmpeg to listen")
            rc = Relaycast("--headless", "--source", "test", "--verbose", "--duration", "8",
                           "--output", srt_url(port, streamid=STREAMID, passphrase=PASSPHRASE,
                                               pbkeylen=16, latency=200))
            self.assertEqual(rc.wait(40), 0, rc.output())
            rc.wait_for_line(r"out1 srt://127\.0\.0\.1:\d+\?streamid=\*\*\*\*&passphrase="
                             r"corr\*\*\*\*&pbkeylen=16&latency=200: live")
            # ffmpeg ends when the sender closes
            rx.wait(20)
            pushed = rc.line_time(r"out1 .*: stopped") - rc.line_time(r"out1 .*: connecting")
            self.assert_stream(rx.path, min_frames=int(FPS * pushed * 0.9))
        for secret in (PASSPHRASE, "alice-secret-user", STREAMID):
            self.assertNotIn(secret, rc.output())

    def test_wrong_passphrase_fails_at_once(self):
        port = free_udp_port()
        wrong = "not-the-passphrase-42"
        with SrtLiveTransmit(port, PASSPHRASE) as rx:
            wait_until(lambda: udp_bound(port), 10, what="srt-live-transmit to listen")
            rc = Relaycast("--headless", "--source", "test", "--verbose", "--attempts", "3",
                           "--retry-delay", "1", "--duration", "30",
                           "--output", srt_url(port, passphrase=wrong, pbkeylen=16))
            # the only destination failed: the run ends by itself, well before its duration
            self.assertEqual(rc.wait(20), 1, rc.output())
            rc.wait_for_line(r"out1 .*: failed: 127\.0\.0\.1:\d+ rejected the connection: "
                             r"wrong or missing passphrase")
            self.assertFalse([line for line in rc.lines if "retrying" in line], rc.output())
            self.assertLess(rc.line_time(r"out1 .*: failed")
                            - rc.line_time(r"out1 .*: connecting"), 3)
            self.assertNotIn(wrong, rc.output())
            # the receiver saw the wrong passphrase, not a silent caller
            self.assertIn("BADSECRET", rx.output())

    def test_receiver_restarted(self):
        """The receiver killed mid-stream: the SRT destination retries until it is back and
        then streams again, while an RTMP destination of the same run keeps every frame."""
        port = free_udp_port()
        with Nginx() as nginx:
            first = FfmpegSrt(port)
            self.addCleanup(first.kill)
            wait_until(lambda: udp_bound(port), 10, what="ffmpeg to listen")
            with Relaycast("--headless", "--source", "test", "--attempts", "0",
                           "--retry-delay", "1", "--output", srt_url(port),
                           "--output", nginx.rtmp_url("live", "steady")) as rc:
                rc.wait_for_line(r"out1 .*: live")
                rc.wait_for_line(r"out2 .*: live")
                wait_until(lambda: os.path.getsize(first.path) > 300_000, 20,
                           what="the first receiver to record")
                first.kill()
                mark = len(rc.lines)
                rc.wait_for_line(r"out1 .*: retrying \(attempt 1, next try in \d+ s\): "
                                 r"(receiver gone|connection timed out)", timeout=20, start=mark)
                second = FfmpegSrt(port)
                self.addCleanup(second.kill)
                wait_until(lambda: udp_bound(port), 10, what="ffmpeg to listen again")
                rc.wait_for_line(r"out1 .*: live", timeout=20, start=mark)
                wait_until(lambda: os.path.getsize(second.path) > 300_000, 20,
                           what="the second receiver to record")
                rc.signal()
                self.assertEqual(rc.wait(20), 0, rc.output())
            second.wait(20)
            self.assert_stream(second.path, min_frames=FPS * 2)
            pushed = rc.line_time(r"out2 .*: stopped") - rc.line_time(r"out2 .*: connecting")
            self.assert_stream(nginx.recording("steady"), min_frames=int(FPS * pushed * 0.9))

    def test_listener_with_two_receivers(self):
        port = free_udp_port()
        with Relaycast("--headless", "--source", "test",
                       "--output", srt_url(port, mode="listener")) as rc:
            rc.wait_for_line(r"out1 srt://127\.0\.0\.1:\d+\?mode=listener: live")
            receivers = [FfmpegSrt(port, caller=True, duration=6) for _ in range(2)]
            for rx in receivers:
                self.addCleanup(rx.kill)
            for rx in receivers:
                self.assertEqual(rx.wait(30), 0, rx.proc.stderr.read())
            rc.signal()
            self.assertEqual(rc.wait(20), 0, rc.output())
        for rx in receivers:
            # each joined at a keyframe within two seconds (the keyframe interval)
            self.assert_stream(rx.path, min_frames=FPS * 3)

    def test_api_srt_push(self):
        red5_port, relay_port = free_udp_port(), free_udp_port()
        with FfmpegSrt(red5_port, passphrase=PASSPHRASE) as red5_rx, \
                FfmpegSrt(relay_port) as relay_rx:
            wait_until(lambda: udp_bound(red5_port) and udp_bound(relay_port), 10,
                       what="ffmpeg to listen")
            rc = ApiRelaycast("--source", "test", "--retry-delay", "1")
            self.addCleanup(rc.kill)
            code, r = rc.api.post("/live/restream", {
                "guid": "srt1", "context": "live", "name": "program", "level": 0,
                "parameters": {"action": "create", "type": "srt-push",
                               "endpoint": srt_url(red5_port, streamid=STREAMID, pbkeylen=16),
                               "bearerToken": PASSPHRASE, "persist": "false"}})
            self.assertEqual(code, 200, r)
            self.assertEqual(r["parameters"]["endpoint"],
                             f"srt://127.0.0.1:{red5_port}?streamid=****&pbkeylen=16")
            # a passphrase in the endpoint would not be kept apart from it
            code, error = rc.api.post("/live/restream", {
                "guid": "srt2", "context": "live", "name": "program", "level": 0,
                "parameters": {"action": "create", "type": "srt-push",
                               "endpoint": srt_url(red5_port, passphrase=PASSPHRASE)}})
            self.assertEqual(code, 400, error)
            code, task = rc.api.post("/relay/startrtmp", {"taskId": "srt-task",
                                                          "pushUrls": [srt_url(relay_port)]})
            self.assertEqual(code, 200, task)
            for rx in (red5_rx, relay_rx):
                wait_until(lambda: os.path.getsize(rx.path) > 300_000, 20,
                           what="the receivers to record")
            answers = [rc.api.post("/live/restream", {"parameters": {"action": "list"}}),
                       rc.api.get("/relay/tasks")]
            rc.kill()
            for secret in (PASSPHRASE, "alice-secret-user"):
                self.assertNotIn(secret, str(answers + [error]) + rc.output())
        for rx in (red5_rx, relay_rx):
            self.assert_stream(rx.path, min_frames=FPS * 2)


if __name__ == "__main__":
    unittest.main(verbosity=2)
