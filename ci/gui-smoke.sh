#!/usr/bin/env bash
# Starts the real evidence-vault window under Xvfb with the demo vault, takes a screenshot and
# fails if the app died or the window is blank (a single colour). The screenshot is kept in
# target/gui-smoke/demo.png for a human to look at.
#
#   ci/gui-smoke.sh                      # builds and runs the debug binary
#   EVAULT_BIN=target/release/evidence-vault ci/gui-smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in xvfb-run import identify xdotool; do
  command -v "$tool" >/dev/null || { echo "gui-smoke: $tool is missing (apt-get install xvfb xauth imagemagick xdotool)" >&2; exit 2; }
done

BIN="${EVAULT_BIN:-}"
if [ -z "$BIN" ]; then
  cargo build --bin evidence-vault
  BIN=target/debug/evidence-vault
fi
BIN="$(realpath "$BIN")"
OUT="$(pwd)/target/gui-smoke"
mkdir -p "$OUT"
rm -f "$OUT/demo.png" "$OUT/app.log"

# A private home: eframe's saved preferences and any portal state stay out of the user's. A private
# TMPDIR shows whether the demo vault's temporary folder is deleted when the app is told to end.
HOME_DIR="$(mktemp -d)"
TMP_DIR="$(mktemp -d)"
trap 'rm -rf "$HOME_DIR" "$TMP_DIR"' EXIT
unset WAYLAND_DISPLAY

# shellcheck disable=SC2016  # the inner script expands its own variables
BIN="$BIN" OUT="$OUT" TMPDIR="$TMP_DIR" HOME="$HOME_DIR" XDG_DATA_HOME="$HOME_DIR/.local/share" XDG_CONFIG_HOME="$HOME_DIR/.config" \
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  set -u
  "$BIN" --demo >"$OUT/app.log" 2>&1 &
  pid=$!
  # Wait for the window, then for the demo vault to be created and its thumbnails drawn.
  for _ in $(seq 1 60); do
    xdotool search --name "Evidence Vault" >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  sleep "${EVAULT_SMOKE_WAIT:-10}"
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "gui-smoke: the app died; its log:" >&2
    cat "$OUT/app.log" >&2
    exit 1
  fi
  import -window root "$OUT/demo.png"
  alive=1
  kill -0 "$pid" 2>/dev/null || alive=0
  if [ "$alive" = 0 ]; then
    echo "gui-smoke: the app died while the screenshot was taken; its log:" >&2
    cat "$OUT/app.log" >&2
    exit 1
  fi
  ls "$TMPDIR" | grep -q "^evidence-vault-demo" || { echo "gui-smoke: no demo vault folder in TMPDIR" >&2; exit 1; }
  # SIGTERM (a logout, kill) closes the window the normal way: the demo vault is deleted.
  kill -TERM "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid"
    echo "gui-smoke: the app did not end within 10 s of SIGTERM" >&2
    exit 1
  fi
  wait "$pid"
  status=$?
  [ "$status" -eq 0 ] || { echo "gui-smoke: after SIGTERM the app exited with $status" >&2; exit 1; }
  if ls "$TMPDIR" | grep -q "^evidence-vault-demo"; then
    echo "gui-smoke: the demo vault folder was left behind after SIGTERM" >&2
    exit 1
  fi
  echo "gui-smoke: SIGTERM closed the app cleanly and deleted the demo vault"
'

colours="$(identify -format %k "$OUT/demo.png")"
echo "gui-smoke: screenshot $OUT/demo.png has $colours colours"
if [ "$colours" -lt 16 ]; then
  echo "gui-smoke: the window is blank (fewer than 16 colours)" >&2
  cat "$OUT/app.log" >&2 || true
  exit 1
fi
echo "gui-smoke: ok"
