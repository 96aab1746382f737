//! Vault format 2 (a signed SQLite base plus one journal segment per committed change), seen
//! from outside: stock `age` + `sqlite3` recover exactly what the program shows; a format-1 vault
//! migrates keeping every signature; damaged, missing, reordered or foreign segments are refused
//! naming the file and nothing is touched; a full disk or `kill -9` never loses what was reported.
//!
//! Heavy version of the kill test: `EVAULT_STRESS_ROUNDS=500 cargo test --test format2 kill_9`
//! (the default is 12 rounds; `EVAULT_STRESS_SEED=N` changes the random schedule).

use crate::support::cli::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// Debian 12's sqlite3 (SQLite 3.40): the base must open in it.
const STOCK_SQLITE: &str = "/usr/bin/sqlite3";
const FIXTURE_PASS: &str = "fixture passphrase 1";

// ---------------------------------------------------------------------------------------------
// Stock-tool recovery helpers
// ---------------------------------------------------------------------------------------------

#[track_caller]
fn need_tool(tool: &str) {
    let ok = Command::new(tool)
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        ok,
        "{tool} is not installed: run scripts/install-deps.sh (apt-get install age sqlite3)"
    );
}

/// `age -d -o OUT VAULT/keys.age`, typing the passphrase at age's terminal prompt through a
/// pseudo-terminal (age reads passphrases only from a terminal), as tests/interop/stock-age.sh.
fn stock_identity(vault: &Path, out: &Path, pass: &str) {
    const PTY: &str = r#"
import os, pty, sys, time, signal
keys, out, pw = sys.argv[1], sys.argv[2], sys.argv[3]
pid, fd = pty.fork()
if pid == 0:
    os.execvp("age", ["age", "-d", "-o", out, keys])
buf = b""
deadline = time.time() + 30
while b"passphrase" not in buf.lower():
    if time.time() > deadline:
        os.kill(pid, signal.SIGKILL)
        sys.exit("age never asked for the passphrase: " + repr(buf))
    try:
        buf += os.read(fd, 1024)
    except OSError:
        break
os.write(fd, (pw + "\n").encode())
while True:
    try:
        chunk = os.read(fd, 1024)
        if not chunk:
            break
        buf += chunk
    except OSError:
        break
_, status = os.waitpid(pid, 0)
code = os.waitstatus_to_exitcode(status)
if code != 0:
    sys.stderr.write(buf.decode(errors="replace"))
sys.exit(code)
"#;
    let o = Command::new("python3")
        .args(["-c", PTY, v(&vault.join("keys.age")), v(out), pass])
        .output()
        .expect("python3 runs (needed to give stock age its passphrase on a pty)");
    assert!(
        o.status.success(),
        "stock `age -d keys.age` failed:\nstdout: {}\nstderr: {}",
        stdout(&o),
        stderr(&o)
    );
    let id = fs::read_to_string(out).unwrap();
    assert!(
        id.lines().any(|l| l.starts_with("AGE-SECRET-KEY-1")),
        "stock age did not produce an age identity from keys.age:\n{id}"
    );
}

/// The journal segment files of a vault, ascending by name (= by sequence number).
fn segments(vault: &Path) -> Vec<PathBuf> {
    let dir = vault.join("journal");
    let mut out: Vec<PathBuf> = match fs::read_dir(&dir) {
        Ok(rd) => rd
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".sql.age"))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => panic!("cannot list {}: {e}", dir.display()),
    };
    out.sort();
    out
}

fn file_name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

/// `sqlite3 -json DB SQL`, parsed (sqlite3 prints nothing at all for no rows).
#[track_caller]
fn sql_json(db: &Path, sql: &str) -> Vec<Value> {
    let o = Command::new(STOCK_SQLITE)
        .args(["-bail", "-json", v(db), sql])
        .output()
        .expect("sqlite3 runs");
    assert!(
        o.status.success(),
        "{STOCK_SQLITE} {} {sql:?} failed: {}",
        db.display(),
        stderr(&o)
    );
    let text = stdout(&o);
    if text.trim().is_empty() {
        return Vec::new();
    }
    serde_json::from_str::<Vec<Value>>(&text)
        .unwrap_or_else(|e| panic!("sqlite3 -json output of {sql:?} is not JSON ({e}):\n{text}"))
}

#[track_caller]
fn sql_text(db: &Path, sql: &str) -> String {
    let o = Command::new(STOCK_SQLITE)
        .args(["-bail", v(db), sql])
        .output()
        .expect("sqlite3 runs");
    assert!(
        o.status.success(),
        "{STOCK_SQLITE} {} {sql:?} failed: {}",
        db.display(),
        stderr(&o)
    );
    stdout(&o).trim().to_owned()
}

#[derive(Debug)]
struct Recovered {
    /// `journal_state` of the base as stock age decrypted it, before any segment.
    base_id: String,
    base_seq: i64,
    /// The segments replayed, in order.
    applied: Vec<PathBuf>,
}

/// Exactly the documented recovery: `age -d -i ID catalog.age > DB`, then for each segment in
/// order `age -d -i ID SEG | sqlite3 -bail DB`. Also checks each segment's plaintext layout.
fn stock_recover(vault: &Path, identity: &Path, db: &Path) -> Recovered {
    let _ = fs::remove_file(db);
    let o = Command::new("age")
        .args(["-d", "-i", v(identity), v(&vault.join("catalog.age"))])
        .stdout(fs::File::create(db).unwrap())
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "stock `age -d -i ID catalog.age > cat.db` failed: {}",
        stderr(&o)
    );
    let state = sql_json(db, "select base_id, seq from journal_state where id = 1");
    assert_eq!(
        state.len(),
        1,
        "the base has no journal_state row: {state:?}"
    );
    let base_id = state[0]["base_id"].as_str().unwrap().to_owned();
    let base_seq = state[0]["seq"].as_i64().unwrap();
    let vault_id = vault_json(vault)["vault_id"].as_str().unwrap().to_owned();

    let mut applied = Vec::new();
    let mut expected_seq = base_seq + 1;
    for seg in segments(vault) {
        let name = file_name(&seg);
        let seq: i64 = name.trim_end_matches(".sql.age").parse().unwrap();
        assert_eq!(
            name.len(),
            12 + ".sql.age".len(),
            "segment name {name} is not 12 digits"
        );
        if seq <= base_seq {
            continue; // already in the base (a backup may keep such files)
        }
        assert_eq!(seq, expected_seq, "journal is not contiguous at {name}");
        // The plaintext layout the design promises.
        let plain = Command::new("age")
            .args(["-d", "-i", v(identity), v(&seg)])
            .output()
            .unwrap();
        assert!(
            plain.status.success(),
            "stock age -d {name}: {}",
            stderr(&plain)
        );
        let text = String::from_utf8(plain.stdout).expect("segment plaintext is UTF-8");
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.len() >= 5, "{name} too short:\n{text}");
        assert_eq!(
            lines[0], "-- evidence-vault journal segment",
            "{name}:\n{text}"
        );
        let head = format!("-- vault {vault_id} base {base_id} seq {seq} prev ");
        assert!(
            lines[1].starts_with(&head),
            "{name}: second line should start {head:?}:\n{text}"
        );
        assert_eq!(lines[2], "BEGIN;", "{name}:\n{text}");
        assert_eq!(
            lines[3],
            format!("UPDATE journal_state SET seq = {seq}, base_id = '{base_id}' WHERE id = 1;"),
            "{name}:\n{text}"
        );
        assert_eq!(
            lines.iter().rev().find(|l| !l.trim().is_empty()).copied(),
            Some("COMMIT;"),
            "{name} does not end with COMMIT;:\n{text}"
        );
        // …and the literal pipeline.
        let o = Command::new("bash")
            .args([
                "-c",
                r#"set -euo pipefail; age -d -i "$1" "$2" | "$3" -bail "$4""#,
                "recover",
                v(identity),
                v(&seg),
                STOCK_SQLITE,
                v(db),
            ])
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "`age -d -i ID {name} | {STOCK_SQLITE} -bail cat.db` failed:\nstdout: {}\nstderr: {}",
            stdout(&o),
            stderr(&o)
        );
        applied.push(seg);
        expected_seq += 1;
    }
    Recovered {
        base_id,
        base_seq,
        applied,
    }
}

fn vault_json(vault: &Path) -> Value {
    serde_json::from_slice(&fs::read(vault.join("vault.json")).unwrap()).expect("vault.json")
}

/// (id, sha256, title, case) of every item, by id.
type ItemRow = (String, String, String, String);

fn rows_from_db(db: &Path) -> Vec<ItemRow> {
    sql_json(
        db,
        "select id, sha256, title, case_name from items order by id",
    )
    .iter()
    .map(|r| {
        (
            r["id"].as_str().unwrap().to_owned(),
            r["sha256"].as_str().unwrap().to_owned(),
            r["title"].as_str().unwrap().to_owned(),
            r["case_name"].as_str().unwrap().to_owned(),
        )
    })
    .collect()
}

fn rows_from_list(list: &[Value]) -> Vec<ItemRow> {
    let mut rows: Vec<ItemRow> = list
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_owned(),
                r["sha256"].as_str().unwrap().to_owned(),
                r["title"].as_str().unwrap().to_owned(),
                r["case"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    rows.sort();
    rows
}

/// (action, hash) of an item's custody events as stock sqlite3 reads the `custody_events` view.
fn custody_from_db(db: &Path, id: &str) -> Vec<(String, String)> {
    sql_json(
        db,
        &format!("select action, hash from custody_events where item = '{id}' order by pos"),
    )
    .iter()
    .map(|r| {
        (
            r["action"].as_str().unwrap().to_owned(),
            r["hash"].as_str().unwrap().to_owned(),
        )
    })
    .collect()
}

fn custody_from_show(show: &Value) -> Vec<(String, String)> {
    show["custody"]
        .as_array()
        .unwrap_or_else(|| panic!("show --json has no custody array: {show}"))
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_owned(),
                e["hash"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[track_caller]
fn list_json(vault: &Path, pass: &str) -> Vec<Value> {
    let o = run_with(&["list", "--vault", v(vault), "--json"], pass);
    assert_ok(&o);
    json_lines(&o)
}

#[track_caller]
fn show_json(vault: &Path, id: &str, pass: &str) -> Value {
    let o = run_with(&["show", "--vault", v(vault), id, "--json"], pass);
    assert_ok(&o);
    let mut l = json_lines(&o);
    assert_eq!(l.len(), 1, "show --json {id} printed {} lines", l.len());
    l.remove(0)
}

/// Compares what stock tools recovered into `db` with what `evault` shows.
fn assert_db_matches_program(db: &Path, vault: &Path, context: &str) {
    let list = list_json(vault, PASS);
    let from_db = rows_from_db(db);
    let from_list = rows_from_list(&list);
    assert_eq!(
        from_db, from_list,
        "{context}: items recovered by stock age+sqlite3 (left) differ from `evault list --json` (right)"
    );
    for row in &from_list {
        let show = show_json(vault, &row.0, PASS);
        assert_eq!(
            custody_from_db(db, &row.0),
            custody_from_show(&show),
            "{context}: custody of {} from the custody_events view (left) differs from `evault show --json` (right)",
            row.0
        );
    }
    assert_eq!(
        sql_text(db, "pragma integrity_check"),
        "ok",
        "{context}: integrity_check of the recovered catalog"
    );
}

// ---------------------------------------------------------------------------------------------
// 1. Stock tools
// ---------------------------------------------------------------------------------------------

#[test]
fn stock_tools_recover_the_same_vault() {
    need_tool("age");
    need_tool(STOCK_SQLITE);
    let version = sql_version();
    eprintln!("recovering with {STOCK_SQLITE} {version}");

    let (dir, vault) = new_vault();
    let src = dir.path().join("in");
    fs::create_dir(&src).unwrap();
    let mut paths = Vec::new();
    for (i, name) in ["report.pdf", "photo-notes.txt", "raw.bin"]
        .iter()
        .enumerate()
    {
        let p = src.join(name);
        fs::write(&p, format!("evidence file {i}: {name}\n").repeat(10 + i)).unwrap();
        paths.push(p);
    }
    let mut args = vec![
        "add",
        "--vault",
        v(&vault),
        "--case",
        "ALEPPO-2016",
        "--tag",
        "school",
    ];
    args.extend(paths.iter().map(|p| v(p)));
    let o = run(&args);
    assert_ok(&o);
    let files = added(&o);
    assert_eq!(files.len(), 3, "{}", stdout(&o));

    let body = "شهادة شاهد عيان: سقطت القذيفة على المدرسة صباح يوم الثلاثاء.\nقُتل ثلاثة أطفال.";
    let title = "شهادة: قصف المدرسة";
    let o = run(&[
        "note",
        "--vault",
        v(&vault),
        "--title",
        title,
        "--body",
        body,
    ]);
    assert_ok(&o);
    let note_id = added(&o)[0].0.clone();

    let o = run(&[
        "edit",
        "--vault",
        v(&vault),
        &files[0].0,
        "--title",
        "Ministry report (edited)",
    ]);
    assert_ok(&o);
    let out = dir.path().join("extracted.bin");
    assert_ok(&run(&[
        "extract",
        "--vault",
        v(&vault),
        &files[1].0,
        "--out",
        v(&out),
    ]));

    let segs = segments(&vault);
    assert!(
        segs.len() >= 3,
        "add, note, edit and extract should each have written a journal segment; found {segs:?}"
    );

    let identity = dir.path().join("identity.txt");
    stock_identity(&vault, &identity, PASS);
    let db = dir.path().join("cat.db");
    let rec = stock_recover(&vault, &identity, &db);
    assert_eq!(
        rec.applied, segs,
        "every segment must be newer than the base and replayed"
    );
    let last_seq = rec.base_seq + rec.applied.len() as i64;
    assert_eq!(
        sql_text(&db, "select seq || ' ' || base_id from journal_state"),
        format!("{last_seq} {}", rec.base_id),
        "journal_state after replaying the segments"
    );
    assert_db_matches_program(&db, &vault, "base + journal");
    // The Arabic note survived byte for byte.
    let note = sql_json(
        &db,
        &format!("select title, note_body from items where id = '{note_id}'"),
    );
    assert_eq!(
        note.len(),
        1,
        "note {note_id} missing from the recovered catalog"
    );
    assert_eq!(note[0]["title"], title, "recovered Arabic title");
    assert_eq!(note[0]["note_body"], body, "recovered Arabic note body");
    let edited = custody_from_db(&db, &files[0].0);
    assert!(
        edited.iter().any(|(a, _)| a == "metadata_edited"),
        "the edit is not in the recovered custody: {edited:?}"
    );
    let extracted = custody_from_db(&db, &files[1].0);
    assert!(
        extracted.iter().any(|(a, _)| a == "extracted"),
        "the extract is not in the recovered custody: {extracted:?}"
    );
    let before_compact = rows_from_db(&db);

    // Compact: the journal folds into a new base; recovery from the base alone is the same.
    let o = run(&["compact", "--vault", v(&vault)]);
    assert_ok(&o);
    let left: Vec<_> = fs::read_dir(vault.join("journal"))
        .expect("journal/ still exists after compaction")
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        left.is_empty(),
        "journal/ should be empty after compact, holds {left:?}"
    );
    let db2 = dir.path().join("cat-compacted.db");
    let rec2 = stock_recover(&vault, &identity, &db2);
    assert!(rec2.applied.is_empty());
    assert_ne!(
        rec2.base_id, rec.base_id,
        "compaction should name a new base"
    );
    assert_eq!(
        rec2.base_seq, last_seq,
        "the new base should record the last folded sequence number"
    );
    assert_eq!(
        rows_from_db(&db2),
        before_compact,
        "items after compaction (stock recovery)"
    );
    for f in &files {
        assert_eq!(
            custody_from_db(&db2, &f.0),
            custody_from_db(&db, &f.0),
            "custody of {} changed by compaction",
            f.0
        );
    }
    assert_db_matches_program(&db2, &vault, "compacted base");
}

fn sql_version() -> String {
    let o = Command::new(STOCK_SQLITE)
        .arg("--version")
        .output()
        .unwrap();
    stdout(&o)
        .split_whitespace()
        .next()
        .unwrap_or("?")
        .to_owned()
}

// ---------------------------------------------------------------------------------------------
// 2. Format 1 → 2
// ---------------------------------------------------------------------------------------------

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn read_jsonl(p: &Path) -> Vec<Value> {
    fs::read_to_string(p)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("fixture json line"))
        .collect()
}

#[test]
fn format1_vault_is_migrated_and_keeps_every_signature() {
    let fx = fixture_dir();
    let tmp = tempfile::tempdir().unwrap();
    let vault = tmp.path().join("vault");
    let st = Command::new("cp")
        .args(["-a", v(&fx.join("format1-vault")), v(&vault)])
        .status()
        .unwrap();
    assert!(st.success(), "cp -a of the fixture vault");
    assert_eq!(
        vault_json(&vault)["version"],
        1,
        "the fixture is a format-1 vault"
    );
    let format1_catalog = fs::read(fx.join("format1-vault/catalog.age")).unwrap();

    let o = run_with(&["list", "--vault", v(&vault), "--json"], FIXTURE_PASS);
    assert_ok(&o);
    let listed = json_lines(&o);
    let expected = read_jsonl(&fx.join("format1-list.jsonl"));
    let key = |l: &Value| -> BTreeMap<String, Value> {
        ["id", "sha256", "title", "kind"]
            .iter()
            .map(|k| (k.to_string(), l[*k].clone()))
            .collect()
    };
    let mut got: Vec<_> = listed.iter().map(key).collect();
    let mut want: Vec<_> = expected.iter().map(key).collect();
    got.sort_by_key(|m| m["id"].to_string());
    want.sort_by_key(|m| m["id"].to_string());
    assert_eq!(
        got, want,
        "migrated `list --json` (left) differs from format1-list.jsonl of 0.1.0 (right) on id/sha256/title/kind"
    );

    // Custody before anything appends to it: every event, every field, signatures byte for byte.
    let shows = read_jsonl(&fx.join("format1-show.jsonl"));
    assert_eq!(
        shows.len(),
        expected.len(),
        "format1-show.jsonl has one line per item"
    );
    for want in &shows {
        let id = want["id"].as_str().unwrap();
        let got = show_json(&vault, id, FIXTURE_PASS);
        let (g, w) = (
            got["custody"].as_array(),
            want["custody"].as_array().unwrap(),
        );
        let g = g.unwrap_or_else(|| panic!("show --json {id} has no custody array: {got}"));
        assert_eq!(
            g.len(),
            w.len(),
            "{id}: number of custody events after migration"
        );
        for (i, (ge, we)) in g.iter().zip(w).enumerate() {
            assert_eq!(
                ge["signature"].as_str(),
                we["signature"].as_str(),
                "{id}: event {i} ({}) signature is not byte-identical",
                we["action"]
            );
            assert_eq!(
                ge, we,
                "{id}: event {i} ({}) differs after migration (left: now, right: 0.1.0)",
                we["action"]
            );
        }
    }

    let info = vault_json(&vault);
    assert_eq!(info["version"], 2, "vault.json after migration: {info}");
    let prev = vault.join("catalog.age.prev");
    assert!(prev.exists(), "catalog.age.prev is missing after migration");
    assert!(
        fs::read(&prev).unwrap() == format1_catalog,
        "catalog.age.prev should be the format-1 catalog.age, byte for byte"
    );

    let o = run_with(&["verify", "--vault", v(&vault)], FIXTURE_PASS);
    assert_ok(&o);
    // Verify appended events; the format-1 ones are still the prefix of each chain.
    for want in &shows {
        let id = want["id"].as_str().unwrap();
        let got = show_json(&vault, id, FIXTURE_PASS);
        let g = got["custody"].as_array().unwrap();
        let w = want["custody"].as_array().unwrap();
        assert!(
            g.len() > w.len() && &g[..w.len()] == w.as_slice(),
            "{id}: after verify the format-1 events should be kept and a verified event appended"
        );
        assert_eq!(g.last().unwrap()["action"], "verified", "{id}");
        assert_eq!(
            got["custody_verified"], true,
            "{id}: {}",
            got["custody_problems"]
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 3. Segments that do not fit
// ---------------------------------------------------------------------------------------------

fn copy_vault(src: &Path, parent: &Path, name: &str) -> PathBuf {
    let dst = parent.join(name);
    let st = Command::new("cp")
        .args(["-a", v(src), v(&dst)])
        .status()
        .unwrap();
    assert!(st.success(), "cp -a {} {}", src.display(), dst.display());
    dst
}

/// Every command that opens the vault refuses with exit 2 naming one of `names`, and leaves every
/// file as it was.
#[track_caller]
fn assert_refused_untouched(vault: &Path, names: &[String], case: &str) {
    let before = snapshot(vault);
    for cmd in ["list", "verify", "compact"] {
        let o = run(&[cmd, "--vault", v(vault)]);
        let err = stderr(&o);
        assert_eq!(
            code(&o),
            2,
            "{case}: `evault {cmd}` should refuse the vault (exit 2)\nstdout: {}\nstderr: {err}",
            stdout(&o)
        );
        assert!(
            names.iter().any(|n| err.contains(n.as_str())),
            "{case}: `evault {cmd}` error should name the segment file ({names:?}): {err}"
        );
        assert_same(
            &before,
            &snapshot(vault),
            &format!("{case}: `evault {cmd}` changed the vault; stderr: {err}"),
        );
        eprintln!("{case}: `evault {cmd}`: {}", err.trim());
    }
}

#[test]
fn damaged_missing_reordered_or_foreign_segments_are_refused_naming_the_file() {
    let (dir, vault) = new_vault();
    let f = dir.path().join("testimony.txt");
    fs::write(&f, "a statement taken on 2017-03-20").unwrap();
    let o = run(&["add", "--vault", v(&vault), v(&f)]);
    assert_ok(&o);
    let id = added(&o)[0].0.clone();
    assert_ok(&run(&[
        "note",
        "--vault",
        v(&vault),
        "--title",
        "Field log",
        "--body",
        "day one",
    ]));
    assert_ok(&run(&[
        "edit",
        "--vault",
        v(&vault),
        &id,
        "--title",
        "first title",
    ]));
    assert_ok(&run(&[
        "edit",
        "--vault",
        v(&vault),
        &id,
        "--title",
        "second title",
    ]));
    let segs = segments(&vault);
    assert!(
        segs.len() >= 4,
        "expected 4 segments (add, note, edit, edit): {segs:?}"
    );
    let names: Vec<String> = segs.iter().map(|p| file_name(p)).collect();

    // Control: an untouched copy opens.
    let ok = copy_vault(&vault, dir.path(), "control");
    assert_ok(&run(&["list", "--vault", v(&ok)]));

    // A flipped byte in the middle of a middle segment.
    let c = copy_vault(&vault, dir.path(), "flipped");
    let seg = c.join("journal").join(&names[1]);
    let mut bytes = fs::read(&seg).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x20;
    fs::write(&seg, &bytes).unwrap();
    assert_refused_untouched(&c, &names[1..2], "one byte flipped in a segment");

    // A missing middle segment.
    let c = copy_vault(&vault, dir.path(), "missing");
    fs::remove_file(c.join("journal").join(&names[1])).unwrap();
    assert_refused_untouched(&c, &names[1..2], "middle segment deleted");

    // Two segments' names swapped.
    let c = copy_vault(&vault, dir.path(), "swapped");
    let j = c.join("journal");
    fs::rename(j.join(&names[1]), j.join("swap.tmp")).unwrap();
    fs::rename(j.join(&names[2]), j.join(&names[1])).unwrap();
    fs::rename(j.join("swap.tmp"), j.join(&names[2])).unwrap();
    assert_refused_untouched(&c, &names[1..3], "two segments swapped");

    // A segment from another vault, with exactly the next sequence number.
    let (_dir2, other) = new_vault();
    let next = format!("{:012}.sql.age", segs.len() + 1);
    let mut n = 0;
    while !other.join("journal").join(&next).exists() {
        n += 1;
        assert!(
            n <= segs.len() + 1,
            "the other vault never wrote {next}: {:?}",
            segments(&other)
        );
        let body = format!("other vault change {n}");
        assert_ok(&run(&[
            "note",
            "--vault",
            v(&other),
            "--title",
            &body,
            "--body",
            &body,
        ]));
    }
    let c = copy_vault(&vault, dir.path(), "foreign");
    fs::copy(
        other.join("journal").join(&next),
        c.join("journal").join(&next),
    )
    .unwrap();
    assert_refused_untouched(
        &c,
        std::slice::from_ref(&next),
        "a segment of another vault",
    );
}

// ---------------------------------------------------------------------------------------------
// 4. Disk full
// ---------------------------------------------------------------------------------------------

/// Fills the disk holding `filler` completely, then frees `leave` bytes again.
fn fill_disk(filler: &Path, leave: u64) {
    use std::io::Write;
    let mut f = fs::File::create(filler).unwrap();
    for block in [64 * 1024, 4096, 512, 1] {
        let buf = vec![0u8; block];
        while f.write_all(&buf).is_ok() {}
    }
    let _ = f.sync_all();
    let len = fs::metadata(filler).unwrap().len();
    f.set_len(len.saturating_sub(leave)).unwrap();
}

#[test]
fn disk_full_while_writing_a_segment_or_compacting_leaves_the_vault_as_before() {
    let Some(disk) = SmallDisk::mount("3m") else {
        panic!("this test needs to mount a tmpfs (run as root, as CI does)");
    };
    let vault = disk.path.join("vault");
    assert_ok(&run(&[
        "init",
        "--vault",
        v(&vault),
        "--kdf-log-n",
        TEST_KDF,
    ]));
    let src = tempfile::tempdir().unwrap();
    let f = src.path().join("first.txt");
    fs::write(&f, "committed before the disk filled").unwrap();
    let o = run(&["add", "--vault", v(&vault), v(&f)]);
    assert_ok(&o);
    let id = added(&o)[0].0.clone();
    assert_ok(&run(&[
        "note",
        "--vault",
        v(&vault),
        "--title",
        "before",
        "--body",
        "x",
    ]));
    let filler = disk.path.join("filler");

    // 1. A change that only writes a journal segment, with no space at all for it.
    let before = snapshot(&vault);
    fill_disk(&filler, 0);
    let o = run(&[
        "edit",
        "--vault",
        v(&vault),
        &id,
        "--title",
        "written on a full disk",
    ]);
    let err = stderr(&o);
    eprintln!("edit on a full disk: {}", err.trim());
    assert_eq!(
        code(&o),
        2,
        "edit on a full disk should fail with exit 2\nstdout: {}\nstderr: {err}",
        stdout(&o)
    );
    assert!(
        err.to_lowercase().contains("space") && err.contains(v(&vault)),
        "the error should say the disk is full and name the path: {err}"
    );
    assert_same(
        &before,
        &snapshot(&vault),
        &format!("edit on a full disk: {err}"),
    );
    fs::remove_file(&filler).unwrap();
    let o = run(&["verify", "--vault", v(&vault)]);
    assert_ok(&o);
    let list = list_json(&vault, PASS);
    let item = list
        .iter()
        .find(|l| l["id"] == id.as_str())
        .expect("item still listed");
    assert_eq!(
        item["title"], "",
        "the failed edit must not have been applied"
    );

    // 2. Compaction with several segments and too little space for the new base.
    for t in ["one", "two", "three"] {
        assert_ok(&run(&["edit", "--vault", v(&vault), &id, "--title", t]));
    }
    let segs = segments(&vault);
    assert!(
        segs.len() >= 4,
        "expected several segments before compacting: {segs:?}"
    );
    let listed_before = list_json(&vault, PASS);
    let before = snapshot(&vault);
    fill_disk(&filler, 16 * 1024);
    let o = run(&["compact", "--vault", v(&vault)]);
    let err = stderr(&o);
    eprintln!("compact on a full disk: {}", err.trim());
    assert_eq!(
        code(&o),
        2,
        "compact on a full disk should fail with exit 2\nstdout: {}\nstderr: {err}",
        stdout(&o)
    );
    assert!(
        err.to_lowercase().contains("space") && err.contains("catalog.age"),
        "the compact error should say the disk is full and name the catalog file: {err}"
    );
    assert_same(
        &before,
        &snapshot(&vault),
        &format!("compact on a full disk: {err}"),
    );
    fs::remove_file(&filler).unwrap();
    assert_eq!(
        list_json(&vault, PASS),
        listed_before,
        "the vault after the failed compaction"
    );
    let o = run(&["verify", "--vault", v(&vault)]);
    assert_ok(&o);
    // With space again, compaction works.
    assert_ok(&run(&["compact", "--vault", v(&vault)]));
    assert!(
        segments(&vault).is_empty(),
        "journal after compacting: {:?}",
        segments(&vault)
    );
    let list = list_json(&vault, PASS);
    assert_eq!(
        list.iter().find(|l| l["id"] == id.as_str()).unwrap()["title"],
        "three"
    );
}

// ---------------------------------------------------------------------------------------------
// 5. kill -9
// ---------------------------------------------------------------------------------------------

struct XorShift(u64);

impl XorShift {
    fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Complete `ID<TAB>SHA256<TAB>PATH` lines (a line cut off by the kill does not count).
fn reported_lines(out: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(out);
    let complete = match text.rfind('\n') {
        Some(i) => &text[..=i],
        None => "",
    };
    complete
        .lines()
        .filter_map(|l| {
            let mut it = l.split('\t');
            let (id, sha, _path) = (it.next()?, it.next()?, it.next()?);
            let hex = |s: &str, n| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit());
            (hex(id, 32) && hex(sha, 64)).then(|| (id.to_owned(), sha.to_owned()))
        })
        .collect()
}

/// Whether an `edit` printed its (complete) `ID<TAB>TITLE` line.
fn edit_reported(out: &[u8], id: &str) -> bool {
    let text = String::from_utf8_lossy(out);
    let complete = text.rfind('\n').map_or("", |i| &text[..=i]);
    complete.lines().any(|l| l.split('\t').next() == Some(id))
}

#[test]
fn kill_9_during_mixed_commands_never_loses_what_was_reported() {
    let rounds: u64 = std::env::var("EVAULT_STRESS_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(12);
    let seed: u64 = std::env::var("EVAULT_STRESS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20170322);
    let (dir, vault) = new_vault();
    // id -> sha256 of everything the CLI reported as added.
    let mut reported: BTreeMap<String, String> = BTreeMap::new();
    // id -> (last reported title, titles of later edits killed before they reported).
    let mut titles: BTreeMap<String, (String, BTreeSet<String>)> = BTreeMap::new();
    let mut log = Vec::new();
    // Two items committed before the storm, so that edits have targets from the start.
    let first = dir.path().join("committed");
    fs::create_dir(&first).unwrap();
    fs::write(first.join("a.txt"), "committed before any kill").unwrap();
    fs::write(first.join("b.txt"), "also committed before any kill").unwrap();
    let o = run(&["add", "--vault", v(&vault), v(&first)]);
    assert_ok(&o);
    for (id, sha, _) in added(&o) {
        titles.insert(id.clone(), (String::new(), BTreeSet::new()));
        reported.insert(id, sha);
    }
    assert_eq!(reported.len(), 2, "{}", stdout(&o));

    for round in 0..rounds {
        let mut rng = XorShift::new(seed ^ (round + 1).wrapping_mul(0x2545_F491_4F6C_DD1D));
        let op = ["add", "note", "edit", "compact"][rng.below(4) as usize];
        let mut args: Vec<String> = vec![op.into(), "--vault".into(), v(&vault).into()];
        let mut edit: Option<(String, String)> = None;
        let mut note_title = None;
        match op {
            "add" => {
                let d = dir.path().join(format!("round-{round}"));
                fs::create_dir(&d).unwrap();
                for i in 0..1 + rng.below(3) {
                    let body = format!("round {round} file {i} {}\n", rng.next())
                        .repeat(1 + i as usize * 50);
                    fs::write(d.join(format!("f{i}.txt")), body).unwrap();
                }
                args.push(v(&d).into());
            }
            "note" => {
                let t = format!("note of round {round}");
                args.extend([
                    "--title".into(),
                    t.clone(),
                    "--body".into(),
                    format!("ملاحظة {round}"),
                ]);
                note_title = Some(t);
            }
            "edit" => {
                let ids: Vec<&String> = reported.keys().collect();
                let id = ids[rng.below(ids.len() as u64) as usize].clone();
                let t = format!("title of round {round}");
                args.extend([id.clone(), "--title".into(), t.clone()]);
                edit = Some((id, t));
            }
            _ => {}
        }
        let delay = rng.below(61);
        let child = evault()
            .env("EVAULT_PASSPHRASE", PASS)
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let mut child = child;
        let _ = child.kill(); // SIGKILL; harmless if it already exited
        let out = child.wait_with_output().unwrap();
        let finished = out.status.success();
        let desc = format!(
            "round {round} (seed {seed}): `{}` killed after {delay} ms, {}",
            args.join(" "),
            if finished {
                "had completed"
            } else {
                "was killed"
            }
        );
        log.push(desc.clone());
        if !finished && out.status.code().is_some() {
            panic!(
                "{desc}: exited on its own with {:?}\nstderr: {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
        }
        for (id, sha) in reported_lines(&out.stdout) {
            if let Some(t) = &note_title {
                titles.insert(id.clone(), (t.clone(), BTreeSet::new()));
            } else {
                titles
                    .entry(id.clone())
                    .or_insert_with(|| (String::new(), BTreeSet::new()));
            }
            reported.insert(id, sha);
        }
        if let Some((id, t)) = edit {
            let entry = titles.get_mut(&id).unwrap();
            if edit_reported(&out.stdout, &id) {
                *entry = (t, BTreeSet::new());
            } else {
                entry.1.insert(t);
            }
        }

        // The vault opens and verifies: no problems, at worst unreferenced objects.
        let o = run(&["verify", "--vault", v(&vault), "--json"]);
        let history = log.join("\n");
        assert!(
            matches!(code(&o), 0 | 1),
            "{desc}: verify exited {}\nstdout: {}\nstderr: {}\nhistory:\n{history}",
            code(&o),
            stdout(&o),
            stderr(&o)
        );
        let lines = json_lines(&o);
        let problems: Vec<&Value> = lines
            .iter()
            .filter(|l| l.get("problem").is_some_and(|p| p != "unreferenced"))
            .collect();
        let summary = lines
            .iter()
            .find(|l| l["summary"] == true)
            .unwrap_or_else(|| panic!("{desc}: verify --json printed no summary: {}", stdout(&o)));
        assert!(
            problems.is_empty() && summary["problems"] == 0,
            "{desc}: verify found problems: {problems:?}\n{summary}\nhistory:\n{history}"
        );
        if code(&o) == 1 {
            assert!(
                summary["unreferenced"].as_u64().unwrap_or(0) > 0,
                "{desc}: verify exit 1 without problems or unreferenced objects: {}",
                stdout(&o)
            );
        }
        let list = list_json(&vault, PASS);
        let listed: BTreeMap<&str, &Value> = list
            .iter()
            .map(|l| (l["id"].as_str().unwrap(), l))
            .collect();
        for (id, sha) in &reported {
            let item = listed.get(id.as_str()).unwrap_or_else(|| {
                panic!("{desc}: {id} was reported as added but is not listed\nhistory:\n{history}")
            });
            assert_eq!(item["sha256"], sha.as_str(), "{desc}: sha256 of {id}");
            let (want, maybe) = &titles[id];
            let got = item["title"].as_str().unwrap();
            assert!(
                got == want || maybe.contains(got),
                "{desc}: title of {id} is {got:?}; reported {want:?} (or an unreported later edit {maybe:?})\nhistory:\n{history}"
            );
        }
    }

    let o = run(&["verify", "--vault", v(&vault), "--repair"]);
    assert!(
        matches!(code(&o), 0 | 1),
        "verify --repair: {}\n{}",
        stdout(&o),
        stderr(&o)
    );
    let o = run(&["verify", "--vault", v(&vault)]);
    assert_ok(&o);
    let listed: BTreeSet<String> = list_json(&vault, PASS)
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_owned())
        .collect();
    for id in reported.keys() {
        assert!(listed.contains(id), "{id} lost after verify --repair");
    }
    eprintln!(
        "{} rounds, {} items reported:\n{}",
        rounds,
        reported.len(),
        log.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// 6. Schema upgrades inside format 2
// ---------------------------------------------------------------------------------------------

const SCHEMA2_PASS: &str = "fixture passphrase 2";

/// A vault whose catalog has schema 2 (made by the program before schema 3) opens (upgraded to the current schema): its journal
/// (schema-2 SQL) is replayed, the catalog upgraded and written as a new base before anything
/// else is committed (the old base kept as `catalog.age.prev`), every item and signature kept;
/// stock `age` + `sqlite3` then recover it, before and after new segments; the photos' perceptual
/// hashes are made by the next intake, so near-duplicates are found in old evidence too.
#[test]
fn a_schema2_vault_is_upgraded_keeping_everything_and_stays_recoverable_with_stock_tools() {
    need_tool("age");
    let fx = fixture_dir();
    let tmp = tempfile::tempdir().unwrap();
    let vault = copy_vault(&fx.join("format2-schema2-vault"), tmp.path(), "vault");
    let old_base = fs::read(vault.join("catalog.age")).unwrap();
    let old_segments = segments(&vault);
    assert_eq!(
        old_segments.len(),
        3,
        "the fixture has three schema-2 segments"
    );
    let want_list = read_jsonl(&fx.join("format2-schema2-list.jsonl"));
    let want_show = read_jsonl(&fx.join("format2-schema2-show.jsonl"));

    let listed = list_json(&vault, SCHEMA2_PASS);
    let key = |l: &Value| -> Vec<Value> {
        [
            "id",
            "sha256",
            "title",
            "kind",
            "case",
            "tags",
            "captured_at",
            "gps",
            "camera",
        ]
        .iter()
        .map(|k| l[*k].clone())
        .collect()
    };
    let mut got: Vec<_> = listed.iter().map(key).collect();
    let mut want: Vec<_> = want_list.iter().map(key).collect();
    got.sort_by_key(|k| k[0].to_string());
    want.sort_by_key(|k| k[0].to_string());
    assert_eq!(
        got, want,
        "upgraded list (left) differs from the schema-2 program's (right)"
    );

    // The upgraded catalog is the base now; the old one is kept; the folded segments are gone.
    assert_eq!(
        fs::read(vault.join("catalog.age.prev")).unwrap(),
        old_base,
        "catalog.age.prev should be the schema-2 base"
    );
    assert_ne!(fs::read(vault.join("catalog.age")).unwrap(), old_base);
    assert!(segments(&vault).is_empty(), "{:?}", segments(&vault));
    assert_eq!(vault_json(&vault)["version"], 2, "the vault format stays 2");

    // Custody byte for byte.
    for w in &want_show {
        let id = w["id"].as_str().unwrap();
        let g = show_json(&vault, id, SCHEMA2_PASS);
        assert_eq!(
            g["custody"], w["custody"],
            "{id}: custody changed in the upgrade"
        );
        assert_eq!(g["custody_verified"], true, "{id}");
        if g["kind"] == "photo" {
            assert_eq!(
                g["derived"]["state"], "pending",
                "{id}: photos wait for their hash"
            );
            assert_eq!(g["has_thumbnail"], true, "{id}: the thumbnail is kept");
        }
    }

    // Stock recovery of the upgraded base.
    let identity = tmp.path().join("identity.txt");
    stock_identity(&vault, &identity, SCHEMA2_PASS);
    let db = tmp.path().join("cat.db");
    let check = |context: &str| {
        let r = stock_recover(&vault, &identity, &db);
        assert_eq!(sql_text(&db, "pragma user_version"), "4", "{context}");
        let list = list_json(&vault, SCHEMA2_PASS);
        assert_eq!(rows_from_db(&db), rows_from_list(&list), "{context}");
        for row in rows_from_list(&list) {
            let show = show_json(&vault, &row.0, SCHEMA2_PASS);
            assert_eq!(
                custody_from_db(&db, &row.0),
                custody_from_show(&show),
                "{context}: custody of {}",
                row.0
            );
        }
        assert_eq!(sql_text(&db, "pragma integrity_check"), "ok", "{context}");
        r
    };
    let r = check("right after the upgrade");
    assert!(r.applied.is_empty());

    // New commits (an intake, whose derived pass also hashes the old photos) replay onto it.
    let new = tmp.path().join("new.txt");
    fs::write(&new, "after the upgrade").unwrap();
    assert_ok(&run_with(
        &["add", "--vault", v(&vault), v(&new)],
        SCHEMA2_PASS,
    ));
    let r = check("after an intake");
    assert!(!r.applied.is_empty());
    let photos: Vec<Value> = list_json(&vault, SCHEMA2_PASS)
        .into_iter()
        .filter(|i| i["kind"] == "photo")
        .collect();
    assert_eq!(photos.len(), 2);
    for p in &photos {
        assert_eq!(p["derived"]["state"], "complete", "{p}");
    }
    let o = run_with(
        &[
            "similar",
            "--vault",
            v(&vault),
            photos[0]["id"].as_str().unwrap(),
            "--json",
        ],
        SCHEMA2_PASS,
    );
    assert_ok(&o);
    let similar = json_lines(&o);
    assert_eq!(similar.len(), 1, "the resized, stripped copy: {similar:?}");
    assert_eq!(similar[0]["id"], photos[1]["id"]);
    assert_ok(&run_with(&["verify", "--vault", v(&vault)], SCHEMA2_PASS));
}
