"""SRT receivers for Relaycast's tests, on 127.0.0.1: ffmpeg (libsrt) recording what it
receives, and srt-live-transmit (Debian's srt-tools) as a listener that checks a passphrase.

    with FfmpegSrt(port, passphrase="…") as rx:   # listens, records to rx.path
        ... relaycast calls srt://127.0.0.1:port?passphrase=… ...
    info = probe(rx.path)
"""

import os
import signal
import socket
import subprocess
import tempfile


def free_udp_port():
    """A UDP port nobody is bound to right now (the kernel's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def udp_bound(port):
    """Whether something is bound to 127.0.0.1:port (an SRT listener is ready)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def srt_url(port, host="127.0.0.1", **options):
    query = "&".join(f"{key}={value}" for key, value in options.items() if value is not None)
    return f"srt://{host}:{port}" + (f"?{query}" if query else "")


class FfmpegSrt:
    """ffmpeg receiving MPEG-TS over SRT and copying it to a .ts file: a listener on
    127.0.0.1:port by default, or with caller=True calling a Relaycast that listens."""

    def __init__(self, port, passphrase=None, caller=False, duration=None, path=None):
        self.port = port
        self.path = path or tempfile.mkstemp(prefix="relaycast-srt-", suffix=".ts")[1]
        options = {"mode": "caller" if caller else "listener", "passphrase": passphrase,
                   "pbkeylen": 16 if passphrase else None}
        args = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i",
                srt_url(port, **options)]
        if duration is not None:
            args += ["-t", str(duration)]
        self.proc = subprocess.Popen(args + ["-c", "copy", "-f", "mpegts", self.path],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True)

    def wait(self, timeout):
        return self.proc.wait(timeout)

    def kill(self, sig=signal.SIGKILL):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(10)
        self.proc.stderr.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kill()


class SrtLiveTransmit:
    """srt-live-transmit listening on 127.0.0.1:port with a passphrase, throwing away
    what it receives; its log (on stderr) says why it rejects a caller."""

    def __init__(self, port, passphrase):
        self.port = port
        self.log = tempfile.mkstemp(prefix="relaycast-slt-", suffix=".log")[1]
        with open(self.log, "w") as log:
            self.proc = subprocess.Popen(
                ["srt-live-transmit", f"srt://127.0.0.1:{port}?mode=listener"
                 f"&passphrase={passphrase}&pbkeylen=16", "file://con"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log)

    def output(self):
        with open(self.log, errors="replace") as f:
            return f.read()

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        os.unlink(self.log)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kill()
