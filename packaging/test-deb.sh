#!/usr/bin/env bash
# Build the .deb, install it, and check that both installed programs work:
#   - evault --version
#   - evidence-vault starts under Xvfb (X11, software GL), stays up, and draws something.
#
#   packaging/test-deb.sh             # build with build-deb.sh, then test
#   packaging/test-deb.sh FILE.deb    # test an existing package
#
# Run as root (or with sudo available): it installs packages with apt-get.
# Writes target/deb-start.png and target/deb-demo.png (screenshots) with the app's logs beside them.
# Environment: WAIT_SECONDS (default 8), MIN_COLOURS (default 16).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

WAIT_SECONDS="${WAIT_SECONDS:-8}"
MIN_COLOURS="${MIN_COLOURS:-16}"
OUT_DIR="$ROOT/target"
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
log "installing $deb with dpkg -i"
# dpkg -i does not fetch dependencies; on a machine that lacks some, it leaves the package
# unconfigured and `apt-get -f install` brings in exactly what Depends lists.
if ! "${SUDO[@]}" dpkg -i "$deb"; then
    log "dpkg -i needs dependencies: apt-get -f install"
    "${SUDO[@]}" apt-get update -qq
    "${SUDO[@]}" apt-get -f install -y -qq
fi
dpkg-query -W -f='${Status} ${Version}\n' evidence-vault | grep -q '^install ok installed' \
    || fail "evidence-vault is not installed and configured"
log "installed: $(dpkg-query -W -f='${Package} ${Version} ${Installed-Size} KiB' evidence-vault)"

for f in /usr/bin/evidence-vault /usr/bin/evault \
         /usr/share/applications/org.evidencevault.EvidenceVault.desktop \
         /usr/share/metainfo/org.evidencevault.EvidenceVault.metainfo.xml \
         /usr/share/mime/packages/org.evidencevault.EvidenceVault.xml \
         /usr/share/doc/evidence-vault/copyright \
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

# A *.tar.age file is an Evidence Vault bundle to the desktop (dpkg's trigger ran
# update-mime-database).
if [[ -f /usr/share/mime/globs2 ]]; then
    grep -q 'application/x-evidence-vault-bundle:\*\.tar\.age' /usr/share/mime/globs2 \
        || fail "the bundle MIME type is not registered"
fi

# --- CLI ----------------------------------------------------------------------
log "evault --version"
version="$(/usr/bin/evault --version)" || fail "evault --version exited with $?"
printf '%s\n' "$version"
[[ "$version" == "evault $(dpkg-query -W -f='${Version}' evidence-vault | sed 's/-[^-]*$//')" ]] \
    || fail "evault --version says '$version', not the package's version"
/usr/bin/evault --help >/dev/null || fail "evault --help failed"
gui_version="$(/usr/bin/evidence-vault --version)" || fail "evidence-vault --version failed"
printf '%s\n' "$gui_version"

# --- GUI under Xvfb -------------------------------------------------------------
# A throwaway home so the app's settings/persistence do not touch the real one.
APP_HOME="$(mktemp -d)"
trap 'rm -rf "$APP_HOME"' EXIT
unset WAYLAND_DISPLAY
export APP_HOME WAIT_SECONDS

# shoot NAME [ARGS…]: start the installed app with ARGS, wait, screenshot to
# target/deb-NAME.png, and fail unless it stayed up, its window carries the desktop file's
# class (so docks match it to the menu entry and icon) and the screen is really drawn.
shoot() {
    local name="$1"; shift
    local shot="$OUT_DIR/deb-$name.png" app_log="$OUT_DIR/deb-$name.log" status
    rm -f "$shot" "$app_log"
    log "starting /usr/bin/evidence-vault $* under Xvfb for ${WAIT_SECONDS}s"
    set +e
    # shellcheck disable=SC2016  # the inner script expands its own variables
    SHOT="$shot" APP_LOG="$app_log" xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
        set -u
        export HOME="$APP_HOME" XDG_CONFIG_HOME="$APP_HOME/.config" XDG_DATA_HOME="$APP_HOME/.local/share" \
               XDG_CACHE_HOME="$APP_HOME/.cache" LIBGL_ALWAYS_SOFTWARE=1
        unset WAYLAND_DISPLAY
        /usr/bin/evidence-vault "$@" >"$APP_LOG" 2>&1 &
        pid=$!
        sleep "$WAIT_SECONDS"
        if ! kill -0 "$pid" 2>/dev/null; then
            wait "$pid"; echo "app exited early with status $?" >&2
            exit 3
        fi
        win="$(timeout 5 xdotool search --onlyvisible --class org.evidencevault.EvidenceVault 2>/dev/null | head -n1)"
        if [ -z "$win" ]; then
            echo "no visible window of class org.evidencevault.EvidenceVault" >&2
            exit 5
        fi
        echo "window $win: \"$(xdotool getwindowname "$win" 2>/dev/null)\", class org.evidencevault.EvidenceVault" >&2
        import -window root "$SHOT"
        shot_status=$?
        kill -TERM "$pid" 2>/dev/null
        for _ in 1 2 3 4 5; do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        [ "$shot_status" -eq 0 ] || exit 4
        exit 0
    ' shoot "$@"
    status=$?
    set -e
    if [[ $status -ne 0 ]]; then
        echo "--- app log (last 40 lines) ---" >&2
        tail -n 40 "$app_log" >&2 2>/dev/null || true
        case $status in
            3) fail "evidence-vault $* died within ${WAIT_SECONDS}s" ;;
            4) fail "could not take a screenshot" ;;
            5) fail "evidence-vault $*: no window with the desktop file's class" ;;
            *) fail "xvfb-run exited with status $status" ;;
        esac
    fi
    [[ -s "$shot" ]] || fail "no screenshot at $shot"
    local colours stddev
    colours="$(identify -format '%k' "$shot")"
    stddev="$(convert "$shot" -format '%[fx:standard_deviation]' info:)"
    log "screenshot $shot: $colours colours, standard deviation $stddev"
    if (( colours < MIN_COLOURS )) || awk -v s="$stddev" 'BEGIN { exit !(s < 0.01) }'; then
        echo "--- app log (last 40 lines) ---" >&2
        tail -n 40 "$app_log" >&2 || true
        fail "screenshot is (nearly) a flat colour: the window was not drawn"
    fi
}

# The start screen a new user sees.
shoot start
# The menu entry's "Try the Demo Vault" action, run as the desktop runs it: the demo vault is
# created, filled and drawn by the installed binary.
desktop=/usr/share/applications/org.evidencevault.EvidenceVault.desktop
demo_exec="$(sed -n '/^\[Desktop Action demo\]/,/^\[/s/^Exec=//p' "$desktop")"
read -r -a demo_cmd <<<"$demo_exec"
[[ "${demo_cmd[0]:-}" == evidence-vault ]] || fail "the desktop file's demo action runs '$demo_exec'"
shoot demo "${demo_cmd[@]:1}"

log "PASS: package installs, evault runs, evidence-vault draws its start screen and the demo vault"
