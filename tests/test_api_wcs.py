#!/usr/bin/python3
"""Issue 5: Flashphoner WCS's /rest-api/push/* against a real nginx-rtmp, with the
documents' own examples (host, port and token adapted)."""
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from relayapi import (ApiRelaycast, band_volume_db, publishes,  # noqa: E402
                      recording_closed, write_tone_wav)
from relaypeers import (Nginx, max_volume_db, probe, recorded_frames,  # noqa: E402
                        wait_until)

SILENT_DB = -80
FPS = 30
LOUD_DB = -20

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

    def terminate_and_check(self, rc, session_id, published, nginx=None, folder=""):
        nginx = nginx or self.nginx
        path = os.path.join(nginx.record_dir, folder, published + ".flv")
        wait_until(lambda: recorded_frames(path) > 3 * FPS, 30, interval=0.5,
                   what="3 s of pictures")
        code, answer = rc.api.post("/rest-api/push/terminate", {"mediaSessionId": session_id})
        self.assertEqual((code, answer), (200, None))
        wait_until(lambda: recording_closed(nginx, published), 10,
                   what="the recording to be closed")
        info = probe(path)
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

    def hooked_nginx(self):
        """nginx that accepts a connect only with user1/pass1 in its query (as a
        Wowza or nginx-rtmp on_connect check does), with instance live/inst."""
        nginx = Nginx(connect_fields={"user": "user1", "pass": "pass1"}, instance="inst").start()
        self.addCleanup(nginx.close)
        return nginx

    def assert_connect_seen(self, nginx, app, query="user=user1&pass=pass1"):
        base = f"rtmp://127.0.0.1:{nginx.port}/{app}"
        forms = [f for f in nginx.connect_hook.forms if f.get("app") == app]
        self.assertTrue(forms, nginx.connect_hook.forms)
        user, password = dict(p.split("=") for p in query.split("&")).values()
        self.assertEqual((forms[-1]["user"], forms[-1]["pass"]), (user, password))
        self.assertEqual(forms[-1]["tcurl"], f"{base}?{query}")

    def test_parameters_in_the_server_url(self):
        # "Parameters passing in server URL": the query reaches the RTMP connect
        # (app and tcUrl) and streamName, prefixed, is what is published
        nginx = self.hooked_nginx()
        rc = self.start("--stream-name", "stream1")
        base = f"rtmp://127.0.0.1:{nginx.port}"
        for app, folder in (("live", ""), ("live/inst", "inst")):
            with self.subTest(app=app):
                code, t = rc.api.post("/rest-api/push/startup", {
                    "streamName": "stream1", "rtmpUrl": f"{base}/{app}/?user=user1&pass=pass1"})
                self.assertEqual(code, 200, t)
                self.assertEqual(t["streamName"], "rtmp_stream1")
                self.assertNotIn("pass1", t["rtmpUrl"])
                self.wait_live(rc, t["mediaSessionId"])
                self.assert_connect_seen(nginx, app)
                self.terminate_and_check(rc, t["mediaSessionId"], "rtmp_stream1", nginx, folder)

        # a wrong password is refused by the server's check, and said so
        published = publishes(nginx, "rtmp_stream1")
        code, t = rc.api.post("/rest-api/push/startup", {
            "streamName": "stream1", "rtmpUrl": f"{base}/live/?user=user1&pass=wrong"})
        self.assertEqual(code, 200, t)
        rc.wait_for_line(t["mediaSessionId"] + r" .*: failed", timeout=30)
        self.assert_connect_seen(nginx, "live", "user=user1&pass=wrong")
        self.assertEqual(publishes(nginx, "rtmp_stream1"), published)
        self.assertNotIn("pass1", rc.output())

    def test_automatic_push_with_parameters_and_bare_server(self):
        # the document's own example names no application: streams go to "live"
        rc = self.start("--wcs-auto-push", f"rtmp://127.0.0.1:{self.nginx.port}/")
        wait_until(lambda: os.path.exists(self.nginx.recording("rtmp_program"))
                   or rc.proc.poll() is not None, 30, what="the automatic push to live")
        self.assertIsNone(rc.proc.poll(), rc.output())
        rc.kill()

        nginx = self.hooked_nginx()
        self.start("--wcs-auto-push",
                   f"rtmp://127.0.0.1:{nginx.port}/live/inst/?user=user1&pass=pass1")
        wait_until(lambda: os.path.exists(os.path.join(nginx.record_dir, "inst",
                                                       "rtmp_program.flv")),
                   30, what="the automatic push with parameters")
        self.assert_connect_seen(nginx, "live/inst")

    def test_automatic_push_and_only_its_own_transponders(self):
        key = "cli-output-key-0123456789"
        rc = self.start("--wcs-auto-push", f"rtmp://127.0.0.1:{self.nginx.port}/live",
                        "--output", self.nginx.rtmp_url("live", key))
        wait_until(lambda: os.path.exists(self.nginx.recording("rtmp_program"))
                   and os.path.exists(self.nginx.recording(key)), 30,
                   what="the automatic push and --output to publish")
        # the command line's RTMP output is its own: WCS neither lists nor stops it
        code, found = rc.api.get("/rest-api/push/find_all")
        self.assertEqual(code, 200, found)
        self.assertEqual([t["streamName"] for t in found], ["rtmp_program"])
        code, answer = rc.api.post("/rest-api/push/terminate", {"mediaSessionId": "out1"})
        self.assertEqual(code, 404, answer)
        self.assertNotIn(key, str(answer))
        size = os.path.getsize(self.nginx.recording(key))
        wait_until(lambda: os.path.getsize(self.nginx.recording(key)) > size + 100_000, 30,
                   what="the command line's output to go on")

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

    def test_mute_and_sound_on(self):
        media = tempfile.mkdtemp(prefix="relaycast-media-")
        write_tone_wav(os.path.join(media, "tone.wav"), frequency=1500, seconds=1.0)
        with open(os.path.join(media, "notes.wav"), "w") as f:
            f.write("not a sound")
        rc = self.start("--wcs-full-url", "--media-dir", media)
        base = f"rtmp://127.0.0.1:{self.nginx.port}/live/"

        def startup(name, options=None):
            code, t = rc.api.post("/rest-api/push/startup", {
                "streamName": "program", "rtmpUrl": base + name, "options": options or {}})
            self.assertEqual(code, 200, t)
            self.assertEqual(t["options"], options or {})
            return t["mediaSessionId"]

        def find(session_id):
            found = rc.api.get("/rest-api/push/find_all")[1]
            return next(t for t in found if t["mediaSessionId"] == session_id)

        def size(name):
            path = self.nginx.recording(name)
            return os.path.getsize(path) if os.path.exists(path) else 0

        def grow(name, by):
            start = size(name)
            wait_until(lambda: size(name) > start + by, 30, what=f"{name} to grow")

        muted = startup("muted", {"action": "mute"})
        mixed = startup("mixed", {"action": "sound_on", "soundFile": "tone.wav", "loop": True})
        plain = startup("plain")
        toggled = startup("toggled")
        self.assertEqual((find(muted)["muted"], find(muted)["soundEnabled"]), (True, False))
        self.assertEqual((find(mixed)["muted"], find(mixed)["soundEnabled"]), (False, True))
        for session_id in (muted, mixed, plain, toggled):
            self.wait_live(rc, session_id)

        # toggled: its own sound, then silence, then silence with the WAV's tone
        grow("toggled", 1_000_000)
        self.assertEqual(rc.api.post("/rest-api/push/mute", {"mediaSessionId": toggled}),
                         (200, None))
        at_mute = size("toggled")
        self.assertIs(find(toggled)["muted"], True)
        grow("toggled", 1_000_000)
        self.assertEqual(rc.api.post("/rest-api/push/sound_on", {
            "mediaSessionId": toggled, "soundFile": "tone.wav", "loop": True}), (200, None))
        at_sound = size("toggled")
        self.assertIs(find(toggled)["soundEnabled"], True)
        grow("toggled", 1_000_000)

        # errors leave everything as it was
        for body, status in (({"mediaSessionId": toggled, "soundFile": "nope.wav"}, 404),
                             ({"mediaSessionId": toggled, "soundFile": "notes.wav"}, 400),
                             ({"mediaSessionId": toggled, "soundFile": "../tone.wav"}, 400),
                             ({"mediaSessionId": "nope", "soundFile": "tone.wav"}, 404)):
            with self.subTest(body=body):
                code, error = rc.api.post("/rest-api/push/sound_on", body)
                self.assertEqual(code, status, error)
        self.assertEqual(rc.api.post("/rest-api/push/sound_on",
                                     {"mediaSessionId": toggled, "soundFile": "nope.wav"})[1]
                         ["message"], "No such file")
        self.assertEqual(rc.api.post("/rest-api/push/mute", {"mediaSessionId": "nope"})[0], 404)

        for session_id, name in ((muted, "muted"), (mixed, "mixed"), (plain, "plain"),
                                 (toggled, "toggled")):
            self.assertEqual(rc.api.post("/rest-api/push/terminate",
                                         {"mediaSessionId": session_id}), (200, None))
            wait_until(lambda: recording_closed(self.nginx, name), 10, what=f"{name} closed")

        # muted from its first frame: silence all through, pictures all through
        path = self.nginx.recording("muted")
        self.assertLessEqual(max_volume_db(path), SILENT_DB)
        self.assertGreater(probe(path)["video"]["frames"], 60)
        # the WAV's tone over the stream's own 440 Hz
        path = self.nginx.recording("mixed")
        self.assertGreaterEqual(band_volume_db(path, 1500, start=0.5), LOUD_DB)
        self.assertGreaterEqual(band_volume_db(path, 440, start=0.5), LOUD_DB)
        # untouched by the others' treatments
        path = self.nginx.recording("plain")
        self.assertGreaterEqual(band_volume_db(path, 440, start=0.5), LOUD_DB)
        self.assertLessEqual(band_volume_db(path, 1500, start=0.5), -30)
        self.assertGreater(max_volume_db(path, start=0.5), LOUD_DB)

        # toggled, phase by phase (the byte counts at each change give their times)
        path = self.nginx.recording("toggled")
        total = probe(path)["duration"]
        t_mute = total * at_mute / size("toggled")
        t_sound = total * at_sound / size("toggled")
        margin = 0.7
        self.assertGreaterEqual(band_volume_db(path, 440, 0.3, t_mute - margin - 0.3), LOUD_DB)
        self.assertLessEqual(max_volume_db(path, t_mute + margin, t_sound - t_mute - 2 * margin),
                             SILENT_DB)
        tail = (t_sound + margin, total - t_sound - 2 * margin)
        self.assertGreaterEqual(band_volume_db(path, 1500, *tail), LOUD_DB)
        self.assertLessEqual(band_volume_db(path, 440, *tail), -35)

    def test_sound_played_once_ends_on_its_own(self):
        media = tempfile.mkdtemp(prefix="relaycast-media-")
        write_tone_wav(os.path.join(media, "short.wav"), frequency=1500, seconds=2.0)
        rc = self.start("--media-dir", media)
        code, t = rc.api.post("/rest-api/push/startup", {
            "streamName": "program", "rtmpUrl": f"rtmp://127.0.0.1:{self.nginx.port}/live"})
        self.assertEqual(code, 200, t)
        self.wait_live(rc, t["mediaSessionId"])
        self.assertEqual(rc.api.post("/rest-api/push/sound_on", {
            "mediaSessionId": t["mediaSessionId"], "soundFile": "short.wav", "loop": "false"}),
            (200, None))

        def sound_enabled():
            return rc.api.get("/rest-api/push/find_all")[1][0]["soundEnabled"]

        self.assertIs(sound_enabled(), True)
        wait_until(lambda: not sound_enabled(), 10, what="the clip to end")
        self.assertEqual(rc.api.post("/rest-api/push/sound_off",
                                     {"mediaSessionId": t["mediaSessionId"]}), (200, None))
        self.terminate_and_check(rc, t["mediaSessionId"], "rtmp_program")


if __name__ == "__main__":
    unittest.main(verbosity=2)
