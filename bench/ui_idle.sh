#!/bin/sh
# Idle CPU of the app with its window open under Xvfb: CPU time (utime + stime from
# /proc/PID/stat) used over SECONDS (default 60) after a short settle, as % of one core.
# Usage: bench/ui_idle.sh BUILD_DIR [SECONDS]
set -eu
build=${1:?usage: ui_idle.sh BUILD_DIR [SECONDS]}
secs=${2:-60}
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
# The app writes its own pid (exec keeps it), so we measure and stop exactly that process.
XDG_CONFIG_HOME="$tmp" xvfb-run -a -s "-screen 0 1600x1000x24 -noreset" \
  sh -c 'echo $$ >"$1"; exec "$2" --db "$3"' sh "$tmp/pid" "$build/hairconsult" "$tmp/idle.db" >/dev/null 2>&1 &
sleep 5
pid=$(cat "$tmp/pid")
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
t0=$(ticks)
sleep "$secs"
t1=$(ticks)
awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s="$secs" \
  'BEGIN { printf "idle CPU over %d s: %.3f%% of one core (%d ticks at %d Hz)\n", s, 100 * (b - a) / hz / s, b - a, hz }'
