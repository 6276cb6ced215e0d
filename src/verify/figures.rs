//! Figures that contradict each other: another edition, another place.
//!
//! A news translation keeps its figures (that is why they are anchors), so
//! a bead whose two sides each give several figures and share none is
//! not a translation, however well its words match: last year's English
//! edition of a statistics bulletin (the same template, every figure
//! different) or another city's press release paired with this one. The
//! anchors the check counts as support (terms, titles, the years both
//! editions name) do not see it; the figures do.
//!
//! Only figures written with digits count (a word such as "three" may
//! stand for a figure the other side rounds), and not years, which two
//! unrelated articles of the same season share.

use rayon::prelude::*;
use serde::Serialize;

use crate::align::{Alignment, Document};
use crate::anchor::number::{anchor_numbers, NumberValue};
use crate::anchor::number_key;
use crate::lang::Lang;

/// Figures each side of a bead must give for their disagreement to count:
/// one figure against one is too often a figure the other side rounds or
/// writes in words. On the raw alignments of the 84 news pairs of the dev
/// sets (session 19) no bead's sides gave two figures each without
/// sharing one; last year's edition of a bulletin had 6 such beads of 8.
pub const MIN_FIGURES: usize = 2;
/// Contradicting beads from which a pair's figures disagree, if they are
/// also [`MAX_CONTRADICTING_SHARE`] of the beads with figures on both sides.
pub const MIN_CONTRADICTING: usize = 2;
/// Share of the beads with figures on both sides that may contradict
/// before the pair's figures disagree (see [`MIN_CONTRADICTING`]). The dev
/// pairs have none; a third leaves room for a translation that rounds.
pub const MAX_CONTRADICTING_SHARE: f64 = 1.0 / 3.0;

/// How a pair's figures compare, bead by bead.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FigureCheck {
    /// Beads whose two sides both give a figure.
    pub compared: usize,
    /// Beads whose sides give [`MIN_FIGURES`] figures each and share none.
    pub contradicting: usize,
}

impl FigureCheck {
    /// Whether the pair's figures disagree too often for a translation.
    pub fn disagree(&self) -> bool {
        self.contradicting >= MIN_CONTRADICTING
            && self.contradicting as f64 >= MAX_CONTRADICTING_SHARE * self.compared as f64
    }
}

/// The distinct figures of a sentence written with digits, years left out,
/// as number keys, sorted.
pub(crate) fn sentence_figures(text: &str, lang: Lang) -> Vec<u64> {
    let mut out: Vec<u64> = anchor_numbers(text, lang)
        .filter(|n| matches!(n.value, NumberValue::Quantity(_) | NumberValue::Percent(_)))
        .filter(|n| {
            let surface = text.get(n.start..n.end).unwrap_or("");
            surface.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)) && !is_year(surface)
        })
        .map(|n| number_key(&n.value))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// `2025`, `2025年`, `1998`: a year, not a figure of the news.
fn is_year(surface: &str) -> bool {
    let digits = surface.trim_end_matches('年');
    digits.len() == 4
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits.starts_with("19") || digits.starts_with("20"))
}

/// The figures of each sentence of `doc`.
pub(crate) fn document_figures(doc: &Document) -> Vec<Vec<u64>> {
    doc.sentences.par_iter().map(|s| sentence_figures(&s.text, doc.lang)).collect()
}

/// The figures of a bead's sentences together.
fn bead_side(figures: &[Vec<u64>], ids: &[usize]) -> Vec<u64> {
    let mut out: Vec<u64> = ids.iter().filter_map(|&i| figures.get(i)).flatten().copied().collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether a bead's two sides (their sentences' figures) each give
/// [`MIN_FIGURES`] figures and share none.
pub(crate) fn contradicts(src: &[u64], tgt: &[u64]) -> bool {
    src.len() >= MIN_FIGURES && tgt.len() >= MIN_FIGURES && !src.iter().any(|f| tgt.binary_search(f).is_ok())
}

/// Each bead's contradiction ([`contradicts`]), given each sentence's figures.
pub(crate) fn contradicting_beads(alignment: &Alignment, sf: &[Vec<u64>], tf: &[Vec<u64>]) -> Vec<bool> {
    alignment
        .beads
        .iter()
        .map(|b| contradicts(&bead_side(sf, &b.bead.src), &bead_side(tf, &b.bead.tgt)))
        .collect()
}

/// How the figures of `alignment`'s beads compare, given each sentence's figures.
pub(crate) fn check(alignment: &Alignment, sf: &[Vec<u64>], tf: &[Vec<u64>]) -> FigureCheck {
    let mut out = FigureCheck::default();
    for b in &alignment.beads {
        let (s, t) = (bead_side(sf, &b.bead.src), bead_side(tf, &b.bead.tgt));
        if !s.is_empty() && !t.is_empty() {
            out.compared += 1;
            out.contradicting += usize::from(contradicts(&s, &t));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(zh: &str, en: &str) -> (Vec<u64>, Vec<u64>) {
        (sentence_figures(zh, Lang::Zh), sentence_figures(en, Lang::En))
    }

    #[test]
    fn last_years_figures_contradict_and_a_translations_do_not() {
        let (zh, en) = figures(
            "2025年全市城镇新增就业32.6万人，同比增长4.2%。",
            "Li said the city created 210,000 new urban jobs in 2025, up 3.1 percent.",
        );
        assert_eq!((zh.len(), en.len()), (2, 2), "the year is no figure");
        assert!(contradicts(&zh, &en));
        let (zh, en) = figures(
            "2025年全市城镇新增就业32.6万人，同比增长4.2%。",
            "The city created 326,000 new urban jobs in 2025, up 4.2 percent.",
        );
        assert!(!contradicts(&zh, &en));
        // One figure a side, or figures in words: too little to say.
        let (zh, en) = figures("全年居民消费价格上涨0.8%。", "Consumer prices rose 0.4 percent.");
        assert!(!contradicts(&zh, &en));
        let (zh, en) = figures("新增三个园区、五条线路。", "Three parks and five lines were added.");
        assert!(!contradicts(&zh, &en));
    }

    #[test]
    fn a_pairs_figures_disagree_only_when_contradictions_are_many_and_common() {
        let check = |compared, contradicting| FigureCheck { compared, contradicting }.disagree();
        assert!(check(8, 6));
        assert!(check(4, 2));
        assert!(!check(9, 1), "one bead is no pattern");
        assert!(!check(30, 2), "two beads of thirty may round");
    }
}
