//! Short messages in the status bar: what just happened (green, for a few seconds) or what went
//! wrong (red, longer). A new message replaces the older ones of the other kind, so an old error
//! never stands beside a newer success (or an old success beside a newer error) as if both held.

use std::time::{Duration, Instant};

const INFO_FOR: Duration = Duration::from_secs(6);
const ERROR_FOR: Duration = Duration::from_secs(15);

pub struct Notice {
    text: String,
    error: bool,
    until: Instant,
}

impl Notice {
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_error(&self) -> bool {
        self.error
    }
}

#[derive(Default)]
pub struct Notices {
    shown: Vec<Notice>,
}

impl Notices {
    /// Something that happened as asked.
    pub fn info(&mut self, text: impl Into<String>) {
        self.push(text.into(), false, Instant::now());
    }

    /// Something that failed. The same error twice is shown once.
    pub fn error(&mut self, text: impl Into<String>) {
        self.push(text.into(), true, Instant::now());
    }

    fn push(&mut self, text: String, error: bool, now: Instant) {
        self.shown.retain(|n| n.error == error);
        if error && self.shown.iter().any(|n| n.text == text) {
            return;
        }
        self.shown.push(Notice {
            text,
            error,
            until: now + if error { ERROR_FOR } else { INFO_FOR },
        });
    }

    /// Forgets the messages whose time is up. Called once a frame.
    pub fn expire(&mut self) {
        self.expire_at(Instant::now());
    }

    fn expire_at(&mut self, now: Instant) {
        self.shown.retain(|n| n.until > now);
    }

    pub fn iter(&self) -> impl Iterator<Item = &Notice> {
        self.shown.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(n: &Notices) -> Vec<(&str, bool)> {
        n.iter().map(|n| (n.text(), n.is_error())).collect()
    }

    #[test]
    fn a_success_replaces_an_older_error_and_an_error_an_older_success() {
        let mut n = Notices::default();
        let t = Instant::now();
        n.push("The copy was not saved: disk full".into(), true, t);
        n.push("Saved a copy".into(), false, t);
        assert_eq!(texts(&n), vec![("Saved a copy", false)]);
        n.push("Copied to the clipboard.".into(), false, t);
        assert_eq!(texts(&n).len(), 2, "successes stack");
        n.push("Could not read items".into(), true, t);
        assert_eq!(texts(&n), vec![("Could not read items", true)]);
    }

    #[test]
    fn the_same_error_is_shown_once_and_messages_expire() {
        let mut n = Notices::default();
        let t = Instant::now();
        n.push("locked".into(), true, t);
        n.push("locked".into(), true, t);
        n.push("other".into(), true, t);
        assert_eq!(texts(&n), vec![("locked", true), ("other", true)]);
        n.push("ok".into(), false, t + Duration::from_secs(1));
        n.expire_at(t + Duration::from_secs(5));
        assert_eq!(texts(&n), vec![("ok", false)]);
        n.expire_at(t + Duration::from_secs(8));
        assert!(texts(&n).is_empty());
        n.push("err".into(), true, t);
        n.expire_at(t + Duration::from_secs(14));
        assert_eq!(texts(&n).len(), 1, "errors stay longer");
    }
}
