"""Relaycast's REST API driven the way users script it: with curl.

    with ApiRelaycast("--source", "test") as rc:      # relaycast --headless with the API on a free port
        status, body = rc.api.post("/rest-api/push/startup", {...})
"""

import http.server
import json
import math
import os
import re
import stat
import struct
import subprocess
import tempfile
import threading
import wave

from relaypeers import Relaycast, free_port

TOKEN = "relaycast-test-token-7f3a9c1e5b"


class Api:
    """curl against one Relaycast API: every call returns (status, parsed JSON or text)."""

    def __init__(self, port, token=TOKEN):
        self.port = port
        self.token = token
        self.base = f"http://127.0.0.1:{port}"

    def curl(self, method, path, body=None, headers=(), auth=True, raw_args=(), timeout=60):
        args = ["curl", "-sS", "-X", method, "-o", "-", "-w", "\n%{http_code}",
                "--max-time", str(timeout)]
        if auth:
            args += ["-H", f"Authorization: Bearer {self.token}"]
        for header in headers:
            args += ["-H", header]
        if body is not None:
            data = body if isinstance(body, (str, bytes)) else json.dumps(body)
            args += ["-H", "Content-Type: application/json", "--data-binary", "@-"]
        else:
            data = None
        args += list(raw_args) + [self.base + path]
        done = subprocess.run(args, input=data.encode() if isinstance(data, str) else data,
                              capture_output=True, timeout=timeout + 5)
        out = done.stdout.decode()
        text, _, code = out.rpartition("\n")
        try:
            parsed = json.loads(text) if text else None
        except json.JSONDecodeError:
            parsed = text
        return int(code or 0), parsed

    def get(self, path, **kw):
        return self.curl("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.curl("POST", path, body if body is not None else "", **kw)

    def delete(self, path, **kw):
        return self.curl("DELETE", path, **kw)


def write_token_file(directory, token=TOKEN):
    path = os.path.join(directory, "api-token")
    with open(path, "w") as f:
        f.write(token + "\n")
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    return path


class ApiRelaycast(Relaycast):
    """relaycast --headless with the REST API on a free loopback port, its config and
    runtime folders private to the test (XDG_CONFIG_HOME, XDG_RUNTIME_DIR)."""

    def __init__(self, *args, home=None, token=TOKEN, port=None, env=None):
        self.home = home or tempfile.mkdtemp(prefix="relaycast-api-")
        self.port = port or free_port()
        full_env = {
            "XDG_CONFIG_HOME": os.path.join(self.home, "config"),
            "XDG_RUNTIME_DIR": os.path.join(self.home, "run"),
            "XDG_DATA_HOME": os.path.join(self.home, "data"),
        }
        os.makedirs(full_env["XDG_RUNTIME_DIR"], mode=0o700, exist_ok=True)
        if "RELAYCAST_TEST_ROOT" not in os.environ:
            # outside with-keyring.sh, never the user's keyring: no session bus at all
            full_env["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=" + os.path.join(self.home, "no-bus")
            full_env["DISPLAY"] = ""
        full_env.update(env or {})
        extra = ["--api-listen", f"127.0.0.1:{self.port}"]
        if token is not None:
            extra += ["--api-token-file", write_token_file(self.home, token)]
        super().__init__("--headless", *extra, *args, env=full_env)
        self.api = Api(self.port, token)
        try:
            self.wait_for_line(r"REST API on http://127\.0\.0\.1:\d+")
        except BaseException:
            self.kill()
            raise


def recording_closed(nginx, stream):
    """Whether nginx saw the last publisher of `stream` leave (it closes the recording then)."""
    try:
        with open(os.path.join(nginx.dir, "error.log")) as f:
            log = f.read()
    except FileNotFoundError:
        return False
    clients = re.findall(r"\*(\d+) publish: name='" + re.escape(stream) + "'", log)
    return bool(clients) and re.search(r"\*" + clients[-1] + r" disconnect", log) is not None


def publishes(nginx, stream):
    """How many times something published `stream` to nginx."""
    with open(os.path.join(nginx.dir, "error.log")) as f:
        return len(re.findall(r"publish: name='" + re.escape(stream) + "'", f.read()))


class CallbackServer:
    """Collects the JSON events Relaycast POSTs to --api-callback-url."""

    def __init__(self):
        self.events = []
        self.port = free_port()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                server.events.append(json.loads(body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/events"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class RecordingHttpEndpoint:
    """An HTTP endpoint that records what reaches it (method, path, headers, body) and answers
    every request with `status`: enough to see what a WHIP client sends without a WebRTC peer."""

    def __init__(self, status=404):
        self.requests = []
        self.port = free_port()
        endpoint = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _record(self):
                length = int(self.headers.get("Content-Length") or 0)
                endpoint.requests.append({"method": self.command, "path": self.path,
                                          "headers": dict(self.headers),
                                          "body": self.rfile.read(length)})
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_POST = do_PATCH = do_DELETE = _record

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def write_tone_wav(path, frequency=1500, seconds=1.0, rate=44100, amplitude=12000):
    """A mono 16-bit RIFF WAV file holding a sine tone (Python's wave module)."""
    frames = bytearray()
    for i in range(int(rate * seconds)):
        frames += struct.pack("<h", int(amplitude * math.sin(2 * math.pi * frequency * i / rate)))
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))


def band_volume_db(path, frequency, start=None, duration=None):
    """max_volume (dB) of a recording's sound around one frequency: the other tones filtered
    out, so that a 440 Hz test tone and a 1500 Hz clip can be told apart."""
    band = f"bandpass=f={frequency}:width_type=q:w=8"
    args = ["ffmpeg", "-nostdin", "-v", "info"]
    if start is not None:
        args += ["-ss", str(start)]
    if duration is not None:
        args += ["-t", str(duration)]
    args += ["-i", path, "-vn", "-af", f"{band},{band},volumedetect", "-f", "null", "-"]
    err = subprocess.run(args, capture_output=True, text=True).stderr
    m = re.search(r"max_volume: (-?[\d.]+|-inf) dB", err)
    if not m:
        raise RuntimeError("volumedetect found no audio in " + path)
    return float("-inf") if m.group(1) == "-inf" else float(m.group(1))
