//! Integration tests of the library through the real `evault` binary: vault life cycle, incidents,
//! failure messages, verification, backups (folders, and rclone over a loopback SFTP server), format 2
//! (journal, recovery with stock `sqlite3`, migration, crashes), no plaintext on disk, and
//! interoperability with stock `age`.

#[path = "../support/mod.rs"]
mod support;

mod backup;
mod failures;
mod format2;
mod incidents;
mod interop_age;
mod map;
mod media;
mod no_plaintext;
mod vault;
mod verify;
