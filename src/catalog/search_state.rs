//! The catalog's search index, built off the unlock path.
//!
//! Normalising 100,000 items takes 1–2 s (measured), more than unlock may cost, so unlock starts
//! the build on its own thread and returns; the first search waits for it. Items changed while it
//! builds are remembered and re-indexed when it arrives.

use std::collections::BTreeSet;
use std::sync::{Mutex, mpsc};

use crate::search::SearchIndex;

enum State {
    Ready(SearchIndex),
    Building {
        rx: mpsc::Receiver<SearchIndex>,
        dirty: BTreeSet<i64>,
    },
}

pub(super) struct Search(Mutex<State>);

impl Search {
    pub fn empty() -> Self {
        Search(Mutex::new(State::Ready(SearchIndex::new())))
    }

    /// Starts building from these documents on another thread.
    pub fn building(docs: Vec<(i64, String)>) -> Self {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(SearchIndex::build(docs));
        });
        Search(Mutex::new(State::Building {
            rx,
            dirty: BTreeSet::new(),
        }))
    }

    /// Item `num` changed; `text` gives its current searchable text when it is needed.
    pub fn touched(&self, num: i64, text: impl FnOnce() -> Option<String>) {
        let mut state = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match &mut *state {
            State::Ready(index) => match text() {
                Some(t) => index.set(num, &t),
                None => index.remove(num),
            },
            State::Building { dirty, .. } => {
                dirty.insert(num);
            }
        }
    }

    /// Runs `f` on the index, waiting for the build if it is still running; `text` re-reads the
    /// items changed meanwhile.
    pub fn with<T>(
        &self,
        text: impl Fn(i64) -> Option<String>,
        f: impl FnOnce(&SearchIndex) -> T,
    ) -> T {
        let mut state = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let State::Building { rx, dirty } = &mut *state {
            // A build thread that died (it cannot, short of a bug) leaves an empty index rather
            // than a hang: search then finds nothing instead of failing the vault.
            let mut index = rx.recv().unwrap_or_default();
            for num in std::mem::take(dirty) {
                match text(num) {
                    Some(t) => index.set(num, &t),
                    None => index.remove(num),
                }
            }
            *state = State::Ready(index);
        }
        match &*state {
            State::Ready(index) => f(index),
            State::Building { .. } => f(&SearchIndex::new()),
        }
    }
}
