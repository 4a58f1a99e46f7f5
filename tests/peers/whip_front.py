#!/usr/bin/python3
"""A WHIP front (RFC 9725) for Janus's VideoRoom: a real WebRTC peer for Relaycast's tests.

  POST   /whip/<room>             offer (application/sdp, Authorization: Bearer <token>)
                                  -> 201, Location /whip/<room>/<id>, ETag, answer
  PATCH  /whip/<room>/<id>        trickled candidates (application/trickle-ice-sdpfrag,
                                  If-Match <ETag>) -> 204; 405 with WHIP_TRICKLE=0;
                                  ICE restarts (If-Match "*") -> 405
  DELETE /whip/<room>/<id>        -> 200, the Janus session is destroyed
  GET    /rooms/<room>            -> JSON: the room's participants (VideoRoom listparticipants)
  POST   /kick/<room>             -> 200: drops every session of the room behind the
                                  publishers' backs, as a crashed server would

Every request is printed as one line: "<METHOD> <path> <status> <header>=<value>..." with
the headers tests look at. Rooms record to WHIP_RECORD_DIR (.mjr files) when it is set.

Env: WHIP_PORT, WHIP_TOKEN, JANUS_URL, WHIP_RECORD_DIR, WHIP_TRICKLE (1).
Standard library only; test peer, not production.
"""
import json
import os
import random
import re
import threading
import time
import urllib.request
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(os.environ.get("WHIP_PORT", "8080"))
TOKEN = os.environ.get("WHIP_TOKEN", "peertoken")
JANUS = os.environ.get("JANUS_URL", "http://127.0.0.1:18088/janus")
RECORD_DIR = os.environ.get("WHIP_RECORD_DIR", "")
TRICKLE = os.environ.get("WHIP_TRICKLE", "1") == "1"

# resource id -> {"session", "handle", "etag", "mids"}
resources = {}
lock = threading.Lock()


def janus(path, body, timeout=10):
    body = dict(body, transaction="%016x" % random.getrandbits(64))
    request = urllib.request.Request(JANUS + path, json.dumps(body).encode(),
                                     {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        return json.loads(answer.read())


def wait_for_answer(session, timeout=20):
    """Long-polls the session until the plugin answers with a jsep or an error."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{JANUS}/{session}?maxev=5", timeout=35) as answer:
            events = json.loads(answer.read())
        for event in events if isinstance(events, list) else [events]:
            data = event.get("plugindata", {}).get("data", {})
            if event.get("janus") == "event" and (event.get("jsep") or "error" in data):
                return event
    raise TimeoutError("Janus did not answer the offer")


def room_id(name):
    return int(name) if name.isdigit() else zlib.crc32(name.encode()) or 1


def attach():
    session = janus("", {"janus": "create"})["data"]["id"]
    handle = janus(f"/{session}", {"janus": "attach",
                                   "plugin": "janus.plugin.videoroom"})["data"]["id"]
    return session, handle


def publish(room, offer):
    session, handle = attach()
    try:
        create = {"request": "create", "room": room, "publishers": 16,
                  "audiocodec": "opus", "videocodec": "h264"}
        if RECORD_DIR:
            create.update(record=True, rec_dir=RECORD_DIR)
        answer = janus(f"/{session}/{handle}", {"janus": "message", "body": create})
        code = answer.get("plugindata", {}).get("data", {}).get("error_code")
        if code not in (None, 427):  # 427: the room exists
            raise RuntimeError(f"room not created: {answer}")
        answer = janus(f"/{session}/{handle}", {
            "janus": "message", "jsep": {"type": "offer", "sdp": offer},
            "body": {"request": "joinandconfigure", "room": room, "ptype": "publisher",
                     "display": "relaycast", "audio": True, "video": True}})
        if answer.get("janus") == "error":
            raise RuntimeError(f"offer refused: {answer.get('error')}")
        event = wait_for_answer(session)
        if not event.get("jsep"):
            raise RuntimeError(f"offer refused: {event.get('plugindata')}")
        return session, handle, event["jsep"]["sdp"]
    except Exception:
        janus(f"/{session}", {"janus": "destroy"})
        raise


def trickle(resource, fragment):
    """Sends the fragment's candidates to Janus, each with the index of its m-line."""
    candidates, mid = [], None
    for line in fragment.splitlines():
        if line.startswith("a=mid:"):
            mid = line[len("a=mid:"):]
        elif line.startswith("a=candidate:"):
            candidates.append({"sdpMid": mid, "sdpMLineIndex": resource["mids"].index(mid),
                               "candidate": line[2:]})
        elif line == "a=end-of-candidates":
            candidates.append({"completed": True})
    path = f"/{resource['session']}/{resource['handle']}"
    for candidate in candidates:
        janus(path, {"janus": "trickle", "candidate": candidate})


def keepalive():
    while True:
        time.sleep(20)
        with lock:
            sessions = [r["session"] for r in resources.values()]
        for session in sessions:
            try:
                janus(f"/{session}", {"janus": "keepalive"})
            except OSError as error:
                print("keepalive failed", session, error, flush=True)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def reply(self, status, body=b"", content_type="text/plain", headers=()):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        seen = " ".join(f"{name}={self.headers.get(name)}"
                        for name in ("Content-Type", "If-Match", "Authorization")
                        if self.headers.get(name) is not None)
        print(f"{self.command} {self.path} {status} {seen}".rstrip(), flush=True)

    def body(self):
        return self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()

    def authorized(self):
        if self.headers.get("Authorization") == f"Bearer {TOKEN}":
            return True
        self.reply(401, "bad or missing bearer token\n", headers=[("WWW-Authenticate", "Bearer")])
        return False

    def resource(self):
        match = re.fullmatch(r"/whip/[\w-]+/([0-9a-f]+)", self.path)
        with lock:
            return match and resources.get(match.group(1)), match and match.group(1)

    def do_POST(self):
        kick = re.fullmatch(r"/kick/([\w-]+)", self.path)
        if kick:
            return self.kick(kick.group(1))
        match = re.fullmatch(r"/whip/([\w-]+)", self.path)
        offer = self.body()
        if not match:
            return self.reply(404, "no such endpoint\n")
        if not self.authorized():
            return
        if self.headers.get("Content-Type", "").split(";")[0].strip() != "application/sdp":
            return self.reply(415, "an offer is application/sdp\n")
        try:
            session, handle, answer = publish(room_id(match.group(1)), offer)
        except (RuntimeError, TimeoutError, OSError) as error:
            print("publish failed:", error, flush=True)
            return self.reply(422 if "refused" in str(error) else 502, f"{error}\n")
        resource_id = "%x%x" % (session, handle)
        etag = f'"{random.getrandbits(32):08x}"'
        mids = re.findall(r"^a=mid:(\S+)", offer, re.M)
        with lock:
            resources[resource_id] = {"session": session, "handle": handle, "etag": etag,
                                      "mids": mids, "room": match.group(1)}
        self.reply(201, answer, "application/sdp",
                   [("Location", f"/whip/{match.group(1)}/{resource_id}"), ("ETag", etag)])

    def do_PATCH(self):
        fragment = self.body()
        resource, _ = self.resource()
        if not resource:
            return self.reply(404, "no such session\n")
        if not self.authorized():
            return
        if not TRICKLE or self.headers.get("If-Match") == '"*"':
            return self.reply(405, "no trickle ICE or ICE restart here\n",
                              headers=[("Allow", "POST, DELETE")])
        if self.headers.get("Content-Type") != "application/trickle-ice-sdpfrag":
            return self.reply(415, "candidates are application/trickle-ice-sdpfrag\n")
        if self.headers.get("If-Match") != resource["etag"]:
            return self.reply(412, "If-Match does not match the ETag\n")
        try:
            trickle(resource, fragment)
        except (ValueError, OSError) as error:
            return self.reply(400, f"{error}\n")
        self.reply(204)

    def do_DELETE(self):
        resource, resource_id = self.resource()
        if not resource:
            return self.reply(404, "no such session\n")
        if not self.authorized():
            return
        with lock:
            resources.pop(resource_id, None)
        janus(f"/{resource['session']}", {"janus": "destroy"})
        self.reply(200)

    def kick(self, room):
        with lock:
            gone = [key for key, value in resources.items() if value["room"] == room]
            sessions = [resources.pop(key)["session"] for key in gone]
        for session in sessions:
            janus(f"/{session}", {"janus": "destroy"})
        self.reply(200, f"{len(sessions)} sessions dropped\n")

    def do_GET(self):
        match = re.fullmatch(r"/rooms/([\w-]+)", self.path)
        if not match:
            return self.reply(404, "no such room\n")
        session, handle = attach()
        try:
            answer = janus(f"/{session}/{handle}", {"janus": "message", "body": {
                "request": "listparticipants", "room": room_id(match.group(1))}})
        finally:
            janus(f"/{session}", {"janus": "destroy"})
        self.reply(200, json.dumps(answer.get("plugindata", {}).get("data", {})),
                   "application/json")

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    threading.Thread(target=keepalive, daemon=True).start()
    server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
    print(f"WHIP front on http://127.0.0.1:{PORT}/whip/<room> -> {JANUS}", flush=True)
    server.serve_forever()
