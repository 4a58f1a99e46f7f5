#!/usr/bin/python3
"""Issue 19 item 4: Red5 restreams, WCS transponders and relay tasks may carry `width` and
`height`: their output sends that picture size (a vertical 720x1280 beside the landscape
program), and WCS answers report the transponder's real size."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from relayapi import ApiRelaycast, recording_closed  # noqa: E402
from relaypeers import Nginx, probe, wait_until  # noqa: E402

VERTICAL = (720, 1280)


class VideoSizeTest(unittest.TestCase):
    def setUp(self):
        self.nginx = Nginx().start()
        self.addCleanup(self.nginx.close)
        self.rc = ApiRelaycast("--source", "test", "--retry-delay", "1")
        self.addCleanup(self.rc.kill)
        self.api = self.rc.api
        self.server = f"rtmp://127.0.0.1:{self.nginx.port}/live"

    def recorded_size(self, name, stop):
        path = self.nginx.recording(name)
        wait_until(lambda: os.path.exists(path) and os.path.getsize(path) > 300_000, 30,
                   what=f"{name} to be recorded")
        stop()
        wait_until(lambda: recording_closed(self.nginx, name), 15, what=f"{name} closed")
        info = probe(path)
        self.assertGreater(info["video"]["frames"], 10)
        return info["video"]["width"], info["video"]["height"]

    def test_wcs_red5_and_relay_pushes_in_their_own_size(self):
        # WCS: the size in the startup options, and reported as the transponder's
        code, t = self.api.post("/rest-api/push/startup", {
            "streamName": "program", "rtmpUrl": self.server,
            "options": {"width": 720, "height": 1280}})
        self.assertEqual(code, 200, t)
        self.assertEqual((t["width"], t["height"]), VERTICAL)
        self.assertEqual(t["options"], {"width": 720, "height": 1280})
        code, found = self.api.get("/rest-api/push/find_all")
        self.assertEqual([(f["width"], f["height"]) for f in found], [VERTICAL])

        # Red5: in the restream's parameters
        code, r = self.api.post("/live/restream", {
            "guid": "vertical", "context": "live", "name": "program", "level": 0,
            "parameters": {"action": "create", "type": "rtmp-push", "endpoint": self.server,
                           "bearerToken": "red5-vertical", "width": "720", "height": "1280"}})
        self.assertEqual(code, 200, r)
        self.assertEqual((r["parameters"]["width"], r["parameters"]["height"]), VERTICAL)

        # relay task: beside its pushUrls; a running task keeps its size
        code, task = self.api.post("/relay/startrtmp", {
            "taskId": "tiktok", "pushUrls": [f"{self.server}/relay-vertical"],
            "width": 720, "height": 1280})
        self.assertEqual(code, 200, task)
        code, error = self.api.post("/relay/startrtmp", {
            "taskId": "tiktok", "pushUrls": [f"{self.server}/relay-vertical"],
            "width": 1280, "height": 720})
        self.assertEqual((code, error["field"]), (409, "width"), error)

        # and the landscape program, untouched, beside them
        code, plain = self.api.post("/rest-api/push/startup", {
            "streamName": "program", "rtmpUrl": f"{self.server}/", "options": {}})
        self.assertEqual(code, 409, plain)
        code, landscape = self.api.post("/relay/startrtmp", {
            "taskId": "landscape", "pushUrls": [f"{self.server}/relay-landscape"]})
        self.assertEqual(code, 200, landscape)

        sizes = {
            "rtmp_program": self.recorded_size("rtmp_program", lambda: self.api.post(
                "/rest-api/push/terminate", {"mediaSessionId": t["mediaSessionId"]})),
            "red5-vertical": self.recorded_size("red5-vertical", lambda: self.api.post(
                "/live/restream", {"guid": "vertical", "parameters": {"action": "kill"}})),
            "relay-vertical": self.recorded_size("relay-vertical", lambda: self.api.post(
                "/relay/stoprtmp", {"taskId": "tiktok"})),
            "relay-landscape": self.recorded_size("relay-landscape", lambda: self.api.post(
                "/relay/stoprtmp", {"taskId": "landscape"})),
        }
        self.assertEqual(sizes, {"rtmp_program": VERTICAL, "red5-vertical": VERTICAL,
                                 "relay-vertical": VERTICAL, "relay-landscape": (1280, 720)})

    def test_bad_sizes_are_refused(self):
        cases = [
            ("/rest-api/push/startup", {"streamName": "program", "rtmpUrl": self.server,
                                        "options": {"width": 721, "height": 1280}},
             "options.width"),
            ("/rest-api/push/startup", {"streamName": "program", "rtmpUrl": self.server,
                                        "options": {"height": 1280}}, "options.width"),
            ("/live/restream", {"guid": "g", "name": "program", "parameters": {
                "action": "create", "type": "rtmp-push", "endpoint": self.server,
                "width": 8, "height": 8}}, "parameters.width"),
            ("/relay/startrtmp", {"taskId": "t", "pushUrls": [f"{self.server}/x"],
                                  "width": 720}, "height"),
        ]
        for path, body, field in cases:
            with self.subTest(path=path, body=body):
                code, error = self.api.post(path, body)
                self.assertEqual((code, error["field"]), (400, field), error)
        self.assertEqual(self.api.get("/relay/tasks"), (200, []))


if __name__ == "__main__":
    unittest.main(verbosity=2)
