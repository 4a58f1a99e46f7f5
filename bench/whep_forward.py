#!/usr/bin/python3
"""WHEP viewers of a WHIP publisher: what forwarding costs beside one encoder (issue 22, part 2).

Headless Chromium publishes its fake camera and microphone to POST /whip/bench; Relaycast's CPU
(user+sys, /proc) is read over the same span in three states, in one run:
  - the publisher alone (its media decoded for the stream, as every stream is);
  - VIEWERS viewers playing POST /whep/bench, sent the publisher's media as it came;
  - the viewers gone, one restream of the stream to nginx-rtmp: one x264 encoder (and AAC), what
    serving the viewers by transcoding would take at the least.
Target: the viewers cost less than the one encoder.

    bench/whep_forward.py [build-dir] [--viewers 8] [--seconds 20]
"""
import argparse
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "peers"))
parser = argparse.ArgumentParser()
parser.add_argument("build", nargs="?", default=os.path.join(ROOT, "build"))
parser.add_argument("--viewers", type=int, default=8)
parser.add_argument("--seconds", type=int, default=20)
options = parser.parse_args()
os.environ["RELAYCAST"] = os.path.join(os.path.abspath(options.build), "src", "relaycast")
from browserpeer import Chromium, inbound, outbound  # noqa: E402
from relayapi import TOKEN, ApiRelaycast  # noqa: E402
from relaypeers import Nginx, wait_until  # noqa: E402


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_over(pid, seconds):
    """Relaycast's CPU seconds per second over the next `seconds`."""
    start, at = cpu_seconds(pid), time.monotonic()
    time.sleep(seconds)  # not synchronisation: the span measured
    return (cpu_seconds(pid) - start) / (time.monotonic() - at)


def main():
    nginx = Nginx()
    nginx.start()
    with Chromium() as browser:
        rc = ApiRelaycast("--source", "test", "--api-allow-origin", browser.origin, "-v")
        try:
            return run(browser, rc, nginx)
        finally:
            rc.kill()
            nginx.stop()


def run(browser, rc, nginx):
    url = f"http://127.0.0.1:{rc.port}"
    pub = browser.publish(url + "/whip/bench", TOKEN)
    if pub["status"] != 201:
        sys.exit(f"WHIP publish refused: {pub}")
    rc.wait_for_line(r"stream bench: live", 30)
    sent = browser.wait_for_stats(pub["peer"], lambda s: outbound(s, "video").get("framesEncoded", 0)
                                  > 60, 30, what="the publisher to send")
    video = outbound(sent, "video")
    alone = cpu_over(rc.proc.pid, options.seconds)

    viewers = []
    for _ in range(options.viewers):
        play = browser.play(url + "/whep/bench", TOKEN)
        if play["status"] != 201:
            sys.exit(f"WHEP play refused: {play}")
        viewers.append(play["peer"])
    for peer in viewers:
        browser.wait_for_stats(peer, lambda s: inbound(s, "video").get("framesDecoded", 0) > 30, 30,
                               what="every viewer to decode frames")
    forwarded = sum("the publisher's media forwarded" in line for line in rc.lines)
    with_viewers = cpu_over(rc.proc.pid, options.seconds)
    codec = inbound(browser.stats(viewers[0]), "video").get("codec", "?").split("/")[-1]
    for peer in viewers:
        browser.delete(peer, TOKEN)

    code, body = rc.api.post("/rest-api/push/startup", {
        "streamName": "bench", "rtmpUrl": nginx.rtmp_url("live", "x").rsplit("/", 1)[0]})
    if code != 200:
        sys.exit(f"restream refused: {body}")
    rc.wait_for_line(r"rtmp://.*: live", 30)
    wait_until(lambda: any("stream bench: new encoder h264" in line for line in rc.lines), 10,
               what="the encoder")
    with_encoder = cpu_over(rc.proc.pid, options.seconds)

    print(f"\nWHEP viewers of one WHIP publisher (Chromium, {video.get('codec', '?').split('/')[-1]} "
          f"{video.get('frameWidth')}x{video.get('frameHeight')}), {options.seconds} s each, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print(f"Relaycast's CPU, seconds per second (the viewers and the publisher run in Chromium)\n")
    print(f"| {'state':<48} | {'CPU':>6} | {'over the publisher alone':>24} |")
    print(f"|{'-' * 50}|{'-' * 8}|{'-' * 26}|")
    print(f"| {'the publisher alone (decoded for the stream)':<48} | {alone:6.3f} | {'':>24} |")
    state = f"{options.viewers} viewers, forwarded ({forwarded} of them, {codec})"
    print(f"| {state:<48} | {with_viewers:6.3f} | {with_viewers - alone:+24.3f} |")
    state = "1 restream: one x264 + AAC encoder (no viewer)"
    print(f"| {state:<48} | {with_encoder:6.3f} | {with_encoder - alone:+24.3f} |")
    met = forwarded == options.viewers and with_viewers - alone < with_encoder - alone
    print(f"\ntarget ({options.viewers} forwarded viewers cost less than one encoder): "
          f"{'met' if met else 'NOT met'}")
    browser.delete(pub["peer"], TOKEN)
    return 0


if __name__ == "__main__":
    sys.exit(main())
