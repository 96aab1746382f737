//! Integration tests of bundles: round trips between vaults, incidents carried and merged,
//! hostile and damaged bundles, the
//! library API, and verification of a bundle with stock tools (age, tar, bagit, ssh-keygen).

#[path = "../support/mod.rs"]
mod support;

mod hostile;
mod incidents;
mod interop;
mod library;
mod roundtrip;
