//! Backups of the open vault: where they go, when the last complete one finished, and what the
//! last backup and the last check reported. The settings come from the preferences at unlock
//! and go back to them when they change (the app compares after each frame).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use evidence_vault::backup::{BackupReport, CheckReport};

use super::super::prefs::{BackupPrefs, MAX_BACKUP_REMINDER_DAYS};

const DAY_SECS: i64 = 24 * 60 * 60;

#[derive(Default)]
pub struct Backups {
    /// Kept between runs, by vault ID.
    pub prefs: BackupPrefs,
    /// The last backup's report (shown in the Backup dialog until the next run).
    pub report: Option<Result<BackupReport, String>>,
    /// The last check's report.
    pub check: Option<Result<CheckReport, String>>,
}

/// How old the last complete backup is, as the status bar tells it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackupAge {
    Never,
    /// Whole days since it finished, and whether that is past the reminder.
    Days {
        days: i64,
        overdue: bool,
    },
}

impl Backups {
    pub fn new(prefs: BackupPrefs) -> Self {
        Self {
            prefs,
            ..Default::default()
        }
    }

    /// A backup to `target` is starting: it becomes the remembered target.
    pub fn started(&mut self, target: &str) {
        self.prefs.target = target.to_owned();
        self.report = None;
    }

    pub fn check_started(&mut self, target: &str) {
        self.prefs.target = target.to_owned();
        self.check = None;
    }

    /// A backup ended; a complete one is the new "last good backup".
    pub fn finished(&mut self, r: Result<BackupReport, String>, now: SystemTime) {
        if let Ok(report) = &r
            && report.is_complete()
        {
            self.prefs.last_ok_unix = Some(unix_secs(now));
            self.prefs.last_ok_target = report.target.display().to_string();
        }
        self.report = Some(r);
    }

    pub fn set_remind_days(&mut self, days: u32) {
        self.prefs.remind_days = days.clamp(1, MAX_BACKUP_REMINDER_DAYS);
    }

    pub fn age(&self, now: SystemTime) -> BackupAge {
        match self.prefs.last_ok_unix {
            None => BackupAge::Never,
            Some(at) => {
                let days = (unix_secs(now) - at).max(0) / DAY_SECS;
                BackupAge::Days {
                    days,
                    overdue: days >= i64::from(self.prefs.remind_days),
                }
            }
        }
    }

    /// When the last complete backup finished, if there was one.
    pub fn last_ok(&self) -> Option<SystemTime> {
        let at = u64::try_from(self.prefs.last_ok_unix?).ok()?;
        UNIX_EPOCH.checked_add(Duration::from_secs(at))
    }
}

fn unix_secs(t: SystemTime) -> i64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn report(altered: usize) -> BackupReport {
        BackupReport {
            target: PathBuf::from("/media/usb/backup"),
            files_copied: 3,
            altered: (0..altered)
                .map(|i| PathBuf::from(format!("objects/{i}")))
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn only_a_complete_backup_counts_and_the_reminder_follows_the_days() {
        let t0 = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let mut b = Backups::new(BackupPrefs {
            remind_days: 3,
            ..Default::default()
        });
        assert_eq!(b.age(t0), BackupAge::Never);

        b.finished(Err("disk full".into()), t0);
        assert_eq!(
            b.age(t0),
            BackupAge::Never,
            "a failed backup is not a backup"
        );
        b.finished(Ok(report(1)), t0);
        assert_eq!(b.age(t0), BackupAge::Never, "nor one with altered files");

        b.finished(Ok(report(0)), t0);
        assert_eq!(b.prefs.last_ok_target, "/media/usb/backup");
        assert_eq!(b.last_ok(), Some(t0));
        let day = Duration::from_secs(DAY_SECS as u64);
        assert_eq!(
            b.age(t0 + day * 2),
            BackupAge::Days {
                days: 2,
                overdue: false
            }
        );
        assert_eq!(
            b.age(t0 + day * 3),
            BackupAge::Days {
                days: 3,
                overdue: true
            }
        );
        // A clock set back does not make the backup "from the future".
        assert_eq!(
            b.age(t0 - day),
            BackupAge::Days {
                days: 0,
                overdue: false
            }
        );

        b.set_remind_days(0);
        assert_eq!(b.prefs.remind_days, 1);
    }
}
