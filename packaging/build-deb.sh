#!/usr/bin/env bash
# Build the Evidence Vault .deb (evidence-vault GUI + evault CLI) with cargo-deb.
#
#   packaging/build-deb.sh            # from any directory
#
# Needs: a Rust toolchain (cargo-deb is installed with `cargo install` when missing). What goes
# into the package, and its hand-written Depends, is [package.metadata.deb] in Cargo.toml.
# Environment: CARGO_TARGET_DIR is honoured; CARGO_BUILD_JOBS limits parallel jobs.
#   EVAULT_DEB_PROFILE=dev packages the dev-profile binaries instead of building release ones:
#   CI uses it to test the packaging (files, Depends, install, start) with the binaries its tests
#   just built, because an optimised LTO build takes 20 of a 2-core runner's minutes (cargo-deb
#   3.8 warns that it may refuse the dev profile one day; it is pinned). A package
#   for users is built without it.
# Prints the path of the .deb as the last line of stdout.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TARGET_DIR="${CARGO_TARGET_DIR:-target}"
# The cargo-deb this was written and checked with; a newer one may read the metadata differently.
CARGO_DEB_VERSION="${CARGO_DEB_VERSION:-3.8.0}"
log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'build-deb: error: %s\n' "$*" >&2; exit 2; }

command -v cargo >/dev/null 2>&1 || die "cargo not found (install Rust with rustup)"

grep -q '^\[package\.metadata\.deb\]' Cargo.toml \
    || die "Cargo.toml has no [package.metadata.deb] section"

# Every non-built asset listed in the metadata must exist before cargo-deb runs.
for f in README.md LICENSE \
         packaging/linux/org.evidencevault.EvidenceVault.desktop \
         packaging/linux/org.evidencevault.EvidenceVault.metainfo.xml \
         packaging/linux/org.evidencevault.EvidenceVault.mime.xml \
         assets/icon/evidence-vault.svg \
         assets/fonts/OFL.txt; do
    [[ -f "$f" ]] || die "missing $f"
done
for n in 16 24 32 48 64 128 256 512; do
    [[ -f "assets/icon/evidence-vault-$n.png" ]] || die "missing assets/icon/evidence-vault-$n.png"
done

if ! cargo deb --version >/dev/null 2>&1; then
    log "installing cargo-deb $CARGO_DEB_VERSION (cargo install --locked)"
    cargo install cargo-deb --locked --version "$CARGO_DEB_VERSION"
fi
log "$(cargo deb --version 2>&1 | head -n1)"

PROFILE="${EVAULT_DEB_PROFILE:-release}"
case "$PROFILE" in
    release) PROFILE_DIR=release ;;
    dev) PROFILE_DIR=debug ;;
    *) die "EVAULT_DEB_PROFILE must be release or dev, not '$PROFILE'" ;;
esac
log "building $PROFILE binaries (cargo build --profile $PROFILE --bins)"
cargo build --profile "$PROFILE" --bins

for bin in evidence-vault evault; do
    [[ -x "$TARGET_DIR/$PROFILE_DIR/$bin" ]] || die "$TARGET_DIR/$PROFILE_DIR/$bin was not built"
done

# The hand-written Depends names a libc6 version: refuse to package binaries that need a newer
# glibc than it promises (they would install on a system where they cannot start).
declared="$(grep -o 'libc6 (>= [0-9.]*)' Cargo.toml | head -n1 | sed 's/.*>= \([0-9.]*\))/\1/' || true)"
[[ -n "$declared" ]] || die "Cargo.toml's deb depends names no libc6 (>= x.y)"
if command -v objdump >/dev/null 2>&1; then
    for bin in evidence-vault evault; do
        need="$(objdump -T "$TARGET_DIR/$PROFILE_DIR/$bin" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -u -V | tail -n1 || true)"
        log "$bin needs glibc ${need:-(no versioned symbols)}; Depends promises libc6 >= $declared"
        if [[ -n "$need" ]] && [[ "$(printf '%s\n%s\n' "$need" "$declared" | sort -V | tail -n1)" != "$declared" ]]; then
            die "$bin needs glibc $need but Depends says libc6 (>= $declared): raise it in Cargo.toml"
        fi
    done
fi

log "packaging (cargo deb --no-build --profile $PROFILE)"
out="$(cargo deb --no-build --profile "$PROFILE")"
printf '%s\n' "$out" >&2
deb="$(printf '%s\n' "$out" | grep -E '\.deb$' | tail -n1 || true)"
if [[ -z "$deb" || ! -f "$deb" ]]; then
    # shellcheck disable=SC2012  # cargo-deb names are plain ASCII
    deb="$(ls -t "$TARGET_DIR"/debian/*.deb 2>/dev/null | head -n1 || true)"
fi
[[ -n "$deb" && -f "$deb" ]] || die "cargo deb did not produce a .deb"

size="$(stat -c %s "$deb")"
log "package: $deb ($size bytes, $(du -h "$deb" | cut -f1))"
if command -v dpkg-deb >/dev/null 2>&1; then
    dpkg-deb --field "$deb" Package Version Architecture Depends Recommends Installed-Size >&2
fi
printf '%s\n' "$deb"
