#!/usr/bin/python3
"""Issue 2 sources: a file plays at its own pace and ends cleanly, a network stream
is pulled, reported when it drops and opened again when it comes back."""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest

PEERS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers")
sys.path.insert(0, PEERS)
from relaypeers import Nginx, Relaycast, free_port, probe, wait_until  # noqa: E402


class SourcesTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="relaycast-sources-")

    def tearDown(self):
        shutil.rmtree(self.folder, ignore_errors=True)

    def test_file_source_plays_in_real_time_and_ends(self):
        clip = os.path.join(self.folder, "clip.mp4")
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error",
                        "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
                        "-f", "lavfi", "-i", "sine=frequency=660:sample_rate=44100",
                        "-t", "4", "-c:v", "libx264", "-c:a", "aac", "-shortest", clip],
                       check=True)
        out = os.path.join(self.folder, "out.mkv")
        rc = Relaycast("--headless", "--source", clip, "--output", "file://" + out)
        self.assertEqual(rc.wait(60), 0, rc.output())
        rc.wait_for_line(r"stopping: the source ended")

        # paced at its own speed, not decoded as fast as possible
        started = rc.line_time(r"out1 .*: connecting")
        ended = rc.line_time(r"stopping: the source ended")
        self.assertGreater(ended - started, 3.0)

        info = probe(out)
        # normalised to the program format
        self.assertEqual((info["video"]["width"], info["video"]["height"]), (1280, 720))
        self.assertEqual(int(info["audio"]["sample_rate"]), 48000)
        self.assertGreaterEqual(info["video"]["frames"], 90)

    def test_rtmp_source_is_reopened_after_a_drop(self):
        with Nginx() as nginx:
            feed_url = nginx.rtmp_url("live", "feed")
            feeder = Relaycast("--headless", "--source", "test", "--output", feed_url)
            feeder.wait_for_line(r"out1 .*: live")

            with Relaycast("--headless", "--source", feed_url,
                           "--output", nginx.rtmp_url("live", "relayed"),
                           "--attempts", "0", "--retry-delay", "1") as relay:
                relay.wait_for_line(r"source playing: rtmp://", timeout=30)
                relay.wait_for_line(r"out1 .*: live", timeout=30)
                relayed = nginx.recording("relayed")
                wait_until(lambda: os.path.exists(relayed) and os.path.getsize(relayed) > 500_000,
                           30, what="the relayed stream to be recorded")

                # marked before the feeder stops: the source may end before it has exited
                mark = len(relay.lines)
                feeder.signal(signal.SIGINT)
                self.assertEqual(feeder.wait(30), 0, feeder.output())
                relay.wait_for_line(r"source (ended|failed)", start=mark, timeout=30)

                # the program keeps going (black and silence) and the destination stays up
                self.assertNotRegex("\n".join(relay.lines[mark:]), r"out1 .*: (retrying|failed)")

                feeder = Relaycast("--headless", "--source", "test", "--output", feed_url)
                feeder.wait_for_line(r"out1 .*: live")
                relay.wait_for_line(r"source playing: rtmp://", start=mark, timeout=30)
                size = os.path.getsize(relayed)
                wait_until(lambda: os.path.getsize(relayed) > size + 500_000, 30,
                           what="the relayed stream to carry the source again")
                feeder.signal(signal.SIGINT)
                feeder.wait(30)
                relay.signal(signal.SIGINT)
                self.assertEqual(relay.wait(30), 0, relay.output())

            info = probe(relayed)
            self.assertEqual(info["video"]["codec_name"], "h264")
            self.assertGreater(info["video"]["frames"], 100)

    def assert_network_source_relayed(self, source_url):
        out = os.path.join(self.folder, "relayed.mkv")
        rc = Relaycast("--headless", "--source", source_url, "--output", "file://" + out,
                       "--duration", "6")
        rc.wait_for_line(r"source playing: ", timeout=30)
        self.assertEqual(rc.wait(60), 0, rc.output())
        info = probe(out)
        self.assertEqual((info["video"]["width"], info["video"]["height"]), (1280, 720))
        self.assertGreater(info["video"]["frames"], 100)
        self.assertEqual(info["audio"]["codec_name"], "aac")
        return info

    def test_srt_source(self):
        port = free_port()
        sender = subprocess.Popen(
            ["gst-launch-1.0", "-q", "videotestsrc", "is-live=true", "pattern=ball", "!",
             "video/x-raw,width=640,height=360,framerate=25/1", "!", "x264enc",
             "tune=zerolatency", "speed-preset=ultrafast", "key-int-max=25", "!", "mpegtsmux",
             "name=mux", "!", "srtsink", f"uri=srt://127.0.0.1:{port}?mode=listener",
             "audiotestsrc", "is-live=true", "!", "avenc_aac", "!", "aacparse", "!", "mux."],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            self.assert_network_source_relayed(f"srt://127.0.0.1:{port}?mode=caller")
        finally:
            sender.kill()
            sender.wait()

    def test_rtsp_source(self):
        server = subprocess.Popen(["/usr/bin/python3", os.path.join(PEERS, "rtsp_server.py")],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            port = int(server.stdout.readline())
            self.assert_network_source_relayed(f"rtsp://127.0.0.1:{port}/test")
        finally:
            server.stdin.close()
            server.wait(10)

    def test_missing_camera_is_a_clear_error(self):
        rc = Relaycast("--headless", "--source", "camera", "--duration", "5")
        code = rc.wait(30)
        if code == 0:
            self.skipTest("this machine has a camera")
        self.assertEqual(code, 1, rc.output())
        self.assertRegex("\n".join(rc.stderr_lines), r"No camera found")


if __name__ == "__main__":
    unittest.main(verbosity=2)
