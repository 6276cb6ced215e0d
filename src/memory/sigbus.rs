//! A clear error instead of a silent death when a mapped index shrinks.
//!
//! An index is used in place through a memory map. When another process
//! truncates or overwrites the file while a lookup reads it (`cp` onto it,
//! `truncate`, `rsync --inplace`), reading a page past the new end raises
//! SIGBUS, which by default kills the process with nothing on stderr. The
//! handler installed here turns a fault inside the mapped range into one line
//! on stderr and exit code 2; a fault anywhere else is left to the default
//! action (the handler resets it, and the faulting access repeats).
//!
//! Only async-signal-safe calls are made in the handler (`write`, `_exit`,
//! `sigaction`); the `libc` crate provides the bindings, since the standard
//! library has no signal API. Copying the whole index into memory instead
//! would avoid the fault but cost half a second at a million units (867 MB)
//! on every lookup.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

static START: AtomicUsize = AtomicUsize::new(0);
static END: AtomicUsize = AtomicUsize::new(0);

const MESSAGE: &[u8] =
    b"tmalign: error: the index file shrank while it was being read (another process truncated or \
overwrote it in place; replace indexes by renaming a new file into place, then run again)\n";

/// Makes a SIGBUS on an address in `range` (the mapped index) exit with
/// code 2 and one line on stderr. Only one range is guarded at a time.
pub fn guard(range: Range<usize>) {
    START.store(range.start, Ordering::SeqCst);
    END.store(range.end, Ordering::SeqCst);
    install();
}

#[cfg(unix)]
extern "C" fn on_sigbus(_sig: libc::c_int, info: *mut libc::siginfo_t, _ctx: *mut libc::c_void) {
    // SAFETY: the kernel passes a valid siginfo to an SA_SIGINFO handler.
    let addr = unsafe { (*info).si_addr() } as usize;
    if (START.load(Ordering::Relaxed)..END.load(Ordering::Relaxed)).contains(&addr) {
        // SAFETY: write and _exit are async-signal-safe; the message is static.
        unsafe {
            libc::write(2, MESSAGE.as_ptr().cast(), MESSAGE.len());
            libc::_exit(2);
        }
    }
    // Not ours: restore the default action; returning repeats the access,
    // which then ends the process as it would have without this handler.
    // SAFETY: sigaction is async-signal-safe; the struct is fully initialised.
    unsafe {
        let mut dfl: libc::sigaction = std::mem::zeroed();
        dfl.sa_sigaction = libc::SIG_DFL;
        libc::sigemptyset(&mut dfl.sa_mask);
        libc::sigaction(libc::SIGBUS, &dfl, std::ptr::null_mut());
    }
}

#[cfg(unix)]
fn install() {
    // SAFETY: installs a handler that only makes async-signal-safe calls.
    unsafe {
        let mut act: libc::sigaction = std::mem::zeroed();
        act.sa_sigaction = on_sigbus as extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void)
            as libc::sighandler_t;
        act.sa_flags = libc::SA_SIGINFO;
        libc::sigemptyset(&mut act.sa_mask);
        libc::sigaction(libc::SIGBUS, &act, std::ptr::null_mut());
    }
}

#[cfg(not(unix))]
fn install() {}
