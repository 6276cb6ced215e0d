//! `tmalign segment`: one sentence per line, or one JSON object per sentence.
//!
//! Offsets in the JSON output are byte offsets into the file as it is on
//! disk when it is UTF-8, so a byte-order mark dropped by the reader is added
//! back; for a file in another encoding (GB18030, UTF-16, …) they are
//! offsets into its text once converted to UTF-8.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use crate::input;
use crate::lang::{self, Lang};
use crate::segment;

/// Language choice on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    En,
    Zh,
    /// Decide by script: Chinese when Han characters dominate the letters.
    Auto,
}

/// Arguments of `tmalign segment`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Document language.
    #[arg(long, value_enum, default_value_t = LangArg::Auto)]
    pub lang: LangArg,
    /// Print one JSON object per sentence: {"text","start","end","paragraph"}.
    #[arg(long)]
    pub json: bool,
    /// Segment the text as it is: keep HTML tags and entities, CAT codes, dot
    /// leaders, rulers and the other noise that is removed by default.
    #[arg(long)]
    pub no_clean: bool,
    /// Segment with the rules of this SRX 2.0 file (as exported by OmegaT,
    /// Okapi, memoQ or Trados) instead of the built-in ones; paragraphs are
    /// cut as OmegaT's plain-text filter cuts them. The language code
    /// matched against its map is zh-CN or en-US.
    #[arg(long, value_name = "FILE")]
    pub srx: Option<PathBuf>,
    /// Document to segment; `-` or nothing reads standard input.
    pub file: Option<PathBuf>,
    /// Write here (atomically) instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Encoding of the document (utf-8, utf-16le, utf-16be, gb18030, gbk, big5, …)
    /// [default: detected: UTF-8, UTF-16, GB18030 or Big5]
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<input::EncodingName>,
}

#[derive(serde::Serialize)]
struct JsonSentence<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    paragraph: usize,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut inputs: Vec<(&'static str, &Path)> =
        args.file.as_deref().map(|f| ("the input", f)).into_iter().collect();
    inputs.extend(args.srx.as_deref().map(|f| ("the SRX rules", f)));
    input::check_output(args.output.as_deref(), &inputs)?;
    let doc = input::read_text_as(args.file.as_deref(), args.encoding)?;
    let lang = match args.lang {
        LangArg::En => Lang::En,
        LangArg::Zh => Lang::Zh,
        // A text without letters has no sentences worth telling apart by script.
        LangArg::Auto => lang::detect(&doc.text).unwrap_or(Lang::En),
    };
    let srx = load_srx(args.srx.as_deref(), &[lang], &[])?;
    let text = doc.text.as_str();
    let offset = doc.offset;
    super::output::write_atomic(args.output.as_deref(), |out| {
        let mut buf = String::new();
        let mut failed: Option<std::io::Error> = None;
        let options = segment::Options { clean: !args.no_clean, srx: srx.as_ref() };
        segment::for_each_sentence(text, lang, options, |s, slice| {
            if failed.is_some() {
                return;
            }
            buf.clear();
            segment::collapse_whitespace_into(slice, &mut buf);
            let res = if args.json {
                let obj = JsonSentence {
                    text: &buf,
                    start: s.start + offset,
                    end: s.end + offset,
                    paragraph: s.paragraph,
                };
                serde_json::to_writer(&mut *out, &obj)
                    .map_err(std::io::Error::from)
                    .and_then(|()| writeln!(out))
            } else {
                writeln!(out, "{buf}")
            };
            failed = res.err();
        });
        match failed {
            // A closed pipe (`tmalign segment … | head`) is not an error for the user.
            Some(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            Some(e) => Err(e).context("cannot write the sentences"),
            None => Ok(()),
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Reads `--srx FILE` (once per run) and compiles its rules for `langs`.
///
/// The language code matched against the file's map is, for each language,
/// the first of `tags` (the `--source-tag`/`--target-tag` given) that names
/// that language, else the TMX tag tmalign writes for it (zh-CN, en-US).
pub(crate) fn load_srx(
    path: Option<&Path>,
    langs: &[Lang],
    tags: &[Option<&str>],
) -> anyhow::Result<Option<segment::srx::SrxRules>> {
    let Some(path) = path else { return Ok(None) };
    let codes: Vec<(Lang, &str)> = langs
        .iter()
        .map(|&l| {
            let given = tags.iter().flatten().copied().find(|t| t.parse::<Lang>() == Ok(l));
            (l, given.unwrap_or(crate::tmx::tag_for(l)))
        })
        .collect();
    Ok(Some(segment::srx::SrxRules::load(path, &codes)?))
}
