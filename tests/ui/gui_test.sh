#!/bin/sh
# GUI tests of the real app under Xvfb (run by CTest). Usage:
#   gui_test.sh MODE APP PNG_CHECK MAKE_CONSULTATION VIGNETTE
# MODE: vignette | handout | open | review_handout | nodisplay | second_copy | layout_audit
set -u
mode=$1 app=$2 check=$3 maker=$4 vignette=$5
tmp=$(mktemp -d)
app_pid=
# Stop the first window by its own pid (xvfb-run then stops its Xvfb).
trap '[ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null; sleep 0.5; rm -rf "$tmp"' EXIT
export XDG_CONFIG_HOME="$tmp/config"
# -noreset: by default Xvfb resets when its last client leaves, and a client connecting in that
# moment gets no display; a test's short-lived helpers (xdotool) make that moment often.
run_x() { xvfb-run -a -s "-screen 0 1600x1000x24 -noreset" "$@"; }
fail() { echo "FAIL: $*"; exit 1; }

case $mode in
vignette)
  run_x "$app" --db "$tmp/c.db" --answers "$vignette" --screenshot "$tmp/shot.png" --print-state >"$tmp/out" 2>"$tmp/err" \
    || fail "app exited $? ($(cat "$tmp/err"))"
  grep -q "screen=consultation" "$tmp/out" || fail "not on the consultation screen: $(cat "$tmp/out")"
  "$check" "$tmp/shot.png" 1440 900 || fail "screenshot is not a real rendering"
  ;;
handout)
  # The handout panel with its preview pages as textures; printing points at a CUPS server
  # that does not exist, so the panel shows the no-service message instead of a printer.
  export CUPS_SERVER="$tmp/no-cups.sock" HOME="$tmp"
  run_x "$app" --db "$tmp/c.db" --answers "$vignette" --screen handout --screenshot "$tmp/shot.png" --print-state \
    >"$tmp/out" 2>"$tmp/err" || fail "app exited $? ($(cat "$tmp/err"))"
  grep -q "screen=consultation" "$tmp/out" || fail "not on the consultation screen: $(cat "$tmp/out")"
  pages=$(sed -n 's/.*handout_pages=\([0-9]*\).*/\1/p' "$tmp/out")
  textures=$(sed -n 's/.*preview_textures=\([0-9]*\).*/\1/p' "$tmp/out")
  [ "${pages:-0}" -ge 1 ] || fail "no preview pages: $(cat "$tmp/out")"
  [ "$textures" = "$pages" ] || fail "$pages pages but $textures textures"
  "$check" "$tmp/shot.png" 1440 900 || fail "screenshot is not a real rendering"
  [ -n "${HC_SCREENSHOT_OUT:-}" ] && cp "$tmp/shot.png" "$HC_SCREENSHOT_OUT"
  ;;
open)
  id=$("$maker" "$tmp/c.db" "$vignette") || fail "could not prepare a consultation"
  run_x "$app" --db "$tmp/c.db" --open "$id" --screenshot "$tmp/shot.png" --print-state >"$tmp/out" 2>"$tmp/err" \
    || fail "app exited $? ($(cat "$tmp/err"))"
  grep -q "screen=review consultation=$id" "$tmp/out" || fail "did not open consultation $id: $(cat "$tmp/out")"
  "$check" "$tmp/shot.png" 1440 900 || fail "screenshot is not a real rendering"
  ;;
review_handout)
  # A finalised consultation opened from the list, its handout panel over the Review screen.
  export CUPS_SERVER="$tmp/no-cups.sock" HOME="$tmp"
  id=$("$maker" "$tmp/c.db" "$vignette") || fail "could not prepare a consultation"
  run_x "$app" --db "$tmp/c.db" --open "$id" --screen handout --screenshot "$tmp/shot.png" --print-state \
    >"$tmp/out" 2>"$tmp/err" || fail "app exited $? ($(cat "$tmp/err"))"
  grep -q "screen=review consultation=$id" "$tmp/out" || fail "not on the review of $id: $(cat "$tmp/out")"
  pages=$(sed -n 's/.*handout_pages=\([0-9]*\).*/\1/p' "$tmp/out")
  textures=$(sed -n 's/.*preview_textures=\([0-9]*\).*/\1/p' "$tmp/out")
  [ "${pages:-0}" -ge 1 ] || fail "no preview pages: $(cat "$tmp/out")"
  [ "$textures" = "$pages" ] || fail "$pages pages but $textures textures"
  "$check" "$tmp/shot.png" 1440 900 || fail "screenshot is not a real rendering"
  [ -n "${HC_SCREENSHOT_OUT:-}" ] && cp "$tmp/shot.png" "$HC_SCREENSHOT_OUT"
  ;;
layout_audit)
  # --layout-audit through the real window: every drawn item as JSON, none of them cut.
  run_x "$app" --db "$tmp/c.db" --answers "$vignette" --page 4 --width 1280 --height 720 --zoom 1.5 --dark \
    --layout-audit "$tmp/audit.json" >"$tmp/out" 2>"$tmp/err" || fail "app exited $? ($(cat "$tmp/err"))"
  grep -q '"items"' "$tmp/audit.json" || fail "no items in the audit"
  n=$(grep -c '"interactive": true' "$tmp/audit.json")
  [ "$n" -ge 10 ] || fail "only $n interactive items in the audit"
  grep -q '"missing_glyphs"' "$tmp/audit.json" || fail "no missing_glyphs field"
  if grep -q '"clipped": true' "$tmp/audit.json"; then fail "an item is cut: $(grep -B8 '"clipped": true' "$tmp/audit.json" | grep label)"; fi
  ;;
nodisplay)
  env -u DISPLAY -u WAYLAND_DISPLAY "$app" --db "$tmp/c.db" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  [ $rc -eq 1 ] || fail "exit $rc, expected 1"
  [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "expected one line on stderr, got: $(cat "$tmp/err")"
  grep -qi "no display" "$tmp/err" || fail "message does not say there is no display: $(cat "$tmp/err")"
  ;;
second_copy)
  # The first window keeps the database open; the second says so and does not write.
  xvfb-run -a -s "-noreset" sh -c 'echo $$ >"$1"; exec "$2" --db "$3"' sh "$tmp/pid" "$app" "$tmp/c.db" >/dev/null 2>&1 &
  i=0; while [ ! -s "$tmp/pid" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
  app_pid=$(cat "$tmp/pid")
  i=0; while [ ! -e "$tmp/c.db.lock" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
  sleep 1
  run_x "$app" --db "$tmp/c.db" --screenshot "$tmp/shot.png" --print-state >"$tmp/out" 2>"$tmp/err" \
    || fail "second copy exited $? ($(cat "$tmp/err"))"
  grep -q "read_only=1" "$tmp/out" || fail "second copy did not notice the first: $(cat "$tmp/out")"
  ;;
*) fail "unknown mode $mode" ;;
esac
echo "ok: $mode"
