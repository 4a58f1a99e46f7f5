#!/usr/bin/python3
"""Issue 5: the REST server's safety: tokens, browser attacks, bad bodies. Every refusal is
a clear JSON error, and the server keeps serving after each."""
import base64
import json
import os
import re
import selectors
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
import openapi_check  # noqa: E402
from relayapi import TOKEN, Api, ApiRelaycast, write_token_file  # noqa: E402
from relaypeers import Relaycast, free_port  # noqa: E402

TWO_MIB = 2 * 1024 * 1024
# the README's "Limits" (src/api/relay-api-connection.h)
HEADER_TIMEOUT_S = 10
IDLE_TIMEOUT_S = 20


def raw_request(port, head, body=b"", token=TOKEN, timeout=30):
    """Sends a request as written (head: request line and headers, without the blank line);
    returns (seconds to the first byte of the answer, the whole answer until the server
    closes the connection)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        auth = f"Authorization: Bearer {token}\r\n" if token else ""
        s.sendall(f"{head}\r\nHost: 127.0.0.1:{port}\r\n{auth}\r\n".encode() + body)
        start = time.monotonic()
        answer = s.recv(65536)
        first = time.monotonic() - start
        while True:
            more = s.recv(65536)
            if not more:
                return first, answer
            answer += more


def seconds_until_closed(sock, limit=60):
    """How long the server takes to close `sock` (it answers nothing)."""
    start = time.monotonic()
    sock.settimeout(limit)
    data = sock.recv(1)
    return time.monotonic() - start, data


class ApiServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # a destination nobody answers: transponders exist, retrying, for the 409 case
        cls.closed_port = free_port()
        cls.rc = ApiRelaycast("--source", "test", "--retry-delay", "60")
        cls.api = cls.rc.api

    @classmethod
    def tearDownClass(cls):
        cls.rc.kill()

    def assert_error(self, answer, status, field=None, message=None):
        code, body = answer
        self.assertEqual(code, status, body)
        self.assertIsInstance(body, dict, body)
        self.assertEqual(body["status"], status)
        self.assertIsInstance(body["error"], str)
        self.assertIsInstance(body["message"], str)
        if field is not None:
            self.assertEqual(body.get("field"), field, body)
        if message is not None:
            self.assertRegex(body["message"], message)
        self.assert_still_serving()

    def assert_still_serving(self):
        self.assertEqual(self.api.get("/relay/tasks")[0], 200)
        self.assertIsNone(self.rc.proc.poll(), self.rc.output())

    def startup_body(self, stream="program"):
        return {"streamName": stream, "rtmpUrl": f"rtmp://127.0.0.1:{self.closed_port}/live",
                "options": {}}

    def test_tokens(self):
        code, body = self.api.get("/rest-api/push/find_all", auth=False)
        self.assertEqual(code, 401)
        self.assert_error((code, body), 401, message="Authorization: Bearer")

        wrong = Api(self.rc.port, token="not-the-token-at-all")
        self.assert_error(wrong.get("/relay/tasks"), 401)
        self.assert_error(self.api.get("/relay/tasks", auth=False,
                                       headers=[f"Authorization: Bearer {TOKEN}x"]), 401)
        self.assert_error(self.api.get("/relay/tasks", auth=False,
                                       headers=["Authorization: Bearer"]), 401)

        # HTTP Basic with the token as the password, as the relay dialect's clients send it
        basic = base64.b64encode(f"relay:{TOKEN}".encode()).decode()
        self.assertEqual(self.api.get("/relay/tasks", auth=False,
                                      headers=[f"Authorization: Basic {basic}"])[0], 200)
        bad = base64.b64encode(b"relay:guess").decode()
        self.assert_error(self.api.get("/relay/tasks", auth=False,
                                       headers=[f"Authorization: Basic {bad}"]), 401)
        self.assert_error(self.api.get("/relay/tasks", auth=False,
                                       headers=["Authorization: Basic %%%not-base64"]), 401)

    def test_challenge_and_no_cors(self):
        out = subprocess.run(["curl", "-sS", "-i", "-H", "Origin: http://evil.example",
                              "-X", "OPTIONS", f"{self.api.base}/rest-api/push/startup"],
                             capture_output=True, text=True).stdout
        self.assertIn("403", out.splitlines()[0])
        out = subprocess.run(["curl", "-sS", "-i", f"{self.api.base}/relay/tasks"],
                             capture_output=True, text=True).stdout
        self.assertIn('WWW-Authenticate: Bearer realm="Relaycast"', out)
        out = subprocess.run(["curl", "-sS", "-i", "-H", f"Authorization: Bearer {TOKEN}",
                              "-H", f"Origin: http://127.0.0.1:{self.rc.port}",
                              f"{self.api.base}/relay/tasks"], capture_output=True, text=True).stdout
        self.assertIn("200", out.splitlines()[0])
        self.assertNotIn("access-control", out.lower())

    def test_browser_attacks(self):
        # a page elsewhere (cross-site request)
        for origin in ("http://evil.example", "null", f"http://evil.example:{self.rc.port}",
                       f"https://127.0.0.1:{self.rc.port}", "http://127.0.0.1:1"):
            with self.subTest(origin=origin):
                self.assert_error(self.api.post("/rest-api/push/startup", self.startup_body(),
                                                headers=[f"Origin: {origin}"]), 403)
        # DNS rebinding: a name of the attacker's pointing at 127.0.0.1
        for host in (f"evil.example:{self.rc.port}", "localhost", f"localhost:{self.rc.port + 1}",
                     f"127.0.0.1.evil.example:{self.rc.port}", ""):
            with self.subTest(host=host):
                self.assert_error(self.api.get("/relay/tasks", headers=[f"Host: {host}"]), 421,
                                  message="Host")
        for host in (f"localhost:{self.rc.port}", f"127.0.0.1:{self.rc.port}",
                     f"[::1]:{self.rc.port}", f"LOCALHOST:{self.rc.port}"):
            with self.subTest(host=host):
                self.assertEqual(self.api.get("/relay/tasks", headers=[f"Host: {host}"])[0], 200)
        # the server's own origin passes
        self.assertEqual(self.api.get("/relay/tasks",
                                      headers=[f"Origin: http://localhost:{self.rc.port}"])[0], 200)

    def test_bad_bodies(self):
        self.assert_error(self.api.post("/rest-api/push/startup", '{"streamName": "program",'),
                          400, field="body", message="Malformed JSON")
        self.assert_error(self.api.post("/rest-api/push/startup", "[1, 2]"), 400, field="body")
        self.assert_error(self.api.post("/rest-api/push/startup", ""), 400, field="body")
        self.assert_error(self.api.post("/rest-api/push/startup", "[" * 100000), 400,
                          field="body", message="nested")
        self.assert_error(self.api.post("/rest-api/push/startup", b"{\"streamName\": \"\xff\"}"),
                          400, field="body")
        self.assert_error(self.api.post("/rest-api/push/startup",
                                        {"streamName": 5, "rtmpUrl": "rtmp://h/live"}),
                          400, field="streamName", message="must be a string")
        self.assert_error(self.api.post("/rest-api/push/startup", {"rtmpUrl": "rtmp://h/live"}),
                          400, field="streamName", message="missing")
        self.assert_error(self.api.post("/rest-api/push/startup",
                                        {"streamName": "program", "rtmpUrl": "rtmp://h/live",
                                         "options": {"action": "explode"}}),
                          400, field="options.action")
        self.assert_error(self.api.post("/rest-api/push/startup",
                                        {"streamName": "program", "rtmpUrl": "http://h/live"}),
                          400, field="rtmpUrl", message="rtmp://")
        self.assert_error(self.api.post("/relay/startrtmp",
                                        {"taskId": "t", "pushUrls": ["rtmp://h/a/b", 7]}),
                          400, field="pushUrls[1]")
        self.assert_error(self.api.post("/relay/startrtmp", {"taskId": "t", "pushUrls": "x"}),
                          400, field="pushUrls")

    def test_large_bodies(self):
        big = b'{"streamName": "' + b"a" * TWO_MIB + b'"}'
        # curl asks "Expect: 100-continue" first: refused before a byte of the body is sent
        self.assert_error(self.api.post("/rest-api/push/startup", big), 413)
        # without Expect the body arrives anyway: it is thrown away, not kept
        self.assert_error(self.api.post("/rest-api/push/startup", big, headers=["Expect:"]), 413)
        # chunked: no length announced, counted as it comes
        self.assert_error(self.api.post("/rest-api/push/startup", big,
                                        headers=["Transfer-Encoding: chunked", "Expect:"]), 413)
        # unauthenticated large bodies are refused for the token first
        code, _ = self.api.post("/rest-api/push/startup", big, auth=False)
        self.assertEqual(code, 401)
        self.assert_still_serving()

    def test_announced_body_refused_at_once(self):
        """A body announced too large is refused when the headers arrive, none of it sent."""
        head = "POST /relay/startrtmp HTTP/1.1\r\nContent-Type: application/json\r\n" \
               "Content-Length: 2000000"
        took, answer = raw_request(self.rc.port, head, timeout=10)
        self.assertLess(took, 2, answer)
        self.assertTrue(answer.startswith(b"HTTP/1.1 413 "), answer)
        self.assertIn(b"Connection: close", answer)
        self.assertEqual(json.loads(answer.split(b"\r\n\r\n", 1)[1])["status"], 413)
        # refused for its token first, as early
        took, answer = raw_request(self.rc.port, head, token=None, timeout=10)
        self.assertLess(took, 2, answer)
        self.assertTrue(answer.startswith(b"HTTP/1.1 401 "), answer)
        self.assertIn(b'WWW-Authenticate: Bearer realm="Relaycast"', answer)
        # chunked: the answer as soon as the limit is passed, the rest never sent
        head = "POST /relay/startrtmp HTTP/1.1\r\nTransfer-Encoding: chunked"
        chunk = b"%x\r\n" % (TWO_MIB // 2 + 1) + b"a" * (TWO_MIB // 2 + 1) + b"\r\n"
        took, answer = raw_request(self.rc.port, head, body=chunk, timeout=10)
        self.assertLess(took, 2, answer)
        self.assertTrue(answer.startswith(b"HTTP/1.1 413 "), answer)
        self.assert_still_serving()

    def test_many_clients_at_once(self):
        """200 clients connecting in one burst are all served at once: none waits for the
        kernel to retry a handshake the listen queue had no room for (1 s, 3 s, ...)."""
        request = (f"GET /relay/tasks HTTP/1.1\r\nHost: 127.0.0.1:{self.rc.port}\r\n"
                   f"Authorization: Bearer {TOKEN}\r\nConnection: close\r\n\r\n").encode()
        answers = {}
        with selectors.DefaultSelector() as selector:
            start = time.monotonic()
            for _ in range(200):
                sock = socket.socket()
                sock.setblocking(False)
                sock.connect_ex(("127.0.0.1", self.rc.port))
                selector.register(sock, selectors.EVENT_WRITE, bytearray())
            while len(answers) < 200 and time.monotonic() - start < 30:
                for key, events in selector.select(1):
                    sock, answer = key.fileobj, key.data
                    if events & selectors.EVENT_WRITE:
                        sock.sendall(request)
                        selector.modify(sock, selectors.EVENT_READ, answer)
                        continue
                    try:
                        data = sock.recv(65536)
                    except ConnectionError:
                        data = b""
                    answer += data
                    if not data:
                        answers[sock] = (bytes(answer[:15]), time.monotonic() - start)
                        selector.unregister(sock)
                        sock.close()
            for key in list(selector.get_map().values()):
                key.fileobj.close()
        self.assertEqual([status for status, _ in answers.values()], [b"HTTP/1.1 200 OK"] * 200)
        self.assertLess(max(seconds for _, seconds in answers.values()), 1)
        self.assert_still_serving()

    def test_connection_timeouts(self):
        """A silent new connection, one stuck in its headers, one stuck in its body and a kept
        one waiting for its next request are closed after the README's timeouts; they are
        measured together."""
        def opened(data=b""):
            sock = socket.create_connection(("127.0.0.1", self.rc.port))
            sock.sendall(data)
            return sock

        idle = opened()
        partial = opened(b"GET /relay/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        body = opened(f"POST /relay/startrtmp HTTP/1.1\r\nHost: 127.0.0.1:{self.rc.port}\r\n"
                      f"Authorization: Bearer {TOKEN}\r\nContent-Length: 100\r\n\r\n"
                      '{"taskId":'.encode())
        # a kept connection waits for its next request
        kept = opened(f"GET /relay/tasks HTTP/1.1\r\nHost: 127.0.0.1:{self.rc.port}\r\n"
                      f"Authorization: Bearer {TOKEN}\r\n\r\n".encode())
        kept.settimeout(10)
        answer = b""
        while b"\r\n\r\n[]" not in answer:
            answer += kept.recv(65536)
        self.assertTrue(answer.startswith(b"HTTP/1.1 200 "), answer)
        measured = {}

        def measure(name, sock):
            with sock:
                measured[name] = seconds_until_closed(sock)

        threads = [threading.Thread(target=measure, args=item)
                   for item in (("idle", idle), ("partial", partial), ("body", body),
                                ("kept", kept))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for name, timeout in (("idle", HEADER_TIMEOUT_S), ("partial", HEADER_TIMEOUT_S),
                              ("kept", IDLE_TIMEOUT_S), ("body", IDLE_TIMEOUT_S)):
            seconds, data = measured[name]
            self.assertEqual(data, b"", name)
            self.assertGreater(seconds, timeout - 1.5, name)
            self.assertLess(seconds, timeout + 2, name)
        self.assert_still_serving()

    def test_unknown_ids_and_conflicts(self):
        self.assert_error(self.api.post("/rest-api/push/terminate", {"mediaSessionId": "nope"}),
                          404, field="mediaSessionId")
        self.assert_error(self.api.post("/relay/stoprtmp", {"taskId": "no-such-task"}), 404,
                          field="taskId")
        self.assert_error(self.api.post("/rest-api/push/startup", self.startup_body("nostream")),
                          404, field="streamName")
        self.assert_error(self.api.get("/no/such/path"), 404)
        self.assert_error(self.api.delete("/relay/tasks"), 405)

        code, created = self.api.post("/rest-api/push/startup", self.startup_body())
        self.assertEqual(code, 200, created)
        try:
            self.assert_error(self.api.post("/rest-api/push/startup", self.startup_body()), 409,
                              field="rtmpUrl")
        finally:
            code, _ = self.api.post("/rest-api/push/terminate",
                                    {"mediaSessionId": created["mediaSessionId"]})
            self.assertEqual(code, 200)

    def test_openapi_document(self):
        code, document = self.api.get("/api/openapi.json")
        self.assertEqual(code, 200)
        self.assertTrue(document["openapi"].startswith("3."))
        self.assertEqual(document, openapi_check.load())
        # every route the dialects add is documented, and every documented operation is a
        # route (/metrics is the metrics server's, not this one's)
        routes = set()
        api_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "api")
        for name in os.listdir(api_dir):
            if name.endswith(".c") and name != "relay-api-metrics.c":
                with open(os.path.join(api_dir, name)) as f:
                    source = f.read()
                prefix = re.search(r'#define SCENES_PATH "([^"]+)"', source)
                for method, path in re.findall(
                        r'add_route \(\s*[\w>-]+,\s*"(\w+)",\s*((?:SCENES_PATH\s*)?(?:"[^"]*")?)',
                        source):
                    path = re.sub(r'SCENES_PATH\s*', prefix.group(1) if prefix else "", path)
                    path = re.sub(r":(\w+)", r"{\1}", path.replace('"', ""))
                    routes.add((method, path))
        documented = {(m.upper(), p) for p, ops in document["paths"].items() for m in ops
                      if m in ("get", "post", "put", "patch", "delete")}
        self.assertGreater(len(routes), 20)
        self.assertEqual(routes, documented)
        # nothing the code does says it is not done
        for name, schema in document["components"]["schemas"].items():
            self.assertNotIn("not available yet", json.dumps(schema), name)


class TokenTest(unittest.TestCase):
    def test_generated_token_is_private_and_never_printed(self):
        with ApiRelaycast("--source", "test", token=None) as rc:
            m = rc.wait_for_line(r"REST API on http://127\.0\.0\.1:\d+ \(token in (\S+), for this run")
            path = m.group(1)
            self.assertEqual(path, os.path.join(rc.home, "run", "relaycast", "api-token"))
            self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
            with open(path) as f:
                token = f.read().strip()
            self.assertGreaterEqual(len(token), 32)
            api = Api(rc.port, token)
            self.assertEqual(api.get("/relay/tasks"), (200, []))
            self.assertEqual(Api(rc.port, "guess").get("/relay/tasks")[0], 401)
            self.assertNotIn(token, rc.output())

    def test_bad_token_files_and_addresses_are_refused(self):
        folder = tempfile.mkdtemp(prefix="relaycast-token-")
        readable = os.path.join(folder, "readable")
        with open(readable, "w") as f:
            f.write("some-token-value-123\n")
        os.chmod(readable, 0o644)
        empty = os.path.join(folder, "empty")
        open(empty, "w").close()
        os.chmod(empty, 0o600)
        cases = [
            (["--api-listen", "127.0.0.1:0", "--api-token-file", readable], r"chmod 600"),
            (["--api-listen", "127.0.0.1:0", "--api-token-file", empty], r"holds no token"),
            (["--api-listen", "127.0.0.1:0", "--api-token-file", os.path.join(folder, "none")],
             r"Cannot read the API token file"),
            (["--api-listen", "nonsense:port"], r"Invalid API address"),
            (["--api-listen", "127.0.0.1:0", "--api-callback-url", "ftp://x/y"], r"http://"),
            (["--api-listen", "127.0.0.1:0", "--wcs-auto-push", "http://x/live"], r"rtmp://"),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                rc = Relaycast("--headless", "--source", "test", *args,
                               env={"XDG_RUNTIME_DIR": folder})
                self.assertEqual(rc.wait(20), 2, rc.output())
                self.assertRegex("\n".join(rc.stderr_lines), message)
                self.assertNotIn("some-token-value-123", rc.output())

    def test_port_zero_picks_a_port(self):
        folder = tempfile.mkdtemp(prefix="relaycast-token-")
        with Relaycast("--headless", "--source", "test", "--api-listen", "127.0.0.1:0",
                       "--api-token-file", write_token_file(folder)) as rc:
            port = int(rc.wait_for_line(r"REST API on http://127\.0\.0\.1:(\d+)").group(1))
            self.assertGreater(port, 0)
            self.assertEqual(Api(port).get("/relay/tasks"), (200, []))


class NoTokenTest(unittest.TestCase):
    """--api-auth none (opt-in): the reference documents' curl examples run as printed,
    without a token, on loopback only, with the browser checks kept."""

    def test_refused_unless_loopback(self):
        folder = tempfile.mkdtemp(prefix="relaycast-token-")
        cases = [
            (["--api-listen", "0.0.0.0:0", "--api-auth", "none"],
             r"--api-auth none .* only on a loopback address .* not 0\.0\.0\.0"),
            (["--api-listen", "127.0.0.1:0", "--api-auth", "open"], r"“token” or “none”"),
            (["--api-listen", "127.0.0.1:0", "--api-auth", "none", "--api-token-file",
              write_token_file(folder)], r"takes no --api-token-file"),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                rc = Relaycast("--headless", "--source", "test", *args,
                               env={"XDG_RUNTIME_DIR": folder})
                # before anything starts
                self.assertEqual(rc.wait(20), 2, rc.output())
                self.assertRegex("\n".join(rc.stderr_lines), message)
                self.assertNotIn("program", rc.output())

    def test_loopback_without_token(self):
        with ApiRelaycast("--source", "test", "--api-auth", "none", token=None) as rc:
            rc.wait_for_line(r"REST API on http://127\.0\.0\.1:\d+ \(no token: --api-auth none\)")
            api = rc.api
            # as printed: no Authorization, no token header
            self.assertEqual(api.get("/relay/tasks", auth=False), (200, []))
            code, t = api.post("/rest-api/push/startup", {
                "streamName": "program", "rtmpUrl": f"rtmp://127.0.0.1:{free_port()}/live",
                "options": {}}, auth=False)
            self.assertEqual(code, 200, t)
            code, found = api.get("/rest-api/push/find_all", auth=False)
            self.assertEqual((code, [f["mediaSessionId"] for f in found]),
                             (200, [t["mediaSessionId"]]))
            # the browser checks stay
            self.assertEqual(api.get("/relay/tasks", auth=False,
                                     headers=["Origin: http://evil.example"])[0], 403)
            self.assertEqual(api.get("/relay/tasks", auth=False,
                                     headers=["Host: evil.example"])[0], 421)

    def test_default_is_a_token(self):
        with ApiRelaycast("--source", "test") as rc:
            self.assertEqual(rc.api.get("/relay/tasks", auth=False)[0], 401)
            self.assertEqual(rc.api.get("/relay/tasks"), (200, []))


if __name__ == "__main__":
    unittest.main(verbosity=2)
