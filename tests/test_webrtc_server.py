#!/usr/bin/python3
"""Issue 6: the local WebRTC server. Headless Chromium publishes over WHIP and plays over WHEP;
Relaycast restreams what it receives to nginx-rtmp; Relaycast's own WHIP output publishes to it."""
import os
import re
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from browserpeer import Chromium, inbound, outbound  # noqa: E402
from openapi_check import CheckedApi  # noqa: E402
from relayapi import TOKEN, ApiRelaycast, write_token_file  # noqa: E402
from relaypeers import Nginx, Relaycast, probe, wait_until  # noqa: E402

PROGRAM_FPS = 30


def session_id(location):
    return location.rstrip("/").rsplit("/", 1)[1]


class WebrtcServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.browser = Chromium()

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()

    def start(self, *args):
        rc = ApiRelaycast("--source", "test", "--api-allow-origin", self.browser.origin, "-v", *args)
        self.addCleanup(rc.kill)
        self.url = f"http://127.0.0.1:{rc.port}"
        return rc

    def streams(self, rc):
        code, streams = CheckedApi(rc.api).get("/api/streams")
        self.assertEqual(code, 200, streams)
        return {s["id"]: s for s in streams}

    def send(self, rc, method, path, body, content_type, headers=(), auth=True):
        """curl with a body of the given type (Api.curl sends JSON)."""
        args = ["curl", "-sS", "-X", method, "-o", "-", "-w", "\n%{http_code}",
                "-H", f"Content-Type: {content_type}", "--data-binary", "@-"]
        if auth:
            args += ["-H", f"Authorization: Bearer {TOKEN}"]
        for header in headers:
            args += ["-H", header]
        done = subprocess.run(args + [self.url + path], input=body.encode(), capture_output=True,
                              timeout=60)
        text, _, code = done.stdout.decode().rpartition("\n")
        return int(code), text

    def restream(self, rc, nginx, stream):
        """WCS startup of @stream to nginx-rtmp; returns its recording once 12 s are in it."""
        code, body = rc.api.post("/rest-api/push/startup", {
            "streamName": stream, "rtmpUrl": nginx.rtmp_url("live", "x").rsplit("/", 1)[0]})
        self.assertEqual(code, 200, body)
        rc.wait_for_line(r"rtmp://.*: live")
        live_at = time.monotonic()
        recording = nginx.recording(f"rtmp_{stream}")
        wait_until(lambda: time.monotonic() - live_at > 12 and os.path.exists(recording)
                   and os.path.getsize(recording) > 500_000,
                   40, what=f"12 s of {stream} to be recorded; {rc.output()}")
        return recording

    def assert_recording(self, recording, frame_tolerance):
        """H.264 and AAC for 10 s or more, at about the program's frame rate."""
        info = probe(recording)
        self.assertEqual(info["video"]["codec_name"], "h264")
        self.assertEqual(info["audio"]["codec_name"], "aac")
        self.assertGreaterEqual(info["duration"], 10.0)
        expected = info["duration"] * PROGRAM_FPS
        self.assertLess(abs(info["video"]["frames"] - expected), frame_tolerance * expected, info)

    def wait_for_frames(self, peer, more_than, what):
        return self.browser.wait_for_stats(
            peer, lambda s: inbound(s, "video").get("framesDecoded", 0) > more_than, 30, what=what)

    def test_browser_publish_is_restreamed_to_rtmp(self):
        nginx = Nginx()
        nginx.start()
        self.addCleanup(nginx.stop)
        rc = self.start()
        pub = self.browser.publish(self.url + "/whip/browser", TOKEN)
        self.assertEqual(pub["status"], 201, pub)
        self.assertTrue(pub["etag"])
        self.browser.wait_for_stats(
            pub["peer"], lambda s: s["connectionState"] == "connected"
            and outbound(s, "video").get("framesEncoded", 0) > 0, 20, what="Chromium to send")

        # the publisher, as Live777 lists it: the session its Location names
        wait_until(lambda: self.streams(rc)["browser"]["publish"]["sessions"], 20,
                   what="the publisher in /api/streams")
        (session,) = self.streams(rc)["browser"]["publish"]["sessions"]
        self.assertEqual(session["id"], session_id(pub["location"]))
        self.assertEqual(session["state"], "connected")

        # decoded, through the shared encoders, to RTMP with AAC
        recording = self.restream(rc, nginx, "browser")

        self.assertEqual(self.browser.delete(pub["peer"], TOKEN), 204)
        # the restream waits for a publisher again; the session is gone
        rc.wait_for_line(r"rtmp://.*: waiting for the stream")
        self.assertEqual(self.streams(rc)["browser"]["publish"]["sessions"], [])
        rc.signal(signal.SIGINT)
        self.assertEqual(rc.wait(30), 0, rc.output())
        self.assert_recording(recording, 0.1)

    def test_whep_plays_the_program_from_its_own_encoder(self):
        nginx = Nginx()
        nginx.start()
        self.addCleanup(nginx.stop)
        rc = self.start("--output", nginx.rtmp_url("live", "program"))
        rc.wait_for_line(r"out1 .*: live")
        play = self.browser.play(self.url + "/whep/program", TOKEN)
        self.assertEqual(play["status"], 201, play)

        first = self.wait_for_frames(play["peer"], 30, "Chromium to decode the program")
        self.assertEqual(inbound(first, "video")["codec"], "video/H264")
        later = self.wait_for_frames(play["peer"], inbound(first, "video")["framesDecoded"] + 30,
                                     "more frames")
        self.assertGreater(inbound(later, "audio").get("packetsReceived", 0), 0)
        self.assertEqual((inbound(later, "video")["frameWidth"], inbound(later, "video")["frameHeight"]),
                         (1280, 720))

        # forwarded from the encoder the RTMP destination uses: no second H.264 encoder
        self.assertEqual(len([line for line in rc.lines
                              if re.search(r"stream program: new encoder h264", line)]), 1,
                         rc.output())

        subscribers = self.streams(rc)["program"]["subscribe"]["sessions"]
        viewer = [s for s in subscribers if s["id"] == session_id(play["location"])]
        self.assertEqual([s["state"] for s in viewer], ["connected"])

        self.assertEqual(self.browser.delete(play["peer"], TOKEN), 204)
        wait_until(lambda: not any(s["id"] == session_id(play["location"])
                                   for s in self.streams(rc)["program"]["subscribe"]["sessions"]),
                   20, what="the viewer to leave /api/streams")
        code, _ = rc.api.delete(f"/session/program/{session_id(play['location'])}")
        self.assertEqual(code, 404)

    def test_whep_viewer_of_a_publisher_is_forwarded(self):
        rc = self.start()
        pub = self.browser.publish(self.url + "/whip/guest", TOKEN)
        self.assertEqual(pub["status"], 201, pub)
        sent = self.browser.wait_for_stats(
            pub["peer"], lambda s: outbound(s, "video").get("framesEncoded", 0) > 30, 20,
            what="Chromium to send")
        # its media has come: the stream shows it
        rc.wait_for_line(r"stream guest: live")
        play = self.browser.play(self.url + "/whep/guest", TOKEN)
        self.assertEqual(play["status"], 201, play)
        first = self.wait_for_frames(play["peer"], 30, "Chromium to decode the publisher")
        self.assertGreater(inbound(first, "audio").get("packetsReceived", 0), 0)

        # the publisher's own pictures, in its own codec (VP8 from this Chromium), not the
        # stream's 1280x720 H.264 program: no encoder at all
        self.assertEqual(inbound(first, "video")["codec"], outbound(sent, "video")["codec"])
        publisher_size = (outbound(sent, "video")["frameWidth"], outbound(sent, "video")["frameHeight"])
        self.assertNotEqual(publisher_size, (1280, 720))
        self.assertEqual((inbound(first, "video")["frameWidth"], inbound(first, "video")["frameHeight"]),
                         publisher_size)
        self.assertTrue(any("the publisher's media forwarded" in line for line in rc.lines),
                        rc.output())
        self.assertFalse([line for line in rc.lines if re.search(r"stream guest: new encoder", line)],
                         rc.output())

        # the viewer leaves, the publisher goes on; a second viewer is forwarded too
        self.assertEqual(self.browser.delete(play["peer"], TOKEN), 204)
        again = self.browser.play(self.url + "/whep/guest", TOKEN)
        self.assertEqual(again["status"], 201, again)
        self.wait_for_frames(again["peer"], 30, "Chromium to decode the publisher again")

        # the publisher leaves under its viewer: the viewer's session ends with what it was
        # sent, as a transcoded viewer's does, and Relaycast goes on
        self.assertEqual(self.browser.delete(pub["peer"], TOKEN), 204)
        wait_until(lambda: not self.streams(rc)["guest"]["subscribe"]["sessions"], 20,
                   what="the viewer to leave /api/streams")
        self.assertEqual(self.streams(rc)["guest"]["publish"]["sessions"], [])
        self.assertEqual(self.browser.delete(again["peer"], TOKEN), 404)
        self.assertIsNone(rc.proc.poll(), rc.output())
        self.assertFalse([line for line in rc.lines if "CRITICAL" in line or "WARNING" in line],
                         rc.output())

    def test_cascade_pull_from_another_relaycast(self):
        """Live777's cascade pull: Relaycast B takes Relaycast A's program over WHEP as its
        stream "pulled", and restreams it to nginx-rtmp."""
        nginx = Nginx()
        nginx.start()
        self.addCleanup(nginx.stop)
        a = self.start()
        b = ApiRelaycast("--source", "test", "-v")
        self.addCleanup(b.kill)
        source_url = f"{self.url}/whep/program"
        # the answers as openapi.json says them
        api = CheckedApi(b.api)

        code, session = api.post("/api/cascade/pulled", {"token": TOKEN, "sourceUrl": source_url})
        self.assertEqual(code, 200, session)
        # the stream name after /whep/ is where a key may stand: masked
        self.assertEqual(session["cascade"]["sourceUrl"], f"{self.url}/whep/****")
        self.assertNotIn(TOKEN, str(session))

        def pulled():
            sessions = self.streams(b)["pulled"]["publish"]["sessions"]
            return sessions and sessions[0]["state"] == "connected" and sessions[0]
        pulled_session = wait_until(pulled, 30, what=f"the pull to connect; {b.output()}")
        self.assertEqual(pulled_session["id"], session["id"])
        self.assertRegex(pulled_session["cascade"]["sessionUrl"],
                         rf"^{re.escape(self.url)}/session/\*{{4}}/\w{{4}}\*{{4}}$")
        # A sees B as a WHEP viewer of its program
        viewers = self.streams(a)["program"]["subscribe"]["sessions"]
        self.assertEqual([v["state"] for v in viewers], ["connected"])

        # one publisher per stream: a second pull into it is a conflict
        code, error = api.post("/api/cascade/pulled", {"token": TOKEN, "sourceUrl": source_url})
        self.assertEqual((code, error["field"]), (409, "streamId"))

        recording = self.restream(b, nginx, "pulled")

        # the stream goes, and with it the WHEP session on A
        self.assertEqual(api.delete("/api/streams/pulled"), (204, None))
        wait_until(lambda: not self.streams(a)["program"]["subscribe"]["sessions"], 20,
                   what="A's viewer session to be deleted")
        b.signal(signal.SIGINT)
        self.assertEqual(b.wait(30), 0, b.output())
        # two encoders and a decoder in two processes share the CPUs: a stall or a doubling
        # shows, a busy machine's few late frames are allowed for
        self.assert_recording(recording, 0.25)

    def test_own_whip_output_round_trip(self):
        rc = self.start()
        publisher = Relaycast("--headless", "--source", "test", "--output",
                              "whip+" + self.url + "/whip/loop", "--token-file", write_token_file(rc.home))
        self.addCleanup(publisher.kill)
        publisher.wait_for_line(r"out1 .*: live")
        rc.wait_for_line(r"stream loop: live")

        play = self.browser.play(self.url + "/whep/loop", TOKEN)
        self.assertEqual(play["status"], 201, play)
        first = self.wait_for_frames(play["peer"], 15, "the round trip to reach Chromium")
        self.wait_for_frames(play["peer"], inbound(first, "video")["framesDecoded"] + 15,
                             "the round trip to go on")
        # decoded frames reach the page's <video> only when the answer named the SSRC sent
        self.browser.wait_for_stats(play["peer"], lambda s: s["shown"]["width"] == 1280, 10,
                                    what="the viewer's <video> to show the stream")
        # the publisher's H.264 as it came: no encoder for the stream
        self.assertEqual(inbound(first, "video")["codec"], "video/H264")
        self.assertTrue(any("the publisher's media forwarded" in line for line in rc.lines),
                        rc.output())
        self.assertFalse([line for line in rc.lines if re.search(r"stream loop: new encoder", line)],
                         rc.output())

        publisher.signal(signal.SIGINT)
        self.assertEqual(publisher.wait(30), 0, publisher.output())
        # its DELETE ended the publish
        wait_until(lambda: self.streams(rc)["loop"]["publish"]["sessions"] == [], 20,
                   what="the publisher to leave")

    def test_ice_restart(self):
        """Chromium restarts ICE of a WHIP publish and of a WHEP play; media keeps flowing over
        the new credentials."""
        rc = self.start()
        pub = self.browser.publish(self.url + "/whip/restarted", TOKEN)
        self.assertEqual(pub["status"], 201, pub)
        play = self.browser.play(self.url + "/whep/program", TOKEN)
        self.assertEqual(play["status"], 201, play)
        self.wait_for_frames(play["peer"], 30, "Chromium to decode the program")
        wait_until(lambda: self.streams(rc)["restarted"]["publish"]["sessions"], 20,
                   what="the publisher in /api/streams")

        for peer, etag in ((pub["peer"], pub["etag"]), (play["peer"], play["etag"])):
            restarted = self.browser.restart(peer, TOKEN)
            self.assertEqual(restarted["status"], 200, restarted)
            self.assertNotEqual(restarted["after"], restarted["before"])
            self.assertTrue(restarted["etag"])
            self.assertNotEqual(restarted["etag"], etag)
            # the old version of the session is gone
            location = pub["location"] if peer == pub["peer"] else play["location"]
            code, body = self.send(rc, "PATCH", location.split(str(rc.port), 1)[1],
                                   "a=end-of-candidates\r\n", "application/trickle-ice-sdpfrag",
                                   headers=[f"If-Match: {etag}"])
            self.assertEqual(code, 412, body)
            # the connection moved to the new credentials: Relaycast's agent answered them
            self.browser.wait_for_stats(
                peer, lambda s: s["transport"].get("iceLocalUsernameFragment") == restarted["mine"]
                and s["transport"].get("iceState") == "connected", 20,
                what="the transport to use the restarted ICE credentials")

        # over the new ICE credentials: the viewer keeps decoding, the publish stays connected
        frames = inbound(self.browser.stats(play["peer"]), "video")["framesDecoded"]
        self.wait_for_frames(play["peer"], frames + 60, "frames after the restart")
        sent = outbound(self.browser.stats(pub["peer"]), "video")["packetsSent"]
        self.browser.wait_for_stats(
            pub["peer"], lambda s: s["connectionState"] == "connected"
            and outbound(s, "video")["packetsSent"] > sent + 100, 20, what="the publish to go on")
        (session,) = self.streams(rc)["restarted"]["publish"]["sessions"]
        self.assertEqual(session["state"], "connected")

    def test_one_publisher_per_stream(self):
        rc = self.start()
        first = self.browser.publish(self.url + "/whip/solo", TOKEN)
        self.assertEqual(first["status"], 201, first)
        second = self.browser.publish(self.url + "/whip/solo", TOKEN)
        self.assertEqual(second["status"], 409, second)
        self.assertIn("already has a publisher", second["body"])
        # the program has its own source
        self.assertEqual(self.browser.publish(self.url + "/whip/program", TOKEN)["status"], 409)

        session = f"/session/solo/{session_id(first['location'])}"
        frag = "a=ice-ufrag:{}\r\na=ice-pwd:{}\r\na=candidate:1 1 udp 1 127.0.0.1 9 typ host\r\n"
        sdpfrag = "application/trickle-ice-sdpfrag"
        code, body = self.send(rc, "PATCH", session, frag.format("x", "y"), sdpfrag,
                               headers=['If-Match: "stale"'])
        self.assertEqual(code, 412, body)
        code, body = self.send(rc, "PATCH", session, "a=end-of-candidates\r\n", sdpfrag,
                               headers=[f"If-Match: {first['etag']}"])
        self.assertEqual(code, 204, body)
        code, body = self.send(rc, "PATCH", session, "a=end-of-candidates\r\n", "text/plain")
        self.assertEqual(code, 415, body)

        code, _ = rc.api.delete(session)
        self.assertEqual(code, 204)
        wait_until(lambda: self.streams(rc)["solo"]["publish"]["sessions"] == [], 20,
                   what="the session to be gone")
        code, _ = rc.api.delete(session)
        self.assertEqual(code, 404)
        # the stream takes a new publisher
        again = self.browser.publish(self.url + "/whip/solo", TOKEN)
        self.assertEqual(again["status"], 201, again)

        # the stream removed under its publisher and a viewer: both sessions end with it
        play = self.browser.play(self.url + "/whep/solo", TOKEN)
        self.assertEqual(play["status"], 201, play)
        self.assertEqual(rc.api.delete("/api/streams/solo"), (204, None))
        for location in (again["location"], play["location"]):
            code, _ = rc.api.delete(f"/session/solo/{session_id(location)}")
            self.assertEqual(code, 404)
        self.assertNotIn("solo", self.streams(rc))
        # and a new publish makes it again
        third = self.browser.publish(self.url + "/whip/solo", TOKEN)
        self.assertEqual(third["status"], 201, third)
        self.assertEqual(self.browser.delete(third["peer"], TOKEN), 204)

    def test_bad_requests(self):
        rc = self.start("--no-auto-create-whip")
        sdp = "application/sdp"
        code, body = self.send(rc, "POST", "/whip/program", "hello", sdp)
        self.assertEqual(code, 400, body)
        self.assertIn("not an SDP", body)
        code, body = rc.api.post("/whip/program", {"sdp": "v=0"})
        self.assertEqual(code, 415, body)
        vp9_only = self.browser.offer("publish")
        vp9_only = re.sub(r"a=rtpmap:\d+ (H264|VP8|opus)/", "a=rtpmap:0 X-NONE/", vp9_only)
        code, body = self.send(rc, "POST", "/whip/program", vp9_only, sdp)
        self.assertEqual(code, 400, body)
        offer = self.browser.offer("publish")
        code, body = self.send(rc, "POST", "/whip/nobody", offer, sdp)
        self.assertEqual(code, 404, body)
        code, body = self.send(rc, "POST", "/whep/nobody", self.browser.offer("play"), sdp)
        self.assertEqual(code, 404, body)
        code, body = self.send(rc, "POST", "/whip/program", offer, sdp, auth=False)
        self.assertEqual(code, 401, body)

        # CORS: the allowed page gets its preflight answered, another page is refused
        preflight = ["-H", "Access-Control-Request-Method: POST",
                     "-H", "Access-Control-Request-Headers: authorization, content-type",
                     "-D", "-"]
        done = subprocess.run(["curl", "-sS", "-X", "OPTIONS", "-H", f"Origin: {self.browser.origin}",
                               *preflight, self.url + "/whip/x"], capture_output=True, text=True)
        self.assertIn("204", done.stdout.splitlines()[0])
        self.assertIn(f"access-control-allow-origin: {self.browser.origin}", done.stdout.lower())
        done = subprocess.run(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-X", "OPTIONS",
                               "-H", "Origin: http://127.0.0.1:1", *preflight[:4], self.url + "/whip/x"],
                              capture_output=True, text=True)
        self.assertEqual(done.stdout, "403")
        # nothing was harmed
        self.assertIn("program", self.streams(rc))


if __name__ == "__main__":
    unittest.main(verbosity=2)
