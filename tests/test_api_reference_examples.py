#!/usr/bin/python3
"""Issue 21: the reference documents' own curl examples (/work/shared/reference: Red5's
restreamer, WCS's /push, Live777's streams and cascade, relay tasks), run as printed with
only host, port and stream names adapted, against a Relaycast started with --api-auth none
(no token, loopback only); each one's effect is checked on a real peer."""
import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from relayapi import ApiRelaycast, RecordingHttpEndpoint, recording_closed  # noqa: E402
from relaypeers import Nginx, probe, wait_until  # noqa: E402

# the document's example key is replaced by one in no real key's shape
TWITCH_KEY = "example-whip-token-for-tests"


class ReferenceExamplesTest(unittest.TestCase):
    def setUp(self):
        self.nginx = Nginx().start()
        self.addCleanup(self.nginx.close)
        self.whip = RecordingHttpEndpoint(status=404)
        self.addCleanup(self.whip.close)
        self.rc = ApiRelaycast("--source", "test", "--stream-name", "stream1", "--retry-delay",
                               "1", "--api-auth", "none", token=None)
        self.addCleanup(self.rc.kill)
        self.base = f"http://127.0.0.1:{self.rc.port}"

    def curl(self, *args):
        """curl as the documents print it (no token), host and port adapted."""
        args = [a.replace("http://localhost:5080", self.base)
                .replace("http://localhost:7777", self.whip.url(""))
                .replace("rtmp://localhost:1935", f"rtmp://127.0.0.1:{self.nginx.port}")
                for a in args]
        done = subprocess.run(["curl", "-sS", "-o", "-", "-w", "\n%{http_code}", *args],
                              capture_output=True, text=True, timeout=60)
        text, _, code = done.stdout.rpartition("\n")
        return int(code), json.loads(text) if text.strip() else None

    def offer_to(self, path):
        return wait_until(lambda: next((q for q in self.whip.requests if q["method"] == "POST"
                                        and q["path"] == path), None), 30,
                          what=f"a WHIP offer to {path}")

    def test_red5_restreamer(self):
        # "Example provisioning via curl", the Twitch endpoint on loopback
        code, r = self.curl(
            "-v", "-X", "POST", "http://localhost:5080/live/restream", "-H",
            "Content-Type: application/json", "-d",
            '{"guid": "restream_twitch", "context": "live", "name": "stream1", "level": 0, '
            '"parameters": {"action": "create", "type": "whip-push", "serviceProvider": '
            '"twitch", "endpoint": "http://localhost:7777/v2/offer", "bearerToken": '
            f'"{TWITCH_KEY}", "audio": true, "video": true, "datachannel": false, '
            '"insertableStream": false, "immediate": "false", "attempts": "3", "delayS": "10", '
            '"persist": "false"}}')
        self.assertEqual(code, 200, r)
        offer = self.offer_to("/v2/offer")
        self.assertEqual(offer["headers"].get("Authorization"), f"Bearer {TWITCH_KEY}")
        self.assertNotIn(b"m=application", offer["body"])
        # the first example, to a Red5 Pro server's WHIP endpoint, with a data channel
        code, r = self.curl("-X", "POST", "http://localhost:5080/live/restream", "-H",
                            "Content-Type: application/json", "-d", json.dumps({
                                "guid": "live/stream1", "context": "live", "name": "stream1",
                                "level": 0, "parameters": {
                                    "type": "whip-push", "action": "create",
                                    "endpoint": "http://localhost:7777/live/whip/endpoint/stream2",
                                    "audio": True, "video": True, "datachannel": True,
                                    "insertableStream": False, "immediate": False,
                                    "attempts": 3, "delayS": 10, "persist": False}}))
        self.assertEqual(code, 200, r)
        self.assertIn(b"m=application", self.offer_to("/live/whip/endpoint/stream2")["body"])
        # "the standard kill request"
        code, r = self.curl(
            "-v", "-X", "POST", "http://localhost:5080/live/restream", "-H",
            "Content-Type: application/json", "-d",
            '{"guid": "restream_twitch", "context": "live", "name": "stream1", "level": 0, '
            '"parameters": {"action": "kill", "type": "whip-push"}}')
        self.assertEqual(code, 200, r)
        code, listed = self.curl("-X", "POST", "http://localhost:5080/live/restream", "-d",
                                 '{"parameters": {"action": "list"}}')
        self.assertEqual((code, [x["guid"] for x in listed]), (200, ["live/stream1"]))

    def test_wcs_push(self):
        rest = "http://localhost:5080/rest-api/push"
        code, t = self.curl("-X", "POST", f"{rest}/startup", "-H",
                            "Content-Type: application/json", "-d",
                            '{ "streamName": "stream1", "rtmpUrl": "rtmp://localhost:1935/live",'
                            ' "options": {} }')
        self.assertEqual(code, 200, t)
        sid = t["mediaSessionId"]
        code, found = self.curl("-X", "POST", f"{rest}/find", "-d",
                                '{ "streamName": "stream1", '
                                '"rtmpUrl": "rtmp://localhost:1935/live" }')
        self.assertEqual((code, [f["mediaSessionId"] for f in found]), (200, [sid]))
        self.assertEqual(self.curl("-X", "POST", f"{rest}/find_all")[0], 200)
        self.assertEqual(self.curl("-X", "POST", f"{rest}/mute", "-d",
                                   f'{{ "mediaSessionId": "{sid}" }}'), (200, None))
        self.assertIs(self.curl("-X", "POST", f"{rest}/find_all")[1][0]["muted"], True)
        path = self.nginx.recording("rtmp_stream1")
        wait_until(lambda: os.path.exists(path) and os.path.getsize(path) > 300_000, 30,
                   what="the transponder to publish")
        self.assertEqual(self.curl("-X", "POST", f"{rest}/terminate", "-d",
                                   f'{{ "mediaSessionId": "{sid}" }}'), (200, None))
        wait_until(lambda: recording_closed(self.nginx, "rtmp_stream1"), 15, what="closed")
        self.assertGreater(probe(path)["video"]["frames"], 10)

    def test_live777_streams_and_cascade(self):
        code, _ = self.curl("-X", "POST", "http://localhost:5080/api/streams/web-0")
        self.assertEqual(code, 204)
        code, streams = self.curl("http://localhost:5080/api/streams/")
        self.assertEqual(code, 200, streams)
        self.assertIn("web-0", [s["id"] for s in streams])
        # the cascade request's body, push mode, as printed (empty fields left in)
        code, session = self.curl("-X", "POST", "http://localhost:5080/api/cascade/stream1",
                                  "-d", '{"token": "", "sourceUrl": "", '
                                        '"targetUrl": "http://localhost:7777/whip/push"}')
        self.assertEqual(code, 200, session)
        self.offer_to("/whip/push")
        self.assertEqual(self.curl("-X", "DELETE", "http://localhost:5080/api/streams/web-0"),
                         (204, None))

    def test_relay_tasks(self):
        push = "rtmp://localhost:1935/live/relayed"
        code, task = self.curl("-X", "POST", "http://localhost:5080/relay/startrtmp", "-d",
                               json.dumps({"taskId": "t1", "pushUrls": [push]}))
        self.assertEqual(code, 200, task)
        path = self.nginx.recording("relayed")
        wait_until(lambda: os.path.exists(path) and os.path.getsize(path) > 300_000, 30,
                   what="the task to push")
        code, stopped = self.curl("-X", "POST", "http://localhost:5080/relay/stoprtmp", "-d",
                                  '{"taskId": "t1"}')
        self.assertEqual(code, 200, stopped)
        wait_until(lambda: recording_closed(self.nginx, "relayed"), 15, what="closed")


if __name__ == "__main__":
    unittest.main(verbosity=2)
