//! The TMX exporter: one `<tu>` per bead of an [`Alignment`].
//!
//! Each unit holds the source and target text of its bead (sentences of one
//! side joined: without a space for Chinese, with one for English) and, as
//! `x-` props, where it comes from: the source document (`x-document`), the
//! bead with its sentence ids (`x-bead`, e.g. `[1]:[1,2]`), its type
//! (`x-bead-type`, e.g. `1-2`) and the aligner's confidence (`x-score`, 0–100).
//! Omissions and additions (1-0, 0-1 beads) have no translation to remember
//! and are left out unless asked for; when kept, such a unit has one `<tuv>`.

use std::io::Write;

use super::{ExportError, ExportSummary, Exporter};
use crate::align::{Alignment, Document, ScoredBead};
use crate::bead::Bead;
use crate::segment;
use crate::tmx::{self, Header, Unit, Variant};

/// How alignments become TMX.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TmxOptions {
    /// `xml:lang` of the source; by default `zh-CN` or `en-US` after its language.
    pub source_tag: Option<String>,
    /// `xml:lang` of the target, likewise.
    pub target_tag: Option<String>,
    /// Also write beads with an empty side.
    pub keep_unaligned: bool,
}

impl TmxOptions {
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
        let units = units(alignment, &self.options)?;
        let header = Header::new(self.options.tag(self.options.source_tag.as_ref(), &alignment.source)?)?;
        let mut writer = tmx::Writer::new(out, &header)?;
        for unit in &units {
            writer.write_unit(unit)?;
        }
        let summary = writer.finish()?;
        Ok(ExportSummary { removed_chars: summary.removed_chars })
    }
}

/// The units of an alignment, in bead order.
pub fn units(alignment: &Alignment, options: &TmxOptions) -> Result<Vec<Unit>, ExportError> {
    let source_tag = options.tag(options.source_tag.as_ref(), &alignment.source)?;
    let target_tag = options.tag(options.target_tag.as_ref(), &alignment.target)?;
    let mut units = Vec::with_capacity(alignment.beads.len());
    let joins = cat_joins(alignment);
    let mut joins = joins.iter().peekable();
    for (index, scored) in alignment.beads.iter().enumerate() {
        // A CAT-tool segment made of the beads before this one: written
        // after them, as one more unit (see `cat_joins`).
        while let Some(join) = joins.next_if(|j| j.end == index) {
            units.push(unit(alignment, &join.bead, join.score, &source_tag, &target_tag)?);
        }
        let empty = scored.bead.src.is_empty() && scored.bead.tgt.is_empty();
        if empty || (scored.bead.is_null() && !options.keep_unaligned) {
            continue;
        }
        units.push(unit(alignment, &scored.bead, scored.score, &source_tag, &target_tag)?);
    }
    for join in joins {
        units.push(unit(alignment, &join.bead, join.score, &source_tag, &target_tag)?);
    }
    Ok(units)
}

/// One bead as a unit.
fn unit(
    alignment: &Alignment,
    bead: &Bead,
    score: f32,
    source_tag: &str,
    target_tag: &str,
) -> Result<Unit, ExportError> {
    let scored = ScoredBead { bead: bead.clone(), score, anchors: Vec::new() };
    let scored = &scored;
    {
        let mut variants = Vec::with_capacity(2);
        let src = super::joined_layout(&alignment.source, &scored.bead.src)?;
        let tgt = super::joined_layout(&alignment.target, &scored.bead.tgt)?;
        if !scored.bead.src.is_empty() {
            variants.push(Variant { lang: source_tag.to_string(), text: src });
        }
        if !scored.bead.tgt.is_empty() {
            variants.push(Variant { lang: target_tag.to_string(), text: tgt });
        }
        let props = vec![
            ("x-document".to_string(), alignment.source.name.clone()),
            ("x-bead".to_string(), scored.bead.to_string()),
            ("x-bead-type".to_string(), scored.bead.kind()),
            ("x-score".to_string(), format!("{:.1}", crate::score::percent(scored.score))),
        ];
        Ok(Unit { variants, props })
    }
}

/// A run of consecutive beads whose source sentences a CAT tool reads as
/// one segment.
struct Join {
    /// The union of the run's beads.
    bead: Bead,
    /// The lowest score in the run.
    score: f32,
    /// Index of the bead after the run.
    end: usize,
}

/// Runs of beads that OmegaT's default rules (and SRX rules written the same
/// way) read as one segment, where tmalign sees several sentences.
///
/// Those rules break after a stop only when a space or a new sentence
/// follows it directly, so `他说：“……。”记者看到……` or `…home." She left.`
/// is one segment for them and two sentences here. The memory keeps the two
/// units and adds the joined one, so the CAT tool finds an exact match for
/// its segment too. A run is joined only when its beads cover exactly its
/// sentences, none is a null bead, and it stays within a paragraph.
fn cat_joins(alignment: &Alignment) -> Vec<Join> {
    let sentences = &alignment.source.sentences;
    let beads = &alignment.beads;
    let mut joins = Vec::new();
    let mut i = 0;
    while i < beads.len() {
        let mut j = i;
        // Extend the run while the bead's last source sentence ends with a
        // stop before a closing mark and the next bead goes on in the paragraph.
        while j + 1 < beads.len() {
            let (cur, next) = (&beads[j].bead, &beads[j + 1].bead);
            let (Some(&last), Some(&first)) = (cur.src.last(), next.src.first()) else { break };
            let (Some(a), Some(b)) = (sentences.get(last), sentences.get(first)) else { break };
            if cur.tgt.is_empty()
                || next.tgt.is_empty()
                || a.paragraph != b.paragraph
                || !segment::cat_tool_runs_on(&a.text, alignment.source.lang)
            {
                break;
            }
            j += 1;
        }
        if j > i {
            let run = &beads[i..=j];
            let bead = Bead::new(
                run.iter().flat_map(|b| b.bead.src.iter().copied()).collect::<Vec<_>>(),
                run.iter().flat_map(|b| b.bead.tgt.iter().copied()).collect::<Vec<_>>(),
            );
            let score = run.iter().map(|b| b.score).fold(f32::INFINITY, f32::min);
            joins.push(Join { bead, score, end: j + 1 });
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
