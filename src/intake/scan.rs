//! Expanding a selection of files and folders into the regular files to take in.

use std::fs;
use std::path::{Path, PathBuf};

use super::IntakeFailure;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    pub path: PathBuf,
    pub size: u64,
}

/// Folders recurse (symbolic links inside them are followed only to regular files, so a link loop
/// cannot trap intake). Anything that is not a regular file is reported, not silently skipped.
pub fn scan_paths(paths: &[PathBuf]) -> (Vec<SourceFile>, Vec<IntakeFailure>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    for p in paths {
        match fs::metadata(p) {
            Err(e) => failures.push(IntakeFailure {
                path: p.clone(),
                reason: io_reason(&e),
            }),
            Ok(m) if m.is_file() => files.push(SourceFile {
                path: p.clone(),
                size: m.len(),
            }),
            Ok(m) if m.is_dir() => scan_dir(p, &mut files, &mut failures),
            Ok(_) => failures.push(IntakeFailure {
                path: p.clone(),
                reason: "not a regular file (device, pipe or socket)".into(),
            }),
        }
    }
    (files, failures)
}

fn scan_dir(dir: &Path, files: &mut Vec<SourceFile>, failures: &mut Vec<IntakeFailure>) {
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| dir.to_path_buf());
                let reason = e.io_error().map(io_reason).unwrap_or_else(|| e.to_string());
                failures.push(IntakeFailure { path, reason });
                continue;
            }
        };
        let ft = entry.file_type();
        if ft.is_dir() {
            continue;
        }
        let path = entry.path().to_path_buf();
        if ft.is_symlink() {
            match fs::metadata(&path) {
                Ok(m) if m.is_file() => files.push(SourceFile {
                    path,
                    size: m.len(),
                }),
                Ok(_) => failures.push(IntakeFailure {
                    path,
                    reason: "symbolic link to a folder or special file: not followed".into(),
                }),
                Err(e) => failures.push(IntakeFailure {
                    path,
                    reason: format!("broken symbolic link: {}", io_reason(&e)),
                }),
            }
            continue;
        }
        if !ft.is_file() {
            failures.push(IntakeFailure {
                path,
                reason: "not a regular file (device, pipe or socket)".into(),
            });
            continue;
        }
        match entry.metadata() {
            Ok(m) => files.push(SourceFile {
                path,
                size: m.len(),
            }),
            Err(e) => failures.push(IntakeFailure {
                path,
                reason: e.to_string(),
            }),
        }
    }
}

/// A short human reason for an I/O error.
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_recurse_and_missing_paths_are_reported() {
        let d = tempfile::tempdir().unwrap();
        fs::create_dir_all(d.path().join("a/b")).unwrap();
        fs::write(d.path().join("a/one.txt"), b"1").unwrap();
        fs::write(d.path().join("a/b/two.txt"), b"22").unwrap();
        let missing = d.path().join("nope");
        let (files, failures) = scan_paths(&[d.path().join("a"), missing.clone()]);
        assert_eq!(files.len(), 2);
        assert_eq!(files.iter().map(|f| f.size).sum::<u64>(), 3);
        assert_eq!(failures.len(), 1);
        assert_eq!(failures[0].path, missing);
    }
}
