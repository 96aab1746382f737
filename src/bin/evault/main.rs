//! `evault`: the command-line face of Evidence Vault. Thin: parsing, prompting and printing;
//! every capability is in the library.
//!
//! Exit codes: 0 success; 1 a finding (verification failed, some inputs refused); 2 an error.

mod bundle_cmds;
mod incident_cmds;
mod interrupt;
mod output;
mod passphrase;
mod vault_cmds;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "evault",
    version,
    about = "Evidence Vault: offline, encrypted evidence catalogue with SHA-256 fixity and a signed custody log",
    long_about = None,
    after_help = "The vault passphrase comes from EVAULT_PASSPHRASE, else --passphrase-file, else a prompt.\nExit codes: 0 success, 1 a finding (verification failed, some inputs refused), 2 an error."
)]
struct Cli {
    /// Read the vault passphrase from this file (first line) instead of EVAULT_PASSPHRASE or a prompt.
    #[arg(long, global = true, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
pub struct VaultArg {
    /// The vault folder.
    #[arg(long, value_name = "DIR")]
    pub vault: PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new vault; the last line printed is its age recipient (public key).
    Init {
        #[command(flatten)]
        v: VaultArg,
        /// Your name, recorded as the actor of custody events.
        #[arg(long, default_value = "")]
        documenter: String,
        /// scrypt work factor for the passphrase (2^N); default 18 (about 1 s, 256 MiB).
        #[arg(long, value_name = "N", default_value_t = evidence_vault::keys::DEFAULT_KDF_LOG_N)]
        kdf_log_n: u8,
    },
    /// Print the vault's public key (age recipient); no passphrase needed.
    Pubkey {
        #[command(flatten)]
        v: VaultArg,
    },
    /// Add files and folders (folders recurse). Prints ID<TAB>SHA256<TAB>PATH per item.
    Add {
        #[command(flatten)]
        v: VaultArg,
        #[arg(long)]
        case: Option<String>,
        #[arg(long = "tag", value_name = "T")]
        tags: Vec<String>,
        #[arg(long)]
        json: bool,
        /// Also record each file's full path (by default only its name: a path such as
        /// /home/NAME/… names its owner, and custody travels in bundles).
        #[arg(long)]
        record_source_path: bool,
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Write a note or testimony as a text item.
    Note {
        #[command(flatten)]
        v: VaultArg,
        #[arg(long)]
        title: String,
        #[arg(
            long,
            conflicts_with = "body_file",
            required_unless_present = "body_file"
        )]
        body: Option<String>,
        #[arg(long, value_name = "F")]
        body_file: Option<PathBuf>,
        #[arg(long)]
        case: Option<String>,
        #[arg(long = "tag", value_name = "T")]
        tags: Vec<String>,
    },
    /// List items, optionally searching (full text, Arabic and English) and filtering.
    List {
        #[command(flatten)]
        v: VaultArg,
        #[arg(long, value_name = "Q")]
        search: Option<String>,
        #[arg(long)]
        case: Option<String>,
        #[arg(long)]
        tag: Option<String>,
        /// Only items whose GPS lies in this area: SOUTH,WEST,NORTH,EAST in decimal degrees
        /// (bounds included), e.g. 35.8,38.5,35.9,38.6. Items without GPS are left out.
        #[arg(long, value_name = "S,W,N,E", allow_hyphen_values = true, value_parser = parse_area)]
        within: Option<evidence_vault::geo::GeoBox>,
        /// Captured on or after this day (2017-03-21) or minute (2017-03-21T14:30), in the local
        /// time as recorded.
        #[arg(long, visible_alias = "from", value_name = "WHEN", value_parser = parse_capture_bound)]
        captured_from: Option<String>,
        /// Captured on or before this day (the whole day) or minute (up to its last second).
        #[arg(long, visible_alias = "to", value_name = "WHEN", value_parser = parse_capture_bound)]
        captured_to: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show one item: metadata, EXIF, custody events, and where its GPS or capture time
    /// disagrees with the incidents it is linked to.
    Show {
        #[command(flatten)]
        v: VaultArg,
        /// Item ID or a unique prefix of it.
        item: String,
        #[arg(long)]
        json: bool,
    },
    /// List near-duplicates of an item (re-encoded, resized, cropped copies of a photo or video)
    /// by perceptual hash: ID<TAB>DISTANCE<TAB>NAME, nearest first.
    Similar {
        #[command(flatten)]
        v: VaultArg,
        /// Item ID or a unique prefix of it.
        item: String,
        /// Largest brightness distance (Hamming, of 64 bits) to report, the colour distance
        /// allowed being three quarters of it (default 16).
        #[arg(long, value_name = "N")]
        max_distance: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// Write an item's original bytes to a file (checked against its SHA-256; logged).
    Extract {
        #[command(flatten)]
        v: VaultArg,
        item: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Check the fixity of every object, every custody chain and signature.
    Verify {
        #[command(flatten)]
        v: VaultArg,
        #[arg(long)]
        json: bool,
        /// Take unreferenced objects (e.g. from an interrupted intake) back into the catalog.
        #[arg(long)]
        repair: bool,
        /// Check only: record no `verified` events (use it on a backup, which must stay an
        /// exact copy of its vault so that the next backup still fits).
        #[arg(long, conflicts_with = "repair")]
        no_record: bool,
    },
    /// Copy what a backup lacks: incremental, every copied file checked in the target, nothing
    /// there deleted or overwritten. The backup opens as this vault. With --check, compare the
    /// backup with the vault file by file instead, writing nothing.
    Backup {
        #[command(flatten)]
        v: VaultArg,
        /// A folder (an external drive, say: empty, or an earlier backup of this vault), or
        /// rclone:REMOTE:PATH, a remote configured in rclone (SFTP, S3, WebDAV…).
        #[arg(long = "to", value_name = "TARGET")]
        to: std::ffi::OsString,
        /// Check that the backup holds every file of the vault with the same bytes (hashes);
        /// writes nothing. Exit code 1 when something is missing, outdated or altered.
        #[arg(long)]
        check: bool,
        /// rclone's configuration file (default: EVAULT_RCLONE_CONFIG, else rclone's own default).
        #[arg(long, value_name = "FILE")]
        rclone_config: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Fold the journal (one file per change since the last compaction) into a new catalog base.
    Compact {
        #[command(flatten)]
        v: VaultArg,
        #[arg(long)]
        json: bool,
    },
    /// Change an item's title, description, case, place, event date or tags (recorded in its
    /// custody log with the old and new values).
    Edit {
        #[command(flatten)]
        v: VaultArg,
        #[arg(value_name = "ITEM")]
        item: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        description: Option<String>,
        #[arg(long)]
        case: Option<String>,
        #[arg(long)]
        place: Option<String>,
        /// The event date (e.g. 2017-03-20); an empty value clears it.
        #[arg(long)]
        event_date: Option<String>,
        /// Replace the tags with these (repeatable).
        #[arg(long = "tag")]
        tags: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Change the passphrase (new one from EVAULT_NEW_PASSPHRASE or a prompt).
    Passwd {
        #[command(flatten)]
        v: VaultArg,
        #[arg(long, value_name = "N", default_value_t = evidence_vault::keys::DEFAULT_KDF_LOG_N)]
        kdf_log_n: u8,
    },
    /// Export items (all, a case, or the given IDs) as one encrypted bundle (.tar.age). Prints
    /// the bundle's SHA-256.
    Export {
        #[command(flatten)]
        v: VaultArg,
        #[arg(long, value_name = "FILE.tar.age")]
        out: PathBuf,
        /// A recipient: age1…, an ssh-ed25519/ssh-rsa public key, or a file of them. Repeatable.
        #[arg(long = "to", value_name = "RECIPIENT")]
        to: Vec<String>,
        /// Encrypt to a passphrase (EVAULT_BUNDLE_PASSPHRASE or a prompt) instead of keys.
        #[arg(long)]
        to_passphrase: bool,
        #[arg(long, conflicts_with = "items")]
        case: Option<String>,
        /// An incident (ID or unique prefix): the incident and all its items. Repeatable.
        #[arg(long = "incident", value_name = "INCIDENT", conflicts_with_all = ["items", "case"])]
        incidents: Vec<String>,
        /// Item IDs (or unique prefixes); none means every item. The incidents of the items
        /// exported travel with them.
        #[arg(value_name = "ITEM")]
        items: Vec<String>,
    },
    /// Check a bundle completely and take its items into the vault, all or nothing.
    Import {
        #[command(flatten)]
        v: VaultArg,
        bundle: PathBuf,
        /// An age identity file or unencrypted SSH private key (the vault's own key is tried first).
        #[arg(long, value_name = "FILE")]
        identity: Option<PathBuf>,
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// Incidents: what happened, where and when, linked to its evidence, with a review status.
    Incident {
        #[command(subcommand)]
        command: Box<incident_cmds::IncidentCommand>,
    },
    /// Verify a bundle without importing it: exit 0 valid, 1 invalid, 2 error.
    Inspect {
        bundle: PathBuf,
        #[arg(long, value_name = "DIR")]
        vault: Option<PathBuf>,
        #[arg(long, value_name = "FILE")]
        identity: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    // Output piped into `head` and closed early: end like `cat` does (SIGPIPE) instead of
    // panicking in println!. Rust sets SIGPIPE to ignored before main; this restores the default.
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread exists; SIG_DFL is a valid handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let ctx = vault_cmds::Ctx {
        passphrase_file: cli.passphrase_file.clone(),
    };
    let result = match cli.command {
        Command::Init {
            v,
            documenter,
            kdf_log_n,
        } => vault_cmds::init(&ctx, &v.vault, &documenter, kdf_log_n),
        Command::Pubkey { v } => vault_cmds::pubkey(&v.vault),
        Command::Add {
            v,
            case,
            tags,
            json,
            record_source_path,
            paths,
        } => {
            let opts = evidence_vault::IntakeOptions {
                case: case.unwrap_or_default(),
                tags,
                workers: 0,
                record_source_path,
            };
            vault_cmds::add(&ctx, &v.vault, &opts, json, &paths)
        }
        Command::Note {
            v,
            title,
            body,
            body_file,
            case,
            tags,
        } => vault_cmds::note(&ctx, &v.vault, &title, body, body_file, case, tags),
        Command::List {
            v,
            search,
            case,
            tag,
            within,
            captured_from,
            captured_to,
            json,
        } => {
            let q = evidence_vault::ListQuery {
                search,
                case,
                tag,
                within,
                captured_from,
                captured_to,
                ..Default::default()
            };
            vault_cmds::list(&ctx, &v.vault, &q, json)
        }
        Command::Show { v, item, json } => vault_cmds::show(&ctx, &v.vault, &item, json),
        Command::Similar {
            v,
            item,
            max_distance,
            json,
        } => vault_cmds::similar(&ctx, &v.vault, &item, max_distance, json),
        Command::Extract { v, item, out } => vault_cmds::extract(&ctx, &v.vault, &item, &out),
        Command::Verify {
            v,
            json,
            repair,
            no_record,
        } => vault_cmds::verify(&ctx, &v.vault, json, repair, !no_record),
        Command::Backup {
            v,
            to,
            check,
            rclone_config,
            json,
        } => vault_cmds::backup(&ctx, &v.vault, &to, check, rclone_config, json),
        Command::Passwd { v, kdf_log_n } => vault_cmds::passwd(&ctx, &v.vault, kdf_log_n),
        Command::Compact { v, json } => vault_cmds::compact(&ctx, &v.vault, json),
        Command::Edit {
            v,
            item,
            title,
            description,
            case,
            place,
            event_date,
            tags,
            json,
        } => {
            let edit = evidence_vault::MetadataEdit {
                title,
                description,
                case,
                place,
                event_date: event_date.map(|d| Some(d).filter(|d| !d.trim().is_empty())),
                tags: (!tags.is_empty()).then_some(tags),
            };
            vault_cmds::edit(&ctx, &v.vault, &item, &edit, json)
        }
        Command::Export {
            v,
            out,
            to,
            to_passphrase,
            case,
            incidents,
            items,
        } => bundle_cmds::export(
            &ctx,
            &v.vault,
            &out,
            &to,
            to_passphrase,
            case,
            incidents,
            items,
        ),
        Command::Import {
            v,
            bundle,
            identity,
            dry_run,
            json,
        } => bundle_cmds::import(&ctx, &v.vault, &bundle, identity, dry_run, json),
        Command::Incident { command } => incident_cmds::run(&ctx, *command),
        Command::Inspect {
            bundle,
            vault,
            identity,
            json,
        } => bundle_cmds::inspect(&ctx, &bundle, vault, identity, json),
    };
    match result {
        Ok(outcome) => outcome.code(),
        Err(e) => {
            eprintln!("evault: error: {}", error_text(&e));
            ExitCode::from(2)
        }
    }
}

fn parse_area(s: &str) -> Result<evidence_vault::geo::GeoBox, String> {
    evidence_vault::geo::GeoBox::parse(s).map_err(|e| e.to_string())
}

fn parse_capture_bound(s: &str) -> Result<String, String> {
    evidence_vault::item::CaptureBound::parse(s)
        .map(|b| b.as_str().to_owned())
        .map_err(|e| e.to_string())
}

/// The error and its causes, each once: library errors already name their cause in their own
/// message (`could not write X: No space left on device; …`), so a cause whose text is already
/// there is not repeated.
fn error_text(e: &anyhow::Error) -> String {
    let mut text = e.to_string();
    for cause in e.chain().skip(1) {
        let c = cause.to_string();
        if !text.contains(&c) {
            text.push_str(": ");
            text.push_str(&c);
        }
    }
    text
}

/// How a command that did not fail outright ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// Something was found wrong or refused (exit 1).
    Finding,
}

impl Outcome {
    fn code(self) -> ExitCode {
        match self {
            Outcome::Ok => ExitCode::SUCCESS,
            Outcome::Finding => ExitCode::from(1),
        }
    }
}
