#!/usr/bin/python3
"""Issue 5: Live777's /api/streams and /api/cascade over Relaycast's streams and outputs."""
import os
import re
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from openapi_check import CheckedApi  # noqa: E402
from relayapi import ApiRelaycast, RecordingHttpEndpoint  # noqa: E402
from relaypeers import Nginx, wait_until  # noqa: E402

SESSION_STATES = {"new", "connecting", "connected", "disconnected", "failed", "closed"}


class Live777Test(unittest.TestCase):
    def setUp(self):
        self.rc = ApiRelaycast("--source", "test", "--retry-delay", "1")
        self.addCleanup(self.rc.kill)
        # every Live777 answer below is also held to openapi.json
        self.api = CheckedApi(self.rc.api)

    def streams(self):
        code, streams = self.api.get("/api/streams/")
        self.assertEqual(code, 200, streams)
        for stream in streams:
            self.assert_stream_shape(stream)
        return {s["id"]: s for s in streams}

    def assert_stream_shape(self, s):
        self.assertEqual(set(s), {"id", "createdAt", "publish", "subscribe"})
        self.assertIsInstance(s["createdAt"], int)
        for side in ("publish", "subscribe"):
            self.assertEqual(set(s[side]), {"leaveAt", "sessions"})
            self.assertIsInstance(s[side]["leaveAt"], int)
            for session in s[side]["sessions"]:
                self.assertLessEqual({"id", "createdAt", "state"}, set(session))
                self.assertLessEqual(set(session), {"id", "createdAt", "state", "cascade"})
                self.assertIn(session["state"], SESSION_STATES)
                self.assertIsInstance(session["createdAt"], int)

    def test_streams_lifecycle(self):
        before = int(time.time() * 1000)
        streams = self.streams()
        program = streams["program"]
        # the test pattern publishes into the program
        self.assertEqual(program["publish"]["leaveAt"], 0)
        self.assertEqual([s["state"] for s in program["publish"]["sessions"]], ["connected"])
        self.assertRegex(program["publish"]["sessions"][0]["id"], r"^[0-9a-f]{32}$")
        self.assertEqual(program["subscribe"], {"leaveAt": program["createdAt"], "sessions": []})

        # made empty, as Live777 makes them: nobody publishes yet
        self.assertEqual(self.api.post("/api/streams/web-0"), (204, None))
        web = self.streams()["web-0"]
        self.assertGreaterEqual(web["createdAt"], before)
        self.assertEqual(web["publish"], {"leaveAt": web["createdAt"], "sessions": []})
        self.assertEqual(web["subscribe"], {"leaveAt": web["createdAt"], "sessions": []})

        code, error = self.api.post("/api/streams/web-0")
        self.assertEqual(code, 409, error)
        self.assertEqual(error["field"], "streamId")
        code, error = self.api.post("/api/streams/bad%20name")
        self.assertEqual(code, 400, error)
        code, error = self.api.post("/api/streams/x", {"source": "nonsense"})
        self.assertEqual(code, 400, error)
        self.assertEqual(error["field"], "source")
        # a file that is not there is said so, URI or path
        for missing in ("/nonexistent/show.mkv", "file:///nonexistent/show.mkv", "show.mkv"):
            code, error = self.api.post("/api/streams/x", {"source": missing})
            self.assertEqual((code, error["field"]), (400, "source"), error)
            self.assertEqual(error["message"], f"No such file “{missing}”")
        code, error = self.api.post("/api/streams/x", {"source": 3})
        self.assertEqual(code, 400, error)

        self.assertEqual(self.api.delete("/api/streams/web-0"), (204, None))
        self.assertNotIn("web-0", self.streams())
        self.assertEqual(self.api.delete("/api/streams/web-0")[0], 404)
        self.assertEqual(self.api.delete("/api/streams/program")[0], 409)

    def test_publishers_and_subscribers(self):
        with Nginx() as nginx:
            self.assertEqual(self.api.post("/api/streams/cam", {"source": "test"}), (204, None))
            wait_until(lambda: self.streams()["cam"]["publish"]["sessions"], 20,
                       what="the source to publish")
            code, task = self.api.post("/relay/startrtmp", {
                "taskId": "t", "streamName": "cam",
                "pushUrls": [nginx.rtmp_url("live", "cam-key-0123456789")]})
            self.assertEqual(code, 200, task)
            output_id = task["pushUrls"][0]["id"]

            def subscriber_state():
                sessions = self.streams()["cam"]["subscribe"]["sessions"]
                return sessions[0]["state"] if sessions else None

            wait_until(lambda: subscriber_state() == "connected", 30, what="a connected session")
            cam = self.streams()["cam"]
            self.assertEqual(cam["subscribe"]["leaveAt"], 0)
            self.assertEqual(cam["subscribe"]["sessions"][0]["id"], output_id)

            self.assertEqual(self.api.post("/relay/stoprtmp", {"taskId": "t"})[0], 200)
            cam = self.streams()["cam"]
            self.assertEqual(cam["subscribe"]["sessions"], [])
            self.assertGreater(cam["subscribe"]["leaveAt"], cam["createdAt"])

            # the publisher leaves with its stream
            self.assertEqual(self.api.delete("/api/streams/cam"), (204, None))

    def failed_pulls(self, pattern):
        """(announced delay, time) of each stdout line matching `pattern`."""
        rx = re.compile(pattern)
        with self.rc._cond:
            return [(int(m.group(1)), when) for m, when in
                    ((rx.search(line), when) for line, when in zip(self.rc.lines,
                                                                   self.rc.line_times)) if m]

    def test_cascade(self):
        endpoint = RecordingHttpEndpoint(status=404)
        self.addCleanup(endpoint.close)
        whip = endpoint.url("/whip/push")

        code, error = self.api.post("/api/cascade/program", {
            "token": "", "sourceUrl": "http://localhost:7777/whep/web-0", "targetUrl": whip})
        self.assertEqual(code, 400, error)
        self.assertIn("not both", error["message"])
        code, error = self.api.post("/api/cascade/program", {"token": "x"})
        self.assertEqual(code, 400, error)
        code, error = self.api.post("/api/cascade/program", {"targetUrl": "rtmp://x/y/z"})
        self.assertEqual((code, error["field"]), (400, "targetUrl"))

        # pull: the program has its publisher (the test pattern)
        code, error = self.api.post("/api/cascade/program", {
            "token": "", "sourceUrl": "http://localhost:7777/whep/web-0", "targetUrl": ""})
        self.assertEqual((code, error["field"]), (409, "streamId"), error)
        code, error = self.api.post("/api/cascade/pull", {"sourceUrl": "rtmp://x/y/z"})
        self.assertEqual((code, error["field"]), (400, "sourceUrl"), error)
        # a dead WHEP server: the stream is made, its pull fails and is tried again, later each
        # time (2 s, doubling up to a minute, as Live777 does): not a line every 2 s
        dead = "http://127.0.0.1:9/whep/web-0"
        shown = "http://127.0.0.1:9/whep/****"
        code, session = self.api.post("/api/cascade/pull", {"token": "pull-token-0123456789",
                                                            "sourceUrl": dead})
        self.assertEqual(code, 200, session)
        self.assertEqual(session["cascade"]["sourceUrl"], shown)
        failed = (r"Cannot pull http://127\.0\.0\.1:9/whep/\*{4}: connection refused "
                  r"\(127\.0\.0\.1:9\); next attempt in (\d+) s")
        wait_until(lambda: len(self.failed_pulls(failed)) >= 4, 40, what="four attempts")
        pulls = self.failed_pulls(failed)
        self.assertEqual([delay for delay, _ in pulls[:4]], [2, 4, 8, 16])
        for (delay, when), (_, then) in zip(pulls, pulls[1:4]):
            self.assertGreater(then - when, delay - 0.5, pulls)
            self.assertLess(then - when, delay + 2, pulls)
        pull = self.streams()["pull"]
        self.assertEqual([s["cascade"]["sourceUrl"] for s in pull["publish"]["sessions"]], [shown])
        self.assertNotIn("pull-token-0123456789", self.rc.output())
        self.assertNotIn("web-0", self.rc.output())

        code, error = self.api.post("/api/cascade/nostream", {"targetUrl": whip})
        self.assertEqual(code, 404, error)

        token = "cascade-token-0123456789"
        answer = self.api.post("/api/cascade/program", {"token": token, "targetUrl": whip})
        self.assertNotIn(token, str(answer))
        code, session = answer
        self.assertEqual(code, 200, session)
        # the endpoint's path after /whip/ may be a key (Cloudflare's is)
        self.assertEqual(session["cascade"]["targetUrl"], whip.replace("/push", "/****"))
        sessions = self.streams()["program"]["subscribe"]["sessions"]
        self.assertEqual([s["id"] for s in sessions], [session["id"]])
        self.assertEqual(sessions[0]["cascade"]["targetUrl"], whip.replace("/push", "/****"))
        wait_until(lambda: any(q["method"] == "POST" for q in endpoint.requests), 30,
                   what="the WHIP offer")
        offer = next(q for q in endpoint.requests if q["method"] == "POST")
        self.assertEqual(offer["headers"].get("Authorization"), f"Bearer {token}")


if __name__ == "__main__":
    unittest.main(verbosity=2)
