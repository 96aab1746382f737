//! Ctrl+C (SIGINT) and SIGTERM during long work: the first one asks the library to stop at the
//! next safe point (what is secured stays secured; what is pending stays pending and is resumed
//! later) so the command can say where it stopped; a second one ends the process at once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use evidence_vault::CancelToken;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

#[cfg(unix)]
extern "C" fn on_signal(_: libc::c_int) {
    // Only an atomic store: async-signal-safe.
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// Installs the handlers (once, `SA_RESETHAND`: the second signal has the default effect) and
/// returns a token that is cancelled when one arrives.
pub fn cancel_on_interrupt() -> CancelToken {
    let token = CancelToken::new();
    #[cfg(unix)]
    // SAFETY: installing a handler that only stores to an atomic; `sa` is fully initialised.
    unsafe {
        let mut sa: libc::sigaction = std::mem::zeroed();
        sa.sa_sigaction = on_signal as *const () as usize;
        sa.sa_flags = libc::SA_RESETHAND;
        libc::sigemptyset(&mut sa.sa_mask);
        libc::sigaction(libc::SIGINT, &sa, std::ptr::null_mut());
        libc::sigaction(libc::SIGTERM, &sa, std::ptr::null_mut());
    }
    let t = token.clone();
    std::thread::spawn(move || {
        loop {
            if INTERRUPTED.load(Ordering::SeqCst) {
                t.cancel();
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    });
    token
}

/// Whether a signal arrived.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}
