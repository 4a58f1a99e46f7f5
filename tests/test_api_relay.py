#!/usr/bin/python3
"""Issue 5: relay tasks (startrtmp, stoprtmp, tasks) pushing to a real nginx-rtmp, with URLs
changed live and every state change POSTed to a status callback."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from relayapi import TOKEN, ApiRelaycast, CallbackServer, publishes, recording_closed  # noqa: E402
from relaypeers import Nginx, probe, recorded_frames, wait_until  # noqa: E402

# 3 s of pictures at the program's 30 fps: more than the 30 frames asserted
GROWN = 90

STATES = ("idle", "waiting", "connecting", "live", "retrying", "failed", "stopped")


class RelayTaskTest(unittest.TestCase):
    def setUp(self):
        self.nginx = Nginx().start()
        self.callback = CallbackServer()
        self.rc = ApiRelaycast("--source", "test", "--attempts", "2", "--retry-delay", "1",
                               "--api-callback-url", self.callback.url)
        # the relay dialect's clients authenticate with HTTP Basic: the token is the password
        self.basic = ["-u", f"relay-client:{TOKEN}"]

    def tearDown(self):
        self.rc.kill()
        self.callback.close()
        self.nginx.close()

    def post(self, path, body):
        return self.rc.api.post(path, body, auth=False, raw_args=self.basic)

    def tasks(self):
        code, tasks = self.rc.api.get("/relay/tasks", auth=False, raw_args=self.basic)
        self.assertEqual(code, 200, tasks)
        return {task["taskId"]: task for task in tasks}

    def pushes_live(self, task_id, count):
        task = self.tasks().get(task_id)
        return task is not None and len(task["pushUrls"]) == count and all(
            p["state"] == "live" for p in task["pushUrls"])

    def assert_task_shape(self, task, task_id, n):
        self.assertEqual(set(task), {"taskId", "userId", "streamName", "layout", "pushUrls"})
        self.assertEqual(task["taskId"], task_id)
        self.assertIsNone(task["userId"])
        self.assertEqual(task["streamName"], "program")
        self.assertEqual(len(task["pushUrls"]), n)
        for push in task["pushUrls"]:
            self.assertEqual(set(push), {"url", "id", "state", "reason", "stats"})
            self.assertIn(push["state"], STATES)
            self.assertRegex(push["url"], r"^rtmp://127\.0\.0\.1:\d+/live/[^/]{0,4}\*\*\*\*$")

    def test_task_lifecycle(self):
        url = {name: self.nginx.rtmp_url("live", f"relay-{name}-key") for name in "abc"}
        code, task = self.post("/relay/startrtmp", {"taskId": "task-1",
                                                    "pushUrls": [url["a"], url["b"]]})
        self.assertEqual(code, 200, task)
        self.assert_task_shape(task, "task-1", 2)
        # without a layout the stream is pushed as it is (test_api_relay_layout.py has layouts)
        self.assertIsNone(task["layout"])
        wait_until(lambda: self.pushes_live("task-1", 2), 30, what="both pushes live")
        # its outputs are the task's: /metrics says whose each destination is
        code, metrics = self.rc.api.get("/metrics")
        self.assertEqual(code, 200, metrics)
        self.assertIn('owner="relay-task:task-1"', metrics)
        self.assertNotIn('owner="command-line"', metrics)
        id_a = next(p["id"] for p in self.tasks()["task-1"]["pushUrls"])

        # a URL belongs to one task only
        code, error = self.post("/relay/startrtmp", {"taskId": "task-2", "pushUrls": [url["a"]]})
        self.assertEqual(code, 409, error)
        self.assertEqual(error["field"], "pushUrls[0]")
        self.assertNotIn("relay-a-key", str(error))

        # update live: b leaves (its recording is closed by the time the answer comes), c
        # joins, a is untouched
        wait_until(lambda: recorded_frames(self.nginx.recording("relay-b-key")) > GROWN, 20,
                   interval=0.5, what="b's recording to grow")
        code, task = self.post("/relay/startrtmp", {"taskId": "task-1",
                                                    "pushUrls": [url["a"], url["c"]]})
        self.assertEqual(code, 200, task)
        self.assert_task_shape(task, "task-1", 2)
        self.assertIsNone(task["layout"])
        wait_until(lambda: recording_closed(self.nginx, "relay-b-key"), 10,
                   what="b's recording to be closed")
        self.assertGreater(probe(self.nginx.recording("relay-b-key"))["video"]["frames"], 30)
        wait_until(lambda: self.pushes_live("task-1", 2), 30, what="c to go live")
        task = self.tasks()["task-1"]
        self.assertIn(id_a, [p["id"] for p in task["pushUrls"]])
        push_a = next(p for p in task["pushUrls"] if p["id"] == id_a)
        self.assertEqual(push_a["stats"]["reconnects"], 0)
        self.assertGreater(push_a["stats"]["framesSent"], 30)
        self.assertGreaterEqual(push_a["stats"]["framesDropped"], 0)
        self.assertEqual(publishes(self.nginx, "relay-a-key"), 1)

        wait_until(lambda: recorded_frames(self.nginx.recording("relay-c-key")) > GROWN, 20,
                   interval=0.5, what="c's recording to grow")
        code, stopped = self.post("/relay/stoprtmp", {"taskId": "task-1"})
        self.assertEqual(code, 200, stopped)
        self.assert_task_shape(stopped, "task-1", 2)
        self.assertEqual({p["state"] for p in stopped["pushUrls"]}, {"stopped"})
        for name in ("a", "c"):
            wait_until(lambda: recording_closed(self.nginx, f"relay-{name}-key"), 10,
                       what=f"{name}'s recording to be closed")
            info = probe(self.nginx.recording(f"relay-{name}-key"))
            self.assertEqual(info["video"]["codec_name"], "h264")
            self.assertEqual(info["audio"]["codec_name"], "aac")
        # a ran the whole time, across the update
        self.assertGreater(probe(self.nginx.recording("relay-a-key"))["duration"],
                           probe(self.nginx.recording("relay-c-key"))["duration"])
        self.assertEqual(self.tasks(), {})
        self.assertEqual(self.post("/relay/stoprtmp", {"taskId": "task-1"})[0], 404)

        # now free, the URL can go to another task
        code, task = self.post("/relay/startrtmp", {"taskId": "task-2", "pushUrls": [url["a"]]})
        self.assertEqual(code, 200, task)
        self.assertEqual(self.post("/relay/stoprtmp", {"taskId": "task-2"})[0], 200)

        # every state change reached the callback, in order, keys masked
        def events_of(output_id):
            return [e["state"] for e in self.callback.events if e["id"] == output_id]

        wait_until(lambda: events_of(id_a)[-1:] == ["stopped"], 10, what="a's stopped event")
        self.assertEqual(events_of(id_a), ["connecting", "live", "stopped"])
        for event in self.callback.events:
            self.assertEqual(set(event),
                             {"taskId", "userId", "id", "url", "state", "reason", "timestamp"})
            self.assertIn(event["taskId"], ("task-1", "task-2"))
            self.assertNotIn("-key", event["url"])
        stamps = [e["timestamp"] for e in self.callback.events]
        self.assertEqual(stamps, sorted(stamps))
        self.assertNotIn("relay-a-key", self.rc.output())

    def test_bad_urls_change_nothing(self):
        good = self.nginx.rtmp_url("live", "relay-good-key")
        code, task = self.post("/relay/startrtmp", {"taskId": "t", "pushUrls": [good]})
        self.assertEqual(code, 200, task)
        code, error = self.post("/relay/startrtmp",
                                {"taskId": "t", "pushUrls": ["rtmp://127.0.0.1/only-app"]})
        self.assertEqual(code, 400, error)
        self.assertEqual(error["field"], "pushUrls[0]")
        code, error = self.post("/relay/startrtmp", {"taskId": "t", "pushUrls": ["gopher://x/y"]})
        self.assertEqual(code, 501, error)
        code, error = self.post("/relay/startrtmp", {"taskId": "t", "pushUrls": []})
        self.assertEqual(code, 400, error)
        code, error = self.post("/relay/startrtmp", {"taskId": "u", "pushUrls": [good],
                                                     "streamName": "nope"})
        self.assertEqual(code, 404, error)
        self.assertEqual([p["id"] for p in self.tasks()["t"]["pushUrls"]],
                         [p["id"] for p in task["pushUrls"]])


if __name__ == "__main__":
    unittest.main(verbosity=2)
