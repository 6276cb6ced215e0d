//! Reading both sides of a document pair: decoding, the language check, and
//! the pair's name. `align` and `batch` both load pairs here, so they agree
//! on encodings and on which pairs are refused.

use std::path::Path;

use crate::align::{Document, Layout, LoadError};
use crate::lang::Lang;

use super::{check_pair, read_text_as, EncodingName, SideCheck};

/// How a pair is read.
#[derive(Clone, Copy, Debug)]
pub struct PairOptions<'a> {
    /// Languages named by the user; detected by script when `None`.
    pub source_lang: Option<Lang>,
    pub target_lang: Option<Lang>,
    pub layout: Layout,
    /// The encodings of the source and the target file, where the user
    /// named them.
    pub encodings: [Option<EncodingName>; 2],
    /// Skip the language check (`--no-language-check`).
    pub no_language_check: bool,
    /// How raw text is cut into sentences (SRX rules, clean-up).
    pub segment: crate::segment::Options<'a>,
}

impl Default for PairOptions<'_> {
    fn default() -> Self {
        PairOptions {
            source_lang: None,
            target_lang: None,
            layout: Layout::Raw,
            encodings: [None, None],
            no_language_check: false,
            segment: crate::segment::Options::default(),
        }
    }
}

/// Both sides of a pair, with the encodings they were read in.
#[derive(Debug)]
pub struct LoadedPair {
    pub source: Document,
    pub target: Document,
    pub source_encoding: &'static str,
    pub target_encoding: &'static str,
}

/// Reads, checks and segments a pair.
pub fn load_pair(source: &Path, target: &Path, options: &PairOptions) -> Result<LoadedPair, LoadError> {
    if super::reads_stdin(source) && super::reads_stdin(target) {
        return Err(LoadError::StdinTwice);
    }
    if super::same_file(source, target) {
        return Err(LoadError::SameFile(source.display().to_string(), target.display().to_string()));
    }
    let s = read_text_as(Some(source), options.encodings[0]).map_err(|e| e.for_side("--source-encoding"))?;
    let t = read_text_as(Some(target), options.encodings[1]).map_err(|e| e.for_side("--target-encoding"))?;
    if !options.no_language_check {
        check_pair(
            &SideCheck {
                path: source,
                text: &s.text,
                declared: options.source_lang,
                option: "--source-lang",
            },
            &SideCheck {
                path: target,
                text: &t.text,
                declared: options.target_lang,
                option: "--target-lang",
            },
        )?;
    }
    let (source_encoding, target_encoding) = (s.encoding_name(), t.encoding_name());
    // SRX rules cut the source as the CAT project that translates it will;
    // the target keeps the built-in rules' whole sentences, since a CAT tool
    // matches on the source only and inserts the target as it stands:
    // OmegaT's English rules cut `on Nov. 17.` after `Nov.`, and its zh→en
    // memory then inserted "…said on Nov." (session 13, a new user's trial).
    let target_segment = crate::segment::Options { srx: None, ..options.segment };
    Ok(LoadedPair {
        source: Document::from_text(s, options.source_lang, options.layout, options.segment)?,
        target: Document::from_text(t, options.target_lang, options.layout, target_segment)?,
        source_encoding,
        target_encoding,
    })
}

/// The name of the pair a file belongs to, as written to TMX (`x-document`):
/// its file name without folders, `.txt` and the language suffix, so that
/// `/home/me/in/01-port.zh.txt` gives `01-port` and no path leaks into a
/// memory that is shared.
pub fn pair_name(path: &Path) -> String {
    if path == Path::new("-") {
        return "stdin".to_string();
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    strip_lang_suffix(&name).to_string()
}

/// `NAME.zh.txt`, `NAME.zh`, `NAME.txt` → `NAME` (either language, any case).
pub fn strip_lang_suffix(name: &str) -> &str {
    let cut = |s: &'_ str, suffix: &str| -> Option<usize> {
        let n = s.len().checked_sub(suffix.len())?;
        (n > 0 && s.is_char_boundary(n) && s[n..].eq_ignore_ascii_case(suffix)).then_some(n)
    };
    let mut s = name;
    if let Some(n) = cut(s, ".txt") {
        s = &s[..n];
    }
    for code in [".zh", ".en"] {
        if let Some(n) = cut(s, code) {
            return &s[..n];
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_names_drop_folders_and_suffixes() {
        assert_eq!(pair_name(Path::new("/abs/dir/01-port.zh.txt")), "01-port");
        assert_eq!(pair_name(Path::new("../x/a.EN")), "a");
        assert_eq!(pair_name(Path::new("notes.txt")), "notes");
        assert_eq!(pair_name(Path::new("plain")), "plain");
        assert_eq!(pair_name(Path::new(".zh.txt")), ".zh");
        assert_eq!(pair_name(Path::new("-")), "stdin");
    }
}
