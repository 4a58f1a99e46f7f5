#!/usr/bin/python3
"""Issue 2 sources: a file plays at its own pace and ends cleanly, or loops without a
gap, a network stream is pulled, reported when it drops and opened again when it
comes back."""
import array
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest

PEERS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers")
sys.path.insert(0, PEERS)
from relaypeers import Nginx, Relaycast, free_port, probe, wait_until  # noqa: E402


RATE = 30


def frame_brightness(path):
    """The mean brightness (Y) of each frame of a recording."""
    out = subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-an", "-vf",
         "signalstats,metadata=print:key=lavfi.signalstats.YAVG:file=-", "-f", "null", "-"],
        check=True, capture_output=True, text=True).stdout
    return [float(v) for v in re.findall(r"YAVG=([\d.]+)", out)]


def decoded_sound(path):
    """A recording's sound, mono 16-bit samples at 48 kHz."""
    raw = subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-vn", "-ac", "1", "-ar", "48000",
         "-f", "s16le", "-"], check=True, capture_output=True).stdout
    return array.array("h", raw)


def longest_quiet(samples, level=300):
    """The longest run of samples quieter than level, in samples."""
    longest = run = 0
    for v in samples:
        run = run + 1 if abs(v) < level else 0
        longest = max(longest, run)
    return longest


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
        self.assertEqual(len([line for line in rc.lines if re.search(r"source ended", line)]), 1,
                         rc.output())

        # paced at its own speed, not decoded as fast as possible
        started = rc.line_time(r"out1 .*: connecting")
        ended = rc.line_time(r"stopping: the source ended")
        self.assertGreater(ended - started, 3.0)

        info = probe(out)
        # normalised to the program format
        self.assertEqual((info["video"]["width"], info["video"]["height"]), (1280, 720))
        self.assertEqual(int(info["audio"]["sample_rate"]), 48000)
        self.assertGreaterEqual(info["video"]["frames"], 90)

    def test_file_source_loops_without_a_gap(self):
        # each frame has its own brightness, 40 + 3 per frame: a frame lost, repeated or
        # black where the file starts again shows in the recording's brightness
        clip = os.path.join(self.folder, "ramp.mp4")
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error",
                        "-f", "lavfi", "-i", f"color=c=black:size=320x180:rate={RATE}",
                        "-f", "lavfi", "-i", "sine=frequency=660:sample_rate=48000",
                        "-vf", "geq=lum='40+3*N':cb=128:cr=128", "-t", "2",
                        "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
                        clip], check=True)
        with Nginx() as nginx:
            rc = Relaycast("--headless", "--source", clip, "--loop",
                           "--output", nginx.rtmp_url("live", "looped"), "--duration", "10")
            self.assertEqual(rc.wait(60), 0, rc.output())
            rc.wait_for_line(r"stopping: duration reached")
            self.assertNotRegex(rc.output(), r"source (ended|failed)")
            recording = nginx.recording("looped")
            info = probe(recording)
            brightness = frame_brightness(recording)
            sound = decoded_sound(recording)

        # as many frames as the recording lasts, at the program's rate
        self.assertAlmostEqual(info["video"]["frames"], info["duration"] * RATE, delta=5)
        first = next(i for i, y in enumerate(brightness) if y > 30)
        played = brightness[first:]
        # never black once the file plays
        self.assertGreater(min(played), 35, played)
        wraps = [i for i in range(1, len(played)) if played[i] < played[i - 1] - 100]
        self.assertGreaterEqual(len(wraps), 3, played)
        for i in wraps:
            # the last frames before and the first after: at most two lost or repeated
            around = played[i - 3:i + 3]
            lost = round((217 - played[i - 1]) / 3) + round((played[i] - 40) / 3)
            repeated = sum(1 for a, b in zip(around, around[1:]) if abs(a - b) < 1.5)
            self.assertLessEqual(lost + repeated, 2, around)

        # the tone never stops for longer than two frames once it plays (GStreamer decodes
        # the clip's AAC 16 ms short of its end, so each pass has that gap)
        start = next(i for i, v in enumerate(sound) if abs(v) > 1000)
        self.assertLess(longest_quiet(sound[start:]), 0.07 * 48000)

    def test_loop_is_for_files(self):
        rc = Relaycast("--headless", "--source", "test", "--loop", "--duration", "5")
        self.assertEqual(rc.wait(30), 2, rc.output())
        self.assertRegex("\n".join(rc.stderr_lines), r"--loop .*--source")

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
        # the run's length counts from its start: connecting to the source and its first
        # keyframe come out of it, seconds on a loaded machine
        rc = Relaycast("--headless", "--source", source_url, "--output", "file://" + out,
                       "--duration", "10")
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
