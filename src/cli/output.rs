//! Where the commands' results go.
//!
//! Every command that writes a file goes through [`write_atomic`], so a
//! failure half-way never leaves a truncated output behind, and a reader that
//! closes the pipe early (`tmalign … | head`) is not an error.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

/// Writes to `path` through a temporary file in the same directory, renamed
/// into place only when `write` succeeds; `None` or `-` writes to stdout.
pub fn write_atomic<F>(path: Option<&Path>, write: F) -> anyhow::Result<()>
where
    F: FnOnce(&mut dyn Write) -> anyhow::Result<()>,
{
    match path {
        Some(p) if p != Path::new("-") => {
            let dir = match p.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => PathBuf::from("."),
            };
            let tmp = temp_file_builder().tempfile_in(&dir).with_context(|| {
                format!("{}: cannot create a temporary file in {}", p.display(), dir.display())
            })?;
            let mut out = io::BufWriter::new(tmp);
            write(&mut out)?;
            let tmp = out
                .into_inner()
                .map_err(|e| e.into_error())
                .with_context(|| format!("{}: write failed", p.display()))?;
            tmp.persist(p)
                .map_err(|e| e.error)
                .with_context(|| format!("{}: cannot rename the temporary file into place", p.display()))?;
            Ok(())
        }
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
}
