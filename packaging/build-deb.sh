#!/usr/bin/env bash
# Build the Evidence Vault .deb (evidence-vault GUI + evault CLI) with cargo-deb.
#
#   packaging/build-deb.sh            # from any directory
#
# Needs: a Rust toolchain, the [package.metadata.deb] section of packaging/deb-metadata.toml
# pasted into Cargo.toml, and README.md at the repository root (installed as documentation).
# Environment: CARGO_TARGET_DIR is honoured; CARGO_BUILD_JOBS limits parallel jobs.
# Prints the path of the .deb as the last line of stdout.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TARGET_DIR="${CARGO_TARGET_DIR:-target}"
log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'build-deb: error: %s\n' "$*" >&2; exit 2; }

command -v cargo >/dev/null 2>&1 || die "cargo not found (install Rust with rustup)"

grep -q '^\[package\.metadata\.deb\]' Cargo.toml \
    || die "Cargo.toml has no [package.metadata.deb] section; paste it from packaging/deb-metadata.toml"

# Every non-built asset listed in the metadata must exist before cargo-deb runs.
for f in README.md \
         packaging/linux/org.evidencevault.EvidenceVault.desktop \
         packaging/linux/org.evidencevault.EvidenceVault.metainfo.xml \
         assets/icon/evidence-vault.svg \
         assets/fonts/OFL.txt; do
    [[ -f "$f" ]] || die "missing $f"
done
for n in 16 24 32 48 64 128 256 512; do
    [[ -f "assets/icon/evidence-vault-$n.png" ]] || die "missing assets/icon/evidence-vault-$n.png"
done

if ! cargo deb --version >/dev/null 2>&1; then
    log "installing cargo-deb (cargo install cargo-deb --locked)"
    cargo install cargo-deb --locked
fi
log "$(cargo deb --version 2>&1 | head -n1)"

log "building release binaries (cargo build --release --bins)"
cargo build --release --bins

for bin in evidence-vault evault; do
    [[ -x "$TARGET_DIR/release/$bin" ]] || die "$TARGET_DIR/release/$bin was not built"
done

# The hand-written Depends says libc6 (>= 2.34): show what the binaries really need.
if command -v objdump >/dev/null 2>&1; then
    for bin in evidence-vault evault; do
        need="$(objdump -T "$TARGET_DIR/release/$bin" | grep -o 'GLIBC_[0-9][0-9.]*' | sort -u -V | tail -n1 || true)"
        log "$bin needs ${need:-no versioned glibc symbols}"
    done
fi

log "packaging (cargo deb --no-build)"
out="$(cargo deb --no-build)"
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
