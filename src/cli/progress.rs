//! A progress line on stderr for a command that turns out to take long.
//!
//! Most alignments finish in milliseconds, and a line that flashes up and
//! vanishes is noise, so nothing is drawn until [`REVEAL_AFTER`] has passed;
//! then a spinner shows the current stage and the elapsed time until the
//! command ends, when it is erased. Nothing is ever drawn when stderr is not
//! a terminal (logs, pipes, tests). `indicatif` draws it, as for `batch`.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a command runs before its progress is shown.
pub const REVEAL_AFTER: Duration = Duration::from_secs(1);

/// A spinner, hidden until it has been running for a while.
pub struct Delayed {
    bar: ProgressBar,
    /// Dropped to tell the watcher the work is done.
    done: Option<mpsc::Sender<()>>,
    watcher: Option<JoinHandle<()>>,
    // Read by the tests only: the watcher thread sets it.
    #[cfg_attr(not(test), allow(dead_code))]
    revealed: Arc<AtomicBool>,
}

impl Delayed {
    /// A progress line drawn on stderr after [`REVEAL_AFTER`], if stderr is a terminal.
    pub fn stderr() -> Delayed {
        let target = std::io::stderr().is_terminal().then(ProgressDrawTarget::stderr);
        Delayed::start(REVEAL_AFTER, target)
    }

    /// Shows the bar on `target` once `after` has passed; never with `None`
    /// (then no thread is started either).
    pub fn start(after: Duration, target: Option<ProgressDrawTarget>) -> Delayed {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            bar.set_style(style);
        }
        let revealed = Arc::new(AtomicBool::new(false));
        let (mut done, mut watcher) = (None, None);
        if let Some(target) = target {
            let (tx, rx) = mpsc::channel::<()>();
            let (bar, flag) = (bar.clone(), revealed.clone());
            // The watcher waits for the end of the work or the deadline,
            // whichever comes first; the work itself is never slowed.
            let spawned = std::thread::Builder::new().name("progress".into()).spawn(move || {
                if let Err(mpsc::RecvTimeoutError::Timeout) = rx.recv_timeout(after) {
                    bar.set_draw_target(target);
                    bar.enable_steady_tick(Duration::from_millis(120));
                    flag.store(true, Ordering::Release);
                }
            });
            // Without a thread there is simply no progress line.
            if let Ok(handle) = spawned {
                (done, watcher) = (Some(tx), Some(handle));
            }
        }
        Delayed { bar, done, watcher, revealed }
    }

    /// The stage now running.
    pub fn stage(&self, what: impl std::fmt::Display) {
        self.bar.set_message(what.to_string());
    }

    /// Whether the line has been shown.
    #[cfg(test)]
    pub fn revealed(&self) -> bool {
        self.revealed.load(Ordering::Acquire)
    }

    /// Ends the work: stops the watcher and erases the line if it was shown.
    pub fn finish(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        drop(self.done.take());
        if let Some(w) = self.watcher.take() {
            // A watcher that panicked only loses the progress line.
            let _ = w.join();
        }
        self.bar.finish_and_clear();
    }
}

impl Drop for Delayed {
    /// An error that ends the command early must not leave a spinner behind.
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_shorter_than_the_delay_never_shows_the_line() {
        let p = Delayed::start(Duration::from_secs(5), Some(ProgressDrawTarget::hidden()));
        p.stage("short");
        assert!(!p.revealed());
        let started = std::time::Instant::now();
        p.finish();
        assert!(started.elapsed() < Duration::from_secs(1), "finish waited for the deadline");
    }

    #[test]
    fn work_longer_than_the_delay_shows_the_line() {
        let p = Delayed::start(Duration::from_millis(20), Some(ProgressDrawTarget::hidden()));
        p.stage("long");
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while !p.revealed() && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(p.revealed());
        p.finish();
    }

    #[test]
    fn without_a_terminal_the_line_is_never_shown() {
        let p = Delayed::start(Duration::ZERO, None);
        std::thread::sleep(Duration::from_millis(30));
        assert!(!p.revealed());
        p.finish();
    }
}
