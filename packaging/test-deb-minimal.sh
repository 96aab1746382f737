#!/usr/bin/env bash
# shellcheck disable=SC2016  # dpkg-query formats and the in-root scripts are meant literally
# Does the .deb's hand-written Depends suffice? Installs the package into a *minimal* Debian 12
# root (debootstrap --variant=minbase: no X, no GL, no fonts), lets apt bring in exactly what
# Depends lists, then runs the installed programs there:
#   - evault: --version, and a vault round trip (init, add, verify, extract, compare)
#   - evidence-vault --demo: drawn into an Xvfb on this machine whose socket is bound into the
#     root; screenshot to target/deb-minimal-demo.png
#
#   packaging/test-deb-minimal.sh [FILE.deb]     # default: the newest target/debian/*.deb
#
# Run as root on a Debian/Ubuntu machine that reaches a Debian mirror (MIRROR, default
# deb.debian.org). The root is kept in ROOTFS (default /var/tmp/evidence-vault-bookworm-min) and
# reused pristine: the first run saves a tarball of it beside it.
# Environment: WAIT_SECONDS (default 12), MIRROR, ROOTFS.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

ROOTFS="${ROOTFS:-/var/tmp/evidence-vault-bookworm-min}"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
WAIT_SECONDS="${WAIT_SECONDS:-12}"
SHOT="$ROOT/target/deb-minimal-demo.png"
APP_LOG="$ROOT/target/deb-minimal-demo.log"
DISPLAY_NUM=97

log() { printf '==> %s\n' "$*" >&2; }
fail() { printf 'test-deb-minimal: FAIL: %s\n' "$*" >&2; exit 1; }

[[ "$(id -u)" -eq 0 ]] || fail "run as root (it uses debootstrap, chroot and mount)"
export DEBIAN_FRONTEND=noninteractive

deb="${1:-}"
if [[ -z "$deb" ]]; then
    # shellcheck disable=SC2012  # cargo-deb names are plain ASCII
    deb="$(ls -t target/debian/*.deb 2>/dev/null | head -n1 || true)"
fi
[[ -n "$deb" && -f "$deb" ]] || fail "no .deb given and none in target/debian (run packaging/build-deb.sh)"
deb="$(realpath "$deb")"

for tool in debootstrap Xvfb import identify; do
    command -v "$tool" >/dev/null 2>&1 || {
        log "installing test tools"
        apt-get update -qq
        apt-get install -y -qq debootstrap xvfb imagemagick >/dev/null
        break
    }
done

# --- a pristine minimal root ------------------------------------------------------------
pristine="$ROOTFS.pristine.tar"
if [[ ! -f "$pristine" ]]; then
    log "debootstrap --variant=minbase bookworm $ROOTFS (first run only)"
    rm -rf "$ROOTFS"
    debootstrap --variant=minbase bookworm "$ROOTFS" "$MIRROR" >/dev/null
    tar -C "$ROOTFS" -cf "$pristine" .
fi
rm -rf "$ROOTFS"
mkdir -p "$ROOTFS"
tar -C "$ROOTFS" -xf "$pristine"
before="$(chroot "$ROOTFS" dpkg-query -W -f='${Package}\n' | wc -l)"

mounted=()
xvfb_pid=""
cleanup() {
    if [[ -n "$xvfb_pid" ]]; then kill "$xvfb_pid" 2>/dev/null || true; fi
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
bind() { mkdir -p "$ROOTFS$1"; mount --bind "$1" "$ROOTFS$1"; mounted+=("$ROOTFS$1"); }
mount -t proc proc "$ROOTFS/proc"; mounted+=("$ROOTFS/proc")
bind /dev
bind /dev/pts
mkdir -p /tmp/.X11-unix
bind /tmp/.X11-unix
cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf"

# --- install: dpkg -i, then apt pulls in what Depends names -----------------------------------
cp "$deb" "$ROOTFS/tmp/evidence-vault.deb"
in_root() { chroot "$ROOTFS" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
log "dpkg -i in the minimal root ($before packages)"
if ! in_root dpkg -i /tmp/evidence-vault.deb >/dev/null 2>&1; then
    in_root apt-get update -qq
    # Depends only: Recommends (a file-dialog portal, ffmpeg, libheif) are optional.
    in_root apt-get -f install -y -qq -o APT::Install-Recommends=false >/dev/null
fi
in_root dpkg-query -W -f='${Status}\n' evidence-vault | grep -q '^install ok installed' \
    || fail "evidence-vault did not install in the minimal root"
after="$(in_root dpkg-query -W -f='${Package}\n' | wc -l)"
log "installed with $((after - before - 1)) dependency packages ($before → $after packages)"

# --- CLI ---------------------------------------------------------------------------------------
log "evault in the minimal root: $(in_root evault --version)"
in_root bash -euc '
    export EVAULT_PASSPHRASE="a long test passphrase for the minimal root"
    rm -rf /tmp/v /tmp/out.bin
    head -c 3000000 /dev/urandom > /tmp/original.bin
    evault init --vault /tmp/v --documenter "Minimal root" --kdf-log-n 10 >/dev/null
    id="$(evault add --vault /tmp/v /tmp/original.bin | cut -f1)"
    evault verify --vault /tmp/v >/dev/null
    evault extract --vault /tmp/v "$id" --out /tmp/out.bin >/dev/null
    cmp /tmp/original.bin /tmp/out.bin
' || fail "evault round trip (init, add, verify, extract) failed in the minimal root"
log "evault round trip: init, add, verify, extract — original byte for byte"

# --- GUI: the installed app, in the minimal root, drawn into this machine's Xvfb ----------------
rm -f "$SHOT" "$APP_LOG" "/tmp/.X11-unix/X$DISPLAY_NUM"
Xvfb ":$DISPLAY_NUM" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 1 50); do [[ -S "/tmp/.X11-unix/X$DISPLAY_NUM" ]] && break; sleep 0.1; done
log "evidence-vault --demo in the minimal root for ${WAIT_SECONDS}s"
chroot "$ROOTFS" env -i PATH=/usr/bin:/bin HOME=/root LANG=C.UTF-8 DISPLAY=":$DISPLAY_NUM" \
    LIBGL_ALWAYS_SOFTWARE=1 evidence-vault --demo >"$APP_LOG" 2>&1 &
app_pid=$!
sleep "$WAIT_SECONDS"
if ! kill -0 "$app_pid" 2>/dev/null; then
    tail -n 40 "$APP_LOG" >&2 || true
    fail "evidence-vault died in the minimal root: a run-time library is missing from Depends?"
fi
import -display ":$DISPLAY_NUM" -window root "$SHOT"
kill -TERM "$app_pid" 2>/dev/null || true
wait "$app_pid" 2>/dev/null || true
colours="$(identify -format '%k' "$SHOT")"
log "screenshot $SHOT: $colours colours"
(( colours >= 16 )) || { tail -n 40 "$APP_LOG" >&2; fail "the window was not drawn"; }
log "PASS: on a minimal Debian 12, Depends brings everything the CLI and the window need"
