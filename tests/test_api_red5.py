#!/usr/bin/python3
"""Issue 5: Red5 Pro's restreamer (POST /live/restream) with the reference's own examples
(host, port and token adapted), pushing to a real nginx-rtmp; persisted restreams survive
a restart."""
import json
import os
import signal
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from relayapi import (ApiRelaycast, RecordingHttpEndpoint, publishes,  # noqa: E402
                      recording_closed)
from relaypeers import Nginx, probe, wait_until  # noqa: E402

PARAMETERS = {"type", "serviceProvider", "endpoint", "audio", "video", "datachannel",
              "insertableStream", "immediate", "attempts", "delayS", "persist"}
TWITCH_KEY = "live_fake_twitch_key_not_real"


class Red5Test(unittest.TestCase):
    def setUp(self):
        self.nginx = Nginx().start()
        self.addCleanup(self.nginx.close)

    def start(self, *args, home=None):
        rc = ApiRelaycast("--source", "test", "--stream-name", "stream1", "--retry-delay", "1",
                          *args, home=home)
        self.addCleanup(rc.kill)
        return rc

    def rtmp_push(self, guid, name="stream1", **parameters):
        body = {"guid": guid, "context": "live", "name": name, "level": 0,
                "parameters": {"action": "create", "type": "rtmp-push",
                               "endpoint": f"rtmp://127.0.0.1:{self.nginx.port}/live",
                               "audio": True, "video": True, "immediate": "false",
                               "attempts": "3", "delayS": "1", "persist": "false"}}
        body["parameters"].update(parameters)
        return body

    def listed(self, rc):
        code, restreams = rc.api.post("/live/restream", {"parameters": {"action": "list"}})
        self.assertEqual(code, 200, restreams)
        return {r["guid"]: r for r in restreams}

    def state_of(self, rc, guid):
        restream = self.listed(rc).get(guid)
        return restream and restream["state"]

    def assert_restream(self, r, guid, name, state=None):
        self.assertEqual(set(r), {"guid", "context", "name", "level", "parameters", "state",
                                  "stats"})
        self.assertEqual((r["guid"], r["context"], r["name"], r["level"]),
                         (guid, "live", name, 0))
        self.assertLessEqual(PARAMETERS, set(r["parameters"]))
        if state:
            self.assertEqual(r["state"], state)

    def test_rtmp_push_create_update_kill(self):
        rc = self.start()
        code, r = rc.api.post("/live/restream", self.rtmp_push("live/stream1"))
        self.assertEqual(code, 200, r)
        self.assert_restream(r, "live/stream1", "stream1")
        # numbers and booleans sent as strings, as in Red5's curl example
        self.assertEqual((r["parameters"]["attempts"], r["parameters"]["delayS"]), (3, 1))
        self.assertIs(r["parameters"]["immediate"], False)
        self.assertIs(r["parameters"]["persist"], False)

        code, error = rc.api.post("/live/restream", self.rtmp_push("live/stream1"))
        self.assertEqual(code, 409, error)
        self.assertEqual(error["field"], "guid")

        wait_until(lambda: self.state_of(rc, "live/stream1") == "live", 30, what="live")
        wait_until(lambda: os.path.getsize(self.nginx.recording("stream1")) > 500_000, 20,
                   what="the recording to grow")

        # attempts and delayS change live, without a new connection
        code, r = rc.api.post("/live/restream", {"guid": "live/stream1", "parameters": {
            "action": "update", "attempts": "7", "delayS": 2}})
        self.assertEqual(code, 200, r)
        self.assertEqual((r["parameters"]["attempts"], r["parameters"]["delayS"]), (7, 2))
        self.assertEqual(publishes(self.nginx, "stream1"), 1)

        # a new stream key is a new connection: the old publish ends, the new one starts
        new_key = "red5-new-key-0123456789"
        code, r = rc.api.post("/live/restream", {"guid": "live/stream1", "parameters": {
            "action": "update", "bearerToken": new_key}})
        self.assertEqual(code, 200, r)
        self.assertEqual(r["parameters"]["bearerToken"], "red5****")
        self.assertNotIn(new_key, json.dumps(r))
        wait_until(lambda: recording_closed(self.nginx, "stream1"), 10, what="stream1 closed")
        wait_until(lambda: self.state_of(rc, "live/stream1") == "live", 30, what="live again")
        wait_until(lambda: os.path.exists(self.nginx.recording(new_key))
                   and os.path.getsize(self.nginx.recording(new_key)) > 300_000, 20,
                   what="the new recording to grow")

        # the reference's kill request
        code, r = rc.api.post("/live/restream", {"guid": "live/stream1", "context": "live",
                                                 "name": "stream1", "level": 0,
                                                 "parameters": {"action": "kill",
                                                                "type": "rtmp-push"}})
        self.assertEqual(code, 200, r)
        self.assert_restream(r, "live/stream1", "stream1", state="stopped")
        wait_until(lambda: recording_closed(self.nginx, new_key), 10, what="closed")
        for name in ("stream1", new_key):
            info = probe(self.nginx.recording(name))
            self.assertEqual(info["video"]["codec_name"], "h264")
            self.assertGreater(info["video"]["frames"], 20)
        self.assertEqual(self.listed(rc), {})
        self.assertEqual(rc.api.post("/live/restream", {"guid": "live/stream1", "parameters": {
            "action": "kill"}})[0], 404)
        self.assertNotIn(new_key, rc.output())

    def test_immediate_false_waits_for_the_stream(self):
        rc = self.start()
        code, error = rc.api.post("/live/restream",
                                  self.rtmp_push("now", name="later", immediate=True))
        self.assertEqual(code, 404, error)
        self.assertEqual(error["field"], "name")

        code, r = rc.api.post("/live/restream", self.rtmp_push("wait", name="later"))
        self.assertEqual(code, 200, r)
        self.assertEqual(r["state"], "waiting")
        self.assertFalse(os.path.exists(self.nginx.recording("later")))
        # the stream appears (an API-added source): the restream starts on its own
        self.assertEqual(rc.api.post("/api/streams/later", {"source": "test"})[0], 204)
        wait_until(lambda: self.state_of(rc, "wait") == "live", 30, what="the restream to start")
        wait_until(lambda: os.path.exists(self.nginx.recording("later")), 10, what="a recording")
        code, r = rc.api.post("/live/restream", {"guid": "wait", "parameters": {"action": "kill"}})
        self.assertEqual(code, 200, r)

    def test_bad_requests(self):
        rc = self.start()
        cases = [
            ({"guid": "g", "name": "stream1", "parameters": {"action": "explode"}},
             "parameters.action"),
            ({"guid": "g", "name": "stream1", "parameters": {"action": "create"}},
             "parameters.type"),
            ({"guid": "g", "name": "stream1", "parameters": {"action": "create",
                                                             "type": "ftp-push"}},
             "parameters.type"),
            ({"name": "stream1", "parameters": {"action": "create", "type": "rtmp-push",
                                                "endpoint": "rtmp://h/live"}}, "guid"),
            ({"guid": "g", "parameters": {"action": "create", "type": "rtmp-push",
                                          "endpoint": "rtmp://h/live"}}, "name"),
            (self.rtmp_push("g", attempts="three"), "parameters.attempts"),
            (self.rtmp_push("g", immediate="perhaps"), "parameters.immediate"),
            (self.rtmp_push("g", endpoint="http://h/live"), "parameters.endpoint"),
            (self.rtmp_push("g", audio=False, video=False), "parameters.video"),
            ({"guid": "g", "name": "stream1", "parameters": {
                "action": "create", "type": "whip-push", "serviceProvider": "twitch"}},
             "parameters.bearerToken"),
            ({"guid": "g", "name": "stream1", "context": "other",
              "parameters": {"action": "list"}}, "context"),
            ({"guid": "g", "parameters": "create"}, "parameters"),
            ({"guid": "g"}, "parameters"),
            ({"parameters": {"action": "kill"}}, "guid"),
        ]
        for body, field in cases:
            with self.subTest(field=field):
                code, error = rc.api.post("/live/restream", body)
                self.assertEqual(code, 400, error)
                self.assertEqual(error["field"], field)
        # /<context>/restream: the context comes from the path
        code, r = rc.api.post("/live2/restream", self.rtmp_push("ctx") | {"context": None})
        self.assertEqual(code, 200, r)
        self.assertEqual(r["context"], "live2")

    def test_persisted_restream_survives_a_restart(self):
        rc = self.start()
        home = rc.home
        code, r = rc.api.post("/live/restream", self.rtmp_push("keep", persist="true"))
        self.assertEqual(code, 200, r)
        self.assertIs(r["parameters"]["persist"], True)
        # a token goes to the keyring, and there is none here: refused, never written down
        code, error = rc.api.post("/live/restream",
                                  self.rtmp_push("secret", persist=True,
                                                 bearerToken="red5-secret-key-98765"))
        self.assertEqual(code, 503, error)
        self.assertIn("Secret Service", error["message"])
        self.assertNotIn("secret", self.listed(rc))
        # a secret inside the endpoint would land in the file
        code, error = rc.api.post("/live/restream", self.rtmp_push(
            "secret", persist=True,
            endpoint=f"rtmp://user:red5-password-123@127.0.0.1:{self.nginx.port}/live"))
        self.assertEqual(code, 400, error)
        self.assertEqual(error["field"], "parameters.endpoint")

        wait_until(lambda: self.state_of(rc, "keep") == "live", 30, what="live")
        path = os.path.join(home, "config", "relaycast", "restreams.json")
        with open(path) as f:
            saved = json.load(f)
        self.assertEqual([e["guid"] for e in saved["restreams"]], ["keep"])
        self.assertEqual(oct(os.stat(path).st_mode & 0o777), "0o600")

        rc.signal(signal.SIGINT)
        self.assertEqual(rc.wait(30), 0, rc.output())
        wait_until(lambda: recording_closed(self.nginx, "stream1"), 10, what="closed")
        self.assertEqual(publishes(self.nginx, "stream1"), 1)

        again = self.start(home=home)
        again.wait_for_line(r"keep rtmp://127\.0\.0\.1:\d+/live/\*\*\*\*: live", timeout=30)
        restored = self.listed(again)["keep"]
        self.assert_restream(restored, "keep", "stream1", state="live")
        self.assertIs(restored["parameters"]["persist"], True)
        wait_until(lambda: publishes(self.nginx, "stream1") == 2, 10, what="a second publish")
        wait_until(lambda: os.path.getsize(self.nginx.recording("stream1")) > 300_000, 20,
                   what="the restored restream to push")

        # kill forgets it for good
        self.assertEqual(again.api.post("/live/restream", {"guid": "keep", "parameters": {
            "action": "kill"}})[0], 200)
        with open(path) as f:
            self.assertEqual(json.load(f)["restreams"], [])
        for secret in ("red5-secret-key-98765", "red5-password-123"):
            with open(path) as f:
                self.assertNotIn(secret, f.read())
            self.assertNotIn(secret, rc.output() + again.output())

    def test_whip_push_examples(self):
        endpoint = RecordingHttpEndpoint(status=404)
        self.addCleanup(endpoint.close)
        rc = self.start()
        # the reference's Twitch example, its endpoint on loopback
        body = {"guid": "restream_twitch", "context": "live", "name": "stream1", "level": 0,
                "parameters": {"action": "create", "type": "whip-push",
                               "serviceProvider": "twitch",
                               "endpoint": endpoint.url("/v2/offer"),
                               "bearerToken": TWITCH_KEY, "audio": True, "video": True,
                               "datachannel": False, "insertableStream": False,
                               "immediate": "false", "attempts": "3", "delayS": "10",
                               "persist": "false"}}
        answer = rc.api.post("/live/restream", body)
        code, r = answer
        self.assertEqual(code, 200, r)
        self.assert_restream(r, "restream_twitch", "stream1")
        self.assertEqual(r["parameters"]["bearerToken"], "live****")
        self.assertNotIn(TWITCH_KEY, json.dumps(self.listed(rc)))
        # the WHIP offer carries the stream key as its bearer token
        wait_until(lambda: any(q["method"] == "POST" for q in endpoint.requests), 30,
                   what="the WHIP offer")
        offer = next(q for q in endpoint.requests if q["method"] == "POST")
        self.assertEqual(offer["headers"].get("Authorization"), f"Bearer {TWITCH_KEY}")
        self.assertEqual(offer["headers"].get("Content-Type"), "application/sdp")
        self.assertIn(b"m=video", offer["body"])
        code, r = rc.api.post("/live/restream", {"guid": "restream_twitch", "parameters": {
            "action": "kill", "type": "whip-push"}})
        self.assertEqual(code, 200, r)
        self.assertNotIn(TWITCH_KEY, rc.output())

    def test_datachannel_and_service_providers(self):
        """serviceProvider as the restreamer's document applies it to a whip-push:
        red5, a Red5 Pro server's own WHIP endpoint (/<app>/whip/endpoint/<stream>), no token
        needed, a data channel when "datachannel" asks for one; twitch, its WHIP ingest, the
        stream key as bearer token, audio and video only; dolby, Dolby.io's WHIP endpoint,
        its publishing token as bearer token."""
        endpoint = RecordingHttpEndpoint(status=404)
        self.addCleanup(endpoint.close)
        rc = self.start()

        def whip_push(guid, path, **parameters):
            body = {"guid": guid, "context": "live", "name": "stream1", "level": 0,
                    "parameters": {"type": "whip-push", "action": "create",
                                   "endpoint": endpoint.url(path), "audio": True,
                                   "video": True, "insertableStream": False,
                                   "immediate": False, "attempts": 3, "delayS": 10,
                                   "persist": False}}
            body["parameters"].update(parameters)
            return rc.api.post("/live/restream", body)

        def offer_to(path):
            def posted():
                return next((q for q in endpoint.requests
                             if q["method"] == "POST" and q["path"] == path), None)
            return wait_until(posted, 30, what=f"the WHIP offer to {path}")

        # the document's Red5 example: a data channel is negotiated in the offer
        code, r = whip_push("live/stream1", "/live/whip/endpoint/stream2", datachannel=True,
                            serviceProvider="red5")
        self.assertEqual(code, 200, r)
        self.assertIs(r["parameters"]["datachannel"], True)
        offer = offer_to("/live/whip/endpoint/stream2")
        self.assertRegex(offer["body"], rb"\r\nm=application \d+ UDP/DTLS/SCTP webrtc-datachannel")
        self.assertIn(b"m=video", offer["body"])
        self.assertNotIn("Authorization", offer["headers"])
        # without it, none
        code, r = whip_push("live/stream3", "/live/whip/endpoint/stream3", datachannel=False,
                            serviceProvider="red5")
        self.assertEqual(code, 200, r)
        offer = offer_to("/live/whip/endpoint/stream3")
        self.assertNotIn(b"m=application", offer["body"])
        self.assertIn(b"m=video", offer["body"])

        # Dolby.io: its publishing token is the bearer token, needed
        code, error = whip_push("dolby", "/api/whip/stream1", serviceProvider="dolby")
        self.assertEqual((code, error["field"]), (400, "parameters.bearerToken"), error)
        code, r = whip_push("dolby", "/api/whip/stream1", serviceProvider="dolby",
                            bearerToken="dolby-publish-token-0123")
        self.assertEqual(code, 200, r)
        offer = offer_to("/api/whip/stream1")
        self.assertEqual(offer["headers"].get("Authorization"), "Bearer dolby-publish-token-0123")

        # Twitch: the stream key as bearer token, and no data channel
        code, error = whip_push("twitch", "/v2/offer", serviceProvider="twitch",
                                bearerToken=TWITCH_KEY, datachannel=True)
        self.assertEqual((code, error["field"]), (400, "parameters.datachannel"), error)
        code, error = whip_push("twitch", "/v2/offer", serviceProvider="twitch")
        self.assertEqual((code, error["field"]), (400, "parameters.bearerToken"), error)


if __name__ == "__main__":
    unittest.main(verbosity=2)
