//! The one support module of the three integration-test crates (`cli`, `bundles`, `gui`):
//! `cli` runs the real `evault` binary against temporary vaults, `bundle` makes vaults and opens
//! or forges bundles with the plain age and tar crates, `gui` builds the window headless with the
//! app's own fonts and moves through its accessibility tree.
//!
//! Each crate includes it with `#[path = "../support/mod.rs"] mod support;`.

#![allow(dead_code)] // each crate uses a different subset

pub mod bundle;
pub mod cli;
pub mod gui;
