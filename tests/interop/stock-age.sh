#!/usr/bin/env bash
# Recovers a vault with stock tools only: `age` (passphrase via a pseudo-terminal, as age insists
# on reading it from a terminal), then the identity, an original and the catalog (base + journal
# replayed with sqlite3 -bail), checked in sqlite3.
set -euo pipefail
EVAULT=${EVAULT:-evault}
for tool in age sqlite3 python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install age sqlite3" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass="stock tools passphrase"
export EVAULT_PASSPHRASE="$pass"
"$EVAULT" init --vault "$work/v" --kdf-log-n 10 >/dev/null 2>&1
printf 'original bytes of the evidence\n' > "$work/evidence.txt"
line=$("$EVAULT" add --vault "$work/v" "$work/evidence.txt" 2>/dev/null)
id=${line%%$'\t'*}
rest=${line#*$'\t'}; sha=${rest%%$'\t'*}

# age -d keys.age, typing the passphrase at age's terminal prompt.
python3 - "$work" "$pass" <<'PY'
import os, pty, sys, time
work, pw = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.execvp("age", ["age", "-d", "-o", f"{work}/identity.txt", f"{work}/v/keys.age"])
buf = b""
deadline = time.time() + 30
while b"passphrase" not in buf.lower() and time.time() < deadline:
    try:
        buf += os.read(fd, 1024)
    except OSError:
        break
os.write(fd, (pw + "\n").encode())
while True:
    try:
        if not os.read(fd, 1024):
            break
    except OSError:
        break
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
PY
grep -q '^AGE-SECRET-KEY-1' "$work/identity.txt"
age -d -i "$work/identity.txt" -o "$work/recovered.txt" "$work/v/objects/${id:0:2}/$id.age"
cmp "$work/evidence.txt" "$work/recovered.txt"
[ "$(sha256sum "$work/recovered.txt" | cut -d' ' -f1)" = "$sha" ]
# The catalog: the base, then every journal segment in order (DESIGN.md's recovery, exactly).
age -d -i "$work/identity.txt" -o "$work/catalog.sqlite" "$work/v/catalog.age"
for seg in "$work"/v/journal/*.sql.age; do
  [ -e "$seg" ] || continue
  age -d -i "$work/identity.txt" "$seg" | sqlite3 -bail "$work/catalog.sqlite"
done
got=$(sqlite3 "$work/catalog.sqlite" "SELECT sha256 FROM items WHERE id = '$id'")
[ "$got" = "$sha" ]
[ "$(sqlite3 "$work/catalog.sqlite" 'PRAGMA integrity_check')" = ok ]
[ "$(sqlite3 "$work/catalog.sqlite" "SELECT action FROM custody_events WHERE item = '$id'")" = acquired ]
echo "stock age + sqlite3 $(sqlite3 -version | cut -d' ' -f1) recovered item $id ($sha)"
