//! Figures that contradict each other: another edition, another place.
//!
//! A news translation keeps its figures (that is why they are anchors), so
//! a bead whose two sides each give several figures and agree on none is
//! not a translation, however well its words match: last year's English
//! edition of a statistics bulletin (the same template, every figure
//! different) or another city's press release paired with this one. The
//! anchors the check counts as support (terms, titles, the years both
//! editions name) do not see it; the figures do.
//!
//! Only figures written with digits count (a word such as "three" may
//! stand for a figure the other side rounds), and not years, which two
//! unrelated articles of the same season share. Two figures agree when
//! they are equal to the precision of the less precise: a translator who
//! writes "12.37 billion yuan" for `123.68亿元` keeps the figure.

use rayon::prelude::*;
use serde::Serialize;

use crate::align::{Alignment, Document};
use crate::anchor::number::{anchor_numbers, NumberValue};
use crate::lang::Lang;

/// Figures each side of a bead must give for their disagreement to count:
/// one figure against one is too often a figure the other side rounds or
/// writes in words. On the raw alignments of the 84 news pairs of the dev
/// sets (session 19) no bead's sides gave two figures each without one
/// agreeing; last year's edition of a bulletin had 6 such beads of 8.
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
    /// Beads whose sides give [`MIN_FIGURES`] figures each and agree on none.
    pub contradicting: usize,
}

impl FigureCheck {
    /// Whether the pair's figures disagree too often for a translation.
    pub fn disagree(&self) -> bool {
        self.contradicting >= MIN_CONTRADICTING
            && self.contradicting as f64 >= MAX_CONTRADICTING_SHARE * self.compared as f64
    }
}

/// One figure of a sentence: its value and how many significant digits it
/// is written with (`123.68亿` five, "12.37 billion" four, `3.0%` two,
/// `210,000` two: trailing zeros of a whole number say nothing).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figure {
    percent: bool,
    value: f64,
    digits: u32,
}

impl Figure {
    /// Whether two figures can be one figure written by two translators:
    /// the same kind, and equal once the more precise is rounded to the
    /// other's digits ("12.37 billion yuan" for `123.68亿元`, "about 2
    /// billion" for `18.5亿`), also after a unit converted by a thousand
    /// (`55亿公斤` as "5.5 million tonnes", metres as kilometres; from the
    /// session 19 review, on the dev sets' stock figures).
    pub fn agrees(&self, other: &Figure) -> bool {
        if self.percent != other.percent {
            return false;
        }
        let digits = self.digits.min(other.digits).max(1);
        let b = rounded(other.value, digits);
        [1.0, 1e3, 1e-3].iter().any(|scale| {
            let a = rounded(self.value * scale, digits);
            (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
        })
    }
}

/// `v` rounded to `digits` significant digits.
fn rounded(v: f64, digits: u32) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let magnitude = v.abs().log10().floor() as i32;
    let factor = 10f64.powi(digits as i32 - 1 - magnitude);
    (v * factor).round() / factor
}

/// The figures of a sentence written with digits: quantities and
/// percentages, years and multipliers (`增长1.5倍`, "2.5 times", which
/// English often gives as a percentage) left out.
pub fn sentence_figures(text: &str, lang: Lang) -> Vec<Figure> {
    let mut out: Vec<Figure> = Vec::new();
    for n in anchor_numbers(text, lang) {
        let (percent, d) = match n.value {
            NumberValue::Quantity(d) => (false, d),
            NumberValue::Percent(d) => (true, d),
            _ => continue,
        };
        let surface = text.get(n.start..n.end).unwrap_or("");
        let digits: String = surface.chars().filter_map(ascii_digit).collect();
        let after = text.get(n.end..).unwrap_or("").trim_start();
        let multiplier = after.starts_with('倍') || after.starts_with("times");
        if digits.is_empty() || is_year(surface) || multiplier {
            continue;
        }
        let (mantissa, exp) = d.parts();
        let figure = Figure {
            percent,
            value: mantissa as f64 * 10f64.powi(exp),
            digits: significant_digits(&digits, surface.contains(['.', '．'])),
        };
        if !out.contains(&figure) {
            out.push(figure);
        }
    }
    out
}

/// A digit of either width as its ASCII digit.
fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_digit(c as u32 - '０' as u32, 10),
        _ => None,
    }
}

/// Significant digits of a figure's digits: leading zeros never count,
/// trailing ones only after a decimal point.
fn significant_digits(digits: &str, decimal: bool) -> u32 {
    let d = digits.trim_start_matches('0');
    let d = if decimal { d } else { d.trim_end_matches('0') };
    d.len().max(1) as u32
}

/// `2025`, `2025年`, `１９９８`: a year, not a figure of the news.
fn is_year(surface: &str) -> bool {
    let digits: String =
        surface.trim_end_matches('年').chars().map(|c| ascii_digit(c).unwrap_or(c)).collect();
    digits.len() == 4
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits.starts_with("19") || digits.starts_with("20"))
}

/// The figures of each sentence of `doc`.
pub(crate) fn document_figures(doc: &Document) -> Vec<Vec<Figure>> {
    doc.sentences.par_iter().map(|s| sentence_figures(&s.text, doc.lang)).collect()
}

/// The figures of a bead's sentences together.
fn bead_side(figures: &[Vec<Figure>], ids: &[usize]) -> Vec<Figure> {
    let mut out: Vec<Figure> = Vec::new();
    for f in ids.iter().filter_map(|&i| figures.get(i)).flatten() {
        if !out.contains(f) {
            out.push(*f);
        }
    }
    out
}

/// Whether a bead's two sides (their sentences' figures) each give
/// [`MIN_FIGURES`] figures and none of one side agrees with one of the other.
pub fn contradicts(src: &[Figure], tgt: &[Figure]) -> bool {
    src.len() >= MIN_FIGURES
        && tgt.len() >= MIN_FIGURES
        && !src.iter().any(|a| tgt.iter().any(|b| a.agrees(b)))
}

/// Each bead's contradiction ([`contradicts`]), given each sentence's figures.
pub(crate) fn contradicting_beads(
    alignment: &Alignment,
    sf: &[Vec<Figure>],
    tf: &[Vec<Figure>],
) -> Vec<bool> {
    alignment
        .beads
        .iter()
        .map(|b| contradicts(&bead_side(sf, &b.bead.src), &bead_side(tf, &b.bead.tgt)))
        .collect()
}

/// How the figures of `alignment`'s beads compare, given each sentence's figures.
pub(crate) fn check(alignment: &Alignment, sf: &[Vec<Figure>], tf: &[Vec<Figure>]) -> FigureCheck {
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

    fn figures(zh: &str, en: &str) -> (Vec<Figure>, Vec<Figure>) {
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
    fn a_translation_that_rounds_or_gives_growth_in_times_as_a_percentage_keeps_its_figures() {
        // Rounded to the English figure's four digits.
        let (zh, en) = figures(
            "集团实现营业收入123.68亿元，利润总额15.37亿元。",
            "Revenue reached 12.37 billion yuan and total profit 1.54 billion yuan.",
        );
        assert!(!contradicts(&zh, &en), "{zh:?} {en:?}");
        // `增长1.5倍` is a multiplier, which English gives as 150 percent.
        let (zh, en) = figures(
            "出口增长1.5倍，进口增长2.3倍，总额达86.4亿元。",
            "Exports rose 150 percent and imports 230 percent, to 8.64 billion yuan.",
        );
        assert!(!contradicts(&zh, &en), "{zh:?} {en:?}");
        // A unit converted by a thousand.
        let (zh, en) = figures(
            "全年粮食总产量55亿公斤，增长2.1%。",
            "Grain output was 5.5 million tonnes, up 2.1 percent.",
        );
        assert!(zh[0].agrees(&en[0]), "{zh:?} {en:?}");
        // A trailing zero after the point is a digit: 3.0 is not 3.2.
        let (zh, en) = figures("增长3.2%，达到1.8万人。", "up 3.0 percent, to 17,000 people.");
        assert!(contradicts(&zh, &en), "{zh:?} {en:?}");
        // A year in full-width digits is a year too.
        assert_eq!(
            sentence_figures("２０２５年全市新增就业３２.６万人。", Lang::Zh),
            sentence_figures("2025年全市新增就业32.6万人。", Lang::Zh)
        );
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
