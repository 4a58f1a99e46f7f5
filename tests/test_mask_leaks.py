#!/usr/bin/python3
"""Issue 14: no key in clear, whatever its shape and wherever it stands. Keys of many shapes are
put where keys go (a stream name, a password, a query value, a WHIP path, an SRT passphrase and
stream ID) and into URLs that do not parse, on the command line and through every API dialect,
against a real nginx-rtmp that refuses them, a WHIP endpoint that answers 404 and an SRT port
nobody answers on; not one appears in any output, answer or
error. (The window's event log is checked in test-window.c.)"""
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from relayapi import ApiRelaycast, RecordingHttpEndpoint  # noqa: E402
from relaypeers import (Nginx, Relaycast, free_port, run_concurrently,  # noqa: E402
                        wait_until)

# shapes a provider may hand out; none looks like a key to a pattern
KEYS = [
    "ABCD1234EFGH5678",                      # capitals and digits
    "PRIVATEKEY20261207",
    "k7q2-x9pl-44rt-zz81",                   # dashes
    "Zq9x",                                  # short
    "hJ7kW3",
    "0f9e8d7c6b5a49382716afbecd01",          # hex
    "deadbeefcafe",
    "sunflowermeadow",                       # lowercase words
    "purple-otter-jumps",
    "L" + "0ngK3y" * 40,                     # long
]


def valid_urls(key, nginx, closed, whip):
    """Where keys go in URLs that parse; each reaches a server that refuses it."""
    return [
        nginx.rtmp_url("secure", key),                                # refused by on_publish
        f"rtmp://127.0.0.1:{nginx.port}/nosuchapp/{key}",             # unknown application
        f"rtmp://publisher:{key}@127.0.0.1:{closed}/live/stream",     # password
        f"rtmp://127.0.0.1:{closed}/live/stream?key={key}&x=1",       # query value
        f"whip+{whip.url('/whip/' + key)}",                           # WHIP path
        f"whip+{whip.url('/' + key + '/webRTC/publish')}",            # Cloudflare's shape
        f"whip+{whip.url('/whip/endpoint?token=' + key)}",
        # SRT: nobody answers on the closed port; the stream ID carries credentials
        f"srt://127.0.0.1:{closed}?streamid=#!::u={key},r=live&latency=200",
    ] + ([f"srt://127.0.0.1:{closed}?passphrase={key}&pbkeylen=16"]
         if 10 <= len(key) <= 79 else [])  # SRT's passphrase lengths


def mistaken_urls(key):
    """URLs that do not parse, or that Relaycast does not take as destinations."""
    return [
        f"127.0.0.1/live/{key}",
        f"localhost:1935/live/{key}",
        f"rtmp:/127.0.0.1/live/{key}",
        f"rtmp:127.0.0.1/live/{key}",
        f"rtmp://127.0.0.1:99999/live/{key}",
        f"rtmp://127.0.0.1/{key}",
        f"rtmp://127.0.0.1/live/{key} ",
        f"rtmp://127.0.0.1/live/{key} extra",
        f"rtmp://[::1/live/{key}",
        f"http://127.0.0.1/{key}",
        f"srt://127.0.0.1?streamid={key}",
        f"srt://127.0.0.1:9000/{key}",
        f"srt://127.0.0.1:9000?passphrase={key}&pbkeylen=7",
        f"srt://127.0.0.1:9000?mode=rendezvous&streamid=#!::u={key}",
        f"whip+http:///whip/{key}",
        f"whip+http://127.0.0.1:99999/whip/{key}",
    ]


class LeakTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.nginx = Nginx(auth_key="the-only-accepted-key").start()
        cls.whip = RecordingHttpEndpoint(status=404)
        cls.closed = free_port()

    @classmethod
    def tearDownClass(cls):
        cls.nginx.close()
        cls.whip.close()

    def assert_no_key(self, text, keys=KEYS, where=""):
        for key in keys:
            self.assertNotIn(key, text, f"{key!r} in {where}:\n{text}")

    def test_command_line_mistakes(self):
        """A URL that does not parse is refused with exit code 2, its key masked."""
        cases = []
        for key in KEYS:
            cases += [(key, ["--output", url]) for url in mistaken_urls(key)]
            cases += [(key, args) for args in (
                [f"--output=127.0.0.1/live/{key}"],
                # a URL given without --output, or to the wrong option
                [f"rtmp://127.0.0.1/live/{key}"],
                ["--duration", f"rtmp://127.0.0.1/live/{key}"],
                ["--source", f"rtmp:/127.0.0.1/live/{key}", "--output", "file:///x.mkv"])]

        def run(case):
            rc = Relaycast("--headless", "--source", "test", *case[1])
            return rc, rc.wait_or_kill(20)

        for (key, args), (rc, code) in zip(cases, run_concurrently(run, cases)):
            with self.subTest(args=args):
                self.assertEqual(code, 2, rc.output())
                self.assertTrue(rc.stderr_lines, rc.output())
                self.assert_no_key(rc.output(), [key], args)

    def test_command_line_refused_destinations(self):
        """Valid URLs whose servers refuse them: every state line, retry and error, debug
        messages included, shows them masked. Each run mostly waits (SRT's 3 s connection
        timeouts, the retries): three run at once (this test runs beside others)."""
        def run(key):
            args = []
            for url in valid_urls(key, self.nginx, self.closed, self.whip):
                args += ["--output", url]
            rc = Relaycast("--headless", "--source", "test", "--verbose", "--attempts", "1",
                           "--retry-delay", "1", "--duration", "20", *args)
            return rc, rc.wait_or_kill(40)

        for key, (rc, code) in zip(KEYS, run_concurrently(run, KEYS, workers=3)):
            with self.subTest(key=key):
                # every destination failed: the run ends by itself
                self.assertEqual(code, 1, rc.output())
                self.assertGreaterEqual(
                    len([line for line in rc.lines if ": failed: " in line]), 7, rc.output())
                self.assert_no_key(rc.output(), [key], key)

    def test_api(self):
        """Every dialect, given the keys in good and bad URLs: its answers, its errors, its
        lists and the process's output hold none of them."""
        home = tempfile.mkdtemp(prefix="relaycast-leaks-")
        rc = ApiRelaycast("--source", "test", "--verbose", "--attempts", "1", "--retry-delay", "1",
                          home=home)
        self.addCleanup(rc.kill)
        api = rc.api
        answers = []

        def call(method, path, body=None):
            answer = api.curl(method, path, body if body is not None else None)
            answers.append((path, body, answer))
            return answer

        for i, key in enumerate(KEYS):
            good = valid_urls(key, self.nginx, self.closed, self.whip)
            rtmp_good = [url for url in good if url.startswith("rtmp")]
            whip_good = [url[len("whip+"):] for url in good if url.startswith("whip+")]
            bad = mistaken_urls(key)

            # relay: tasks of good URLs; each bad URL refused alone
            code, _ = call("POST", "/relay/startrtmp", {"taskId": f"t{i}", "pushUrls": good})
            self.assertEqual(code, 200)
            for url in bad:
                code, _ = call("POST", "/relay/startrtmp", {"taskId": f"bad{i}", "pushUrls": [url]})
                self.assertIn(code, (400, 501), url)

            # WCS: rtmpUrl as a server with the key as the stream name, and whole URLs
            code, _ = call("POST", "/rest-api/push/startup", {
                "streamName": "program", "rtmpUrl": f"rtmp://127.0.0.1:{self.closed}/live{i}",
                "options": {}})
            for url in rtmp_good + bad:
                call("POST", "/rest-api/push/startup", {"streamName": "program", "rtmpUrl": url})

            # Red5: the key as the bearer token, and in endpoints good and bad
            call("POST", "/live/restream", {
                "guid": f"r{i}", "context": "live", "name": "program", "level": 0,
                "parameters": {"action": "create", "type": "rtmp-push",
                               "endpoint": f"rtmp://127.0.0.1:{self.nginx.port}/secure",
                               "bearerToken": key, "persist": "false"}})
            for j, endpoint in enumerate(whip_good + bad):
                call("POST", "/live/restream", {
                    "guid": f"w{i}-{j}", "context": "live", "name": "program", "level": 0,
                    "parameters": {"action": "create", "type": "whip-push",
                                   "endpoint": endpoint, "persist": "false"}})

            # Live777: cascades pushing to and pulling from the key's endpoints
            for url in whip_good:
                call("POST", "/api/cascade/program", {"targetUrl": url, "token": key})
            call("POST", f"/api/cascade/pull{i}", {"sourceUrl": self.whip.url(f"/whep/{key}")})
            for url in bad:
                call("POST", "/api/cascade/program", {"targetUrl": url})
                call("POST", f"/api/cascade/badpull{i}", {"sourceUrl": url})
                call("POST", f"/api/streams/src{i}", {"source": url})

        # what the refusals and retries log arrives meanwhile
        wait_until(lambda: sum("failed" in line or "Cannot pull" in line for line in rc.lines)
                   >= len(KEYS) * 5, 60, what="the destinations to fail")
        for path in ("/relay/tasks", "/rest-api/push/find_all", "/api/streams"):
            call("GET", path)
        call("POST", "/rest-api/push/find", {"streamName": "program"})
        call("POST", "/live/restream", {"parameters": {"action": "list"}})

        self.assertTrue(any(code == 400 for _, _, (code, _) in answers))
        for path, body, answer in answers:
            self.assert_no_key(str(answer), where=f"the answer to {path} {body}")
        rc.kill()
        rc.wait(10)
        self.assert_no_key(rc.output(), where="relaycast's output")
        # and nothing kept on disk either
        for folder, _, files in os.walk(home):
            for name in files:
                with open(os.path.join(folder, name), errors="replace") as f:
                    self.assert_no_key(f.read(), where=name)


if __name__ == "__main__":
    unittest.main(verbosity=2)
