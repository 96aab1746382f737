#!/usr/bin/env bash
# Frame time of the map with 100,000 GPS items, in the real window under Xvfb, measured like the
# grid's (`EVAULT_FRAME_STATS=1`: p50 / p95 of `ui()` and of eframe's whole frame).
#
#   benches/map_frames.sh            (debug build, as the grid's figures; PROFILE=release for release)
#
# Builds (once) the 100,000-item vault of `tests/gui/perf.rs` (every item with GPS around 16
# towns of Syria and Iraq), opens it, switches to the map and drags it back and forth at the
# fitted zoom (the region, about a dozen clusters and a hundred place names), then zooms into a
# town and drags again. Prints the frame summaries of each phase.
# Needs: Xvfb, xdotool (apt-get install -y xvfb xdotool).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v Xvfb >/dev/null && command -v xdotool >/dev/null ||
    { echo "install Xvfb and xdotool: apt-get install -y xvfb xdotool" >&2; exit 2; }
PROFILE="${PROFILE:-dev}"
OUT=debug
[ "$PROFILE" = release ] && OUT=release
cargo test --profile "$PROFILE" --test gui perf::generate_100k_vault -- --ignored --nocapture >&2
cargo build --profile "$PROFILE" --bin evidence-vault >&2
VAULT="$PWD/target/tmp/gui-perf-100k/vault"
HOME_DIR="$(mktemp -d)"
LOG="$HOME_DIR/frames.log"
DISPLAY_NUM=":$((90 + RANDOM % 9))"
Xvfb "$DISPLAY_NUM" -screen 0 1280x800x24 >/dev/null 2>&1 &
XVFB=$!
trap 'kill $XVFB 2>/dev/null; rm -rf "$HOME_DIR"' EXIT
sleep 1
export DISPLAY="$DISPLAY_NUM"
unset WAYLAND_DISPLAY
HOME="$HOME_DIR" LANG=C.UTF-8 EVAULT_FRAME_STATS=1 "target/$OUT/evidence-vault" "$VAULT" >"$LOG" 2>&1 &
APP=$!
sleep 6
W=$(xdotool search --class EvidenceVault | head -1)
xdotool windowfocus --sync "$W"
xdotool type --delay 30 "perf vault passphrase"
xdotool key Return
sleep 12
xdotool mousemove 955 112 click 1   # "Map" in the filter bar
sleep 8
pan() {
    for _ in 1 2 3 4 5 6; do
        xdotool mousemove 300 400 mousedown 1
        for i in $(seq 1 30); do xdotool mousemove $((300 + i * 10)) $((400 + (i % 7) * 3)); sleep 0.016; done
        xdotool mouseup 1 mousedown 1
        for i in $(seq 1 30); do xdotool mousemove $((600 - i * 10)) 400; sleep 0.016; done
        xdotool mouseup 1
    done
    sleep 2
}
echo "== region (fitted zoom), 100,000 points =="
: >"$LOG.mark"; wc -l <"$LOG" >"$LOG.mark"
pan
tail -n +"$(( $(cat "$LOG.mark") + 1 ))" "$LOG" | grep "frame stats" || true
for _ in 1 2 3 4 5 6 7 8; do xdotool mousemove 325 290 click 4; sleep 0.3; done   # into Raqqa
sleep 3
echo "== town zoom =="
wc -l <"$LOG" >"$LOG.mark"
pan
tail -n +"$(( $(cat "$LOG.mark") + 1 ))" "$LOG" | grep "frame stats" || true
kill -TERM "$APP"; sleep 2
echo "== whole run =="
tail -n 2 "$LOG"
