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
use crate::align::{Alignment, Document};
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
    for scored in &alignment.beads {
        let empty = scored.bead.src.is_empty() && scored.bead.tgt.is_empty();
        if empty || (scored.bead.is_null() && !options.keep_unaligned) {
            continue;
        }
        let mut variants = Vec::with_capacity(2);
        let src = super::joined(&alignment.source, &scored.bead.src)?;
        let tgt = super::joined(&alignment.target, &scored.bead.tgt)?;
        if !scored.bead.src.is_empty() {
            variants.push(Variant { lang: source_tag.clone(), text: src });
        }
        if !scored.bead.tgt.is_empty() {
            variants.push(Variant { lang: target_tag.clone(), text: tgt });
        }
        let props = vec![
            ("x-document".to_string(), alignment.source.name.clone()),
            ("x-bead".to_string(), scored.bead.to_string()),
            ("x-bead-type".to_string(), scored.bead.kind()),
            ("x-score".to_string(), format!("{:.1}", crate::score::percent(scored.score))),
        ];
        units.push(Unit { variants, props });
    }
    Ok(units)
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
        Document { name: name.into(), lang, sentences }
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
