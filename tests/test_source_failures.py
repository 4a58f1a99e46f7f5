#!/usr/bin/python3
"""Issue 14, item 2: a failed source never hangs the exit. It says why once, its
destinations stay connected and carry the background (black, silence), stopping
ends in bounded time, and a second SIGINT ends the process at once."""
import fcntl
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from relaypeers import (Nginx, Relaycast, free_port, probe, run_concurrently,  # noqa: E402
                        wait_until)

DURATION = 5
# the bound every run must stop within, from its start
BOUND = DURATION + 10
RUNS = 20
FPS = 30
# a pipe holds 64 kB
PIPE_FULL = 60_000


def probed(path):
    """probe(path), or the error it raised (probed in a worker, raised in the test)."""
    try:
        return probe(path)
    except subprocess.CalledProcessError as error:
        return error


class SourceFailuresTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="relaycast-source-failures-")
        self.text_file = os.path.join(self.folder, "notes.mp4")
        with open(self.text_file, "w") as f:
            f.write("not a video, only words\n" * 200)

    def tearDown(self):
        shutil.rmtree(self.folder, ignore_errors=True)

    def failing_sources(self):
        """(source, the cause it must be reported with), closed ports picked now."""
        rtsp_port, rtmp_port = free_port(), free_port()
        return [
            (self.text_file, r"not a media file"),
            ("/etc/passwd", r"not a media file"),
            (os.path.join(self.folder, "missing.mp4"), r"no such file"),
            (f"rtsp://127.0.0.1:{rtsp_port}/test",
             re.escape(f"connection refused (127.0.0.1:{rtsp_port})")),
            (f"rtmp://127.0.0.1:{rtmp_port}/live/feed",
             re.escape(f"connection refused (127.0.0.1:{rtmp_port})")),
        ]

    def assert_carries_background(self, info, what):
        """info: probe() of a recording, or the error probing it raised."""
        if isinstance(info, Exception):
            raise info
        self.assertIn("video", info, f"{what}: {info}")
        self.assertIn("audio", info, f"{what}: {info}")
        # at least a third of a second of pictures: black frames, sent live
        self.assertGreaterEqual(info["video"]["frames"], FPS // 3, f"{what}: {info}")

    def test_failing_sources_never_hang_the_exit(self):
        """Twenty runs over five failing sources, each with an RTMP and a file destination:
        every one exits in time, says why once, and sent the background meanwhile. The runs
        mostly wait (black frames cost little to encode): a few go at once."""
        sources = self.failing_sources()
        with Nginx() as nginx:
            def run(number):
                source, _ = sources[number % len(sources)]
                recording = os.path.join(self.folder, f"run{number}.mkv")
                started = time.monotonic()
                rc = Relaycast("--headless", "--source", source,
                               "--output", nginx.rtmp_url("live", f"run{number}"),
                               "--output", "file://" + recording,
                               "--duration", str(DURATION))
                code = rc.wait_or_kill(BOUND)
                took = time.monotonic() - started
                return rc, code, took, [probed(recording), probed(nginx.recording(f"run{number}"))]

            runs = run_concurrently(run, range(RUNS))
            for number, (rc, code, took, recordings) in enumerate(runs):
                source, cause = sources[number % len(sources)]
                what = f"run {number} ({source}), {took:.1f} s"
                self.assertIsNotNone(code, f"{what} did not stop within {BOUND} s:\n"
                                     + rc.output())
                self.assertEqual(code, 0, f"{what}:\n{rc.output()}")
                self.assertLess(took, BOUND, what)

                failures = [line for line in rc.lines if "source failed" in line]
                self.assertEqual(len(failures), 1, f"{what}:\n{rc.output()}")
                self.assertRegex(failures[0], r"source failed: " + cause + "$", what)
                # the warning a late error of the failed source used to print
                self.assertNotIn("WARNING", "\n".join(rc.stderr_lines), what)

                # both destinations went live and carried the background
                for out in ("out1", "out2"):
                    self.assertTrue(any(re.search(out + r" .*: live$", line)
                                        for line in rc.lines), f"{what}:\n{rc.output()}")
                for info in recordings:
                    self.assert_carries_background(info, what)

    def test_one_of_two_servers_killed(self):
        """With a failed source, a server that dies costs its destination only: the
        other keeps recording the background, and SIGINT still ends the run."""
        with Nginx() as kept, Nginx() as killed:
            rc = Relaycast("--headless", "--source", "/etc/passwd",
                           "--output", kept.rtmp_url("live", "kept"),
                           "--output", killed.rtmp_url("live", "killed"),
                           "--attempts", "0", "--retry-delay", "1")
            with rc:
                rc.wait_for_line(r"source failed: not a media file")
                rc.wait_for_line(r"out1 .*: live")
                rc.wait_for_line(r"out2 .*: live")
                mark = len(rc.lines)
                killed.stop()
                # out2 retries a dead server (refused, while the pipeline keeps running)
                rc.wait_for_line(r"out2 .*: retrying .*connection refused", start=mark,
                                 timeout=20)
                recording = kept.recording("kept")
                size = os.path.getsize(recording)
                wait_until(lambda: os.path.getsize(recording) > size + 4_000, 20,
                           what="the kept destination to go on recording the background")
                self.assertNotRegex("\n".join(rc.lines), r"out1 .*: (retrying|failed)")

                stopping = time.monotonic()
                rc.signal(signal.SIGINT)
                self.assertEqual(rc.wait(10), 0, rc.output())
                self.assertLess(time.monotonic() - stopping, 10)
            self.assert_carries_background(probe(recording), "kept destination")

    def start_with_stuck_recording(self, nginx):
        """A FIFO as the recording, opened for reading and never read: once it is full,
        the muxer's thread is blocked in a write nothing can interrupt."""
        fifo = os.path.join(self.folder, "stuck.mkv")
        os.mkfifo(fifo)
        reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        self.addCleanup(os.close, reader)
        rc = Relaycast("--headless", "--source", "test",
                       "--output", nginx.rtmp_url("live", "stuck"),
                       "--output", "file://" + fifo)
        rc.wait_for_line(r"out2 .*: live")

        def queued():
            return struct.unpack("i", fcntl.ioctl(reader, termios.FIONREAD, b"\0" * 4))[0]

        wait_until(lambda: queued() >= PIPE_FULL, 20, what="the recording's pipe to fill")
        return rc

    def test_stopping_is_bounded_with_a_stuck_destination(self):
        with Nginx() as nginx, self.start_with_stuck_recording(nginx) as rc:
            stopping = time.monotonic()
            rc.signal(signal.SIGINT)
            self.assertEqual(rc.wait(15), 0, rc.output())
            # the studio gives up on the stuck destination after 6 s
            self.assertLess(time.monotonic() - stopping, 9, rc.output())
            rc.wait_for_line(r"stopped$")

    def test_second_sigint_ends_at_once(self):
        with Nginx() as nginx, self.start_with_stuck_recording(nginx) as rc:
            rc.signal(signal.SIGINT)
            rc.wait_for_line(r"stopping: signal received")
            # still stopping: the stuck destination holds the teardown for 6 s
            self.assertIsNone(rc.proc.poll(), rc.output())
            second = time.monotonic()
            rc.signal(signal.SIGINT)
            self.assertEqual(rc.wait(5), 128 + signal.SIGINT, rc.output())
            self.assertLess(time.monotonic() - second, 1.0)
            self.assertIn("relaycast: stopped at once, without a clean teardown",
                          rc.stderr_lines)


if __name__ == "__main__":
    unittest.main(verbosity=2)
