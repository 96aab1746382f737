//! Unlock benchmark: wall time and peak memory (GNU `/usr/bin/time -v`) of `evault list` on a
//! vault created with the DEFAULT passphrase work factor (scrypt log N 18), plus the in-process
//! cost of the KDF alone and of `Vault::unlock`.
//!
//!     cargo bench --bench unlock
//!
//! Targets (DESIGN.md): unlocking takes about a second and at most 256 MiB.

mod common;

use std::time::{Duration, Instant};

use age::secrecy::SecretString;
use common::*;

fn main() {
    let reps = repeats(5);
    header("unlock: evault list on a default-KDF vault (scrypt log N 18)");
    let work = scratch("unlock-");
    let vault = work.path().join("v");
    let t_init = init_vault(&vault, None);
    time_cmd(evault().arg("note").arg("--vault").arg(&vault).args([
        "--title",
        "Bakery strike in Tabqa",
        "--body",
        "The only bakery in the city was destroyed.",
    ]));
    let n_log = scrypt_log_n(&std::fs::read(vault.join("keys.age")).unwrap());
    println!(
        "keys.age work factor: log N = {n_log:?}; evault init took {:.2} s",
        t_init.as_secs_f64()
    );

    let mut walls = Vec::new();
    let mut rss = Vec::new();
    for _ in 0..reps {
        let mut c = evault();
        c.arg("list").arg("--vault").arg(&vault);
        let t = Instant::now();
        let (_w, kb) = time_v(&c).expect("/usr/bin/time -v evault list");
        walls.push(t.elapsed());
        rss.push(kb);
    }

    let pass = SecretString::from(PASSPHRASE.to_owned());
    let info = evidence_vault::read_info(&vault).unwrap();
    let sealed = std::fs::read(vault.join("keys.age")).unwrap();
    let mut t_kdf = Vec::new();
    let mut t_unlock = Vec::new();
    for _ in 0..reps {
        let t = Instant::now();
        let k = evidence_vault::keys::VaultKeys::open(&info.vault_id, &sealed, &pass).unwrap();
        t_kdf.push(t.elapsed());
        drop(k);
        let t = Instant::now();
        let v = evidence_vault::Vault::unlock(&vault, &pass).unwrap();
        t_unlock.push(t.elapsed());
        drop(v);
    }

    println!();
    println!(
        "{:<52} {:>8} {:>8} {:>8}",
        "measure", "median", "min", "max"
    );
    let row = |name: &str, s: &[Duration]| {
        let st = stats(s);
        println!(
            "{:<52} {:>7.3}s {:>7.3}s {:>7.3}s",
            name, st.median, st.min, st.max
        );
    };
    row(
        &format!("evault list, wall ({reps} runs, process start→exit)"),
        &walls,
    );
    row("in-process VaultKeys::open (scrypt only)", &t_kdf);
    row("in-process Vault::unlock (scrypt + catalog)", &t_unlock);
    rss.sort();
    println!(
        "{:<52} {:>7.1}M {:>7.1}M {:>7.1}M   (target ≤ 256 MiB)",
        "evault list, peak RSS (MiB)",
        rss[rss.len() / 2] as f64 / 1024.0,
        rss[0] as f64 / 1024.0,
        rss[rss.len() - 1] as f64 / 1024.0
    );
    println!("note: scrypt with N = 2^18, r = 8 needs 128·r·N = 256 MiB for its table alone.");
    println!("machine at end: {}", machine_conditions());
}

/// The work factor in an age scrypt stanza (`-> scrypt SALT LOGN`).
fn scrypt_log_n(sealed: &[u8]) -> Option<u8> {
    let text = String::from_utf8_lossy(&sealed[..sealed.len().min(512)]).into_owned();
    text.lines()
        .find(|l| l.starts_with("-> scrypt "))
        .and_then(|l| l.split_whitespace().nth(3))
        .and_then(|n| n.parse().ok())
}
