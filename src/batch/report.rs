//! The quality report of a batch run: what a reviewer reads to decide which
//! documents need a human look.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::align::Alignment;
use crate::verify::{Check, Verdict, MIN_SENTENCES};

use super::Repeats;

/// Share of a document's sentences left unaligned above which the pair is
/// suspect: well-paired news translations leave a few credit lines and
/// slogans unmatched, not a quarter of the text.
const MAX_UNALIGNED_SHARE: f64 = 0.25;
/// A run of unaligned sentences at the end of one side this long (as a share
/// of that side) suggests a truncated document.
const MAX_TRAILING_SHARE: f64 = 0.2;
/// Mean confidence (in [0, 1]) under which the alignment as a whole is doubtful.
const MIN_MEAN_SCORE: f64 = 0.5;
/// An unchecked pair (too short to verify) whose longer side has this many
/// times the sentences of the shorter is warned about: one side may be a
/// summary of the other, and its 3-1 and 4-1 beads score well (80 to 88 in
/// a new user's trial, session 22: 8 Chinese sentences against 2 English).
/// Only when the longer side has [`MIN_SENTENCES`] or more: one long
/// sentence translated as three is common.
const UNCHECKED_LENGTH_RATIO: usize = 3;
/// How many ignored files the summary names before "and N more".
const IGNORED_SHOWN: usize = 3;

/// ` and N more` when a list of `total` items names only the first `shown`,
/// else nothing: the tail of every message that names a few of many.
pub fn and_more(total: usize, shown: usize) -> String {
    if total > shown {
        format!(" and {} more", total - shown)
    } else {
        String::new()
    }
}

/// A pair's verdict as the report writes it: the check's, or `"failed"`.
fn verdict_or_failed<S: serde::Serializer>(v: &Option<Verdict>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => v.serialize(s),
        None => s.serialize_str("failed"),
    }
}

/// What happened to one document pair.
#[derive(Clone, Debug, Default, Serialize)]
pub struct DocReport {
    pub name: String,
    pub source_sentences: usize,
    pub target_sentences: usize,
    /// Bead counts by type (`1-1`, `1-2`, `0-1`, …).
    pub beads: BTreeMap<String, usize>,
    /// Units written to the memory (the main one with `--doubtful`).
    pub units: usize,
    /// Units written to the doubtful memory (0 without `--doubtful`, when
    /// every unit goes to the main one).
    pub doubtful_units: usize,
    /// Whether the documents translate each other, whole (see
    /// [`crate::verify`]); `None` for a pair that could not be aligned at all
    /// (see `error`), written `"failed"` in JSON.
    #[serde(serialize_with = "verdict_or_failed")]
    pub verdict: Option<Verdict>,
    /// The figures the verdict came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Check>,
    /// Mean score of the beads, 0–100.
    pub mean_score: f64,
    /// Doubtful beads ([`crate::verify::doubtful_beads`]: low confidence or no
    /// shared anchor), null beads included; the units among them are those
    /// `--doubtful` sends to the doubtful memory.
    pub doubtful: usize,
    /// Those beads, each with its number and sentence ids.
    pub doubtful_beads: Vec<DoubtfulBead>,
    /// The document of the batch whose units this one mostly repeats (a
    /// re-issue), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeats: Option<Repeats>,
    /// The encoding the source file was read in (`UTF-8`, `gb18030`, `Big5`, `UTF-16LE`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_encoding: Option<&'static str>,
    /// The encoding the target file was read in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_encoding: Option<&'static str>,
    pub warnings: Vec<String>,
    /// Set when the pair could not be aligned at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A doubtful bead, numbered as the review page and the unit's `tuid`
/// number it (1-based), with its sentence ids as a bead file and
/// `--explain` write them (0-based): `bead 7, [6,7]:[5]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DoubtfulBead {
    pub bead: usize,
    pub src: Vec<usize>,
    pub tgt: Vec<usize>,
    /// Its score, 0–100.
    pub score: f64,
}

/// A file under the input folder that was not read, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IgnoredFile {
    pub path: String,
    pub reason: &'static str,
    /// Whether the run's warning names it ([`super::Ignored::looks_like_a_document`]).
    #[serde(skip)]
    pub warned: bool,
}

impl DocReport {
    /// Warns about an unchecked pair whose sides' sentence counts differ by
    /// `UNCHECKED_LENGTH_RATIO` or more, saying where its units went.
    pub fn warn_unchecked_lengths(&mut self, doubtful_memory: bool) {
        let (ns, nt) = (self.source_sentences, self.target_sentences);
        let (short, long) = (ns.min(nt), ns.max(nt));
        if long < MIN_SENTENCES || long < UNCHECKED_LENGTH_RATIO * short.max(1) {
            return;
        }
        let went = if doubtful_memory {
            format!("its {} units went to the doubtful memory", self.doubtful_units)
        } else {
            format!("its {} units went to the main memory (--doubtful FILE.tmx sets them apart)", self.units)
        };
        self.warnings.push(format!(
            "{ns} source sentences against {nt} target ones, too few to verify (unchecked): is one side a \
             summary of the other? {went}"
        ));
    }

    pub fn failed(name: &str, error: String) -> DocReport {
        DocReport { name: name.to_string(), error: Some(error), ..DocReport::default() }
    }

    /// Records the pair check; a suspect pair's warning comes first and says
    /// whether its units were written.
    pub fn set_check(&mut self, check: Check, written: bool) {
        self.verdict = Some(check.verdict);
        if check.verdict == Verdict::Partial {
            // Its unaligned sentences and low mean score are what the
            // verdict already says.
            self.warnings = vec![format!("{}: units written for the translated part", check.describe())];
        } else if check.verdict == Verdict::Abridged {
            self.warnings.insert(0, format!("{}: units written", check.describe()));
        } else if check.verdict.is_suspect() {
            let what = if written { "written anyway (--keep-unverified)" } else { "no unit written" };
            self.warnings.insert(0, format!("{}: {what}", check.describe()));
        }
        self.evidence = Some(check);
    }

    /// Summarises an alignment and flags pairs that look mismatched.
    /// `doubtful` flags each bead ([`crate::verify::doubtful_beads`]).
    pub fn from_alignment(name: &str, alignment: &Alignment, doubtful: &[bool], units: usize) -> DocReport {
        let (ns, nt) = (alignment.source.sentences.len(), alignment.target.sentences.len());
        let mut beads = BTreeMap::new();
        let mut score_sum = 0.0;
        for b in &alignment.beads {
            *beads.entry(b.bead.kind()).or_insert(0) += 1;
            score_sum += f64::from(b.score);
        }
        let doubtful_beads: Vec<DoubtfulBead> = alignment
            .beads
            .iter()
            .zip(doubtful)
            .enumerate()
            .filter(|(_, (_, d))| **d)
            .map(|(i, (b, _))| DoubtfulBead {
                bead: i + 1,
                src: b.bead.src.clone(),
                tgt: b.bead.tgt.clone(),
                score: crate::score::percent(b.score),
            })
            .collect();
        let doubtful = doubtful_beads.len();
        let mean_score =
            if alignment.beads.is_empty() { 0.0 } else { score_sum / alignment.beads.len() as f64 };
        let warnings = mismatch_warnings(alignment, mean_score);
        DocReport {
            name: name.to_string(),
            source_sentences: ns,
            target_sentences: nt,
            beads,
            units,
            mean_score: (mean_score * 1000.0).round() / 10.0,
            doubtful,
            doubtful_beads,
            source_encoding: None,
            target_encoding: None,
            warnings,
            error: None,
            ..DocReport::default()
        }
    }
}

fn mismatch_warnings(alignment: &Alignment, mean_score: f64) -> Vec<String> {
    let (ns, nt) = (alignment.source.sentences.len(), alignment.target.sentences.len());
    let mut warnings = Vec::new();
    let unaligned: usize = alignment
        .beads
        .iter()
        .filter(|b| b.bead.is_null())
        .map(|b| b.bead.src.len() + b.bead.tgt.len())
        .sum();
    let total = ns + nt;
    if total > 0 && unaligned as f64 / total as f64 > MAX_UNALIGNED_SHARE {
        warnings.push(format!(
            "{unaligned} of {total} sentences unaligned: wrong file pairing or a partial translation?"
        ));
    }
    // Trailing null beads on one side: the other side stopped early.
    let (mut tail_src, mut tail_tgt) = (0, 0);
    for b in alignment.beads.iter().rev() {
        if !b.bead.is_null() {
            break;
        }
        tail_src += b.bead.src.len();
        tail_tgt += b.bead.tgt.len();
    }
    for (tail, n, side, other) in [(tail_src, ns, "source", "target"), (tail_tgt, nt, "target", "source")] {
        if n >= 5 && tail as f64 / n as f64 > MAX_TRAILING_SHARE {
            warnings
                .push(format!("the last {tail} {side} sentences have no match: is the {other} truncated?"));
        }
    }
    if !alignment.beads.is_empty() && mean_score < MIN_MEAN_SCORE {
        warnings.push(format!("mean score {:.1} is low: check the pairing", mean_score * 100.0));
    }
    warnings
}

/// The whole run.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub documents: Vec<DocReport>,
    /// Files that look like one half of a pair but have no other half.
    pub unpaired: Vec<String>,
    /// Symbolic links that lead out of the input folder (not followed
    /// without `--follow-links`) or nowhere.
    pub skipped_links: Vec<String>,
    /// The other files under the input folder, not read (hidden files, the
    /// desktop's and the run's own outputs left out).
    pub ignored: Vec<IgnoredFile>,
    pub failed: usize,
    /// Pairs found unrelated or truncated.
    pub unverified: usize,
    /// Pairs of which one side translates only part of the other (their
    /// units are written; see [`Verdict::Partial`]).
    pub partial: usize,
    /// Pairs of which one side leaves out much of the other inside the text
    /// (their units are written; see [`Verdict::Abridged`]).
    pub abridged: usize,
    /// Pairs too short to verify (fewer than 4 sentences on a side), written
    /// as ok ones (with `--doubtful`, to the doubtful memory).
    pub unchecked: usize,
    pub units: usize,
    /// Units written to the doubtful memory (0 without `--doubtful`, when
    /// every unit goes to the main one).
    pub doubtful_units: usize,
    /// Beads left out for scoring below `--min-score`.
    pub below_min_score: usize,
    pub duplicates_removed: usize,
    pub sentences: usize,
    pub seconds: f64,
}

impl Report {
    /// Documents with warnings, most suspicious first.
    pub fn flagged(&self) -> impl Iterator<Item = &DocReport> {
        self.documents.iter().filter(|d| !d.warnings.is_empty() || d.error.is_some())
    }

    /// The printed summary: a few lines, then one line per flagged document.
    pub fn summary(&self) -> String {
        let n = self.documents.len();
        let mut s = format!(
            "{n} document{} ({} failed, {} unrelated or truncated), {} sentences, {} units written ({} duplicates removed) in {:.2} s",
            if n == 1 { "" } else { "s" },
            self.failed,
            self.unverified,
            self.sentences,
            self.units,
            self.duplicates_removed,
            self.seconds
        );
        if self.partial > 0 {
            // "(0 failed, 0 unrelated or truncated)" becomes "(…, 2 partial)".
            s.insert_str(s.find(')').unwrap_or(s.len()), &format!(", {} partial", self.partial));
        }
        if self.abridged > 0 {
            s.insert_str(s.find(')').unwrap_or(s.len()), &format!(", {} abridged", self.abridged));
        }
        if self.unchecked > 0 {
            s.insert_str(s.find(')').unwrap_or(s.len()), &format!(", {} unchecked", self.unchecked));
        }
        if !self.unpaired.is_empty() {
            // A half without its other half is input left unused, as a
            // failed pair is: counted where the failures are, not only
            // warned about below.
            let n = self.unpaired.len();
            let files = format!(", {n} file{} without a partner", if n == 1 { "" } else { "s" });
            s.insert_str(s.find(')').unwrap_or(s.len()), &files);
        }
        if self.below_min_score > 0 {
            s.push_str(&format!(", {} beads below --min-score left out", self.below_min_score));
        }
        if self.doubtful_units > 0 {
            s.push_str(&format!(", {} doubtful units to the doubtful memory", self.doubtful_units));
        }
        // The beads of the pairs whose units were written: a refused pair's
        // beads are in the report, not in the memory.
        let mut types: BTreeMap<&str, usize> = BTreeMap::new();
        for d in self.documents.iter().filter(|d| d.units + d.doubtful_units > 0) {
            for (k, n) in &d.beads {
                *types.entry(k).or_insert(0) += n;
            }
        }
        if !types.is_empty() {
            let list: Vec<String> = types.iter().map(|(k, n)| format!("{k} {n}")).collect();
            s.push_str(&format!("\nbeads: {}", list.join(", ")));
        }
        for path in &self.unpaired {
            s.push_str(&format!("\ntmalign: warning: {path}: no matching file in the other language"));
        }
        let warned: Vec<&IgnoredFile> = self.ignored.iter().filter(|i| i.warned).collect();
        if !warned.is_empty() {
            let n = warned.len();
            let shown: Vec<String> =
                warned.iter().take(IGNORED_SHOWN).map(|i| format!("{} ({})", i.path, i.reason)).collect();
            let more = and_more(n, IGNORED_SHOWN);
            s.push_str(&format!(
                "\ntmalign: warning: {n} file{} not read: {}{more} (the report's \"ignored\" lists every file not read); batch reads \
                 NAME.zh.txt + NAME.en.txt (or NAME.zh + NAME.en, zh/NAME + en/NAME; the language part in any \
                 case or as a tag, NAME.zh-CN.txt), or the pairs a TSV manifest lists",
                if n == 1 { "" } else { "s" },
                shown.join(", ")
            ));
        }
        for path in &self.skipped_links {
            s.push_str(&format!(
                "\ntmalign: warning: {path}: symbolic link out of the input folder (or broken) not followed; see --follow-links"
            ));
        }
        for d in self.flagged() {
            match &d.error {
                Some(e) => s.push_str(&format!("\ntmalign: error: {}: {e}", d.name)),
                None => {
                    for w in &d.warnings {
                        s.push_str(&format!("\ntmalign: warning: {}: {w}", d.name));
                    }
                }
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_the_beads_of_written_pairs_and_says_one_document() {
        let doc = |units: usize, beads: usize| DocReport {
            units,
            beads: BTreeMap::from([("1-1".to_string(), beads)]),
            ..DocReport::default()
        };
        let one = Report { documents: vec![doc(3, 3)], ..Report::default() };
        let s = one.summary();
        assert!(s.starts_with("1 document ("), "{s}");
        assert!(s.contains("\nbeads: 1-1 3"), "{s}");
        // A refused pair (no unit written) keeps its beads in the report only.
        let two = Report { documents: vec![doc(3, 3), doc(0, 7)], ..Report::default() };
        let s = two.summary();
        assert!(s.starts_with("2 documents ("), "{s}");
        assert!(s.contains("\nbeads: 1-1 3") && !s.contains("1-1 10"), "{s}");
        let lone = Report {
            documents: vec![doc(3, 3)],
            unpaired: vec!["a/stats.zh.txt".into()],
            ..Report::default()
        };
        let s = lone.summary();
        assert!(
            s.starts_with("1 document (0 failed, 0 unrelated or truncated, 1 file without a partner)"),
            "{s}"
        );
        assert!(s.contains("warning: a/stats.zh.txt: no matching file in the other language"), "{s}");
    }
}
