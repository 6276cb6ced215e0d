//! Where the commands' results go.
//!
//! Every command that writes a file goes through [`write_atomic`], so a
//! failure half-way never leaves a truncated output behind, and a reader that
//! closes the pipe early (`tmalign … | head`) is not an error. Only regular
//! files are replaced that way: a device or a named pipe given as the output
//! (`-o /dev/null`) is written in place.
//!
//! A file that is replaced keeps its permission mode (a private 0600 memory
//! stays private). The temporary files being written are listed in a small
//! registry, and [`clean_up_on_signals`] removes them when the user
//! interrupts the command (Ctrl-C, SIGTERM from a job scheduler): without it
//! the process would die with half-written `.tmpXXXXXX` files beside the
//! output. Signals are received with `signal-hook`, whose iterator delivers
//! them to an ordinary thread, where deleting files and exiting is safe
//! (unlike inside a raw signal handler).

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::Context;

/// Writes to `path` through a temporary file in the same directory, renamed
/// into place only when `write` succeeds; `None` or `-` writes to stdout.
pub fn write_atomic<F>(path: Option<&Path>, write: F) -> anyhow::Result<()>
where
    F: FnOnce(&mut dyn Write) -> anyhow::Result<()>,
{
    match path {
        Some(p) if p != Path::new("-") => match fs::metadata(p) {
            // A device or a pipe (`-o /dev/null`, `-o >(gzip …)`) must be written
            // in place: renaming over it would replace it with a regular file.
            Ok(meta) if meta.is_dir() => anyhow::bail!("{}: is a folder; name a file to write", p.display()),
            Ok(meta) if !meta.is_file() => {
                let file = fs::OpenOptions::new()
                    .write(true)
                    .open(p)
                    .with_context(|| format!("{}: cannot open for writing", p.display()))?;
                let mut out = io::BufWriter::new(file);
                named(&mut out, p, write)?;
                out.flush().with_context(|| format!("{}: write failed", p.display()))
            }
            // Through a symbolic link the file it points to is replaced, not the link.
            Ok(_) => {
                let real = fs::canonicalize(p)
                    .with_context(|| format!("{}: cannot resolve the path", p.display()))?;
                replace_file(p, &real, write)
            }
            Err(_) => replace_file(p, p, write),
        },
        _ => {
            let stdout = io::stdout();
            let mut out = io::BufWriter::new(stdout.lock());
            match write(&mut out).and_then(|()| out.flush().map_err(Into::into)) {
                // A closed pipe (`tmalign … | head`) is not an error for the user.
                Err(e) if is_broken_pipe(&e) => Ok(()),
                other => other,
            }
        }
    }
}

/// [`write_atomic`] to `path` when there is one; otherwise `write` gets `None`
/// (unlike [`write_atomic`], no path never means stdout).
pub fn write_atomic_opt<F>(path: Option<&Path>, write: F) -> anyhow::Result<()>
where
    F: FnOnce(Option<&mut dyn Write>) -> anyhow::Result<()>,
{
    match path {
        Some(p) => write_atomic(Some(p), |out| write(Some(out))),
        None => write(None),
    }
}

/// Writes `real` (the file `shown` names, after following links) through a
/// temporary file in its directory, renamed into place only on success.
fn replace_file<F>(shown: &Path, real: &Path, write: F) -> anyhow::Result<()>
where
    F: FnOnce(&mut dyn Write) -> anyhow::Result<()>,
{
    // Checked again here, without the probe every command made at its
    // start: the folder may have gone meanwhile, and the message is the same.
    let dir = tmalign::input::output_folder(shown)?.unwrap_or_else(|| PathBuf::from("."));
    let tmp = temp_file_builder().tempfile_in(&dir).with_context(|| {
        format!("{}: cannot create a temporary file in {}", shown.display(), dir.display())
    })?;
    let _live = Live::register(&LIVE_TEMPS, tmp.path());
    // The file replaced keeps its mode: 0600 stays 0600, 0664 stays 0664.
    if let Ok(meta) = fs::metadata(real) {
        tmp.as_file()
            .set_permissions(meta.permissions())
            .with_context(|| format!("{}: cannot copy the permissions", shown.display()))?;
    }
    let mut out = io::BufWriter::new(tmp);
    named(&mut out, shown, write)?;
    let tmp = out
        .into_inner()
        .map_err(|e| e.into_error())
        .with_context(|| format!("{}: write failed", shown.display()))?;
    tmp.persist(real)
        .map_err(|e| e.error)
        .with_context(|| format!("{}: cannot rename the temporary file into place", shown.display()))?;
    Ok(())
}

/// Runs `write` on `out` and names `path` in the error when writing to
/// `out` itself failed (a full disk, a device that refuses): the writers see
/// only a `Write`, and some of their error types carry the I/O error
/// without a path. An error of anything else (another output written
/// meanwhile, bad data) is passed on as it is.
fn named<F>(out: &mut dyn Write, path: &Path, write: F) -> anyhow::Result<()>
where
    F: FnOnce(&mut dyn Write) -> anyhow::Result<()>,
{
    let mut watched = Watched { inner: out, failed: false };
    let result = write(&mut watched);
    let failed = watched.failed;
    result.map_err(|e| if failed { e.context(format!("{}: write failed", path.display())) } else { e })
}

/// A writer that remembers whether a write or flush to it failed.
struct Watched<'a> {
    inner: &'a mut dyn Write,
    failed: bool,
}

impl Write for Watched<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let r = self.inner.write(buf);
        self.failed |= r.is_err();
        r
    }

    fn flush(&mut self) -> io::Result<()> {
        let r = self.inner.flush();
        self.failed |= r.is_err();
        r
    }
}

/// Temporary files being written, removed by [`clean_up_on_signals`].
static LIVE_TEMPS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Temporary folders being filled (`batch --review`'s pages), removed with
/// what they hold by [`clean_up_on_signals`].
static LIVE_DIRS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// A temporary path's place in one of the registries above, given up when
/// dropped (the file has then been renamed into place or deleted, the
/// folder emptied or removed).
pub struct Live {
    registry: &'static Mutex<Vec<PathBuf>>,
    path: PathBuf,
}

impl Live {
    fn register(registry: &'static Mutex<Vec<PathBuf>>, path: &Path) -> Live {
        if let Ok(mut live) = registry.lock() {
            live.push(path.to_path_buf());
        }
        Live { registry, path: path.to_path_buf() }
    }

    /// Registers a temporary folder, removed with what it holds on a signal.
    pub fn folder(path: &Path) -> Live {
        Live::register(&LIVE_DIRS, path)
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        if let Ok(mut live) = self.registry.lock() {
            live.retain(|p| p != &self.path);
        }
    }
}

/// On SIGINT or SIGTERM, removes the temporary files and folders being
/// written, ends a progress line left on the terminal, and exits with 128 +
/// the signal's number (130, 143), as a shell reports a process killed by
/// it. Called once by `main`.
pub fn clean_up_on_signals() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        // Without the handler the signal still stops the process; only the
        // clean-up is lost, so a failure to install it is not fatal.
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else { return };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // Hold the lock until exit so that no new file is registered and left behind.
                let live = LIVE_TEMPS.lock().unwrap_or_else(|e| e.into_inner());
                for path in live.iter() {
                    let _ = fs::remove_file(path);
                }
                let dirs = LIVE_DIRS.lock().unwrap_or_else(|e| e.into_inner());
                for path in dirs.iter() {
                    let _ = fs::remove_dir_all(path);
                }
                // A progress bar leaves the cursor at the end of its line: the
                // shell's prompt went on that line (a new user's trial, session 22).
                if io::IsTerminal::is_terminal(&io::stderr()) {
                    let _ = io::stderr().write_all(b"\n");
                }
                std::process::exit(128 + signal);
            }
        });
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe))
}

/// Temporary files are private (0600) by default; an output file should get
/// the usual permissions of a new file instead (0644 before the umask).
fn temp_file_builder() -> tempfile::Builder<'static, 'static> {
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o644));
    }
    builder
}

/// Prints the one-line warning about characters that XML 1.0 cannot carry and
/// that the writer therefore dropped; silent when there were none.
pub fn warn_removed_chars(removed: u64) {
    if removed > 0 {
        eprintln!(
            "tmalign: warning: removed {removed} character{} not allowed in XML 1.0 (control characters, U+FFFE, U+FFFF)",
            if removed == 1 { "" } else { "s" }
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_write_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        let res = write_atomic(Some(&path), |w| {
            w.write_all(b"partial")?;
            anyhow::bail!("boom")
        });
        assert!(res.is_err());
        assert!(!path.exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn writing_to_a_device_keeps_the_device() {
        use std::os::unix::fs::FileTypeExt;
        write_atomic(Some(Path::new("/dev/null")), |w| Ok(w.write_all(b"x")?)).unwrap();
        assert!(fs::metadata("/dev/null").unwrap().file_type().is_char_device());
    }

    #[cfg(unix)]
    #[test]
    fn writing_through_a_symlink_replaces_the_linked_file_and_keeps_the_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        let link = dir.path().join("link.txt");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(Some(&link), |w| Ok(w.write_all(b"new")?)).unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("private.tmx");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(Some(&path), |w| Ok(w.write_all(b"new")?)).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
    }

    #[test]
    fn temporary_files_are_registered_only_while_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        let in_dir = |p: &PathBuf| p.starts_with(dir.path());
        write_atomic(Some(&path), |w| {
            assert_eq!(LIVE_TEMPS.lock().unwrap().iter().filter(|p| in_dir(p)).count(), 1);
            Ok(w.write_all(b"x")?)
        })
        .unwrap();
        assert_eq!(LIVE_TEMPS.lock().unwrap().iter().filter(|p| in_dir(p)).count(), 0);
    }

    #[test]
    fn a_directory_is_refused_as_output() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_atomic(Some(dir.path()), |w| Ok(w.write_all(b"x")?)).unwrap_err();
        assert!(err.to_string().contains("is a folder"), "{err}");
    }
}
