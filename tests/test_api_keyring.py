#!/usr/bin/python3
"""Issue 5 with a Secret Service (run by with-keyring.sh): the API token is made at the first
start and kept in the keyring; a persisted restream's bearer token is kept there too, never in
restreams.json, and both come back after a restart."""
import json
import os
import signal
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from relayapi import Api, ApiRelaycast, publishes, recording_closed  # noqa: E402
from relaypeers import Nginx, wait_until  # noqa: E402

STREAM_KEY = "keyring-stream-key-0123456789"


def keyring_lookup(item_id):
    """The secret Relaycast keeps under this id, or None."""
    done = subprocess.run(["secret-tool", "lookup", "destination-id", item_id],
                          capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 and done.stdout else None


class KeyringTest(unittest.TestCase):
    def test_api_token_made_once_and_kept(self):
        home = tempfile.mkdtemp(prefix="relaycast-api-")
        tokens = []
        for run in range(2):
            with ApiRelaycast("--source", "test", token=None, home=home) as rc:
                m = rc.wait_for_line(r"REST API on http://127\.0\.0\.1:\d+ "
                                     r"\(token in (\S+), (new, )?kept in the keyring")
                # made at the first start, found at the second
                self.assertEqual(bool(m.group(2)), run == 0)
                with open(m.group(1)) as f:
                    token = f.read().strip()
                tokens.append(token)
                self.assertEqual(Api(rc.port, token).get("/relay/tasks"), (200, []))
                self.assertNotIn(token, rc.output())
                wait_until(lambda: keyring_lookup("relaycast-api-token") == token, 10,
                           what="the token in the keyring")
                os.remove(m.group(1))
        self.assertEqual(tokens[0], tokens[1])
        self.assertEqual(keyring_lookup("relaycast-api-token"), tokens[0])

    def test_persisted_bearer_token_lives_in_the_keyring(self):
        with Nginx() as nginx:
            home = tempfile.mkdtemp(prefix="relaycast-api-")
            body = {"guid": "keep", "context": "live", "name": "program", "level": 0,
                    "parameters": {"action": "create", "type": "rtmp-push",
                                   "endpoint": f"rtmp://127.0.0.1:{nginx.port}/live",
                                   "bearerToken": STREAM_KEY, "persist": "true",
                                   "delayS": "1"}}
            rc = ApiRelaycast("--source", "test", home=home)
            try:
                code, r = rc.api.post("/live/restream", body)
                self.assertEqual(code, 200, r)
                self.assertEqual(r["parameters"]["bearerToken"], "keyr****")
                rc.wait_for_line(r"keep rtmp://127\.0\.0\.1:\d+/live/keyr\*\*\*\*: live")
                self.assertEqual(keyring_lookup("restream:keep"), STREAM_KEY)
                with open(os.path.join(home, "config", "relaycast", "restreams.json")) as f:
                    saved = f.read()
                self.assertNotIn(STREAM_KEY, saved)
                self.assertIs(json.loads(saved)["restreams"][0]["parameters"]
                              ["bearerTokenInKeyring"], True)
                rc.signal(signal.SIGINT)
                self.assertEqual(rc.wait(30), 0, rc.output())
            finally:
                rc.kill()
            wait_until(lambda: recording_closed(nginx, STREAM_KEY), 10, what="closed")

            again = ApiRelaycast("--source", "test", home=home)
            try:
                again.wait_for_line(r"keep rtmp://127\.0\.0\.1:\d+/live/keyr\*\*\*\*: live",
                                    timeout=30)
                wait_until(lambda: publishes(nginx, STREAM_KEY) == 2, 10,
                           what="the restored restream to publish with its key")
                code, r = again.api.post("/live/restream", {"guid": "keep", "parameters": {
                    "action": "kill"}})
                self.assertEqual(code, 200, r)
                wait_until(lambda: keyring_lookup("restream:keep") is None, 10,
                           what="the key to leave the keyring")
                self.assertNotIn(STREAM_KEY, rc.output() + again.output())
            finally:
                again.kill()


if __name__ == "__main__":
    unittest.main(verbosity=2)
