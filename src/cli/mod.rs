//! The subcommands of the `tmalign` binary: each file holds one command's
//! arguments and the glue from them to the library.
//!
//! Every `run` returns the process exit code on success; an `Err` is printed
//! by `main` as one line and exits with [`EXIT_ERROR`].

pub mod align;
pub mod batch;
pub mod concord;
pub mod eval;
pub mod glossary;
pub mod index;
pub mod lookup;
pub mod merge;
pub mod output;
pub mod progress;
pub mod review;
pub mod segment;
pub mod tmx;

/// Exit code for bad input or a failed command (as clap uses for bad usage).
pub const EXIT_ERROR: u8 = 2;
/// Exit code when a batch finished but some documents failed.
pub const EXIT_PARTIAL: u8 = 1;

/// Characters of a query or phrase repeated in a message: a page pasted by
/// mistake is not echoed back whole.
pub const ECHO_CHARS: usize = 80;

/// What `align` and `batch` do with doubtful units and suspect pairs.
#[derive(Debug, Clone, clap::Args)]
pub struct TrustArgs {
    /// Write doubtful units (low confidence, no shared anchor,
    /// contradicting figures, a quotation's speaker on one side only) to
    /// this second memory instead of the main one, e.g. for OmegaT's
    /// tm/penalty-30/ (TMX output only).
    #[arg(long, value_name = "FILE.tmx")]
    pub doubtful: Option<std::path::PathBuf>,
    /// Write a pair even when its documents do not seem to translate each
    /// other whole (unrelated or truncated).
    #[arg(long)]
    pub keep_unverified: bool,
}

impl TrustArgs {
    /// Refuses a doubtful memory named for another format (`d.tsv`,
    /// `d.json`): it is always TMX, and a `.tsv` file holding TMX misleads.
    pub fn check_doubtful_name(&self) -> anyhow::Result<()> {
        use tmalign::export::Format;
        match self.doubtful.as_deref() {
            Some(p) if matches!(Format::for_output(Some(p)), Format::Tsv | Format::Json) => {
                anyhow::bail!("{}: the doubtful memory is TMX; name it .tmx", p.display())
            }
            _ => Ok(()),
        }
    }
}

/// How every command that reads TMX reads it.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct ReadArgs {
    /// Read a TMX file that is not well-formed XML in these ways instead of
    /// refusing it: drop characters XML 1.0 forbids (raw control
    /// characters, U+FFFE/U+FFFF, references such as &#x1B;), read `]]>`
    /// in text as text, ignore what follows the root element. What was
    /// dropped is counted on stderr, one line per file.
    #[arg(long)]
    pub lenient: bool,
}

impl ReadArgs {
    /// Says on stderr what a lenient read of `name` dropped, if anything.
    pub fn report(self, name: &str, dropped: tmalign::tmx::Dropped) {
        if !dropped.is_empty() {
            eprintln!("tmalign: warning: {name}: {dropped}");
        }
    }
}

/// How the documents of `align` and `batch` are read.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct InputArgs {
    /// Encoding of the documents (utf-8, utf-16le, utf-16be, gb18030, gbk, big5, …)
    /// [default: detected: UTF-8, UTF-16, GB18030 or Big5]
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<tmalign::input::EncodingName>,
    /// Encoding of the source documents only (a Chinese file in GB18030
    /// beside an English one in windows-1252); overrides --encoding
    #[arg(long, value_name = "NAME")]
    pub source_encoding: Option<tmalign::input::EncodingName>,
    /// Encoding of the target documents only; overrides --encoding
    #[arg(long, value_name = "NAME")]
    pub target_encoding: Option<tmalign::input::EncodingName>,
    /// Align a pair even when its languages are not one Chinese and one
    /// English document as named (same language on both sides, swapped
    /// halves, a file name or --source-lang that the text contradicts).
    #[arg(long)]
    pub no_language_check: bool,
}

impl InputArgs {
    /// The encodings named for the source and the target documents.
    pub fn encodings(self) -> [Option<tmalign::input::EncodingName>; 2] {
        [self.source_encoding.or(self.encoding), self.target_encoding.or(self.encoding)]
    }

    /// The options of [`tmalign::input::load_pair`] for these arguments.
    pub fn pair_options(
        self,
        source_lang: Option<tmalign::lang::Lang>,
        target_lang: Option<tmalign::lang::Lang>,
        layout: tmalign::align::Layout,
        segment: tmalign::segment::Options<'_>,
    ) -> tmalign::input::PairOptions<'_> {
        tmalign::input::PairOptions {
            source_lang,
            target_lang,
            layout,
            encodings: self.encodings(),
            no_language_check: self.no_language_check,
            segment,
        }
    }
}

/// The user's glossary (`--glossary FILE`), or an empty one.
fn load_glossary(path: Option<&std::path::Path>) -> anyhow::Result<tmalign::anchor::Glossary> {
    use anyhow::Context;
    match path {
        Some(p) => {
            let t = tmalign::input::read_text(Some(p))?;
            // The formats `tmalign glossary` writes; any other name is tab-separated.
            let format =
                tmalign::anchor::GlossaryFormat::for_path(p).unwrap_or(tmalign::anchor::GlossaryFormat::Tsv);
            tmalign::anchor::Glossary::read(&t.text, format).with_context(|| t.name.clone())
        }
        None => Ok(tmalign::anchor::Glossary::default()),
    }
}

/// The side (`source` or `target`) and document of an alignment whose
/// Chinese is in traditional characters while its units get the default tag
/// (its tag of `tags`, source then target, not given): the memory would say
/// `zh-CN` of it.
pub fn traditional_untagged<'a>(
    alignment: &'a tmalign::align::Alignment,
    tags: [Option<&str>; 2],
) -> Option<(&'a tmalign::align::Document, &'static str)> {
    [(&alignment.source, tags[0], "source"), (&alignment.target, tags[1], "target")]
        .into_iter()
        .find(|(doc, tag, _)| {
            tag.is_none()
                && doc.lang == tmalign::lang::Lang::Zh
                && tmalign::lang::reads_as_traditional(doc.sentences.iter().map(|s| s.text.as_str()))
        })
        .map(|(doc, _, side)| (doc, side))
}

/// The note for [`traditional_untagged`] documents: `what` names them,
/// `side` is `source` or `target`.
pub fn traditional_note(what: &str, side: &str) -> String {
    format!(
        "tmalign: note: {what}: Chinese in traditional characters, tagged zh-CN unless you give \
         --{side}-tag zh-TW (or zh-HK); lookups do not match traditional against simplified text"
    )
}

/// A count option that must be at least 1 (`--top`, `--limit`,
/// `--min-count`): 0 would ask for an empty answer and then report it as
/// "nothing found".
pub fn at_least_one(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("must be at least 1".to_string()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

/// Whether output to a terminal may be coloured: not when `NO_COLOR` is set
/// to anything but the empty string (<https://no-color.org>).
pub fn colour_allowed() -> bool {
    colour_allowed_by(std::env::var_os("NO_COLOR").as_deref())
}

fn colour_allowed_by(no_color: Option<&std::ffi::OsStr>) -> bool {
    no_color.is_none_or(|v| v.is_empty())
}

#[cfg(test)]
mod colour_tests {
    #[test]
    fn no_color_set_to_anything_but_empty_turns_colour_off() {
        assert!(super::colour_allowed_by(None));
        assert!(super::colour_allowed_by(Some("".as_ref())));
        assert!(!super::colour_allowed_by(Some("1".as_ref())));
    }
}
