//! The thread that writes the session's drafts into the vault (`drafts/ID.age`, encrypted to
//! the vault and signed), so the UI thread never waits for a disk. Writes are made in the order
//! they were sent; [`DraftWriter::finish`] waits for all of them (at lock and at quit).

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

use eframe::egui;
use evidence_vault::Vault;

use super::session::DraftWrite;

pub struct DraftWriter {
    tx: Option<Sender<Vec<DraftWrite>>>,
    errors: Receiver<String>,
    thread: Option<JoinHandle<()>>,
}

impl DraftWriter {
    pub fn spawn(vault: Vault, ctx: &egui::Context) -> Self {
        let (tx, rx) = mpsc::channel::<Vec<DraftWrite>>();
        let (etx, errors) = mpsc::channel();
        let ctx = ctx.clone();
        let thread = std::thread::Builder::new()
            .name("ev-drafts".into())
            .spawn(move || {
                for batch in rx {
                    for e in write_all(&vault, batch) {
                        let _ = etx.send(e);
                        ctx.request_repaint();
                    }
                }
            })
            .ok();
        Self {
            tx: Some(tx),
            errors,
            thread,
        }
    }

    pub fn send(&self, writes: Vec<DraftWrite>) {
        if writes.is_empty() {
            return;
        }
        if let Some(tx) = &self.tx {
            let _ = tx.send(writes);
        }
    }

    /// What failed since the last call, for the user.
    pub fn errors(&self) -> Vec<String> {
        self.errors.try_iter().collect()
    }

    /// Writes `last`, waits for every write sent before it, and returns what failed. The thread
    /// ends (and drops its vault handle).
    pub fn finish(&mut self, last: Vec<DraftWrite>) -> Vec<String> {
        self.send(last);
        self.tx = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.errors()
    }
}

impl Drop for DraftWriter {
    fn drop(&mut self) {
        let _ = self.finish(Vec::new());
    }
}

fn write_all(vault: &Vault, writes: Vec<DraftWrite>) -> Vec<String> {
    let mut failed = Vec::new();
    for w in writes {
        let r = match &w {
            DraftWrite::Save(d) => vault.save_draft(d).map_err(|e| e.to_string()),
            DraftWrite::Discard(id) => vault.discard_draft(id).map_err(|e| e.to_string()),
        };
        if let Err(e) = r {
            failed.push(e);
        }
    }
    failed
}
