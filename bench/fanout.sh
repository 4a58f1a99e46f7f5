#!/bin/bash
# Fan-out benchmark (issue 2): the test source at 1280x720@30 streamed for DURATION
# seconds (default 60) to N = 1, 2, 4, 8 RTMP destinations on a local nginx-rtmp.
# Prints CPU seconds (user+sys) and peak RSS of Relaycast beside ffmpeg doing the same
# job with the same x264 settings: one ffmpeg with the tee muxer, the same with use_fifo=1
# (each destination behind a thread and a queue of its own, isolated from a stalled
# server as Relaycast's are: the like-for-like anchor), and N ffmpegs.
#
# Both sides encode comparable moving content: the same SMPTE colour bars layout
# (ffmpeg's smptebars, videotestsrc's smpte) scrolling 2 px per frame, with a clock
# in an opaque box at the bottom, and a 440 Hz tone.
# Usage: bench/fanout.sh [build-dir]     (DURATION=60 COUNTS="1 2 4 8")
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
RELAYCAST=$BUILD/src/relaycast
DURATION=${DURATION:-60}
COUNTS=${COUNTS:-1 2 4 8}
WORK=$(mktemp -d /tmp/relaycast-bench-XXXXXX)
trap 'exec 3>&-; wait; rm -rf "$WORK"' EXIT

# nginx-rtmp from the test peers; it runs until its stdin (fd 3) closes
mkfifo "$WORK/peer-in"
/usr/bin/python3 tests/peers/rtmp_server.py < "$WORK/peer-in" > "$WORK/peer.json" &
exec 3> "$WORK/peer-in"
until [ -s "$WORK/peer.json" ]; do sleep 0.1; done
PORT=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["port"])' "$WORK/peer.json")

INPUT=(-re -f lavfi -i "smptebars=size=1280x720:rate=30,scroll=horizontal=0.0015625,drawtext=text='%{localtime\:%H\\\\\:%M\\\\\:%S}':fontsize=40:x=(w-tw)/2:y=h-th-20:box=1"
       -re -f lavfi -i "sine=frequency=440:sample_rate=48000")
# the same settings as Relaycast's defaults (x264enc bitrate=2500 vbv-buf-capacity=1000
# key-int-max=60 bframes=0 speed-preset=veryfast tune=zerolatency, AAC 128 kb/s)
ENCODE=(-c:v libx264 -preset veryfast -tune zerolatency -b:v 2500k -maxrate 2500k -bufsize 2500k
        -g 60 -bf 0 -c:a aac -b:a 128k -ac 2 -map 0:v -map 1:a -t "$DURATION")

# runs a command under GNU time; prints "cpu_seconds peak_rss_kib"
measure() {
    /usr/bin/time -f "%U %S %M" -o "$WORK/time.$$" "$@" > /dev/null 2>&1 || true
    awk '{ printf "%.1f %d\n", $1 + $2, $3 }' "$WORK/time.$$"
}

run_relaycast() {
    local n=$1 args=()
    for i in $(seq "$n"); do args+=(--output "rtmp://127.0.0.1:$PORT/live/rc${n}_$i"); done
    measure "$RELAYCAST" --headless --source test --duration "$DURATION" "${args[@]}"
}

# $2: more of the tee's per-destination options (use_fifo=1)
run_ffmpeg_tee() {
    local n=$1 options=${2:+:$2} targets=""
    for i in $(seq "$n"); do
        targets+="${targets:+|}[f=flv:onfail=ignore$options]rtmp://127.0.0.1:$PORT/live/tee${n}_$i"
    done
    measure ffmpeg -nostdin -hide_banner "${INPUT[@]}" "${ENCODE[@]}" -flags +global_header \
        -f tee "$targets"
}

run_ffmpeg_each() {
    local n=$1 pids=() total_cpu=0 total_rss=0
    for i in $(seq "$n"); do
        ( measure ffmpeg -nostdin -hide_banner "${INPUT[@]}" "${ENCODE[@]}" -f flv \
              "rtmp://127.0.0.1:$PORT/live/each${n}_$i" > "$WORK/each.$i" ) &
        pids+=($!)
    done
    wait "${pids[@]}"
    for i in $(seq "$n"); do
        read -r cpu rss < "$WORK/each.$i"
        total_cpu=$(awk -v a="$total_cpu" -v b="$cpu" 'BEGIN { printf "%.1f", a + b }')
        total_rss=$((total_rss + rss))
    done
    echo "$total_cpu $total_rss"
}

echo "Fan-out, ${DURATION}s of 1280x720@30 + AAC per run; CPU = user+sys seconds, RSS = peak MiB"
echo "(N separate ffmpegs: CPU and RSS summed over the processes)"
printf "%3s | %18s | %18s | %18s | %18s | %s\n" N "Relaycast CPU/RSS" "ffmpeg tee CPU/RSS" \
    "tee+fifo CPU/RSS" "N ffmpeg CPU/RSS" "Relaycast / tee, / tee+fifo"
declare -A RELAY_CPU
for n in $COUNTS; do
    read -r r_cpu r_rss < <(run_relaycast "$n")
    read -r t_cpu t_rss < <(run_ffmpeg_tee "$n")
    read -r f_cpu f_rss < <(run_ffmpeg_tee "$n" use_fifo=1)
    read -r e_cpu e_rss < <(run_ffmpeg_each "$n")
    RELAY_CPU[$n]=$r_cpu
    printf "%3s | %8s s %5s MiB | %8s s %5s MiB | %8s s %5s MiB | %8s s %5s MiB | %.2f, %.2f\n" \
        "$n" "$r_cpu" $((r_rss / 1024)) "$t_cpu" $((t_rss / 1024)) "$f_cpu" $((f_rss / 1024)) \
        "$e_cpu" $((e_rss / 1024)) "$(awk -v a="$r_cpu" -v b="$t_cpu" 'BEGIN { print a / b }')" \
        "$(awk -v a="$r_cpu" -v b="$f_cpu" 'BEGIN { print a / b }')"
done
first=${COUNTS%% *}
last=${COUNTS##* }
awk -v a="${RELAY_CPU[$last]}" -v b="${RELAY_CPU[$first]}" -v l="$last" -v f="$first" \
    'BEGIN { printf "Relaycast CPU at N=%s / N=%s: %.2f\n", l, f, a / b }'
