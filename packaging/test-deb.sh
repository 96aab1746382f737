#!/usr/bin/env bash
# Build the .deb, install it, and check that both installed programs work:
#   - evault --version
#   - evidence-vault starts under Xvfb (X11, software GL), stays up, and draws something.
#
#   packaging/test-deb.sh             # build with build-deb.sh, then test
#   packaging/test-deb.sh FILE.deb    # test an existing package
#
# Run as root (or with sudo available): it installs packages with apt-get.
# Writes target/deb-screenshot.png and target/deb-app.log.
# Environment: WAIT_SECONDS (default 8), MIN_COLOURS (default 16).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

WAIT_SECONDS="${WAIT_SECONDS:-8}"
MIN_COLOURS="${MIN_COLOURS:-16}"
OUT_DIR="$ROOT/target"
SHOT="$OUT_DIR/deb-screenshot.png"
APP_LOG="$OUT_DIR/deb-app.log"
mkdir -p "$OUT_DIR"

log() { printf '==> %s\n' "$*" >&2; }
fail() { printf 'test-deb: FAIL: %s\n' "$*" >&2; exit 1; }

if [[ "$(id -u)" -eq 0 ]]; then SUDO=(); else SUDO=(sudo); fi
export DEBIAN_FRONTEND=noninteractive

# --- tools for the GUI check ------------------------------------------------
need=()
command -v xvfb-run >/dev/null 2>&1 || need+=(xvfb)
command -v xauth >/dev/null 2>&1 || need+=(xauth)
command -v xdotool >/dev/null 2>&1 || need+=(xdotool)
if ! command -v import >/dev/null 2>&1 || ! identify -version 2>/dev/null | grep -q ImageMagick \
        || ! convert -version 2>/dev/null | grep -q ImageMagick; then
    need+=(imagemagick)
fi
dpkg -s libgl1-mesa-dri >/dev/null 2>&1 || need+=(libgl1-mesa-dri)
if ((${#need[@]})); then
    log "installing test tools: ${need[*]}"
    "${SUDO[@]}" apt-get update -qq
    "${SUDO[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
fi

# --- build and install --------------------------------------------------------
if [[ $# -ge 1 ]]; then
    deb="$1"
else
    deb="$(bash "$ROOT/packaging/build-deb.sh" | tail -n1)"
fi
[[ -f "$deb" ]] || fail "no package at '$deb'"
deb="$(realpath "$deb")"
log "installing $deb"
"${SUDO[@]}" apt-get install -y --reinstall "$deb"

for f in /usr/bin/evidence-vault /usr/bin/evault \
         /usr/share/applications/org.evidencevault.EvidenceVault.desktop \
         /usr/share/metainfo/org.evidencevault.EvidenceVault.metainfo.xml \
         /usr/share/icons/hicolor/scalable/apps/org.evidencevault.EvidenceVault.svg \
         /usr/share/icons/hicolor/256x256/apps/org.evidencevault.EvidenceVault.png; do
    [[ -e "$f" ]] || fail "package did not install $f"
done
if command -v desktop-file-validate >/dev/null 2>&1; then
    desktop-file-validate /usr/share/applications/org.evidencevault.EvidenceVault.desktop \
        || fail "installed .desktop file does not validate"
fi
if command -v appstreamcli >/dev/null 2>&1; then
    appstreamcli validate --no-net /usr/share/metainfo/org.evidencevault.EvidenceVault.metainfo.xml \
        || fail "installed metainfo does not validate"
fi

# --- CLI ----------------------------------------------------------------------
log "evault --version"
version="$(/usr/bin/evault --version)" || fail "evault --version exited with $?"
printf '%s\n' "$version"
[[ -n "$version" ]] || fail "evault --version printed nothing"

# --- GUI under Xvfb -------------------------------------------------------------
# A throwaway home so the app's settings/persistence do not touch the real one.
APP_HOME="$(mktemp -d)"
trap 'rm -rf "$APP_HOME"' EXIT
rm -f "$SHOT" "$APP_LOG"

unset WAYLAND_DISPLAY
export APP_HOME SHOT APP_LOG WAIT_SECONDS
log "starting /usr/bin/evidence-vault under Xvfb for ${WAIT_SECONDS}s"
set +e
# shellcheck disable=SC2016  # the inner script expands its own variables
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
    set -u
    export HOME="$APP_HOME" XDG_CONFIG_HOME="$APP_HOME/.config" XDG_DATA_HOME="$APP_HOME/.local/share" \
           XDG_CACHE_HOME="$APP_HOME/.cache" LIBGL_ALWAYS_SOFTWARE=1
    unset WAYLAND_DISPLAY
    /usr/bin/evidence-vault >"$APP_LOG" 2>&1 &
    pid=$!
    sleep "$WAIT_SECONDS"
    if ! kill -0 "$pid" 2>/dev/null; then
        wait "$pid"; echo "app exited early with status $?" >&2
        exit 3
    fi
    win="$(timeout 5 xdotool search --onlyvisible --pid "$pid" 2>/dev/null | head -n1)"
    [ -n "$win" ] || win="$(timeout 5 xdotool search --onlyvisible --name "Evidence Vault" 2>/dev/null | head -n1)"
    if [ -n "$win" ]; then
        echo "window $win: $(xdotool getwindowname "$win" 2>/dev/null)" >&2
        xdotool getwindowgeometry "$win" >&2 || true
    else
        echo "warning: no visible window found with xdotool" >&2
    fi
    import -window root "$SHOT"
    shot_status=$?
    kill -TERM "$pid" 2>/dev/null
    for _ in 1 2 3 4 5; do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    [ "$shot_status" -eq 0 ] || exit 4
    exit 0
'
status=$?
set -e

if [[ $status -ne 0 ]]; then
    echo "--- app log (last 40 lines) ---" >&2
    tail -n 40 "$APP_LOG" >&2 2>/dev/null || true
    case $status in
        3) fail "evidence-vault died within ${WAIT_SECONDS}s" ;;
        4) fail "could not take a screenshot" ;;
        *) fail "xvfb-run exited with status $status" ;;
    esac
fi
[[ -s "$SHOT" ]] || fail "no screenshot at $SHOT"

colours="$(identify -format '%k' "$SHOT")"
stddev="$(convert "$SHOT" -format '%[fx:standard_deviation]' info:)"
log "screenshot $SHOT: $colours colours, standard deviation $stddev"
if (( colours < MIN_COLOURS )) || awk -v s="$stddev" 'BEGIN { exit !(s < 0.01) }'; then
    echo "--- app log (last 40 lines) ---" >&2
    tail -n 40 "$APP_LOG" >&2 || true
    fail "screenshot is (nearly) a flat colour: the window was not drawn"
fi

log "PASS: package installs, evault runs, evidence-vault draws a window"
