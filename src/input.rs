//! Reading documents as text.
//!
//! Every command reads its text through [`read_text`], so that invalid
//! UTF-8 is reported the same way everywhere (file name, byte offset, line
//! and column) and a UTF-8 byte-order mark never reaches the segmenter.

use std::fs;
use std::io::{self, Read};
use std::path::Path;

/// An input that could not be read as text.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{name}: {source}")]
    Io {
        name: String,
        #[source]
        source: io::Error,
    },
    #[error("{name}: invalid UTF-8 at byte {offset} (line {line}, column {column})")]
    InvalidUtf8 { name: String, offset: usize, line: usize, column: usize },
}

/// Where a text comes from: a file, or standard input when the path is `-`.
pub fn display_name(path: Option<&Path>) -> String {
    match path {
        None => "<stdin>".to_string(),
        Some(p) if p == Path::new("-") => "<stdin>".to_string(),
        Some(p) => p.display().to_string(),
    }
}

/// The UTF-8 byte-order mark.
pub const BOM: &str = "\u{FEFF}";

/// Reads a whole file (or stdin for `None` or `-`) as UTF-8 text.
///
/// A leading byte-order mark is kept in the returned string's byte count
/// through [`Text::offset`] so that byte offsets reported to the user are
/// offsets into the file as it is on disk.
pub fn read_text(path: Option<&Path>) -> Result<Text, InputError> {
    let name = display_name(path);
    let mut bytes = Vec::new();
    let res = match path {
        Some(p) if p != Path::new("-") => fs::File::open(p).and_then(|mut f| f.read_to_end(&mut bytes)),
        _ => io::stdin().lock().read_to_end(&mut bytes),
    };
    res.map_err(|source| InputError::Io { name: name.clone(), source })?;
    decode(name, bytes)
}

/// Decodes bytes already read; see [`read_text`].
pub fn decode(name: String, bytes: Vec<u8>) -> Result<Text, InputError> {
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            let offset = if s.starts_with(BOM) {
                s.drain(..BOM.len());
                BOM.len()
            } else {
                0
            };
            Ok(Text { name, text: s, offset })
        }
        Err(e) => {
            let bytes = e.as_bytes();
            let offset = e.utf8_error().valid_up_to();
            let (line, column) = line_column(&bytes[..offset]);
            Err(InputError::InvalidUtf8 { name, offset, line, column })
        }
    }
}

/// 1-based line and column (in characters) of the end of `prefix`, which must be valid UTF-8.
fn line_column(prefix: &[u8]) -> (usize, usize) {
    let text = std::str::from_utf8(prefix).unwrap_or("");
    let line = text.matches('\n').count() + 1;
    let last = text.rfind('\n').map_or(text, |i| &text[i + 1..]);
    (line, last.chars().count() + 1)
}

/// A decoded document.
#[derive(Debug, Clone)]
pub struct Text {
    /// The file name as shown in messages.
    pub name: String,
    /// The text without any byte-order mark.
    pub text: String,
    /// Bytes dropped from the start of the file (3 for a BOM, else 0).
    pub offset: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_reports_byte_line_and_column() {
        let err = decode("a.txt".into(), b"ab\ncd\xffe".to_vec()).unwrap_err();
        assert_eq!(err.to_string(), "a.txt: invalid UTF-8 at byte 5 (line 2, column 3)");
    }

    #[test]
    fn bom_is_dropped_and_counted() {
        let t = decode("a".into(), "\u{FEFF}你好".as_bytes().to_vec()).unwrap();
        assert_eq!(t.text, "你好");
        assert_eq!(t.offset, 3);
    }
}
