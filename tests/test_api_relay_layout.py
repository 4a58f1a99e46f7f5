#!/usr/bin/python3
"""Issue 17 item 4 and issue 21 item 2: relay tasks with a mixing layout push the picture it
composes, read back pixel by pixel from what nginx-rtmp recorded; a layout-only startrtmp moves
a region live (one publish), a pushUrls-only one keeps the layout; bad layouts get 400 naming
the field; a user's push (userId) carries a Relaycast stream; the token header authenticates."""
import base64
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from relayapi import TOKEN, ApiRelaycast, publishes, recording_closed  # noqa: E402
from relaypeers import Nginx, probe, wait_until  # noqa: E402

CANVAS = (640, 360)
# frames are read back at 1/10 of the canvas
SCALE = 10
COLOURS = {"r": (255, 0, 0), "b": (0, 0, 255), "k": (0, 0, 0)}


def colour_file(folder, name):
    """60 s of one colour (and a tone), small: the layout scales it to its regions."""
    path = os.path.join(folder, name + ".mp4")
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi",
                    "-i", f"color=c={name}:size=320x180:rate=30", "-f", "lavfi",
                    "-i", "sine=frequency=440:sample_rate=48000", "-t", "60", "-c:v", "libx264",
                    "-preset", "ultrafast", "-g", "30", "-c:a", "aac", "-shortest", path],
                   check=True)
    return path


def frames(path):
    """Each frame of a recording, scaled down, as rows of RGB bytes."""
    width, height = CANVAS[0] // SCALE, CANVAS[1] // SCALE
    raw = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-an", "-vf",
                          f"scale={width}:{height}", "-pix_fmt", "rgb24", "-f", "rawvideo", "-"],
                         check=True, capture_output=True).stdout
    size = width * height * 3
    return [raw[i:i + size] for i in range(0, len(raw) - size + 1, size)]


def colour_at(frame, x, y):
    """'r', 'b', 'k' or '?' at canvas point (x, y)."""
    i = ((y // SCALE) * (CANVAS[0] // SCALE) + x // SCALE) * 3
    pixel = frame[i:i + 3]
    for name, rgb in COLOURS.items():
        if all(abs(p - c) < 60 for p, c in zip(pixel, rgb)):
            return name
    return "?"


def pip_phase(frame):
    """'B' blue picture-in-picture at the bottom right of red, 'T' at the top left, '0' black
    (before the sources play), '?' anything else."""
    at = {name: colour_at(frame, *point) for name, point in
          {"centre": (320, 180), "bottom_right": (500, 260), "top_left": (100, 90)}.items()}
    if at["centre"] == "r" and at["bottom_right"] == "b" and at["top_left"] == "r":
        return "B"
    if at["centre"] == "r" and at["bottom_right"] == "r" and at["top_left"] == "b":
        return "T"
    if set(at.values()) == {"k"}:
        return "0"
    return "?"


def region(stream, x, y, width, height, z, alpha=1.0):
    return {"streamName": stream, "x": x, "y": y, "width": width, "height": height,
            "zOrder": z, "alpha": alpha}


def layout(pip_x, pip_y, background="#000000"):
    # the PiP is listed first: zOrder, not the order given, puts it on top
    return {"canvas": {"width": CANVAS[0], "height": CANVAS[1], "background": background},
            "regions": [region("blue", pip_x, pip_y, 160, 120, 1),
                        region("red", 0, 0, CANVAS[0], CANVAS[1], 0)]}


BOTTOM_RIGHT = layout(440, 220)
TOP_LEFT = layout(40, 30)


class RelayLayoutTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.media = tempfile.mkdtemp(prefix="relaycast-layout-")
        cls.files = {name: colour_file(cls.media, name) for name in ("red", "blue")}

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.media, ignore_errors=True)

    def setUp(self):
        self.nginx = Nginx().start()
        self.rc = ApiRelaycast("--source", "test", "--attempts", "2", "--retry-delay", "1")
        # the relay service's own clients: HTTP Basic with their certificate, the token beside it
        certificate = base64.b64encode(b"cert-id:cert-key").decode()
        self.relay_auth = [f"Authorization: Basic {certificate}", f"token: {TOKEN}"]
        for name, path in self.files.items():
            code, answer = self.rc.api.post(f"/api/streams/{name}", {"source": path})
            self.assertEqual(code, 204, answer)

    def tearDown(self):
        self.rc.kill()
        self.nginx.close()

    def post(self, path, body):
        return self.rc.api.post(path, body, auth=False, headers=self.relay_auth)

    def tasks(self):
        code, tasks = self.rc.api.get("/relay/tasks", auth=False, headers=self.relay_auth)
        self.assertEqual(code, 200, tasks)
        return {task["taskId"] or task["userId"]: task for task in tasks}

    def frames_sent(self, task_id):
        """The frames each push of the task has sent, once all are live."""
        task = self.tasks().get(task_id)
        pushes = task["pushUrls"] if task else []
        if not pushes or any(p["state"] != "live" for p in pushes):
            return [0]
        return [p["stats"]["framesSent"] for p in pushes]

    def wait_frames(self, task_id, n):
        """Until every push of the task has sent n more frames (on air)."""
        target = max(self.frames_sent(task_id)) + n
        wait_until(lambda: min(self.frames_sent(task_id)) >= target, 60,
                   what=f"{n} more frames of {task_id}")

    def stream_names(self):
        code, streams = self.rc.api.get("/api/streams")
        self.assertEqual(code, 200, streams)
        return {s["id"] for s in streams}

    def test_layout_composed_moved_live_and_kept(self):
        url = {name: self.nginx.rtmp_url("live", f"layout-{name}-key") for name in ("a", "b")}
        code, task = self.post("/relay/startrtmp", {"taskId": "mix", "pushUrls": [url["a"]],
                                                    "layout": BOTTOM_RIGHT})
        self.assertEqual(code, 200, task)
        self.assertEqual(task["taskId"], "mix")
        self.assertIsNone(task["userId"])
        # the task pushes a stream of its own, the canvas's size
        self.assertEqual(task["streamName"], "task-mix")
        self.assertIn("task-mix", self.stream_names())
        self.assertEqual(task["layout"], BOTTOM_RIGHT)
        push_id = task["pushUrls"][0]["id"]
        self.wait_frames("mix", 60)

        # a layout alone moves the picture-in-picture, live
        code, task = self.post("/relay/startrtmp", {"taskId": "mix", "layout": TOP_LEFT})
        self.assertEqual(code, 200, task)
        self.assertEqual(task["layout"], TOP_LEFT)
        self.assertEqual([p["id"] for p in task["pushUrls"]], [push_id])
        self.wait_frames("mix", 60)

        # URLs alone keep the layout: the new push shows the PiP where it was moved
        code, task = self.post("/relay/startrtmp", {"taskId": "mix",
                                                    "pushUrls": [url["a"], url["b"]]})
        self.assertEqual(code, 200, task)
        self.assertEqual(task["layout"], TOP_LEFT)
        self.assertIn(push_id, [p["id"] for p in task["pushUrls"]])
        self.wait_frames("mix", 60)

        code, stopped = self.post("/relay/stoprtmp", {"taskId": "mix"})
        self.assertEqual(code, 200, stopped)
        self.assertEqual(stopped["layout"], TOP_LEFT)
        # the task's stream goes with it
        self.assertNotIn("task-mix", self.stream_names())
        for name in url:
            wait_until(lambda: recording_closed(self.nginx, f"layout-{name}-key"), 10,
                       what=f"{name}'s recording to be closed")

        first = self.nginx.recording("layout-a-key")
        info = probe(first)
        self.assertEqual((info["video"]["width"], info["video"]["height"]), CANVAS)
        phases = "".join(pip_phase(f) for f in frames(first))
        # black or partial until both sources play, then the PiP at the bottom right, then at
        # the top left: no frame of anything else in between, and one publish throughout
        self.assertRegex(phases, r"^[0?]{0,30}B{30,}T{100,}$")
        self.assertEqual(publishes(self.nginx, "layout-a-key"), 1)

        second = "".join(pip_phase(f) for f in frames(self.nginx.recording("layout-b-key")))
        self.assertRegex(second, r"^[0?]{0,30}T{30,}$")

    def test_background_and_alpha(self):
        half = {"canvas": {"width": CANVAS[0], "height": CANVAS[1], "background": "#0000ff"},
                "regions": [region("red", 0, 0, CANVAS[0] // 2, CANVAS[1], 0, alpha=0.5)]}
        url = self.nginx.rtmp_url("live", "layout-half-key")
        code, task = self.post("/relay/startrtmp", {"taskId": "half", "pushUrls": [url],
                                                    "layout": half})
        self.assertEqual(code, 200, task)
        self.wait_frames("half", 60)
        self.assertEqual(self.post("/relay/stoprtmp", {"taskId": "half"})[0], 200)
        wait_until(lambda: recording_closed(self.nginx, "layout-half-key"), 10,
                   what="the recording to be closed")
        last = frames(self.nginx.recording("layout-half-key"))[-1]
        # the background where no region is; half red over it in the region
        self.assertEqual(colour_at(last, 480, 180), "b")
        i = ((180 // SCALE) * (CANVAS[0] // SCALE) + 160 // SCALE) * 3
        r, g, b = last[i:i + 3]
        self.assertTrue(90 < r < 165 and g < 40 and 90 < b < 165, (r, g, b))

    def test_user_push(self):
        url = self.nginx.rtmp_url("live", "user-guest-key")
        code, push = self.post("/relay/startrtmp", {"userId": "blue", "pushUrls": [url]})
        self.assertEqual(code, 200, push)
        self.assertEqual((push["taskId"], push["userId"], push["streamName"], push["layout"]),
                         (None, "blue", "blue", None))
        self.wait_frames("blue", 30)
        code, metrics = self.rc.api.get("/metrics")
        self.assertIn('owner="relay-user:blue"', metrics)
        # user and task ids are apart: a task named like the user is another one, and the
        # user's URL is not its
        code, error = self.post("/relay/startrtmp", {"taskId": "blue", "pushUrls": [url]})
        self.assertEqual(code, 409, error)
        self.assertEqual(error["field"], "pushUrls[0]")
        self.assertEqual(self.post("/relay/stoprtmp", {"taskId": "blue"})[0], 404)
        code, stopped = self.post("/relay/stoprtmp", {"userId": "blue"})
        self.assertEqual(code, 200, stopped)
        self.assertEqual(stopped["userId"], "blue")
        code, error = self.post("/relay/stoprtmp", {"userId": "blue"})
        self.assertEqual((code, error["field"]), (404, "userId"))
        wait_until(lambda: recording_closed(self.nginx, "user-guest-key"), 10,
                   what="the recording to be closed")
        colours = {colour_at(f, 320, 180) for f in frames(self.nginx.recording("user-guest-key"))}
        self.assertEqual(colours - {"k"}, {"b"})
        # a stream that is not there, a layout with a user id
        code, error = self.post("/relay/startrtmp", {"userId": "nobody", "pushUrls": [url]})
        self.assertEqual((code, error["field"]), (404, "userId"))
        code, error = self.post("/relay/startrtmp", {"userId": "blue", "pushUrls": [url],
                                                     "layout": BOTTOM_RIGHT})
        self.assertEqual((code, error["field"]), (400, "layout"))

    def test_refusals_name_the_field(self):
        url = self.nginx.rtmp_url("live", "layout-refused-key")

        def refused(body, status, field):
            code, error = self.post("/relay/startrtmp", body)
            self.assertEqual((code, error.get("field")), (status, field), error)

        def with_region(**changes):
            bad = layout(440, 220)
            bad["regions"][0].update(changes)
            return {"taskId": "bad", "pushUrls": [url], "layout": bad}

        refused(with_region(streamName="nope"), 400, "layout.regions[0].streamName")
        refused(with_region(x=600), 400, "layout.regions[0].width")
        refused(with_region(y=360), 400, "layout.regions[0].y")
        refused(with_region(x=-1), 400, "layout.regions[0].x")
        refused(with_region(alpha=1.5), 400, "layout.regions[0].alpha")
        for colour in ("black", "#00000", "#00000g", 0):
            refused({"taskId": "bad", "pushUrls": [url], "layout": layout(0, 0, colour)},
                    400, "layout.canvas.background")
        refused({"taskId": "bad", "pushUrls": [url], "layout": {"regions": []}},
                400, "layout.canvas")
        odd = layout(0, 0)
        odd["canvas"]["width"] = 641
        refused({"taskId": "bad", "pushUrls": [url], "layout": odd}, 400, "layout.canvas.width")
        # a new task needs its URLs
        refused({"taskId": "bad", "layout": BOTTOM_RIGHT}, 400, "pushUrls")
        self.assertEqual(self.tasks(), {})
        self.assertNotIn("task-bad", self.stream_names())

        code, task = self.post("/relay/startrtmp", {"taskId": "mix", "pushUrls": [url],
                                                    "layout": BOTTOM_RIGHT})
        self.assertEqual(code, 200, task)
        update = with_region(streamName="nope")
        update["taskId"] = "mix"
        del update["pushUrls"]
        refused(update, 400, "layout.regions[0].streamName")
        # a task's picture is no region of a layout, its own or another's
        own = layout(0, 0)
        own["regions"] = [region("task-mix", 0, 0, 8, 8, 0)]
        refused({"taskId": "mix", "layout": own}, 400, "layout.regions[0].streamName")
        bigger = layout(0, 0)
        bigger["canvas"]["width"] = 1280
        refused({"taskId": "mix", "layout": bigger}, 409, "layout.canvas")
        self.assertEqual(self.tasks()["mix"]["layout"], BOTTOM_RIGHT)
        # a task pushing a stream as it is does not take a layout later
        code, task = self.post("/relay/startrtmp", {"taskId": "plain", "pushUrls": [
            self.nginx.rtmp_url("live", "layout-plain-key")]})
        self.assertEqual(code, 200, task)
        self.assertIsNone(task["layout"])
        refused({"taskId": "plain", "layout": BOTTOM_RIGHT}, 409, "layout")
        refused({"taskId": "x", "userId": "y", "pushUrls": [url]}, 400, "userId")
        refused({"pushUrls": [url]}, 400, "taskId")

    def test_token_header(self):
        basic = base64.b64encode(f"relay:{TOKEN}".encode()).decode()
        for headers, status in (([f"token: {TOKEN}"], 200),
                                (self.relay_auth, 200),
                                (["token: wrong-token"], 401),
                                # a wrong token header is not made good by the Basic beside it
                                ([f"Authorization: Basic {basic}", "token: wrong-token"], 401),
                                ([f"Authorization: Basic {basic}"], 200),
                                ([], 401)):
            code, answer = self.rc.api.get("/relay/tasks", auth=False, headers=headers)
            self.assertEqual(code, status, (headers, answer))


if __name__ == "__main__":
    unittest.main(verbosity=2)
