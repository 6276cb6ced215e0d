//! `tmalign merge`: several memories into one, without duplicate units.
//!
//! Inputs are streamed; only a 128-bit fingerprint of each unit written is
//! kept (16 bytes a unit), so merging memories of millions of units needs
//! tens of megabytes. Two units are duplicates when they hold the same
//! texts in the same languages, after the cleaning every written segment
//! gets (NFC, collapsed whitespace) and with language tags compared without
//! regard to case or `_`/`-`; the first one is kept, with its props.

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use crate::tmx::{self, Header, Unit};

/// Arguments of `tmalign merge`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The TMX files to merge, in order of preference.
    #[arg(required = true, value_name = "TMX")]
    pub inputs: Vec<PathBuf>,
    /// The merged memory (written atomically); standard output by default.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// How many unusable input units to list on stderr (they are skipped).
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub max_problems: usize,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let inputs: Vec<_> = args.inputs.iter().map(|p| ("the input", p.as_path())).collect();
    crate::input::check_output(args.output.as_deref(), &inputs)?;
    // The header is written first, so every input's srclang is looked at before any unit.
    let mut srclang: Option<String> = None;
    for path in &args.inputs {
        let header = tmx::read_header(path).with_context(|| path.display().to_string())?;
        let lang =
            header.and_then(|h| h.get("srclang").map(str::to_string)).unwrap_or_else(|| "*all*".into());
        srclang = match srclang {
            None => Some(lang),
            Some(s) if s.eq_ignore_ascii_case(&lang) => Some(s),
            Some(_) => Some("*all*".into()),
        };
    }
    let header = Header::new(srclang.unwrap_or_else(|| "*all*".into()))?;

    let (mut read, mut duplicates, mut problems) = (0u64, 0u64, 0u64);
    let mut summary = tmx::WriteSummary::default();
    super::output::write_atomic(args.output.as_deref(), |out| {
        let mut writer = tmx::Writer::new(out, &header)?;
        let mut seen: HashSet<u128> = HashSet::new();
        let mut unit = Unit::default();
        let mut pairs = Vec::new();
        let mut clean = String::new();
        for path in &args.inputs {
            let name = path.display().to_string();
            let mut reader = tmx::read_file(path)?;
            while let Some(item) = reader.next_unit_into(&mut unit) {
                match item {
                    Ok(()) => {}
                    Err(e) if e.is_fatal() => return Err(e).with_context(|| name.clone()),
                    Err(e) => {
                        problems += 1;
                        if problems <= args.max_problems as u64 {
                            eprintln!("tmalign: skipped: {name}: {e}");
                        }
                        continue;
                    }
                }
                read += 1;
                // Compare what will be written, not the raw input.
                for v in &mut unit.variants {
                    summary.removed_chars += tmx::clean_text_into(&v.text, &mut clean);
                    std::mem::swap(&mut v.text, &mut clean);
                }
                if seen.insert(tmx::fingerprint(&unit, &mut pairs)) {
                    writer.write_unit(&unit)?;
                } else {
                    duplicates += 1;
                }
            }
        }
        let written = writer.finish()?;
        summary.units = written.units;
        Ok(())
    })?;
    super::output::warn_removed_chars(summary.removed_chars);
    eprintln!(
        "tmalign: merge: {} files, {read} units read, {duplicates} duplicates removed, {} units written{}",
        args.inputs.len(),
        summary.units,
        if problems > 0 { format!(", {problems} unusable units skipped") } else { String::new() }
    );
    Ok(if problems > 0 { ExitCode::from(super::EXIT_PARTIAL) } else { ExitCode::SUCCESS })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tmx::{fingerprint, Variant};

    fn unit(pairs: &[(&str, &str)]) -> Unit {
        Unit {
            variants: pairs
                .iter()
                .map(|(l, t)| Variant { lang: l.to_string(), text: t.to_string() })
                .collect(),
            props: vec![],
        }
    }

    #[test]
    fn fingerprint_ignores_variant_order_and_tag_case() {
        let mut p = Vec::new();
        let a = fingerprint(&unit(&[("zh-CN", "你好"), ("en-US", "Hello")]), &mut p);
        let b = fingerprint(&unit(&[("EN_us", "Hello"), ("zh-cn", "你好")]), &mut p);
        assert_eq!(a, b);
    }

    #[test]
    fn fingerprint_tells_languages_and_texts_apart() {
        let mut p = Vec::new();
        let a = fingerprint(&unit(&[("zh-CN", "你好"), ("en-US", "Hello")]), &mut p);
        assert_ne!(a, fingerprint(&unit(&[("zh-TW", "你好"), ("en-US", "Hello")]), &mut p));
        assert_ne!(a, fingerprint(&unit(&[("zh-CN", "你好"), ("en-US", "Hello!")]), &mut p));
        // Moving text between variants is not the same unit.
        assert_ne!(
            fingerprint(&unit(&[("en", "ab"), ("fr", "c")]), &mut p),
            fingerprint(&unit(&[("en", "a"), ("fr", "bc")]), &mut p)
        );
    }
}
