//! Integration tests of the library through the real `evault` binary: vault life cycle, failure
//! messages, verification, format 2 (journal, recovery with stock `sqlite3`, migration, crashes),
//! no plaintext on disk, and interoperability with stock `age`.

#[path = "../support/mod.rs"]
mod support;

mod failures;
mod format2;
mod interop_age;
mod no_plaintext;
mod vault;
mod verify;
