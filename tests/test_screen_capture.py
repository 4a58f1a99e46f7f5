#!/usr/bin/python3
"""Issue 18, the X11 path: the whole screen and one window, found by its title, are
captured under Xvfb (tests/xvfb-run.sh) and their colours reach nginx-rtmp."""
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

PEERS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers")
sys.path.insert(0, PEERS)
from relaypeers import Nginx, Relaycast, mean_color, probe  # noqa: E402

ROOT_COLOR = (255, 0, 0)
WINDOW_COLOR = (0, 0, 255)
WINDOW_TITLE = "Relaycast Capture Test"


@contextlib.contextmanager
def green_window(title):
    """A small green window of @title at (500, 100), shown, closed when the block ends."""
    window = subprocess.Popen(["display", "-title", title, "-geometry", "+500+100",
                               "-size", "160x90", "xc:#00ff00"])
    try:
        subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", title],
                       check=True, timeout=30, stdout=subprocess.DEVNULL)
        yield window
    finally:
        window.kill()
        window.wait()


class ScreenCaptureTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.environ.get("DISPLAY"):
            raise unittest.SkipTest("needs tests/xvfb-run.sh")
        # ImageMagick paints the root window's background and leaves, exiting with 1
        # even then: the captures' colours tell whether it did
        subprocess.run(["display", "-window", "root", "-size", "64x64", "xc:#ff0000"],
                       timeout=30)
        cls.window = subprocess.Popen(
            # 16:9, so it fills the picture; away from (100, 100) and the pointer
            ["display", "-title", WINDOW_TITLE, "-geometry", "+900+500", "-size", "320x180",
             "xc:#0000ff"])
        # returns once a window of that title is mapped
        subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name",
                        WINDOW_TITLE], check=True, timeout=30, stdout=subprocess.DEVNULL)

    @classmethod
    def tearDownClass(cls):
        cls.window.kill()
        cls.window.wait()

    def capture(self, source):
        with Nginx() as nginx:
            rc = Relaycast("--headless", "--source", source,
                           "--output", nginx.rtmp_url("live", "screen"), "--duration", "4")
            self.assertEqual(rc.wait(60), 0, rc.output())
            recording = nginx.recording("screen")
            info = probe(recording)
            color = mean_color(recording)
        # scaled to the program's size, at its rate
        self.assertEqual((info["video"]["width"], info["video"]["height"]), (1280, 720))
        self.assertGreater(info["video"]["frames"], 90)
        return color

    def assert_color(self, color, expected):
        for got, want in zip(color, expected):
            self.assertAlmostEqual(got, want, delta=12, msg=f"{color} is not {expected}")

    def test_whole_screen(self):
        self.assert_color(self.capture("screen"), ROOT_COLOR)

    def test_window_by_title(self):
        # the window alone fills the picture: blue, never the red around it
        self.assert_color(self.capture("screen:" + WINDOW_TITLE), WINDOW_COLOR)

    def test_window_as_a_scene_layer(self):
        # the window in the top right quarter of a green scene
        home = tempfile.mkdtemp(prefix="relaycast-screen-")
        try:
            os.makedirs(os.path.join(home, "config", "relaycast"))
            os.makedirs(os.path.join(home, "run"), mode=0o700)
            scene = {"id": "shared", "name": "Shared window", "layers": [
                {"id": "bg", "source": "color", "color": "#00ff00",
                 "x": 0, "y": 0, "width": 1280, "height": 720},
                {"id": "window", "source": "screen:" + WINDOW_TITLE,
                 "x": 640, "y": 0, "width": 640, "height": 360}]}
            with open(os.path.join(home, "config", "relaycast", "scenes.json"), "w") as f:
                json.dump({"version": 1, "scenes": [scene]}, f)
            with Nginx() as nginx:
                rc = Relaycast("--headless", "--scene", "Shared window", "--duration", "4",
                               "--output", nginx.rtmp_url("live", "scene"),
                               env={"XDG_CONFIG_HOME": os.path.join(home, "config"),
                                    "XDG_RUNTIME_DIR": os.path.join(home, "run")})
                self.assertEqual(rc.wait(60), 0, rc.output())
                recording = nginx.recording("scene")
                self.assert_color(mean_color(recording, frame=90, x=100, y=100), (0, 255, 0))
                self.assert_color(mean_color(recording, frame=90, x=900, y=150), WINDOW_COLOR)
        finally:
            shutil.rmtree(home, ignore_errors=True)

    def test_unknown_window_is_refused(self):
        # never the whole screen instead
        rc = Relaycast("--headless", "--source", "screen:No Such Window", "--duration", "2")
        self.assertNotEqual(rc.wait(30), 0, rc.output())
        self.assertRegex(rc.output(), r"No window titled “No Such Window” is shown on the screen")

    def test_window_closed_while_captured(self):
        title = "Relaycast Closing Window"
        with green_window(title):
            rc = Relaycast("--headless", "--source", "screen:" + title, "--duration", "4")
            rc.wait_for_line(r"out1 .*: live|source playing", timeout=30)
        # the run goes on to its end: no X error ends the process
        self.assertEqual(rc.wait(60), 0, rc.output())
        rc.wait_for_line(r"stopping: duration reached")
        # and says what happened to the picture
        rc.wait_for_line(r"source failed: The window “%s” is no longer on the screen" % title)

    def test_window_followed_as_it_moves(self):
        title = "Relaycast Moving Window"
        with green_window(title):
            with Nginx() as nginx:
                rc = Relaycast("--headless", "--source", "screen:" + title, "--duration", "5",
                               "--output", nginx.rtmp_url("live", "moving"))
                rc.wait_for_line(r"out1 .*: live", timeout=30)
                # over the red root window, where the window was not
                subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", title,
                                "windowmove", "--sync", "100", "400"], check=True, timeout=30,
                               stdout=subprocess.DEVNULL)
                self.assertEqual(rc.wait(60), 0, rc.output())
                recording = nginx.recording("moving")
                frames = probe(recording)["video"]["frames"]
                # the window's green to the end, never the red the old place shows now
                self.assert_color(mean_color(recording, frame=frames - 5, x=600, y=300),
                                  (0, 255, 0))

    def test_portal_asked_for_where_there_is_none(self):
        # screen:portal never falls back to X11: the failure is said, the run goes on
        rc = Relaycast("--headless", "--source", "screen:portal", "--duration", "2")
        rc.wait_for_line(r"source failed: The desktop portal cannot share the screen: ")
        self.assertEqual(rc.wait(30), 0, rc.output())
        self.assertNotRegex(rc.output(), r"CRITICAL|Segmentation")

    def test_no_display_is_refused(self):
        rc = Relaycast("--headless", "--source", "screen", "--duration", "2",
                       env={"DISPLAY": ""})
        self.assertNotEqual(rc.wait(30), 0, rc.output())
        self.assertRegex(rc.output(), r"Screen capture needs an X11 display or the desktop portal")
        self.assertNotRegex(rc.output(), r"CRITICAL|Segmentation")


if __name__ == "__main__":
    unittest.main(verbosity=2)
