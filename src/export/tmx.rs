//! The TMX exporter: one `<tu>` per bead of an [`Alignment`].
//!
//! Each unit holds the source and target text of its bead (sentences of one
//! side joined: without a space for Chinese, with one for English) and, as
//! `x-` props, where it comes from: the source document (`x-document`), the
//! bead with its sentence ids (`x-bead`, e.g. `[1]:[1,2]`), its type
//! (`x-bead-type`, e.g. `1-2`) and the aligner's confidence (`x-score`, 0–100).
//! Omissions and additions (1-0, 0-1 beads) have no translation to remember
//! and are left out unless asked for; when kept, such a unit has one `<tuv>`.
//!
//! The `<tu>` itself carries what a CAT tool shows about a match and what a
//! later rewrite needs to tell units apart:
//!
//! * `tuid`: the document's label and the bead's 1-based number among all
//!   beads of the alignment (`05-party-meeting:12`; the extra unit of beads a
//!   CAT tool reads as one segment, see `cat_joins`, numbers the first and
//!   last, `05-party-meeting:12-13`). Numbers count every
//!   bead, also those left out, so a unit keeps its id whatever
//!   `--keep-unaligned` or `--min-score` say, and the same input gives the
//!   same ids run after run. Labels are unique within a memory: `batch`
//!   labels by pair name (unique in a collection), `align` writes one document.
//! * `creationdate` and `changedate`: the moment of the run, or
//!   `SOURCE_DATE_EPOCH` (see [`tmx::creation_date`]), the same for every unit;
//!   `creationid`: who made it, `tmalign` unless told otherwise. OmegaT reads
//!   these (tu or tuv level) as the match's creator and date.
//! * `segtype`: see [`segtype`].
//! * a `<note>` saying where the unit comes from and how sure the aligner
//!   was, in words, because OmegaT shows a match's note and not its props.

use std::io::Write;

use super::{ExportError, ExportSummary, Exporter};
use crate::align::{Alignment, Document};
use crate::bead::Bead;
use crate::segment;
use crate::tmx::{self, Header, Unit, Variant};

/// The `creationid` written when none is asked for.
pub const DEFAULT_CREATION_ID: &str = "tmalign";

/// How alignments become TMX.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TmxOptions {
    /// `xml:lang` of the source; by default `zh-CN` or `en-US` after its language.
    pub source_tag: Option<String>,
    /// `xml:lang` of the target, likewise.
    pub target_tag: Option<String>,
    /// Also write beads with an empty side.
    pub keep_unaligned: bool,
    /// Leave out beads whose confidence (in [0, 1], the aligner's scale;
    /// `--min-score` is in percent) is below this (0 keeps all).
    pub min_score: f32,
    /// `creationid` of the units; [`DEFAULT_CREATION_ID`] when `None`.
    pub creation_id: Option<String>,
    /// `creationdate` and `changedate` of the units; [`tmx::creation_date`] when `None`.
    pub date: Option<jiff::Timestamp>,
}

impl TmxOptions {
    /// Whether a bead or unit of this confidence is left out by [`Self::min_score`].
    pub fn below_min_score(&self, score: f32) -> bool {
        self.min_score > 0.0 && score < self.min_score
    }

    /// The tag for a document: the one asked for, checked against its language.
    fn tag(&self, asked: Option<&String>, doc: &Document) -> Result<String, ExportError> {
        match asked {
            None => Ok(tmx::tag_for(doc.lang).to_string()),
            Some(t) if !tmx::valid_tag(t) => Err(ExportError::BadTag(t.clone())),
            Some(t) if !tmx::lang_matches(t, doc.lang) => {
                Err(ExportError::WrongLanguage { tag: t.clone(), document: doc.name.clone(), lang: doc.lang })
            }
            Some(t) => Ok(t.clone()),
        }
    }
}

/// Writes an alignment as a TMX 1.4 document.
#[derive(Clone, Debug, Default)]
pub struct TmxExporter {
    pub options: TmxOptions,
}

impl TmxExporter {
    pub fn new(options: TmxOptions) -> TmxExporter {
        TmxExporter { options }
    }
}

impl Exporter for TmxExporter {
    fn write(&self, alignment: &Alignment, out: &mut dyn Write) -> Result<ExportSummary, ExportError> {
        self.write_split(alignment, out, None)
    }
}

/// Which units go to the second memory of [`TmxExporter::write_split`].
pub type Route<'a> = &'a dyn Fn(&Unit) -> bool;

impl TmxExporter {
    /// Writes the memory as [`Exporter::write`] does, except that units for
    /// which `other.1` says yes go to the second memory `other.0` (the
    /// doubtful one of `--doubtful`), with the same header.
    pub fn write_split(
        &self,
        alignment: &Alignment,
        out: &mut dyn Write,
        other: Option<(&mut dyn Write, Route<'_>)>,
    ) -> Result<ExportSummary, ExportError> {
        let mut header = Header::new(self.options.tag(self.options.source_tag.as_ref(), &alignment.source)?)?;
        if let Some(date) = self.options.date {
            header.creation_date = date;
        }
        let options = TmxOptions { date: Some(header.creation_date), ..self.options.clone() };
        // One document per memory: its file name is label enough, and does
        // not change with the directory the command is run from.
        let label = file_label(&alignment.source.name);
        let units = labelled_units(alignment, &options, label)?;
        let mut writer = tmx::Writer::new(out, &header)?;
        let (mut second, route) = match other {
            Some((w, route)) => (Some(tmx::Writer::new(w, &header)?), Some(route)),
            None => (None, None),
        };
        for unit in &units {
            match (second.as_mut(), route) {
                (Some(w), Some(route)) if route(unit) => w.write_unit(unit)?,
                _ => writer.write_unit(unit)?,
            }
        }
        let mut removed = writer.finish()?.removed_chars;
        if let Some(w) = second {
            removed += w.finish()?.removed_chars;
        }
        Ok(ExportSummary { removed_chars: removed })
    }
}

/// The units of an alignment, in bead order, labelled (`tuid`, note) by the
/// source document's name as it is (in `batch`, the pair's name).
pub fn units(alignment: &Alignment, options: &TmxOptions) -> Result<Vec<Unit>, ExportError> {
    labelled_units(alignment, options, &alignment.source.name)
}

/// The file name of a document without its directory, `.txt` and language
/// suffix: `corpora/dev/05-party-meeting.zh.txt` is `05-party-meeting`.
pub fn file_label(name: &str) -> &str {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = file.strip_suffix(".txt").unwrap_or(file);
    let stem = stem.strip_suffix(".zh").or_else(|| stem.strip_suffix(".en")).unwrap_or(stem);
    if stem.is_empty() {
        file
    } else {
        stem
    }
}

/// The `segtype` of a bead's unit. The header says `sentence`, true of 1-1
/// beads (and of 1-0 and 0-1). When a side holds several sentences (1-2, 2-1,
/// 2-2) the unit is not a sentence pair: a CAT tool segmenting by sentence
/// will never see that source as one segment, and a reader of the memory
/// should not take the unit for one. TMX calls a segment that is neither a
/// sentence, a phrase nor a paragraph a `block`; a bead is exactly that
/// (never more than a paragraph, often less), so such units say `block`.
pub fn segtype(bead: &Bead) -> &'static str {
    if bead.src.len() > 1 || bead.tgt.len() > 1 {
        "block"
    } else {
        "sentence"
    }
}

fn labelled_units(
    alignment: &Alignment,
    options: &TmxOptions,
    label: &str,
) -> Result<Vec<Unit>, ExportError> {
    let source_tag = options.tag(options.source_tag.as_ref(), &alignment.source)?;
    let target_tag = options.tag(options.target_tag.as_ref(), &alignment.target)?;
    let date = match options.date {
        Some(d) => d,
        None => tmx::creation_date()?,
    };
    let stamp = Stamp {
        label,
        date: tmx::tmx_date(date),
        creation_id: options.creation_id.as_deref().unwrap_or(DEFAULT_CREATION_ID),
        source_tag: &source_tag,
        target_tag: &target_tag,
    };
    let low = |score: f32| options.below_min_score(score);
    let mut units = Vec::with_capacity(alignment.beads.len());
    let joins = cat_joins(alignment);
    let mut joins = joins.iter().peekable();
    for (index, scored) in alignment.beads.iter().enumerate() {
        // A CAT-tool segment made of the beads before this one: written
        // after them, as one more unit (see `cat_joins`).
        while let Some(join) = joins.next_if(|j| j.end == index) {
            if !low(join.score) {
                units.push(stamp.unit(alignment, &join.bead, join.score, &join.number())?);
            }
        }
        let empty = scored.bead.src.is_empty() && scored.bead.tgt.is_empty();
        if empty || (scored.bead.is_null() && !options.keep_unaligned) || low(scored.score) {
            continue;
        }
        units.push(stamp.unit(alignment, &scored.bead, scored.score, &(index + 1).to_string())?);
    }
    for join in joins.filter(|j| !low(j.score)) {
        units.push(stamp.unit(alignment, &join.bead, join.score, &join.number())?);
    }
    Ok(units)
}

/// What every unit of one alignment shares.
struct Stamp<'a> {
    label: &'a str,
    date: String,
    creation_id: &'a str,
    source_tag: &'a str,
    target_tag: &'a str,
}

impl Stamp<'_> {
    /// One bead as a unit; `number` is its 1-based number (`12`), or the
    /// range of the beads it joins (`12-13`).
    fn unit(
        &self,
        alignment: &Alignment,
        bead: &Bead,
        score: f32,
        number: &str,
    ) -> Result<Unit, ExportError> {
        let mut variants = Vec::with_capacity(2);
        let src = super::joined_layout(&alignment.source, &bead.src)?;
        let tgt = super::joined_layout(&alignment.target, &bead.tgt)?;
        if !bead.src.is_empty() {
            variants.push(Variant { lang: self.source_tag.to_string(), text: src });
        }
        if !bead.tgt.is_empty() {
            variants.push(Variant { lang: self.target_tag.to_string(), text: tgt });
        }
        let kind = bead.kind();
        let props = vec![
            ("x-document".to_string(), alignment.source.name.clone()),
            ("x-bead".to_string(), bead.to_string()),
            ("x-bead-type".to_string(), kind.clone()),
            ("x-score".to_string(), format!("{:.1}", crate::score::percent(score))),
        ];
        let label = self.label;
        let attributes = vec![
            ("tuid".to_string(), format!("{label}:{number}")),
            ("creationdate".to_string(), self.date.clone()),
            ("creationid".to_string(), self.creation_id.to_string()),
            ("changedate".to_string(), self.date.clone()),
            ("segtype".to_string(), segtype(bead).to_string()),
        ];
        // The same number as `x-score`, so note and prop never disagree.
        let percent = crate::score::percent(score);
        let note = format!("tmalign: score {percent:.1}, document {label}, bead {number} ({kind})");
        Ok(Unit { variants, props, attributes, notes: vec![note], verbatim: String::new() })
    }
}

/// A run of consecutive beads whose source sentences a CAT tool reads as
/// one segment.
struct Join {
    /// The union of the run's beads.
    bead: Bead,
    /// The lowest score in the run.
    score: f32,
    /// Index of the run's first bead.
    start: usize,
    /// Index of the bead after the run.
    end: usize,
}

impl Join {
    /// The 1-based numbers of its first and last beads, as its `tuid` ends.
    fn number(&self) -> String {
        format!("{}-{}", self.start + 1, self.end)
    }
}

/// Whether a unit's `tuid` is that of a joined unit, as `Join::number`
/// writes it: the document label, `:`, and the numbers of the first and last
/// beads (`05-party-meeting:5-6`, the first below the last). A single bead's
/// `tuid` ends in one number (`05-party-meeting:5`).
pub fn is_joined_tuid(tuid: &str) -> bool {
    joined_tuid_document(tuid).is_some()
}

/// The document label of a joined unit's `tuid` ([`is_joined_tuid`]).
fn joined_tuid_document(tuid: &str) -> Option<&str> {
    let (document, number) = tuid.rsplit_once(':')?;
    let (first, last) = number.split_once('-')?;
    // `parse` alone would take a sign (`+5`).
    let number = |n: &str| n.bytes().all(|b| b.is_ascii_digit()).then(|| n.parse::<u64>().ok())?;
    matches!((number(first), number(last)), (Some(a), Some(b)) if a < b).then_some(document)
}

/// Whether a unit read from a memory is a joined unit that tmalign wrote:
/// its `tuid` is a joined one ([`is_joined_tuid`]) and names the document of
/// its `x-document` prop (both as [`file_label`] reads them: `align` labels
/// by file name). Another tool's `tuid` that merely looks like a
/// range (`ch:1-2`) does not make its unit joined (session 21 review).
pub fn is_joined_unit(unit: &crate::tmx::Unit) -> bool {
    let (Some(tuid), Some(document)) = (unit.attribute("tuid"), unit.prop("x-document")) else {
        return false;
    };
    joined_tuid_document(tuid).is_some_and(|d| file_label(d) == file_label(document))
}

/// Runs of beads that OmegaT's default rules (and SRX rules written the same
/// way) read as one segment, where tmalign sees several sentences.
///
/// Those rules break after a stop only when a space or a new sentence
/// follows it directly, so `他说：“……。”记者看到……` or `…home." She left.`
/// is one segment for them and two sentences here. The memory keeps the two
/// units and adds the joined one, so the CAT tool finds an exact match for
/// its segment too. A run is joined only when its beads cover exactly its
/// sentences, it stays within a paragraph, no bead of it lacks a source
/// sentence, and at least one has a translation.
///
/// Lines without a stop that tmalign ends at a line break inside a
/// paragraph (a heading line above its text, `南京市人民政府` above its date)
/// run on too: the rules never break at a line break. The joined unit keeps
/// the break ([`super::joined_layout`]), as OmegaT's segment does.
///
/// A source sentence the translation leaves out (a 1-0 bead) may be part of
/// the run: the segment `水韵江苏，有你会更美!欢迎海内外游客来江苏观光旅游。`,
/// whose second sentence the English edition dropped, was published as
/// `Water Charm of Jiangsu, more beautiful with you!`, and without the
/// joined unit the CAT tool had no match for it at all. Such a unit keeps
/// the omission's low score, as any join keeps its weakest bead's: it is an
/// exact match whose translation leaves a sentence out, for a person to
/// look at (`--doubtful` sends it to the doubtful memory, `--min-score`
/// leaves it out).
fn cat_joins(alignment: &Alignment) -> Vec<Join> {
    let sentences = &alignment.source.sentences;
    let beads = &alignment.beads;
    let mut joins = Vec::new();
    let mut i = 0;
    while i < beads.len() {
        let mut j = i;
        // Extend the run while the bead's last source sentence ends with a
        // stop before a closing mark, or with no stop at a line break, and
        // the next bead goes on in the paragraph.
        while j + 1 < beads.len() {
            let (cur, next) = (&beads[j].bead, &beads[j + 1].bead);
            let (Some(&last), Some(&first)) = (cur.src.last(), next.src.first()) else { break };
            let (Some(a), Some(b)) = (sentences.get(last), sentences.get(first)) else { break };
            let runs_on = segment::cat_tool_runs_on(&a.text, alignment.source.lang)
                || (alignment.source.line_after(last) && !segment::has_final_stop(&a.text));
            if a.paragraph != b.paragraph || !runs_on {
                break;
            }
            j += 1;
        }
        let run = &beads[i..=j];
        let translated = || run.iter().filter(|b| !b.bead.tgt.is_empty());
        if j > i && translated().next().is_some() {
            let bead = Bead::new(
                run.iter().flat_map(|b| b.bead.src.iter().copied()).collect::<Vec<_>>(),
                run.iter().flat_map(|b| b.bead.tgt.iter().copied()).collect::<Vec<_>>(),
            );
            let score = run.iter().map(|b| b.score).fold(f32::INFINITY, f32::min);
            joins.push(Join { bead, score, start: i, end: j + 1 });
        }
        i = j + 1;
    }
    joins
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::ScoredBead;
    use crate::bead::Bead;
    use crate::lang::Lang;
    use crate::segment::Sentence;

    fn doc(name: &str, lang: Lang, texts: &[&str]) -> Document {
        let sentences = texts
            .iter()
            .map(|t| Sentence { text: t.to_string(), start: 0, end: t.len(), paragraph: 0 })
            .collect();
        Document::new(name, lang, sentences)
    }

    fn alignment() -> Alignment {
        Alignment {
            source: doc("a.zh.txt", Lang::Zh, &["第一句。", "第二句。", "多余。"]),
            target: doc("a.en.txt", Lang::En, &["One.", "Two,", "three."]),
            beads: vec![
                ScoredBead { bead: Bead::new([0], [0]), score: 0.9, anchors: vec![] },
                ScoredBead { bead: Bead::new([1], [1, 2]), score: 0.75, anchors: vec![] },
                ScoredBead { bead: Bead::new([2], []), score: 0.1, anchors: vec![] },
            ],
        }
    }

    #[test]
    fn null_beads_are_left_out_unless_kept() {
        assert_eq!(units(&alignment(), &TmxOptions::default()).unwrap().len(), 2);
        let kept = units(&alignment(), &TmxOptions { keep_unaligned: true, ..Default::default() }).unwrap();
        assert_eq!(kept.len(), 3);
        assert_eq!(kept[2].variants.len(), 1);
    }

    #[test]
    fn many_to_one_beads_join_sentences_and_record_ids() {
        let u = &units(&alignment(), &TmxOptions::default()).unwrap()[1];
        assert_eq!(u.text(Lang::En), Some("Two, three."));
        assert_eq!(u.prop("x-bead"), Some("[1]:[1,2]"));
        assert_eq!(u.prop("x-bead-type"), Some("1-2"));
        assert_eq!(u.prop("x-score"), Some("75.0"));
        assert_eq!(u.variants[0].lang, "zh-CN");
    }

    #[test]
    fn units_carry_id_dates_creator_segtype_and_note() {
        let date = jiff::Timestamp::from_second(1_700_000_000).unwrap();
        let opts = TmxOptions { date: Some(date), creation_id: Some("li".into()), ..Default::default() };
        let u = &units(&alignment(), &opts).unwrap()[1];
        assert_eq!(u.attribute("tuid"), Some("a.zh.txt:2"));
        assert_eq!(u.attribute("creationdate"), Some("20231114T221320Z"));
        assert_eq!(u.attribute("changedate"), Some("20231114T221320Z"));
        assert_eq!(u.attribute("creationid"), Some("li"));
        assert_eq!(u.attribute("segtype"), Some("block"));
        assert_eq!(u.notes, vec!["tmalign: score 75.0, document a.zh.txt, bead 2 (1-2)".to_string()]);
        let first = &units(&alignment(), &TmxOptions { date: Some(date), ..Default::default() }).unwrap()[0];
        assert_eq!(first.attribute("segtype"), Some("sentence"));
        assert_eq!(first.attribute("creationid"), Some(DEFAULT_CREATION_ID));
    }

    #[test]
    fn bead_numbers_do_not_move_when_beads_are_left_out() {
        let kept = TmxOptions { keep_unaligned: true, ..Default::default() };
        let all: Vec<String> = units(&alignment(), &kept)
            .unwrap()
            .iter()
            .map(|u| u.attribute("tuid").unwrap().to_string())
            .collect();
        assert_eq!(all, ["a.zh.txt:1", "a.zh.txt:2", "a.zh.txt:3"]);
        let high = TmxOptions { min_score: 0.8, ..Default::default() };
        let some = units(&alignment(), &TmxOptions { keep_unaligned: true, ..high }).unwrap();
        assert_eq!(some.len(), 1);
        let second = TmxOptions { min_score: 0.7, ..Default::default() };
        assert_eq!(units(&alignment(), &second).unwrap()[1].attribute("tuid"), Some("a.zh.txt:2"));
    }

    #[test]
    fn the_unit_of_beads_a_cat_tool_joins_is_numbered_by_their_range() {
        let a = Alignment {
            source: doc("q.zh.txt", Lang::Zh, &["他说：“好。”", "记者看到了。", "完。"]),
            target: doc("q.en.txt", Lang::En, &["He said \"good.\"", "The reporter saw it.", "End."]),
            beads: (0..3)
                .map(|i| ScoredBead {
                    bead: Bead::new([i], [i]),
                    score: 0.9 - i as f32 * 0.1,
                    anchors: vec![],
                })
                .collect(),
        };
        let units = units(&a, &TmxOptions::default()).unwrap();
        let ids: Vec<&str> = units.iter().map(|u| u.attribute("tuid").unwrap()).collect();
        assert_eq!(ids, ["q.zh.txt:1", "q.zh.txt:2", "q.zh.txt:1-2", "q.zh.txt:3"]);
        // What the index reads to tell the joined unit.
        let joined: Vec<bool> = ids.iter().map(|id| is_joined_tuid(id)).collect();
        assert_eq!(joined, [false, false, true, false]);
        for other in ["a:1-1", "a:2-1", "a:-2", "a:1-", "a:+1-2", "1-2", "a:1-2-3", "a:x-y"] {
            assert!(!is_joined_tuid(other), "{other}");
        }
        assert!(is_joined_tuid("a:b:10-12"));
        assert_eq!(units[2].attribute("segtype"), Some("block"));
        assert_eq!(units[2].notes[0], "tmalign: score 80.0, document q.zh.txt, bead 1-2 (2-2)");
        // A join scored below --min-score goes with its weakest bead.
        let some = super::units(&a, &TmxOptions { min_score: 0.85, ..Default::default() }).unwrap();
        assert_eq!(some.len(), 1);
    }

    #[test]
    fn a_cat_segment_whose_second_sentence_the_translation_leaves_out_gets_the_translation_of_the_first() {
        let scored = |src: &[usize], tgt: &[usize], score: f32| ScoredBead {
            bead: Bead::new(src.to_vec(), tgt.to_vec()),
            score,
            anchors: vec![],
        };
        let a = Alignment {
            source: doc("s.zh.txt", Lang::Zh, &["水韵江苏，有你会更美!", "欢迎游客来江苏。", "完。"]),
            target: doc("s.en.txt", Lang::En, &["Water Charm of Jiangsu, more beautiful with you!", "End."]),
            beads: vec![scored(&[0], &[0], 0.9), scored(&[1], &[], 0.15), scored(&[2], &[1], 0.8)],
        };
        let units = units(&a, &TmxOptions::default()).unwrap();
        let ids: Vec<&str> = units.iter().map(|u| u.attribute("tuid").unwrap()).collect();
        assert_eq!(ids, ["s.zh.txt:1", "s.zh.txt:1-2", "s.zh.txt:3"]);
        let texts: Vec<&str> = units[1].variants.iter().map(|v| v.text.as_str()).collect();
        assert_eq!(
            texts,
            ["水韵江苏，有你会更美!欢迎游客来江苏。", "Water Charm of Jiangsu, more beautiful with you!"]
        );
        // It keeps the omission's score: a translation that leaves a sentence out.
        assert!(units[1].notes[0].starts_with("tmalign: score 15.0,"), "{}", units[1].notes[0]);
        let kept = super::units(&a, &TmxOptions { min_score: 0.5, ..Default::default() }).unwrap();
        assert_eq!(kept.len(), 2);
        // A run of omissions alone is no unit.
        let none = Alignment {
            beads: vec![scored(&[0], &[], 0.15), scored(&[1], &[], 0.15), scored(&[2], &[0, 1], 0.8)],
            ..a
        };
        let ids: Vec<String> = super::units(&none, &TmxOptions::default())
            .unwrap()
            .iter()
            .map(|u| u.attribute("tuid").unwrap().to_string())
            .collect();
        assert_eq!(ids, ["s.zh.txt:3"]);
    }

    #[test]
    fn lines_without_a_stop_a_cat_tool_reads_as_one_segment_get_one_unit_with_the_line_break() {
        let scored = |i: usize| ScoredBead { bead: Bead::new([i], [i]), score: 0.9, anchors: vec![] };
        let mut source = doc("s.zh.txt", Lang::Zh, &["临川市人民政府", "2026年2月10日", "完。"]);
        let mut target = doc(
            "s.en.txt",
            Lang::En,
            &["Linchuan Municipal People's Government", "February 10, 2026", "End."],
        );
        let unit_texts = |source: &Document, target: &Document| -> Vec<Vec<String>> {
            let a = Alignment {
                source: source.clone(),
                target: target.clone(),
                beads: (0..3).map(scored).collect(),
            };
            units(&a, &TmxOptions::default())
                .unwrap()
                .iter()
                .map(|u| u.variants.iter().map(|v| v.text.clone()).collect())
                .collect()
        };
        // One sentence per line of a presegmented file: no layout known, no join.
        assert_eq!(unit_texts(&source, &target).len(), 3);
        source.line_after = vec![true, false];
        target.line_after = vec![true, false];
        let texts = unit_texts(&source, &target);
        assert_eq!(texts.len(), 4);
        assert_eq!(
            texts[2],
            ["临川市人民政府\n2026年2月10日", "Linchuan Municipal People's Government\nFebruary 10, 2026"]
        );
    }

    #[test]
    fn a_single_documents_label_is_its_file_name_without_language_and_extension() {
        assert_eq!(file_label("corpora/dev/05-party-meeting.zh.txt"), "05-party-meeting");
        assert_eq!(file_label("C:\\docs\\report.en.txt"), "report");
        assert_eq!(file_label("notes.md"), "notes.md");
        assert_eq!(file_label(".txt"), ".txt");
        let mut out = Vec::new();
        TmxExporter::default().write(&alignment(), &mut out).unwrap();
        assert!(String::from_utf8(out).unwrap().contains("tuid=\"a:1\""));
    }

    #[test]
    fn a_tag_of_the_wrong_language_is_refused() {
        let opts = TmxOptions { source_tag: Some("en-GB".into()), ..Default::default() };
        assert!(units(&alignment(), &opts).is_err());
        let opts = TmxOptions { source_tag: Some("zh-Hans".into()), ..Default::default() };
        assert_eq!(units(&alignment(), &opts).unwrap()[0].variants[0].lang, "zh-Hans");
    }

    #[test]
    fn a_bead_past_the_last_sentence_is_an_error_not_a_panic() {
        let mut a = alignment();
        a.beads.push(ScoredBead { bead: Bead::new([7], [0]), score: 0.5, anchors: vec![] });
        assert!(units(&a, &TmxOptions::default()).is_err());
    }
}
