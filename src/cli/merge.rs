//! `tmalign merge`: several memories into one, without duplicate units.
//!
//! Inputs are streamed; only a 128-bit fingerprint of each unit written is
//! kept (16 bytes a unit), so merging memories of millions of units needs
//! tens of megabytes. Two units are duplicates when they hold the same
//! texts in the same languages, after the cleaning tmalign gives the
//! segments it generates (NFC, collapsed whitespace) and with language tags
//! compared without regard to case or `_`/`-`; the first one is kept.
//!
//! A unit is written exactly as it was read (its `<tu>` element copied, in
//! UTF-8 whatever the input's encoding): every attribute, note and prop of the
//! `tu` and its `tuv`s, inline codes with their content, its text not
//! cleaned. Only a TMX 1.1 `lang` becomes `xml:lang` and a character XML 1.0
//! forbids is dropped (see [`tmalign::tmx::Writer`]). What changes is the
//! header: the merged memory has tmalign's own (the tool, version and date of
//! this run; `srclang` the inputs' common one, else `*all*`), holding the
//! `note`s, `prop`s and `ude`s of the first input's header; later inputs'
//! header children describe memories that no longer exist as such and are
//! dropped. A unit that relied on its input's header for an attribute TMX
//! lets a `tu` carry (`creationtool`, `o-tmf`, `datatype`, `segtype`, a date…)
//! gets it written on its `tu` when the merged header says otherwise, so its
//! meaning does not change with the header above it.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use tmalign::tmx::{self, Header, Unit};

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
    /// Drop the units of a document (their `x-document` prop) that a later
    /// input holds too: the later input's units of it replace them (a
    /// document aligned again, or its beads corrected on a review page).
    #[arg(long)]
    pub replace_documents: bool,
    #[command(flatten)]
    pub read: super::ReadArgs,
}

/// The attributes a unit of a memory with header `input` took from it, and
/// must carry itself under a header with the attributes `ours`: those a `tu`
/// may carry whose value differs (or that `ours` lacks).
fn inherited(input: &tmx::HeaderInfo, ours: &[(&'static str, String)]) -> Vec<(String, String)> {
    input
        .attributes
        .iter()
        .filter(|(k, _)| tmx::HEADER_DEFAULTS.contains(&k.as_str()))
        .filter(|(k, v)| !ours.iter().any(|(ok, ov)| ok == k && ov == v))
        .cloned()
        .collect()
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let inputs: Vec<_> = args.inputs.iter().map(|p| ("the input", p.as_path())).collect();
    tmalign::input::check_output(args.output.as_deref(), &inputs)?;
    if let Some(p) = tmalign::input::repeated_path(&args.inputs) {
        anyhow::bail!("{}: given twice; each memory is merged once", p.display());
    }
    // The header is written first, so every input's header is looked at before any unit.
    let mut srclang: Option<String> = None;
    let mut headers = Vec::with_capacity(args.inputs.len());
    for path in &args.inputs {
        let mut reader = tmx::read_file(path)?.lenient(args.read.lenient);
        let header =
            reader.read_header().with_context(|| path.display().to_string())?.cloned().unwrap_or_default();
        let lang = header.get("srclang").unwrap_or("*all*").to_string();
        srclang = match srclang {
            None => Some(lang),
            Some(s) if s.eq_ignore_ascii_case(&lang) => Some(s),
            Some(_) => Some("*all*".into()),
        };
        headers.push(header);
    }
    let mut header = Header::new(srclang.unwrap_or_else(|| "*all*".into()))?;
    header.children = headers.first().map(|h| h.children.clone()).unwrap_or_default();
    let ours = header.attributes();

    // With --replace-documents: the last input holding each document (read
    // first, in a pass of their own); an earlier input's units of it are
    // dropped.
    let mut last_holder: HashMap<String, usize> = HashMap::new();
    if args.replace_documents {
        for (k, path) in args.inputs.iter().enumerate() {
            let mut reader = tmx::read_file(path)?.lenient(args.read.lenient);
            let mut unit = Unit::default();
            while let Some(item) = reader.next_unit_into(&mut unit) {
                match item {
                    Ok(()) => {
                        if let Some(d) = unit.prop("x-document") {
                            last_holder.insert(d.to_string(), k);
                        }
                    }
                    Err(e) if e.is_fatal() => return Err(e).with_context(|| path.display().to_string()),
                    Err(_) => {}
                }
            }
        }
    }
    let mut replaced = 0u64;
    let (mut read, mut duplicates, mut problems, mut shared_ids) = (0u64, 0u64, 0u64, 0u64);
    let mut conflicting = 0u64;
    let mut summary = tmx::WriteSummary::default();
    super::output::write_atomic(args.output.as_deref(), |out| {
        let mut writer = tmx::Writer::new(out, &header)?;
        let mut dedup = tmx::Dedup::new();
        // TMX wants a `tuid` unique within a document; two inputs may both
        // hold `report:12` (two versions of a document aligned apart). The
        // units are kept as they are, and the user told. 8 bytes a unit.
        let mut tuids: HashSet<u64> = HashSet::new();
        let id_hasher = std::hash::RandomState::new();
        // Each segment written, by language: a unit that is no duplicate but
        // shares one with an earlier unit translates it otherwise (two
        // memories disagreeing on a sentence); both are kept, and counted,
        // as OmegaT will offer either. 8 bytes a segment.
        let mut segments: HashSet<u64> = HashSet::new();
        let mut unit = Unit::default();
        for (k, (path, input_header)) in args.inputs.iter().zip(&headers).enumerate() {
            let name = path.display().to_string();
            let defaults = inherited(input_header, &ours);
            let mut reader = tmx::read_file(path)?.keep_verbatim(true).lenient(args.read.lenient);
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
                if unit.prop("x-document").and_then(|d| last_holder.get(d)).is_some_and(|&last| last > k) {
                    replaced += 1;
                    continue;
                }
                // Duplicates are told by their cleaned texts (NFC, collapsed
                // whitespace), though the unit is written as it was read.
                if dedup.admit(&mut unit) {
                    if let Some(id) = unit.attribute("tuid") {
                        let hash = std::hash::BuildHasher::hash_one(&id_hasher, id);
                        shared_ids += u64::from(!tuids.insert(hash));
                    }
                    let mut shares = false;
                    for v in &unit.variants {
                        shares |= !segments.insert(tmx::segment_fingerprint(&v.lang, &v.text));
                    }
                    conflicting += u64::from(shares);
                    writer.write_unit_with(&unit, &defaults)?;
                }
            }
            args.read.report(&name, reader.dropped());
        }
        duplicates = dedup.duplicates;
        summary = writer.finish()?;
        Ok(())
    })?;
    super::output::warn_removed_chars(summary.removed_chars);
    if shared_ids > 0 {
        eprintln!("tmalign: warning: {shared_ids} units written have the tuid of an earlier unit (kept as they are)");
    }
    eprintln!(
        "tmalign: merge: {} files, {read} units read, {duplicates} duplicates removed, {} units written{}{}{}",
        args.inputs.len(),
        summary.units,
        if args.replace_documents {
            format!(", {replaced} units of documents a later input holds replaced")
        } else {
            String::new()
        },
        if conflicting > 0 {
            format!(", {conflicting} translate a segment an earlier unit translates otherwise (both kept)")
        } else {
            String::new()
        },
        if problems > 0 { format!(", {problems} unusable units skipped") } else { String::new() }
    );
    Ok(if problems > 0 { ExitCode::from(super::EXIT_PARTIAL) } else { ExitCode::SUCCESS })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tmalign::tmx::{fingerprint, Variant};

    fn unit(pairs: &[(&str, &str)]) -> Unit {
        Unit {
            variants: pairs
                .iter()
                .map(|(l, t)| Variant { lang: l.to_string(), text: t.to_string() })
                .collect(),
            ..Default::default()
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
