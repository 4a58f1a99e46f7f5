#!/usr/bin/python3
"""Issue 4 end to end: relaycast --headless publishes over WHIP to a real WebRTC peer (Janus's
VideoRoom behind tests/peers/whip_front.py) and to nginx-rtmp at once, from one encode.

Janus only gathers candidates on a non-loopback interface, so everything runs in a private
network namespace (lo, and a veth with 127.0.0.2): root only, as in CI.
"""
import os
import re
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from relaypeers import Nginx, Relaycast, probe, wait_until  # noqa: E402
from whippeers import Janus, Netns, WhipFront, to_media  # noqa: E402

PUSH_SECONDS = 10


@unittest.skipUnless(os.geteuid() == 0, "a network namespace needs root")
class WhipJanusTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.netns = Netns()
        cls.netns.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.netns.__exit__()

    def setUp(self):
        self.folder = tempfile.TemporaryDirectory(prefix="relaycast-whip-test-")
        self.addCleanup(self.folder.cleanup)

    def token_file(self, token):
        path = os.path.join(self.folder.name, "token")
        with open(path, "w") as f:
            f.write(token + "\n")
        return path

    def publishers(self, front, room):
        return [p for p in front.participants(room) if p.get("publisher")]

    def test_publish_to_janus_beside_rtmp(self):
        with Janus() as janus, WhipFront(janus) as front, Nginx() as nginx:
            rc = Relaycast("--headless", "--source", "test", "--verbose",
                           "--token-file", self.token_file(front.token),
                           "--output", "whip+" + front.url("room1"),
                           "--output", nginx.rtmp_url("live", "alongside"),
                           "--duration", str(PUSH_SECONDS))
            # the room after /whip/ is where a key may stand: masked
            rc.wait_for_line(r"out1 whip\+http://127\.0\.0\.1:\d+/whip/\*{4}: live", timeout=20)
            rc.wait_for_line(r"out2 rtmp://.*: live", timeout=20)
            self.assertEqual(len(wait_until(lambda: self.publishers(front, "room1"), 10,
                                            what="the publisher in the room")), 1)
            self.assertEqual(rc.wait(PUSH_SECONDS + 30), 0, rc.output())

            # the stop deleted the session, without If-Match, and the publisher left
            deletes = front.requests("DELETE")
            self.assertEqual(len(deletes), 1, front.output())
            self.assertRegex(deletes[0], r" 200 Authorization=Bearer ")
            self.assertNotIn("If-Match", deletes[0])
            self.assertEqual(front.participants("room1"), [])

            # candidates were trickled, with the session's ETag
            patches = front.requests("PATCH")
            self.assertGreaterEqual(len(patches), 1, front.output())
            for line in patches:
                self.assertRegex(line, r' 204 Content-Type=application/trickle-ice-sdpfrag '
                                       r'If-Match="[0-9a-f]{8}" ')

            # Janus's recordings hold the whole push
            video = probe(to_media(front.recordings("video")[0], "mp4"))
            audio = probe(to_media(front.recordings("audio")[0], "opus"))
            self.assertEqual(video["video"]["codec_name"], "h264", video)
            self.assertGreaterEqual(video["video"]["frames"], 250, video)
            self.assertEqual(audio["audio"]["codec_name"], "opus", audio)
            self.assertGreaterEqual(audio["audio"]["frames"], 400, audio)

            # and nginx's all that was pushed to it, from connecting to stopped
            pushed = rc.line_time(r"out2 .*: stopped") - rc.line_time(r"out2 .*: connecting")
            rtmp = probe(nginx.recording("alongside"))
            self.assertEqual(rtmp["video"]["codec_name"], "h264", rtmp)
            self.assertEqual(rtmp["audio"]["codec_name"], "aac", rtmp)
            self.assertGreaterEqual(rtmp["video"]["frames"], 270, rtmp)
            self.assertAlmostEqual(rtmp["duration"], pushed, delta=pushed * 0.1, msg=rtmp)

            # one H.264 encode fed both; Opus for WHIP, AAC for RTMP
            encoders = re.findall(r"new encoder (\w+)/", rc.output())
            self.assertEqual(sorted(encoders), ["aac", "h264", "opus"], encoders)
            self.assertNotIn(front.token, rc.output())

    def test_server_without_trickle(self):
        """A 405 to the first PATCH: the session still comes up (Janus learns the candidates
        from the connectivity checks), and the output stops trickling."""
        with Janus() as janus, WhipFront(janus, trickle=False) as front:
            with Relaycast("--headless", "--source", "test", "--verbose",
                           "--token-file", self.token_file(front.token),
                           "--output", "whip+" + front.url("room2")) as rc:
                rc.wait_for_line(r"out1 .*: live", timeout=40)
                wait_until(lambda: self.publishers(front, "room2"), 10, what="the publisher")
                self.assertEqual([line.split()[2] for line in front.requests("PATCH")], ["405"])
                self.assertIn("the server takes no trickled candidates (405)", rc.output())

    def test_dropped_session_comes_back(self):
        """The server drops the session: receiver reports stop, the ICE restart is refused,
        and a fresh POST within the output's attempts brings it back. (With the default
        --stall-timeout, 10 s of silence calls the output stalled before the ICE restart at
        12 s, and the fresh POST comes at once: test_stall.py.)"""
        with Janus() as janus, WhipFront(janus) as front:
            with Relaycast("--headless", "--source", "test", "--verbose",
                           "--token-file", self.token_file(front.token),
                           "--attempts", "3", "--retry-delay", "1", "--stall-timeout", "0",
                           "--output", "whip+" + front.url("room4")) as rc:
                rc.wait_for_line(r"out1 .*: live", timeout=20)
                rc.wait_for_line(r"output out1: first receiver report", timeout=20)
                front.kick("room4")
                mark = len(rc.lines)
                rc.wait_for_line(r"out1 .*: retrying \(attempt 1 of 3, next try in 1 s\): "
                                 r"connection lost$", timeout=30, start=mark)
                rc.wait_for_line(r"out1 .*: live", timeout=20, start=mark)
                wait_until(lambda: self.publishers(front, "room4"), 10, what="the publisher back")

            patches = [line.split()[2] + " " + line.split()[4] for line in front.requests("PATCH")]
            self.assertIn('404 If-Match="*"', patches, front.output())
            posts = [line for line in front.requests("POST") if " /whip/" in line]
            self.assertEqual(len(posts), 2, front.output())

    def test_wrong_token_fails_at_once(self):
        with Janus() as janus, WhipFront(janus) as front:
            rc = Relaycast("--headless", "--source", "test",
                           "--token-file", self.token_file("wrong-token-0123456789"),
                           "--output", "whip+" + front.url("room3"),
                           "--retry-delay", "1", "--duration", "30")
            self.assertEqual(rc.wait(30), 1, rc.output())
            rc.wait_for_line(r"out1 .*: failed: WHIP server answered 401 Unauthorized: "
                             r"bad or missing bearer token$")
            self.assertEqual(len(front.requests("POST")), 1, front.output())
            self.assertNotIn("wrong-token-0123456789", rc.output())

    def test_bad_token_file(self):
        missing = os.path.join(self.folder.name, "missing")
        empty = self.token_file("")
        for path, message in ((missing, r"No such file"), (empty, r"is empty")):
            with self.subTest(path=path):
                rc = Relaycast("--headless", "--token-file", path,
                               "--output", "whip+http://127.0.0.1:9/whip/x")
                self.assertEqual(rc.wait(20), 2, rc.output())
                self.assertRegex("\n".join(rc.stderr_lines), message)


if __name__ == "__main__":
    unittest.main(verbosity=2)
