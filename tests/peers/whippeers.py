"""A real WHIP peer for Relaycast's tests: Janus (VideoRoom) behind tests/peers/whip_front.py,
inside a private network namespace.

Janus never gathers candidates on a loopback interface, so the peers run in a namespace of
their own holding lo and a veth with 127.0.0.2 (root only). The calling process enters it,
so everything it starts afterwards (Janus, the front, nginx, relaycast) is inside too.

    with Netns(), Janus() as janus, WhipFront(janus) as front:
        url = front.url("room1")                  # http://127.0.0.1:<port>/whip/room1
        ... relaycast --output whip+<url> ...
        front.participants("room1")               # VideoRoom listparticipants
        front.recordings()                        # .mjr files -> to_media() -> probe()
"""

import ctypes
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import urllib.request

from relaypeers import free_port, port_open, wait_until

CLONE_NEWNET = 0x40000000
HERE = os.path.dirname(os.path.abspath(__file__))


def _setns(fd):
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.setns(fd, CLONE_NEWNET) != 0:
        raise OSError(ctypes.get_errno(), "setns failed")


class Netns:
    """A uniquely named namespace with lo and veth0 = 127.0.0.2/32, entered by the calling
    thread (call it before starting threads) and deleted on exit, whatever happened."""

    def __init__(self):
        self.name = f"relaycast-{os.getpid()}-{secrets.token_hex(4)}"
        self._home = None
        self._sigterm = None

    def __enter__(self):
        subprocess.run(["ip", "netns", "add", self.name], check=True)
        try:
            for command in (["link", "set", "lo", "up"],
                            ["link", "add", "veth0", "type", "veth", "peer", "name", "veth1"],
                            ["addr", "add", "127.0.0.2/32", "dev", "veth0"],
                            ["link", "set", "veth1", "up"],
                            ["link", "set", "veth0", "up"]):
                subprocess.run(["ip", "-n", self.name, *command], check=True)
            self._home = os.open("/proc/self/ns/net", os.O_RDONLY)
            fd = os.open(f"/run/netns/{self.name}", os.O_RDONLY)
            try:
                _setns(fd)
            finally:
                os.close(fd)
            # a test killed by its runner still cleans up
            self._sigterm = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        if self._home is not None:
            _setns(self._home)
            os.close(self._home)
            self._home = None
        subprocess.run(["ip", "netns", "del", self.name], check=False)
        if self._sigterm is not None:
            signal.signal(signal.SIGTERM, self._sigterm)
            self._sigterm = None


class _Process:
    """A child whose output is kept, line by line."""

    def __init__(self, args, env=None):
        self.lines = []
        self._cond = threading.Condition()
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, text=True,
                                     env=dict(os.environ, **(env or {})))
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            with self._cond:
                self.lines.append(line.rstrip("\n"))
                self._cond.notify_all()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def output(self):
        with self._cond:
            return "\n".join(self.lines)


class Janus(_Process):
    """Janus 1.1 with only the VideoRoom plugin and the HTTP transport, ICE on 127.0.0.2."""

    def __init__(self, ice_ip="127.0.0.2"):
        self.dir = tempfile.mkdtemp(prefix="relaycast-janus-")
        self.port = free_port()
        files = subprocess.run(["dpkg", "-L", "janus"], capture_output=True, text=True,
                               check=True).stdout.splitlines()
        videoroom = next(f for f in files if f.endswith("/plugins/libjanus_videoroom.so"))
        lib = os.path.dirname(os.path.dirname(videoroom))
        plugins = os.listdir(os.path.join(lib, "plugins"))
        transports = os.listdir(os.path.join(lib, "transports"))
        config = os.path.join(self.dir, "janus.jcfg")
        with open(config, "w") as f:
            f.write(f"""general: {{
    configs_folder = "{self.dir}"
    plugins_folder = "{lib}/plugins"
    transports_folder = "{lib}/transports"
    events_folder = "{lib}/events"
    loggers_folder = "{lib}/loggers"
    debug_level = 4
    session_timeout = 60
}}
media: {{
    rtp_port_range = "20000-40000"
}}
nat: {{
    ice_enforce_list = "{ice_ip}"
    ignore_mdns = true
}}
plugins: {{
    disable = "{",".join(p for p in plugins if "videoroom" not in p)}"
}}
transports: {{
    disable = "{",".join(t for t in transports if "http" not in t)}"
}}
events: {{
    broadcast = false
}}
""")
        with open(os.path.join(self.dir, "janus.transport.http.jcfg"), "w") as f:
            f.write(f"""general: {{
    base_path = "/janus"
    http = true
    port = {self.port}
    ip = "127.0.0.1"
    https = false
}}
admin: {{
    admin_http = false
}}
""")
        with open(os.path.join(self.dir, "janus.plugin.videoroom.jcfg"), "w") as f:
            f.write("general: { }\n")
        super().__init__(["janus", "-C", config, "-F", self.dir, "-o"])

    def __enter__(self):
        wait_until(lambda: port_open(self.port) or self.proc.poll() is not None, 20,
                   what="Janus to listen")
        if self.proc.poll() is not None:
            raise RuntimeError("Janus did not start:\n" + self.output())
        return self

    def __exit__(self, *exc):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/janus"

    def version(self):
        with urllib.request.urlopen(self.url + "/info", timeout=5) as answer:
            return json.loads(answer.read()).get("version_string", "?")


class WhipFront(_Process):
    """tests/peers/whip_front.py in front of a Janus; rooms record to record_dir."""

    def __init__(self, janus, token="front-token-0123456789", trickle=True):
        self.port = free_port()
        self.token = token
        self.record_dir = tempfile.mkdtemp(prefix="relaycast-whip-rec-")
        super().__init__(["/usr/bin/python3", os.path.join(HERE, "whip_front.py")], env={
            "WHIP_PORT": str(self.port), "WHIP_TOKEN": token, "JANUS_URL": janus.url,
            "WHIP_RECORD_DIR": self.record_dir, "WHIP_TRICKLE": "1" if trickle else "0"})

    def __enter__(self):
        wait_until(lambda: port_open(self.port) or self.proc.poll() is not None, 10,
                   what="the WHIP front to listen")
        if self.proc.poll() is not None:
            raise RuntimeError("the WHIP front did not start:\n" + self.output())
        return self

    def __exit__(self, *exc):
        self.stop()
        shutil.rmtree(self.record_dir, ignore_errors=True)

    def url(self, room):
        return f"http://127.0.0.1:{self.port}/whip/{room}"

    def requests(self, method):
        """The request lines the front printed for one method."""
        with self._cond:
            return [line for line in self.lines if line.startswith(method + " ")]

    def participants(self, room):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/rooms/{room}",
                                    timeout=10) as answer:
            return json.loads(answer.read()).get("participants", [])

    def kick(self, room):
        """Drops the room's sessions without telling their publishers."""
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/kick/{room}", b"")
        with urllib.request.urlopen(request, timeout=10) as answer:
            answer.read()

    def recordings(self, kind):
        """The .mjr files of one medium ("audio" or "video")."""
        return sorted(os.path.join(self.record_dir, name) for name in os.listdir(self.record_dir)
                      if name.endswith(".mjr") and f"-{kind}" in name)


def to_media(mjr, extension):
    """janus-pp-rec: a .mjr recording to a playable file (.mp4 for H.264, .opus)."""
    out = mjr[:-len(".mjr")] + "." + extension
    subprocess.run(["janus-pp-rec", mjr, out], check=True, capture_output=True)
    return out
