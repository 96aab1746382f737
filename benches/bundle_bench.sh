#!/usr/bin/env bash
# Bundle benchmark: `evault export` / `evault import` against stock `tar c | age -r` and
# `age -d | tar x` + `sha256sum -c` on the same data, in the same run, with peak memory.
#
#   benches/bundle_bench.sh [WORKDIR]        (default: a temp dir; needs ~12 GiB free)
#   BENCH_SKIP_BIG=1 benches/bundle_bench.sh  (skip the 4 GiB single-file run)
#
# Needs: age, age-keygen, tar, sha256sum, /usr/bin/time (apt-get install -y time age).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v /usr/bin/time >/dev/null || { echo "install GNU time: apt-get install -y time" >&2; exit 2; }
command -v age >/dev/null || { echo "install age: apt-get install -y age" >&2; exit 2; }
cargo build --release --no-default-features --features cli --bin evault >&2
EVAULT="$PWD/target/release/evault"
WORK="${1:-$(mktemp -d)}"
mkdir -p "$WORK"
cd "$WORK"
export EVAULT_PASSPHRASE="bench passphrase"

# run NAME CMD…: prints wall time, CPU time (user+sys) and peak RSS from GNU time.
# (evault's stderr goes to $WORK/.stderr; the machine's load is printed with each block.)
run() {
  local name="$1"; shift
  /usr/bin/time -f '%e %U %S %M' -o "$WORK/.time" "$@" >/dev/null 2>"$WORK/.stderr"
  read -r wall user sys kib < "$WORK/.time"
  printf '%-48s %7.2f s wall %7.2f s CPU %8.1f MiB peak RSS\n' "$name" "$wall" \
    "$(echo "$user+$sys" | bc -l)" "$(echo "$kib/1024" | bc -l)"
}

bench() {
  local label="$1" data="$2"
  local bytes; bytes=$(du -sb "$data" | cut -f1)
  rm -rf A B out base.tar.age bundle.tar.age id.txt
  "$EVAULT" init --vault A --kdf-log-n 10 >/dev/null 2>&1
  RB=$("$EVAULT" init --vault B --kdf-log-n 10 2>/dev/null | tail -1)
  "$EVAULT" add --vault A "$data" >/dev/null 2>&1
  age-keygen -o id.txt 2>/dev/null
  R=$(grep -o 'age1[0-9a-z]*' id.txt | head -1)
  (cd "$data" && find . -type f -print0 | xargs -0 sha256sum > "$WORK/sums")
  sync
  echo "== $label: $(echo "$bytes/1048576" | bc) MiB in $(find "$data" -type f | wc -l) file(s); load: $(cut -d' ' -f1-3 /proc/loadavg)"
  run "baseline export: tar c | age -r" sh -c "tar c -C '$data' . | age -r $R > base.tar.age"
  rm -f base.tar.age; sync
  run "baseline export + fsync (evault fsyncs)" sh -c "tar c -C '$data' . | age -r $R > base.tar.age && sync base.tar.age"
  sync
  run "evault export" "$EVAULT" export --vault A --out bundle.tar.age --to "$RB"
  run "baseline import: age -d | tar x; sha256sum -c" sh -c \
    "mkdir -p out && age -d -i id.txt base.tar.age | tar x -C out && cd out && sha256sum --quiet -c '$WORK/sums'"
  run "evault import" "$EVAULT" import --vault B bundle.tar.age
  run "evault inspect" "$EVAULT" inspect bundle.tar.age --vault B
  rm -rf out base.tar.age bundle.tar.age A B
}

if [ ! -d data1g ]; then
  mkdir -p data1g
  for i in 1 2 3 4 5 6 7 8; do head -c $((128 << 20)) /dev/urandom > "data1g/part$i.bin"; done
fi
bench "1 GiB (8 x 128 MiB)" "$WORK/data1g"
if [ -z "${BENCH_SKIP_BIG:-}" ]; then
  if [ ! -d data4g ]; then
    mkdir -p data4g
    head -c $((4096 << 20)) /dev/urandom > data4g/one.bin
  fi
  bench "4 GiB (one file)" "$WORK/data4g"
fi
