"""Headless Chromium as a WebRTC peer (tests/browser/webrtc-peer.js), driven from tests:

    with Chromium() as browser:
        pub = browser.publish(f"http://127.0.0.1:{port}/whip/cam", token)   # {"status": 201, "peer": ...}
        browser.wait_for_stats(pub["peer"], lambda s: s["connectionState"] == "connected", 20,
                               what="the publisher to connect")
        browser.delete(pub["peer"], token)
"""
import collections
import itertools
import json
import os
import queue
import subprocess
import threading
import time

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "browser", "webrtc-peer.js")


class BrowserError(RuntimeError):
    pass


class Chromium:
    def __init__(self, timeout=60):
        self.proc = subprocess.Popen(["node", SCRIPT], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, bufsize=1)
        self.answers = queue.Queue()
        self.stderr = collections.deque(maxlen=40)
        self.ids = itertools.count(1)
        threading.Thread(target=self._read_stdout, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()
        try:
            ready = self._next_answer(timeout)
            if ready.get("event") != "ready":
                raise BrowserError(f"unexpected first line {ready!r}")
            self.origin = ready["origin"]
        except BaseException:
            self.close()
            raise

    def _read_stdout(self):
        for line in self.proc.stdout:
            if line.strip():
                self.answers.put(json.loads(line))
        self.answers.put(None)

    def _read_stderr(self):
        for line in self.proc.stderr:
            self.stderr.append(line.rstrip())

    def _next_answer(self, timeout):
        try:
            answer = self.answers.get(timeout=timeout)
        except queue.Empty:
            raise BrowserError(f"Chromium gave no answer in {timeout}s; it said:\n" + self.tail())
        if answer is None:
            raise BrowserError("Chromium's driver has exited; it said:\n" + self.tail())
        return answer

    def tail(self):
        return "\n".join(self.stderr)

    def call(self, cmd, timeout=30, **args):
        command_id = next(self.ids)
        self.proc.stdin.write(json.dumps({"id": command_id, "cmd": cmd, **args}) + "\n")
        self.proc.stdin.flush()
        deadline = time.monotonic() + timeout
        while True:
            answer = self._next_answer(max(0.1, deadline - time.monotonic()))
            if answer.get("id") == command_id:
                break
        if not answer.pop("ok"):
            raise BrowserError(f"{cmd} failed: {answer.get('error')}\n" + self.tail())
        answer.pop("id")
        return answer

    def publish(self, url, token=None, **media):
        return self.call("publish", url=url, token=token, **media)

    def play(self, url, token=None):
        return self.call("play", url=url, token=token)

    def offer(self, kind):
        return self.call("offer", kind=kind)["sdp"]

    def stats(self, peer):
        return self.call("stats", peer=peer)

    def restart(self, peer, token=None):
        """An ICE restart through a PATCH of the session."""
        return self.call("restart", peer=peer, token=token)

    def delete(self, peer, token=None):
        return self.call("delete", peer=peer, token=token)["status"]

    def loopback(self, **size):
        """A sender and a receiver in the page, connected directly, sending the delay probe."""
        return self.call("loopback", **size)["peer"]

    def watch(self, peer):
        """Times the delay probe's flips on `peer`'s video (a play() or a loopback())."""
        self.call("watch", peer=peer)

    def flip(self, count, min_gap_ms, max_gap_ms, tail_ms=2000):
        """Flips the delay probe `count` times; returns the flips and each watched viewer's crossings."""
        return self.call("flip", timeout=30 + (count * max_gap_ms + tail_ms) / 1000, count=count,
                         minGap=min_gap_ms, maxGap=max_gap_ms, tail=tail_ms)

    def wait_for_stats(self, peer, predicate, timeout, what):
        """Polls getStats() once a second until predicate(stats) holds; returns those stats."""
        deadline = time.monotonic() + timeout
        while True:
            stats = self.stats(peer)
            if predicate(stats):
                return stats
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out after {timeout}s waiting for {what}; last stats: {stats}")
            time.sleep(1)

    def close(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write(json.dumps({"cmd": "quit"}) + "\n")
                self.proc.stdin.flush()
                self.proc.wait(15)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                stream.close()
            except OSError:
                pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def inbound(stats, kind):
    return next((s for s in stats["inbound"] if s["kind"] == kind), {})


def outbound(stats, kind):
    return next((s for s in stats["outbound"] if s["kind"] == kind), {})
