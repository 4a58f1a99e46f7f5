#!/bin/bash
# Scene benchmark (issue 17): a two-layer scene, a 1280x720@30 picture with a 320x180
# picture-in-picture of the same source in the bottom-right corner, streamed for DURATION
# seconds (default 30) to one RTMP destination on a local nginx-rtmp. Prints CPU seconds
# (user+sys) and peak RSS of Relaycast beside ffmpeg doing the same job with its overlay
# filter and the same x264 settings, RUNS times each (default 3), alternating.
#
# Both sides make one moving test picture of 1280x720 (Relaycast's test pattern, named by
# both layers and opened once; ffmpeg's smptebars scrolling 2 px per frame with a clock,
# split in two), scale a copy to 320x180 once, then blend and encode once.
# Usage: bench/scene.sh [build-dir]     (DURATION=30 RUNS=3)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
RELAYCAST=$BUILD/src/relaycast
DURATION=${DURATION:-30}
RUNS=${RUNS:-3}
WORK=$(mktemp -d /tmp/relaycast-bench-XXXXXX)
trap 'exec 3>&-; wait; rm -rf "$WORK"' EXIT

mkfifo "$WORK/peer-in"
/usr/bin/python3 tests/peers/rtmp_server.py < "$WORK/peer-in" > "$WORK/peer.json" &
exec 3> "$WORK/peer-in"
until [ -s "$WORK/peer.json" ]; do sleep 0.1; done
PORT=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["port"])' "$WORK/peer.json")
RECORDS=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["record_dir"])' "$WORK/peer.json")

# the video frames nginx recorded of a stream: a run that dropped frames is no cheaper
frames() {
    ffprobe -v error -count_frames -select_streams v -show_entries stream=nb_read_frames \
        -of csv=p=0 "$RECORDS/$1.flv" 2>/dev/null || echo 0
}

# the scene, saved where Relaycast looks for it
mkdir -p "$WORK/config/relaycast"
cat > "$WORK/config/relaycast/scenes.json" <<'JSON'
{"version": 1, "scenes": [{"id": "pip", "name": "PiP", "layers": [
  {"id": "main", "source": "test", "x": 0, "y": 0, "width": 1280, "height": 720},
  {"id": "guest", "source": "test", "x": 920, "y": 500, "width": 320, "height": 180}]}]}
JSON

PICTURE="smptebars=size=1280x720:rate=30,scroll=horizontal=0.0015625,drawtext=text='%{localtime\:%H\\\\\:%M\\\\\:%S}':fontsize=40:x=(w-tw)/2:y=h-th-20:box=1"
# the same settings as Relaycast's defaults (see bench/fanout.sh)
ENCODE=(-c:v libx264 -preset veryfast -tune zerolatency -b:v 2500k -maxrate 2500k -bufsize 2500k
        -g 60 -bf 0 -c:a aac -b:a 128k -ac 2 -t "$DURATION")

measure() {
    /usr/bin/time -f "%U %S %M" -o "$WORK/time.$$" "$@" > /dev/null 2>&1 || true
    awk '{ printf "%.1f %d\n", $1 + $2, $3 }' "$WORK/time.$$"
}

run_relaycast() {
    XDG_CONFIG_HOME="$WORK/config" measure "$RELAYCAST" --headless --scene PiP \
        --duration "$DURATION" --output "rtmp://127.0.0.1:$PORT/live/rc$1"
}

run_ffmpeg() {
    measure ffmpeg -nostdin -hide_banner -re -f lavfi -i "$PICTURE" \
        -re -f lavfi -i "sine=frequency=440:sample_rate=48000" \
        -filter_complex "[0:v]split[main][copy];[copy]scale=320:180[pip];[main][pip]overlay=x=920:y=500[v]" \
        -map "[v]" -map 1:a "${ENCODE[@]}" -f flv "rtmp://127.0.0.1:$PORT/live/ff$1"
}

echo "Scene, ${DURATION}s of a 1280x720@30 picture with a 320x180 picture-in-picture + AAC"
echo "CPU = user+sys seconds, RSS = peak MiB"
echo "frames: video frames nginx recorded (${DURATION} s at 30 fps: $((DURATION * 30)))"
printf "%3s | %26s | %26s | %s\n" run "Relaycast CPU/RSS/frames" "ffmpeg CPU/RSS/frames" \
    "Relaycast / ffmpeg"
for run in $(seq "$RUNS"); do
    read -r r_cpu r_rss < <(run_relaycast "$run")
    read -r f_cpu f_rss < <(run_ffmpeg "$run")
    printf "%3s | %8s s %5s MiB %6s | %8s s %5s MiB %6s | %.2f\n" "$run" "$r_cpu" $((r_rss / 1024)) \
        "$(frames "rc$run")" "$f_cpu" $((f_rss / 1024)) "$(frames "ff$run")" \
        "$(awk -v a="$r_cpu" -v b="$f_cpu" 'BEGIN { print a / b }')"
done
