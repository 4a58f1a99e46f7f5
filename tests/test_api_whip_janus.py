#!/usr/bin/python3
"""Issue 5 with a real WebRTC peer: Red5's whip-push and Live777's cascade targetUrl, driven
with curl, publish to Janus (VideoRoom behind tests/peers/whip_front.py), and kill stops them.

Janus only gathers candidates on a non-loopback interface: everything runs in a private network
namespace (lo, and a veth with 127.0.0.2), root only, as in CI.
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from relayapi import ApiRelaycast  # noqa: E402
from relaypeers import probe, wait_until  # noqa: E402
from whippeers import Janus, Netns, WhipFront, to_media  # noqa: E402


@unittest.skipUnless(os.geteuid() == 0, "a network namespace needs root")
class ApiWhipJanusTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.netns = Netns()
        cls.netns.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.netns.__exit__()

    def publishers(self, front, room):
        return [p for p in front.participants(room) if p.get("publisher")]

    def kill(self, rc, guid):
        code, r = rc.api.post("/live/restream", {"guid": guid, "context": "live",
                                                 "name": "stream1", "level": 0,
                                                 "parameters": {"action": "kill",
                                                                "type": "whip-push"}})
        self.assertEqual(code, 200, r)
        return r

    def test_red5_whip_push_to_janus(self):
        with Janus() as janus, WhipFront(janus) as front:
            with ApiRelaycast("--source", "test", "--stream-name", "stream1", "--verbose") as rc:
                # the reference's Red5 Pro example, its endpoint on loopback
                code, r = rc.api.post("/live/restream", {
                    "guid": "live/stream1", "context": "live", "name": "stream1", "level": 0,
                    "parameters": {"type": "whip-push", "action": "create",
                                   "serviceProvider": "red5",
                                   "endpoint": front.url("stream2"),
                                   "bearerToken": front.token,
                                   "audio": True, "video": True, "datachannel": True,
                                   "insertableStream": False, "immediate": False,
                                   "attempts": 3, "delayS": 10, "persist": False}})
                self.assertEqual(code, 200, r)
                self.assertEqual(r["parameters"]["bearerToken"], front.token[:4] + "****")
                rc.wait_for_line(r"live/stream1 whip\+http://127\.0\.0\.1:\d+/whip/\*{4}: live",
                                 timeout=30)
                wait_until(lambda: self.publishers(front, "stream2"), 10, what="the publisher")
                rc.wait_for_line(r"output live/stream1: first receiver report", timeout=30)

                r = self.kill(rc, "live/stream1")
                self.assertEqual(r["state"], "stopped")
                # the answer came once the session was deleted
                self.assertEqual(len(front.requests("DELETE")), 1, front.output())
                self.assertEqual(front.participants("stream2"), [])
                self.assertNotIn(front.token, rc.output())

            video = probe(to_media(front.recordings("video")[0], "mp4"))
            audio = probe(to_media(front.recordings("audio")[0], "opus"))
            self.assertEqual(video["video"]["codec_name"], "h264", video)
            self.assertGreater(video["video"]["frames"], 30, video)
            self.assertEqual(audio["audio"]["codec_name"], "opus", audio)
            self.assertGreater(audio["audio"]["frames"], 50, audio)

    def test_live777_cascade_push_to_janus(self):
        with Janus() as janus, WhipFront(janus) as front:
            with ApiRelaycast("--source", "test", "--verbose") as rc:
                code, session = rc.api.post("/api/cascade/program", {
                    "token": front.token, "targetUrl": front.url("push")})
                self.assertEqual(code, 200, session)
                wait_until(lambda: self.publishers(front, "push"), 30, what="the publisher")

                def cascade():
                    code, streams = rc.api.get("/api/streams")
                    sessions = next(s for s in streams if s["id"] == "program")["subscribe"]
                    return next(s for s in sessions["sessions"] if s["id"] == session["id"])

                wait_until(lambda: cascade()["state"] == "connected", 30, what="connected")
                # the room after /whip/ is where a key may stand: masked
                self.assertEqual(cascade()["cascade"]["targetUrl"],
                                 front.url("push").replace("/push", "/****"))
                self.assertRegex(cascade()["cascade"]["sessionUrl"],
                                 r"^http://127\.0\.0\.1:\d+/.+")
                # any dialect stops any output: Red5's kill ends the cascade
                code, r = rc.api.post("/live/restream", {"guid": session["id"], "parameters": {
                    "action": "kill"}})
                self.assertEqual(code, 200, r)
                self.assertEqual(front.participants("push"), [])
                self.assertNotIn(front.token, rc.output())


if __name__ == "__main__":
    unittest.main(verbosity=2)
