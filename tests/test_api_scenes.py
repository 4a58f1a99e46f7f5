#!/usr/bin/python3
"""Issue 17, items 5 and 6: scenes made, changed and put on air through the REST API while
live to a real nginx-rtmp, read back pixel by pixel from its recording; their errors; the
scenes saved at the end; `--scene NAME` and `relaycast scenes`."""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from relayapi import ApiRelaycast, publishes, recording_closed  # noqa: E402
from relaypeers import Nginx, Relaycast, wait_until  # noqa: E402

# frames are read back at 1/20 of 1280x720
SMALL_W, SMALL_H, SCALE = 64, 36, 20
PIP_AT_BOTTOM_RIGHT = {"x": 880, "y": 440, "width": 320, "height": 240}
PIP_AT_TOP_LEFT = {"x": 80, "y": 80, "width": 320, "height": 240}


def color_layer(layer_id, color, x=0, y=0, width=1280, height=720):
    return {"id": layer_id, "source": "color", "color": color,
            "x": x, "y": y, "width": width, "height": height}


def pip_scene(name, pip=PIP_AT_BOTTOM_RIGHT):
    return {"name": name, "layers": [color_layer("bg", "#ff0000"),
                                     color_layer("pip", "#0000ff", **pip)]}


GREEN_SCENE = {"name": "Green", "layers": [color_layer("all", "#00ff00")]}


def classify_colour(p):
    """'r', 'g', 'b', 'k' (black) or '?' for one rgb24 pixel."""
    for name, ref in (("r", (255, 0, 0)), ("g", (0, 255, 0)), ("b", (0, 0, 255)),
                      ("k", (0, 0, 0))):
        if all(abs(p[i] - ref[i]) < 60 for i in range(3)):
            return name
    return "?"


def colour_at(frame, x, y):
    offset = ((y // SCALE) * SMALL_W + x // SCALE) * 3
    return classify_colour(frame[offset:offset + 3])


def classify_frame(frame):
    """'1' the blue picture-in-picture at the bottom right of red, '2' at the top left,
    '3' all green, '~' red and green blended (a fade), '?' anything else."""
    centre = frame[((360 // SCALE) * SMALL_W + 640 // SCALE) * 3:][:3]
    bottom_right, top_left, middle = (colour_at(frame, 1040, 560), colour_at(frame, 240, 200),
                                      classify_colour(centre))
    if middle == "r" and bottom_right == "b" and top_left == "r":
        return "1"
    if middle == "r" and top_left == "b" and bottom_right == "r":
        return "2"
    if middle == "g" and top_left == "g" and bottom_right == "g":
        return "3"
    if centre[0] > 40 and centre[1] > 40 and centre[2] < 40:
        return "~"
    return "?"


def read_phases(path):
    """One letter per frame of a recording (classify_frame)."""
    raw = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-vf",
                          f"scale={SMALL_W}:{SMALL_H}", "-pix_fmt", "rgb24", "-f", "rawvideo", "-"],
                         check=True, capture_output=True).stdout
    size = SMALL_W * SMALL_H * 3
    return "".join(classify_frame(raw[i:i + size]) for i in range(0, len(raw) - size + 1, size))


def frames_sent(api, output_id):
    code, text = api.get("/metrics")
    m = re.search(r'relaycast_output_frames_sent_total\{[^}]*id="' + output_id + r'"[^}]*\} (\d+)',
                  text if code == 200 else "")
    return int(m.group(1)) if m else 0


def config_env(home):
    """A private configuration folder and no session bus: never the user's scenes or keyring."""
    return {"XDG_CONFIG_HOME": os.path.join(home, "config"),
            "XDG_RUNTIME_DIR": os.path.join(home, "run"),
            "DBUS_SESSION_BUS_ADDRESS": "unix:path=" + os.path.join(home, "no-bus"),
            "DISPLAY": ""}


def run_relaycast(home, *args):
    env = dict(os.environ)
    env.update(config_env(home))
    return subprocess.run([os.environ.get("RELAYCAST", "relaycast"), *args], env=env,
                          capture_output=True, text=True, timeout=60)


class ScenesLiveTest(unittest.TestCase):
    def setUp(self):
        self.nginx = Nginx().start()
        self.rc = ApiRelaycast("--output", self.nginx.rtmp_url("live", "scenes"))
        self.rc.wait_for_line(r"out1 .*: live")

    def tearDown(self):
        self.rc.kill()
        self.nginx.close()

    def let_frames_go_by(self, n):
        target = frames_sent(self.rc.api, "out1") + n
        wait_until(lambda: frames_sent(self.rc.api, "out1") >= target, 30,
                   what=f"{n} more frames on air")

    def test_made_moved_and_switched_live(self):
        api = self.rc.api
        code, pip = api.post("/api/scenes", pip_scene("PiP"))
        self.assertEqual(code, 201, pip)
        self.assertRegex(pip["id"], r"^scene-[0-9a-f]{6}$")
        code, green = api.post("/api/scenes", dict(GREEN_SCENE, id="green"))
        self.assertEqual(code, 201, green)
        self.assertEqual(green["id"], "green")
        code, listed = api.get("/api/scenes")
        self.assertEqual(code, 200, listed)
        self.assertIsNone(listed["programScene"])
        self.assertEqual([s["name"] for s in listed["scenes"]], ["PiP", "Green"])

        self.assertEqual(api.post(f"/api/scenes/{pip['id']}/activate")[0], 204)
        self.rc.wait_for_line(r"scene on air: PiP")
        self.assertEqual(api.get("/api/scenes")[1]["programScene"], pip["id"])
        self.let_frames_go_by(60)

        # the picture-in-picture moved while on air: the same scene, changed in place
        code, moved = api.curl("PUT", f"/api/scenes/{pip['id']}",
                               pip_scene("PiP", pip=PIP_AT_TOP_LEFT))
        self.assertEqual(code, 200, moved)
        self.assertEqual(moved["layers"][1]["x"], 80)
        self.assertEqual(api.get(f"/api/scenes/{pip['id']}")[1], moved)
        self.let_frames_go_by(60)

        code, body = api.post("/api/scenes/green/activate", {"fade": 1000})
        self.assertEqual(code, 204, body)
        self.rc.wait_for_line(r"scene on air: Green")
        self.let_frames_go_by(90)

        self.rc.signal()
        self.assertEqual(self.rc.wait(), 0, self.rc.output())
        wait_until(lambda: recording_closed(self.nginx, "scenes"), 10, what="the recording closed")
        phases = read_phases(self.nginx.recording("scenes"))
        one, two, three = (phases.find(c) for c in "123")
        self.assertTrue(0 <= one < two < three, phases)
        # each picture held, none coming back once the next is on air
        self.assertGreaterEqual(phases[one:two].count("1"), 45, phases)
        self.assertGreaterEqual(phases[two:].count("2"), 45, phases)
        self.assertGreaterEqual(phases[three:].count("3"), 30, phases)
        self.assertNotIn("1", phases[two:], phases)
        self.assertNotIn("2", phases[three:], phases)
        self.assertLessEqual(phases[one:two].count("?"), 2, phases)
        # the fade: red and green blended between the two (a cut has one such frame at
        # most; on a loaded machine the blend starts once green's source delivers, some way
        # into the second)
        last_two = phases.rfind("2")
        self.assertGreaterEqual(phases[last_two:three].count("~"), 5, phases)
        self.assertEqual(phases[three:].count("?") + phases[three:].count("~"), 0, phases)
        # the picture changed, the connection did not
        self.assertEqual(publishes(self.nginx, "scenes"), 1)

        # what the API made is in scenes.json, as it was left
        with open(os.path.join(self.rc.home, "config", "relaycast", "scenes.json")) as f:
            saved = json.load(f)
        self.assertEqual(saved["programScene"], "green")
        self.assertEqual([s["id"] for s in saved["scenes"]], [pip["id"], "green"])
        self.assertEqual(saved["scenes"][0], moved)


class ScenesErrorsTest(unittest.TestCase):
    def setUp(self):
        self.rc = ApiRelaycast("--source", "test")
        self.api = self.rc.api

    def tearDown(self):
        self.rc.kill()

    def assert_error(self, answer, status, field):
        code, body = answer
        self.assertEqual(code, status, body)
        self.assertEqual(body["status"], status)
        self.assertEqual(body.get("field"), field, body)
        return body["message"]

    def test_refused_by_name(self):
        api = self.api
        code, main = api.post("/api/scenes", dict(pip_scene("Main"), id="main"))
        self.assertEqual(code, 201, main)

        def scene_with(**layer):
            return {"name": "Other", "layers": [color_layer("a", "#ffffff"), dict(
                color_layer("b", "#000000"), **layer)]}

        for layer, field, words in [
                ({"opacity": 1.5}, "layers[1].opacity", "from 0 to 1"),
                ({"opacity": "half"}, "layers[1].opacity", "must be a number"),
                ({"color": "red"}, "layers[1].color", "#RRGGBB"),
                ({"width": 0}, "layers[1].width", "from 1 to"),
                ({"x": "10"}, "layers[1].x", "whole number"),
                ({"fit": "tile"}, "layers[1].fit", "stretch, contain, cover"),
                ({"source": "stream:nobody"}, "layers[1].source", "nobody"),
                ({"source": "stream:program"}, "layers[1].source", "program"),
                ({"id": "a"}, "layers[1].id", "two layers"),
        ]:
            message = self.assert_error(api.post("/api/scenes", scene_with(**layer)), 400, field)
            self.assertIn(words, message)
        self.assert_error(api.post("/api/scenes", {"name": 5}), 400, "name")
        self.assert_error(api.post("/api/scenes", {"id": "a b"}), 400, "id")
        self.assert_error(api.post("/api/scenes", {"id": 3}), 400, "id")
        self.assert_error(api.post("/api/scenes", {"layers": {}}), 400, "layers")
        self.assert_error(api.post("/api/scenes", {"layers": [7]}), 400, "layers[0]")
        self.assert_error(api.post("/api/scenes", '{"name": "x", '), 400, "body")
        self.assert_error(api.post("/api/scenes", "[1]"), 400, "body")
        # refused with its headers, before any dialect sees it
        self.assert_error(api.post("/api/scenes", "x" * (1024 * 1024 + 10)), 413, None)

        # duplicates, by id or by name
        self.assert_error(api.post("/api/scenes", {"id": "main", "name": "New"}), 409, "id")
        self.assert_error(api.post("/api/scenes", {"name": "Main"}), 409, "name")
        code, other = api.post("/api/scenes", {"name": "Other"})
        self.assertEqual(code, 201, other)
        self.assertEqual(other["layers"], [])
        self.assert_error(api.curl("PUT", f"/api/scenes/{other['id']}", {"name": "Main"}), 409,
                          "name")
        self.assert_error(api.curl("PUT", "/api/scenes/main", {"id": "other"}), 400, "id")
        self.assert_error(api.curl("PUT", "/api/scenes/main",
                                   {"layers": [{"source": "color", "volume": 9}]}),
                          400, "layers[0].volume")
        # nothing refused changed anything
        self.assertEqual(api.get("/api/scenes/main"), (200, main))

        # unknown ids
        for answer in (api.get("/api/scenes/nope"), api.curl("PUT", "/api/scenes/nope", {}),
                       api.delete("/api/scenes/nope"), api.post("/api/scenes/nope/activate")):
            self.assert_error(answer, 404, "sceneId")

        # activation's fade
        self.assert_error(api.post("/api/scenes/main/activate", {"fade": 10001}), 400, "fade")
        self.assert_error(api.post("/api/scenes/main/activate", {"fade": -1}), 400, "fade")
        self.assert_error(api.post("/api/scenes/main/activate", "{"), 400, "body")
        self.assertEqual(api.get("/api/scenes")[1]["programScene"], None)
        self.assertEqual(api.post("/api/scenes/main/activate", {"fade": 10000})[0], 204)
        self.assertEqual(api.get("/api/scenes")[1]["programScene"], "main")

        # a scene on air that is removed leaves the air
        self.assertEqual(api.delete("/api/scenes/main")[0], 204)
        self.rc.wait_for_line(r"no scene on air")
        code, listed = api.get("/api/scenes")
        self.assertEqual(listed, {"programScene": None, "scenes": [other]})
        self.assertEqual(api.get("/api/scenes/main")[0], 404)

    def test_described(self):
        code, document = self.api.get("/api/openapi.json")
        self.assertEqual(code, 200)
        self.assertEqual(set(document["paths"]["/api/scenes"]), {"get", "post"})
        self.assertEqual(set(document["paths"]["/api/scenes/{sceneId}"]), {"get", "put", "delete"})
        self.assertIn("post", document["paths"]["/api/scenes/{sceneId}/activate"])
        self.assertIn("Scene", document["components"]["schemas"])


SAVED = {
    "version": 1,
    "scenes": [
        {"id": "pip", "name": "Blue PiP", "layers": [color_layer("bg", "#ff0000"),
                                                     color_layer("pip", "#0000ff",
                                                                 **PIP_AT_BOTTOM_RIGHT)]},
        {"id": "green", "name": "Green", "layers": [color_layer("all", "#00ff00")]},
    ],
}


class SceneOptionTest(unittest.TestCase):
    def setUp(self):
        self.home = tempfile.mkdtemp(prefix="relaycast-scenes-")
        os.makedirs(os.path.join(self.home, "run"), mode=0o700)
        self.path = os.path.join(self.home, "config", "relaycast", "scenes.json")
        os.makedirs(os.path.dirname(self.path))
        with open(self.path, "w") as f:
            json.dump(SAVED, f)

    def saved(self):
        with open(self.path) as f:
            return json.load(f)

    def test_listed_shown_and_removed(self):
        done = run_relaycast(self.home, "scenes", "list")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout.splitlines(),
                         ["Blue PiP (pip): 2 layers", "Green (green): 1 layer"])
        done = run_relaycast(self.home, "scenes", "list", "--json")
        self.assertEqual(json.loads(done.stdout), SAVED)
        done = run_relaycast(self.home, "scenes", "show", "Blue PiP")
        self.assertEqual(done.stdout.splitlines(), [
            "Blue PiP (pip): 2 layers",
            "  1. color #ff0000 at 0,0, 1280×720",
            "  2. color #0000ff at 880,440, 320×240"])
        done = run_relaycast(self.home, "scenes", "show", "Nope")
        self.assertEqual(done.returncode, 2)
        self.assertIn("No saved scene is named “Nope”; the saved scenes are “Blue PiP”, “Green”",
                      done.stderr)
        done = run_relaycast(self.home, "scenes", "remove", "Green")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual([s["id"] for s in self.saved()["scenes"]], ["pip"])
        self.assertEqual(run_relaycast(self.home, "scenes", "frob").returncode, 2)

    def test_a_run_without_scenes_writes_none(self):
        home = tempfile.mkdtemp(prefix="relaycast-scenes-")
        os.makedirs(os.path.join(home, "run"), mode=0o700)
        done = run_relaycast(home, "--headless", "--duration", "1", "--output",
                             "file://" + os.path.join(home, "out.mkv"))
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertFalse(os.path.exists(os.path.join(home, "config", "relaycast", "scenes.json")))

    def test_unknown_scene_is_refused(self):
        done = run_relaycast(self.home, "--headless", "--scene", "Blue", "--duration", "5")
        self.assertEqual(done.returncode, 2, done.stdout)
        self.assertIn("No saved scene is named “Blue”; the saved scenes are “Blue PiP”, “Green”",
                      done.stderr)
        self.assertEqual(self.saved(), SAVED)

    def test_scene_on_air_at_start(self):
        with Nginx() as nginx:
            rc = Relaycast("--headless", "--scene", "Blue PiP", "--duration", "4",
                           "--output", nginx.rtmp_url("live", "option"),
                           env=config_env(self.home))
            try:
                rc.wait_for_line(r"program “program”: no source of its own")
                rc.wait_for_line(r"scene on air: Blue PiP")
                self.assertEqual(rc.wait(), 0, rc.output())
            finally:
                rc.kill()
            wait_until(lambda: recording_closed(nginx, "option"), 10, what="the recording closed")
            phases = read_phases(nginx.recording("option"))
        # the scene throughout from its first second (before, a layer may not have
        # delivered yet: sources take a moment to start, longer on a busy machine)
        first = phases.find("1")
        self.assertGreaterEqual(phases.count("1"), 60, phases)
        self.assertLessEqual(first, 30, phases)
        self.assertEqual(phases[first:].strip("1"), "", phases)
        # kept on air for the next start
        self.assertEqual(self.saved()["programScene"], "pip")
        done = run_relaycast(self.home, "scenes", "list")
        self.assertIn("Blue PiP (pip): 2 layers (on air)", done.stdout.splitlines())


if __name__ == "__main__":
    unittest.main()
