#!/usr/bin/python3
"""Issue 5: Flashphoner WCS's /rest-api/push/* against a real nginx-rtmp, with the
documents' own examples (host, port and token adapted)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from relayapi import ApiRelaycast, recording_closed  # noqa: E402
from relaypeers import Nginx, probe, wait_until  # noqa: E402

FIELDS = {"mediaSessionId", "streamName", "rtmpUrl", "width", "height", "muted", "soundEnabled",
          "options"}


class WcsTest(unittest.TestCase):
    def setUp(self):
        self.nginx = Nginx().start()
        self.addCleanup(self.nginx.close)

    def start(self, *args):
        rc = ApiRelaycast("--source", "test", "--attempts", "2", "--retry-delay", "1", *args)
        self.addCleanup(rc.kill)
        return rc

    def assert_transponder(self, t, stream_name, rtmp_url, options=None):
        self.assertEqual(set(t), FIELDS)
        self.assertRegex(t["mediaSessionId"], r"^[0-9a-z]{20,}$")
        self.assertEqual(t["streamName"], stream_name)
        self.assertEqual(t["rtmpUrl"], rtmp_url)
        self.assertEqual((t["width"], t["height"]), (1280, 720))
        self.assertIs(t["muted"], False)
        self.assertIs(t["soundEnabled"], False)
        self.assertEqual(t["options"], options or {})

    def wait_live(self, rc, session_id):
        rc.wait_for_line(session_id + r" .*: live", timeout=30)

    def terminate_and_check(self, rc, session_id, published):
        wait_until(lambda: os.path.exists(self.nginx.recording(published))
                   and os.path.getsize(self.nginx.recording(published)) > 500_000, 20,
                   what="the recording to grow")
        code, answer = rc.api.post("/rest-api/push/terminate", {"mediaSessionId": session_id})
        self.assertEqual((code, answer), (200, None))
        wait_until(lambda: recording_closed(self.nginx, published), 10,
                   what="the recording to be closed")
        info = probe(self.nginx.recording(published))
        self.assertEqual(info["video"]["codec_name"], "h264")
        self.assertEqual(info["audio"]["codec_name"], "aac")
        self.assertGreater(info["video"]["frames"], 30)
        return info

    def test_documented_startup_find_terminate(self):
        rc = self.start("--stream-name", "name")
        rtmp_url = f"rtmp://localhost:{self.nginx.port}/live"

        # the reference's /push/startup example
        code, t = rc.api.post("/rest-api/push/startup",
                              {"streamName": "name", "rtmpUrl": rtmp_url, "options": {}})
        self.assertEqual(code, 200, t)
        self.assert_transponder(t, "rtmp_name", rtmp_url)
        sid = t["mediaSessionId"]

        # the same stream to the same server again: 409 Conflict
        code, error = rc.api.post("/rest-api/push/startup",
                                  {"streamName": "name", "rtmpUrl": rtmp_url, "options": {}})
        self.assertEqual(code, 409, error)

        # /push/find with the reference's body, and by either name
        for body in ({"streamName": "name", "rtmpUrl": rtmp_url}, {"streamName": "rtmp_name"},
                     {"rtmpUrl": rtmp_url}, {}):
            with self.subTest(find=body):
                code, found = rc.api.post("/rest-api/push/find", body)
                self.assertEqual(code, 200, found)
                self.assertEqual(found, [t])
        code, error = rc.api.post("/rest-api/push/find", {"streamName": "other"})
        self.assertEqual(code, 404, error)
        self.assertEqual(error["message"], "Transponder not found")

        for method in ("get", "post"):
            code, found = getattr(rc.api, method)("/rest-api/push/find_all")
            self.assertEqual((code, found), (200, [t]))

        self.wait_live(rc, sid)
        self.terminate_and_check(rc, sid, "rtmp_name")
        self.assertEqual(rc.api.post("/rest-api/push/find_all")[0], 404)
        self.assertEqual(rc.api.post("/rest-api/push/terminate", {"mediaSessionId": sid})[0], 404)

    def test_full_url_mode(self):
        rc = self.start("--stream-name", "testStream", "--wcs-full-url")
        # the call flow's example: the stream name is in the URL
        url = f"rtmp://127.0.0.1:{self.nginx.port}/live/testStream"
        code, t = rc.api.post("/rest-api/push/startup", {"streamName": "testStream",
                                                          "rtmpUrl": url})
        self.assertEqual(code, 200, t)
        self.assertEqual(t["streamName"], "test****")
        self.assertEqual(t["rtmpUrl"], f"rtmp://127.0.0.1:{self.nginx.port}/live/test****")
        self.wait_live(rc, t["mediaSessionId"])
        self.terminate_and_check(rc, t["mediaSessionId"], "testStream")

    def test_prefix_setting(self):
        rc = self.start("--wcs-stream-prefix", "pub_")
        code, t = rc.api.post("/rest-api/push/startup",
                              {"streamName": "program",
                               "rtmpUrl": f"rtmp://127.0.0.1:{self.nginx.port}/live/"})
        self.assertEqual(code, 200, t)
        self.assertEqual(t["streamName"], "pub_program")
        self.wait_live(rc, t["mediaSessionId"])
        self.terminate_and_check(rc, t["mediaSessionId"], "pub_program")

    def test_automatic_push_and_other_outputs_show_up(self):
        key = "cli-output-key-0123456789"
        rc = self.start("--wcs-auto-push", f"rtmp://127.0.0.1:{self.nginx.port}/live",
                        "--output", self.nginx.rtmp_url("live", key))
        wait_until(lambda: os.path.exists(self.nginx.recording("rtmp_program"))
                   and os.path.exists(self.nginx.recording(key)), 30,
                   what="the automatic push and --output to publish")
        code, found = rc.api.get("/rest-api/push/find_all")
        self.assertEqual(code, 200, found)
        by_name = {t["streamName"]: t for t in found}
        self.assertEqual(set(by_name), {"rtmp_program", "cli-****"})
        cli = by_name["cli-****"]
        self.assertEqual(cli["mediaSessionId"], "out1")
        self.assertEqual(cli["rtmpUrl"], f"rtmp://127.0.0.1:{self.nginx.port}/live")
        self.assertNotIn(key, str(found))
        self.terminate_and_check(rc, cli["mediaSessionId"], key)

        # a stream that appears is pushed too, and its push goes with it
        self.assertEqual(rc.api.post("/api/streams/extra", {"source": "test"})[0], 204)
        wait_until(lambda: os.path.exists(self.nginx.recording("rtmp_extra"))
                   and os.path.getsize(self.nginx.recording("rtmp_extra")) > 300_000, 30,
                   what="the new stream's automatic push")
        self.assertEqual(rc.api.delete("/api/streams/extra")[0], 204)
        wait_until(lambda: recording_closed(self.nginx, "rtmp_extra"), 10, what="closed")
        code, found = rc.api.get("/rest-api/push/find_all")
        self.assertEqual(code, 200, rc.output())
        self.assertEqual([t["streamName"] for t in found], ["rtmp_program"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
