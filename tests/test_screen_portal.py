#!/usr/bin/python3
"""Issue 18, the portal path: on a private session bus (meson runs this under
dbus-run-session), a real PipeWire and WirePlumber, the real xdg-desktop-portal frontend and
the tests' own ScreenCast backend (relay-test-screencast-portal.py), which shares a node of
one colour. Relaycast captures it as `--source screen` with no X11 display, the colour reaches
nginx-rtmp, the next start restores the choice with the portal's token, without a new
selection, and the person stopping the share, or the shared node going away with the session
left open, is reported while the program goes on."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "peers"))
from relaypeers import Nginx, Relaycast, probe, wait_until  # noqa: E402
from test_screen_capture import mean_color  # noqa: E402

FRONTEND = "/usr/libexec/xdg-desktop-portal"
BACKEND_NAME = "org.freedesktop.impl.portal.desktop.relaytest"
# the backend's colour, not a saturated one: the trip through YUV stays within the test's margin
COLOR = (0x30, 0x80, 0xc0)
# what is said when the shared node goes away with the session left open
NODE_GONE = "The shared screen or window is gone"


def name_owned(name):
    return subprocess.run(["gdbus", "call", "--session", "-d", "org.freedesktop.DBus",
                           "-o", "/org/freedesktop/DBus", "-m",
                           "org.freedesktop.DBus.NameHasOwner", name],
                          capture_output=True, text=True).stdout.startswith("(true")


class ScreenPortalTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.environ.get("DBUS_SESSION_BUS_ADDRESS") or not os.path.exists(FRONTEND):
            raise unittest.SkipTest("needs dbus-run-session and xdg-desktop-portal")
        cls.home = tempfile.mkdtemp(prefix="relaycast-portal-")
        portals = os.path.join(cls.home, "portals")
        run = os.path.join(cls.home, "run")
        os.makedirs(portals)
        os.makedirs(run, mode=0o700)
        with open(os.path.join(portals, "relaytest.portal"), "w") as f:
            f.write("[portal]\nDBusName=%s\nInterfaces=org.freedesktop.impl.portal.ScreenCast;\n"
                    "UseIn=relaytest\n" % BACKEND_NAME)
        cls.log = os.path.join(cls.home, "portal.log")
        cls.env = dict(os.environ, XDG_RUNTIME_DIR=run, HOME=cls.home,
                       XDG_CONFIG_HOME=os.path.join(cls.home, "config"),
                       XDG_DATA_HOME=os.path.join(cls.home, "data"),
                       XDG_DESKTOP_PORTAL_DIR=portals, XDG_CURRENT_DESKTOP="relaytest",
                       RELAY_TEST_PORTAL_LOG=cls.log, DISPLAY="", WAYLAND_DISPLAY="")
        cls.daemons = []
        cls.start(["pipewire"])
        wait_until(lambda: os.path.exists(os.path.join(run, "pipewire-0")), 20,
                   what="PipeWire's socket")
        cls.start(["wireplumber"])
        cls.start(["/usr/bin/python3", os.path.join(HERE, "relay-test-screencast-portal.py")])
        wait_until(lambda: name_owned(BACKEND_NAME), 20, what="the test backend")
        # the frontend finds its backends when it starts: after ours
        cls.start([FRONTEND])
        wait_until(lambda: name_owned("org.freedesktop.portal.Desktop"), 20,
                   what="the portal frontend")

    @classmethod
    def start(cls, argv):
        cls.daemons.append(subprocess.Popen(argv, env=cls.env, stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL))

    @classmethod
    def tearDownClass(cls):
        for daemon in reversed(cls.daemons):
            daemon.terminate()
            daemon.wait(10)
        shutil.rmtree(cls.home, ignore_errors=True)

    def calls(self, name):
        with open(self.log) as f:
            return [entry for entry in map(json.loads, f) if entry["call"] == name]

    def capture(self, stream, duration="4", during=None, frame=-10):
        with Nginx() as nginx:
            rc = Relaycast("--headless", "--source", "screen", "--duration", duration,
                           "--output", nginx.rtmp_url("live", stream), env=self.env)
            if during:
                during(rc, nginx.recording(stream))
            self.assertEqual(rc.wait(60), 0, rc.output())
            recording = nginx.recording(stream)
            info = probe(recording)
            frame = frame() if callable(frame) else frame % int(info["video"]["frames"])
            color = mean_color(recording, frame=frame)
        self.assertEqual((info["video"]["width"], info["video"]["height"]), (1280, 720))
        for got, want in zip(color, COLOR):
            self.assertAlmostEqual(got, want, delta=12,
                                   msg=f"{color} is not {COLOR}: {rc.output()}")
        return rc, info

    def test_1_selected_then_restored(self):
        self.capture("first")
        selections = self.calls("SelectSources")
        self.assertEqual(len(selections), 1)
        # a monitor or a window, the pointer drawn in, remembered until revoked
        self.assertEqual((selections[0]["types"], selections[0]["cursor_mode"],
                          selections[0]["persist_mode"]), (3, 2, 2))
        self.assertTrue(selections[0]["dialog"])
        token_file = os.path.join(self.home, "config", "relaycast", "screencast-tokens.ini")
        with open(token_file) as f:
            self.assertRegex(f.read(), r"program=\S+")

        self.capture("second")
        # the second start brought the portal's token: no dialog this time
        self.assertEqual(len(self.calls("SelectSources")), 2)
        self.assertTrue(self.calls("SelectSources")[1]["restored"])
        self.assertFalse(self.calls("SelectSources")[1]["dialog"])

    def screen_then(self, method):
        """A `during` for capture: once the screen reached nginx, calls the test backend's
        @method (org.relaycast.TestScreenCast); the frame shown is kept in shown_at."""
        def screen_recorded(recording):
            try:
                frames = probe(recording).get("video", {}).get("frames", 0)
                color = mean_color(recording, frame=frames - 2) if frames > 2 else (0, 0, 0)
            except (subprocess.CalledProcessError, ZeroDivisionError):
                # the file is being written: its last frame may not decode yet
                return False
            self.shown_at = frames - 2
            return all(abs(got - want) < 12 for got, want in zip(color, COLOR))

        def during(rc, recording):
            rc.wait_for_line(r"source playing: Screen", timeout=30)
            # the screen reached nginx before it is gone
            wait_until(lambda: screen_recorded(recording), 30, what="the screen at nginx")
            subprocess.run(["gdbus", "call", "--session", "-d", BACKEND_NAME, "-o",
                            "/org/freedesktop/portal/desktop", "-m",
                            "org.relaycast.TestScreenCast." + method], check=True,
                           env=self.env, stdout=subprocess.DEVNULL)
        return during

    def test_2_stream_goes_on_when_the_screen_is_gone(self):
        # the screen's colour while it was shared
        rc, info = self.capture("ended", duration="6", during=self.screen_then("EndStreams"),
                                frame=lambda: self.shown_at)
        self.assertEqual(len(self.calls("EndStreams")), 1)
        # said once, and the program reached its end, on air all along
        rc.wait_for_line(r"source failed: Screen sharing was stopped")
        self.assertEqual(rc.output().count("Screen sharing was stopped"), 1, rc.output())
        # its node went with it: that is the same end, not another
        self.assertNotIn(NODE_GONE, rc.output())
        rc.wait_for_line(r"stopping: duration reached")
        self.assertGreater(info["video"]["frames"], 150)

    def test_3_scene_layer_keeps_its_own_token(self):
        os.makedirs(os.path.join(self.home, "config", "relaycast"), exist_ok=True)
        scene = {"id": "shared", "name": "Shared screen", "layers": [
            {"id": "bg", "source": "color", "color": "#ff0000",
             "x": 0, "y": 0, "width": 1280, "height": 720},
            {"id": "desk", "source": "screen", "x": 640, "y": 0, "width": 640, "height": 360}]}
        scenes = os.path.join(self.home, "config", "relaycast", "scenes.json")
        with open(scenes, "w") as f:
            json.dump({"version": 1, "scenes": [scene]}, f)
        # the tests after this one capture the program's source, not this scene
        self.addCleanup(os.remove, scenes)
        for run in ("scene-first", "scene-again"):
            with Nginx() as nginx:
                rc = Relaycast("--headless", "--scene", "Shared screen", "--duration", "4",
                               "--output", nginx.rtmp_url("live", run), env=self.env)
                self.assertEqual(rc.wait(60), 0, rc.output())
                recording = nginx.recording(run)
                color = mean_color(recording, frame=90, x=900, y=150)
            for got, want in zip(color, COLOR):
                self.assertAlmostEqual(got, want, delta=12, msg=f"{color}: {rc.output()}")
            # the program's token is not the layer's: asked once for the layer, then restored
            self.assertEqual(self.calls("SelectSources")[-1]["dialog"], run == "scene-first")
        with open(os.path.join(self.home, "config", "relaycast", "screencast-tokens.ini")) as f:
            self.assertRegex(f.read(), r"scene:shared/desk=\S+")

    def test_4_stream_goes_on_when_the_node_is_gone(self):
        # the producer dies (or the monitor is unplugged): the node goes, the session stays
        rc, info = self.capture("dropped", duration="6", during=self.screen_then("DropNodes"),
                                frame=lambda: self.shown_at)
        self.assertEqual(len(self.calls("DropNodes")), 1)
        rc.wait_for_line(r"source failed: " + NODE_GONE)
        self.assertEqual(rc.output().count(NODE_GONE), 1, rc.output())
        # the session was not closed: that is not what happened
        self.assertNotIn("Screen sharing was stopped", rc.output())
        rc.wait_for_line(r"stopping: duration reached")
        self.assertGreater(info["video"]["frames"], 150)


if __name__ == "__main__":
    unittest.main(verbosity=2)
