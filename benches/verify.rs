//! Verify benchmark: `evault verify` on a vault holding 1 GiB of objects (8 × 128 MiB random
//! files), against stock `age -d -i IDENTITY OBJECT | sha256sum` over the same object files,
//! sequentially and 2 in parallel, in the same run (warm page cache for all).
//!
//!     cargo bench --bench verify
//!
//! Environment: EVAULT_BENCH_VERIFY_FILES (default 8), EVAULT_BENCH_VERIFY_MIB (default 128),
//! EVAULT_BENCH_REPEATS (default 3).

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use age::secrecy::SecretString;
use common::*;

fn main() {
    let nfiles: usize = env_num("EVAULT_BENCH_VERIFY_FILES", 8);
    let mib_each: usize = env_num("EVAULT_BENCH_VERIFY_MIB", 128);
    let reps = repeats(3);
    header("verify: evault verify vs age -d | sha256sum");

    let src = data_root().join(format!("random-{nfiles}x{mib_each}MiB"));
    let t = Instant::now();
    generate(&src, nfiles, mib_each);
    println!(
        "inputs ready in {:.1} s: {}",
        t.elapsed().as_secs_f64(),
        src.display()
    );
    let inputs = files_under(&src, "bin");
    let total = total_size(&inputs);

    let work = scratch("verify-");
    let vault = work.path().join("v");
    init_vault(&vault, Some(10));
    warm_cache(&inputs);
    let t_add = time_cmd(
        evault()
            .arg("add")
            .arg("--vault")
            .arg(&vault)
            .arg(src.join("data")),
    );
    println!(
        "evault add of the {} files: {:.2} s = {:.0} MiB/s (hash+encrypt+fsync; not the subject here)",
        inputs.len(),
        t_add.as_secs_f64(),
        mib(total) / t_add.as_secs_f64()
    );

    // The stored objects and their recorded hashes.
    let listing = output(
        evault()
            .arg("list")
            .arg("--vault")
            .arg(&vault)
            .arg("--json"),
    );
    let mut objects: Vec<(PathBuf, String)> = Vec::new();
    for line in listing.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = v["id"].as_str().unwrap();
        objects.push((
            evidence_vault::objects::object_path(&vault, id),
            v["sha256"].as_str().unwrap().to_owned(),
        ));
    }
    assert_eq!(objects.len(), inputs.len());
    let obj_paths: Vec<PathBuf> = objects.iter().map(|o| o.0.clone()).collect();
    let obj_bytes = total_size(&obj_paths);

    // The vault identity, decrypted from keys.age with the age crate (scrypt passphrase), written
    // to a private temp file for stock `age -i` (throwaway vault; removed at the end).
    let identity_text = decrypt_keys(&vault.join("keys.age"));
    let id_file = work.path().join("identity.txt");
    {
        use std::os::unix::fs::OpenOptionsExt;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&id_file)
            .unwrap();
        f.write_all(identity_text.as_bytes()).unwrap();
    }

    warm_cache(&obj_paths);
    let mut t_evault = Vec::new();
    let mut t_seq = Vec::new();
    let mut t_par = Vec::new();
    for _ in 0..reps {
        t_evault.push(time_cmd(evault().arg("verify").arg("--vault").arg(&vault)));

        let t = Instant::now();
        for (p, sha) in &objects {
            age_sha(&id_file, p, sha);
        }
        t_seq.push(t.elapsed());

        let t = Instant::now();
        parallel_each(&objects, 2, |(p, sha)| age_sha(&id_file, p, sha));
        t_par.push(t.elapsed());
    }

    // In-process breakdown on one object: decrypt only, sha256 only, both (library hash_sealed).
    let keys = evidence_vault::keys::VaultKeys::open(
        &evidence_vault::read_info(&vault).unwrap().vault_id,
        &std::fs::read(vault.join("keys.age")).unwrap(),
        &SecretString::from(PASSPHRASE.to_owned()),
    )
    .unwrap();
    let one = &objects[0].0;
    let one_size = std::fs::metadata(one).unwrap().len();
    let t = Instant::now();
    let mut r = evidence_vault::objects::open_sealed(one, &keys.identity).unwrap();
    let mut buf = vec![0u8; 1 << 20];
    let mut plain = 0u64;
    loop {
        let n = r.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        plain += n as u64;
    }
    let t_dec = t.elapsed();
    let data = std::fs::read(&inputs[0]).unwrap();
    let t = Instant::now();
    {
        use sha2::Digest;
        let _ = sha2::Sha256::digest(&data);
    }
    let t_sha = t.elapsed();
    let t = Instant::now();
    evidence_vault::objects::hash_sealed(
        one,
        &keys.identity,
        &evidence_vault::CancelToken::new(),
        |_| {},
    )
    .unwrap();
    let t_both = t.elapsed();

    println!();
    println!(
        "vault: {} objects, {:.1} MiB plaintext, {:.1} MiB of .age files, warm page cache",
        objects.len(),
        mib(total),
        mib(obj_bytes)
    );
    println!(
        "{:<52} {:>8} {:>8} {:>10}",
        "command (median of runs)", "wall s", "best s", "MiB/s"
    );
    let row = |name: &str, s: &[Duration]| {
        let st = stats(s);
        println!(
            "{:<52} {:>8.3} {:>8.3} {:>10.0}",
            name,
            st.median,
            st.min,
            mib(total) / st.median
        );
        st.median
    };
    let e = row(&format!("evault verify ({reps} runs)"), &t_evault);
    let s = row("age -d -i ID OBJ | sha256sum, sequential", &t_seq);
    let p = row("age -d -i ID OBJ | sha256sum, 2 in parallel", &t_par);
    println!(
        "ratio: evault verify is {:.2}× the speed of sequential age|sha256sum, {:.2}× of 2-parallel (target > 1)",
        s / e,
        p / e
    );
    println!(
        "in-process, 1 thread, one {:.0} MiB object: age decrypt {:.0} MiB/s | sha256 {:.0} MiB/s | hash_sealed (both) {:.0} MiB/s",
        mib(plain),
        mib(plain) / t_dec.as_secs_f64(),
        mib(data.len() as u64) / t_sha.as_secs_f64(),
        mib(one_size) / t_both.as_secs_f64()
    );
    let _ = std::fs::remove_file(&id_file);
    println!("machine at end: {}", machine_conditions());
}

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// `age -d -i ID OBJ | sha256sum`, checking the printed hash against the catalog.
fn age_sha(id_file: &Path, obj: &Path, expected: &str) {
    let out = output(Command::new("bash").arg("-c").arg(format!(
        "set -o pipefail; age -d -i '{}' '{}' | sha256sum",
        id_file.display(),
        obj.display()
    )));
    let got = out.split_whitespace().next().unwrap_or("");
    assert_eq!(
        got,
        expected,
        "stock age|sha256sum disagrees for {}",
        obj.display()
    );
}

/// The plaintext of keys.age (an age identity file) via the age crate's scrypt identity.
fn decrypt_keys(path: &Path) -> String {
    let sealed = std::fs::read(path).unwrap();
    let dec = age::Decryptor::new_buffered(&sealed[..]).unwrap();
    let id = age::scrypt::Identity::new(SecretString::from(PASSPHRASE.to_owned()));
    let mut r = dec
        .decrypt(std::iter::once(&id as &dyn age::Identity))
        .unwrap();
    let mut s = String::new();
    r.read_to_string(&mut s).unwrap();
    s
}

/// `n` files of `mib` MiB of pseudo-random (incompressible) bytes, cached.
fn generate(dir: &Path, n: usize, mib_each: usize) {
    if dir.join("complete").exists() {
        return;
    }
    let _ = std::fs::remove_dir_all(dir);
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    let idx: Vec<usize> = (0..n).collect();
    parallel_each(&idx, 2, |&i| {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D ^ ((i as u64 + 1) << 32);
        let mut f = std::io::BufWriter::new(
            std::fs::File::create(data.join(format!("blob-{i:02}.bin"))).unwrap(),
        );
        let mut chunk = vec![0u8; 1 << 20];
        for _ in 0..mib_each {
            for w in chunk.chunks_exact_mut(8) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                w.copy_from_slice(&x.to_le_bytes());
            }
            f.write_all(&chunk).unwrap();
        }
        f.flush().unwrap();
    });
    std::fs::write(dir.join("complete"), b"").unwrap();
}
