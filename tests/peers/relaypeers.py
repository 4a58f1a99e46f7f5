"""Real peers for Relaycast's tests, started on 127.0.0.1 by the tests themselves.

Standard library only (run with Debian's /usr/bin/python3). Each peer picks free
ports and a private temporary directory, so tests can run in parallel.

    with Nginx() as nginx:                    # RTMP on nginx.port, recording every publish
        url = nginx.rtmp_url("live", "a")
        ... relaycast pushes to url ...
        info = probe(nginx.recording("a"))    # ffprobe: codecs, frame counts, duration
"""

import concurrent.futures
import contextlib
import http.server
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse

NGINX_MODULES = "/usr/lib/nginx/modules"


def free_port():
    """A TCP port nobody listens on right now (the kernel's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout, interval=0.1, what="condition"):
    """Polls predicate() until it returns a true value; fails after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def run_concurrently(function, items, workers=4):
    """function(item) for every item, `workers` at a time; the results in the items' order.
    For runs that mostly wait on their own child processes and peers: a few at once cost a
    2-CPU machine little and save their waits. Assert on the results afterwards, in the
    test's thread (subTest is not thread-safe)."""
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        return list(pool.map(function, items))


def port_open(port, host="127.0.0.1"):
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.2):
        return True
    return False


class AuthHook:
    """nginx-rtmp's on_publish target: accepts a publish only with the expected key
    as the stream name (as providers check stream keys)."""

    def __init__(self, key):
        self.key = key
        self.port = free_port()
        self.attempts = []
        hook = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                name = urllib.parse.parse_qs(body).get("name", [""])[0]
                hook.attempts.append(name)
                self.send_response(200 if name == hook.key else 403)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class ConnectHook:
    """nginx-rtmp's on_connect target: records every connect's form (app, tcurl and
    the connect query's own fields) and accepts only those carrying `fields`."""

    def __init__(self, fields):
        self.fields = fields
        self.port = free_port()
        self.forms = []
        hook = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                form = {k: v[0] for k, v in urllib.parse.parse_qs(body).items()}
                hook.forms.append(form)
                ok = all(form.get(k) == v for k, v in hook.fields.items())
                self.send_response(200 if ok else 403)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Nginx:
    """nginx with the RTMP module: application "live" records every publish to
    <record_dir>/<stream>.flv; application "secure" also asks an AuthHook; with
    tls=True an nginx stream server terminates RTMPS in front of it with a
    self-signed certificate for 127.0.0.1. With refuse_connect=True an on_connect
    hook refuses every client's "connect" (nginx then closes the connection, as it
    does for an application it does not have); with connect_fields, a ConnectHook
    accepts only connects carrying those fields (connect_hook.forms: what it saw).
    With instance="inst", application "live/inst" records to <record_dir>/inst/.
    Its log (info level) is error_log."""

    def __init__(self, auth_key=None, tls=False, workdir=None, port=None, refuse_connect=False,
                 connect_fields=None, instance=None):
        self.dir = workdir or tempfile.mkdtemp(prefix="relaycast-nginx-")
        self.record_dir = os.path.join(self.dir, "rec")
        self.error_log = os.path.join(self.dir, "error.log")
        self.port = port or free_port()
        self.tls_port = free_port() if tls else None
        self.auth = AuthHook(auth_key) if auth_key is not None else None
        # a connect has no stream name, so a hook expecting none never matches
        self.connect_hook = AuthHook(None) if refuse_connect else None
        if connect_fields is not None:
            self.connect_hook = ConnectHook(connect_fields)
        self.instance = instance
        self.tls = tls
        self.proc = None
        os.makedirs(self.record_dir, exist_ok=True)
        os.makedirs(os.path.join(self.dir, "tmp"), exist_ok=True)
        if tls:
            self._make_certificate()
        self._write_config()

    def _make_certificate(self):
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-keyout", os.path.join(self.dir, "key.pem"),
             "-out", os.path.join(self.dir, "cert.pem"), "-subj", "/CN=localhost",
             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
            check=True, capture_output=True)

    def _write_config(self):
        d = self.dir
        secure = ""
        if self.auth:
            secure = f"""
        application secure {{
            live on;
            record all;
            record_path {self.record_dir};
            record_unique off;
            on_publish http://127.0.0.1:{self.auth.port}/auth;
        }}"""
        if self.instance:
            os.makedirs(os.path.join(self.record_dir, self.instance), exist_ok=True)
            secure += f"""
        application live/{self.instance} {{
            live on;
            record all;
            record_path {self.record_dir}/{self.instance};
            record_unique off;
        }}"""
        on_connect = ""
        if self.connect_hook:
            on_connect = f"\n        on_connect http://127.0.0.1:{self.connect_hook.port}/connect;"
        stream = ""
        if self.tls:
            stream = f"""
stream {{
    server {{
        listen 127.0.0.1:{self.tls_port} ssl;
        ssl_certificate {d}/cert.pem;
        ssl_certificate_key {d}/key.pem;
        proxy_pass 127.0.0.1:{self.port};
    }}
}}"""
        modules = f"load_module {NGINX_MODULES}/ngx_rtmp_module.so;\n"
        if self.tls:
            modules += f"load_module {NGINX_MODULES}/ngx_stream_module.so;\n"
        with open(os.path.join(d, "nginx.conf"), "w") as f:
            f.write(f"""{modules}
daemon off;
master_process off;
worker_processes 1;
error_log {d}/error.log info;
pid {d}/nginx.pid;
events {{ worker_connections 256; }}
rtmp {{
    server {{
        listen 127.0.0.1:{self.port};
        chunk_size 4096;{on_connect}
        application live {{
            live on;
            record all;
            record_path {self.record_dir};
            record_unique off;
        }}{secure}
    }}
}}{stream}
http {{
    access_log off;
    client_body_temp_path {d}/tmp;
    proxy_temp_path {d}/tmp;
    fastcgi_temp_path {d}/tmp;
    uwsgi_temp_path {d}/tmp;
    scgi_temp_path {d}/tmp;
    server {{ listen 127.0.0.1:{free_port()}; location / {{ return 404; }} }}
}}
""")

    def start(self):
        self.proc = subprocess.Popen(
            ["nginx", "-p", self.dir, "-c", os.path.join(self.dir, "nginx.conf")],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_until(lambda: port_open(self.port) or self.proc.poll() is not None, 10,
                   what="nginx to listen")
        if self.proc.poll() is not None:
            raise RuntimeError("nginx did not start: " + self.proc.stderr.read().decode())
        if self.tls:
            wait_until(lambda: port_open(self.tls_port), 10, what="nginx TLS to listen")
        return self

    def stop(self):
        """Stops nginx the way a crashed or restarted server goes away."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def close(self):
        self.stop()
        if self.auth:
            self.auth.close()
        if self.connect_hook:
            self.connect_hook.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()

    def rtmp_url(self, app, stream):
        return f"rtmp://127.0.0.1:{self.port}/{app}/{stream}"

    def rtmps_url(self, app, stream):
        return f"rtmps://127.0.0.1:{self.tls_port}/{app}/{stream}"

    def recording(self, stream):
        return os.path.join(self.record_dir, stream + ".flv")

    def recordings(self):
        return sorted(os.listdir(self.record_dir))


def probe(path):
    """ffprobe a recording: {"video": {...}, "audio": {...}, "duration": seconds}, with
    codec names, sample rate and frames counted by decoding."""
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-count_frames", "-show_entries",
         "stream=codec_type,codec_name,profile,sample_rate,channels,width,height,nb_read_frames"
         ":format=duration", "-of", "json", path],
        check=True, capture_output=True, text=True).stdout
    data = json.loads(out)
    info = {"duration": float(data.get("format", {}).get("duration", 0) or 0)}
    for stream in data.get("streams", []):
        kind = stream.get("codec_type")
        if kind in ("video", "audio") and kind not in info:
            stream["frames"] = int(stream.get("nb_read_frames") or 0)
            info[kind] = stream
    return info


def recorded_frames(path):
    """How many video frames a recording, perhaps still being written, holds so far (its
    packets counted, nothing decoded: cheap enough to poll); 0 before it has any."""
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-count_packets", "-show_entries",
         "stream=nb_read_packets", "-of", "csv=p=0", path], capture_output=True, text=True)
    return int(done.stdout.strip() or 0) if done.returncode == 0 else 0


def mean_color(path, frame=60, x=100, y=100, size=16):
    """The mean RGB of a square of one frame of a recording."""
    raw = subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-an", "-vf",
         f"select=eq(n\\,{frame}),crop={size}:{size}:{x}:{y}", "-frames:v", "1",
         "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], check=True, capture_output=True).stdout
    pixels = len(raw) // 3
    return tuple(sum(raw[c::3]) / pixels for c in range(3))


def max_volume_db(path, start=None, duration=None):
    """ffmpeg volumedetect's max_volume over a stretch of the audio, in dB."""
    args = ["ffmpeg", "-nostdin", "-v", "info"]
    if start is not None:
        args += ["-ss", str(start)]
    if duration is not None:
        args += ["-t", str(duration)]
    args += ["-i", path, "-vn", "-af", "volumedetect", "-f", "null", "-"]
    err = subprocess.run(args, capture_output=True, text=True).stderr
    m = re.search(r"max_volume: (-?[\d.]+|-inf) dB", err)
    if not m:
        raise RuntimeError("volumedetect found no audio in " + path)
    return float("-inf") if m.group(1) == "-inf" else float(m.group(1))


class Relaycast:
    """`relaycast` as a child process; its stdout lines are collected as they come so
    tests wait on them (wait_for_line) instead of sleeping."""

    def __init__(self, *args, env=None):
        binary = os.environ.get("RELAYCAST", "relaycast")
        self.args = [binary, *args]
        self.lines = []
        self.line_times = []
        self.stderr_lines = []
        self._cond = threading.Condition()
        full_env = dict(os.environ)
        full_env.update(env or {})
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     stdin=subprocess.DEVNULL, text=True, env=full_env)
        self._readers = [
            threading.Thread(target=self._read, args=(self.proc.stdout, self.lines,
                                                      self.line_times), daemon=True),
            threading.Thread(target=self._read, args=(self.proc.stderr, self.stderr_lines, None),
                             daemon=True),
        ]
        for t in self._readers:
            t.start()

    def _read(self, stream, into, times):
        for line in stream:
            with self._cond:
                into.append(line.rstrip("\n"))
                if times is not None:
                    times.append(time.monotonic())
                self._cond.notify_all()

    def line_time(self, pattern):
        """When (time.monotonic()) the first stdout line matching the regex arrived."""
        rx = re.compile(pattern)
        with self._cond:
            for line, when in zip(self.lines, self.line_times):
                if rx.search(line):
                    return when
        raise LookupError(f"no line matching {pattern!r}")

    def wait_for_line(self, pattern, timeout=30, start=0):
        """Waits for a stdout line matching the regex; returns the match."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for line in self.lines[start:]:
                    m = rx.search(line)
                    if m:
                        return m
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self.proc.poll() is not None and not self._readers_alive():
                    raise TimeoutError(f"no line matching {pattern!r} in {timeout}s; got:\n"
                                       + "\n".join(self.lines + self.stderr_lines))
                self._cond.wait(min(remaining, 0.5))

    def _readers_alive(self):
        return any(t.is_alive() for t in self._readers)

    def signal(self, sig=signal.SIGINT):
        self.proc.send_signal(sig)

    def wait(self, timeout=60):
        code = self.proc.wait(timeout)
        for t in self._readers:
            t.join(5)
        return code

    def wait_or_kill(self, timeout):
        """The exit status, or None when it ran past timeout (it is killed then)."""
        try:
            return self.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def output(self):
        return "\n".join(self.lines + self.stderr_lines)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kill()
