//! Documents that repeat another of the batch: a corrected re-issue
//! (`港口吞吐量（更正）`) beside the original. The memory drops the repeated
//! units, but keeps the units in which the two versions differ, so it holds
//! both versions of the corrected sentences; only the user can say which
//! document to keep (a new user's trial, session 22, saw only "4 duplicates
//! removed").

use std::collections::HashMap;

use serde::Serialize;

/// Fewest repeated units for a document to be called a repeat: a short
/// document that shares one credit line or a dateline with another is no
/// re-issue. The trial's re-issue repeated 4 of its 5 units; 3 keeps
/// two-line notices that share a boilerplate line quiet.
pub const MIN_REPEATED_UNITS: usize = 3;

/// Another document of the batch that a document repeats at least half of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Repeats {
    /// The pair name of the document first written with these units.
    pub document: String,
    /// Units of this document that are duplicates of that document's.
    pub units: usize,
    /// Units of this document, duplicates included.
    pub of: usize,
}

impl Repeats {
    /// What the user is told, after the document's name.
    pub fn warning(&self) -> String {
        if self.units == self.of {
            format!(
                "all {} of its units repeat {}: a copy of it? none was added to the memory; keep one of the two documents",
                self.of, self.document
            )
        } else {
            format!(
                "{} of its {} units repeat {}: a corrected re-issue? the memory holds both versions of the \
                 sentences that differ; keep one of the two documents",
                self.units, self.of, self.document
            )
        }
    }
}

/// Which document first wrote each unit, to tell which one a duplicate repeats.
#[derive(Debug, Default)]
pub struct Origins {
    first: HashMap<u128, u32>,
    names: Vec<String>,
    /// For the current document: its duplicates by the document they repeat.
    counts: HashMap<u32, usize>,
    offered: usize,
}

impl Origins {
    pub fn new() -> Origins {
        Origins::default()
    }

    /// Starts the next document, named `name`.
    pub fn start(&mut self, name: &str) {
        self.names.push(name.to_string());
        self.counts.clear();
        self.offered = 0;
    }

    /// Records a unit of the current document by the fingerprint
    /// [`crate::tmx::Dedup::admit_keyed`] gave it, and whether it was
    /// `admitted` (the first of its texts).
    pub fn record(&mut self, key: u128, admitted: bool) {
        let Some(doc) = self.names.len().checked_sub(1) else { return };
        let doc = doc as u32;
        self.offered += 1;
        if admitted {
            self.first.insert(key, doc);
        } else if let Some(&origin) = self.first.get(&key) {
            if origin != doc {
                *self.counts.entry(origin).or_insert(0) += 1;
            }
        }
    }

    /// The document the current one repeats: at least half of its units,
    /// and [`MIN_REPEATED_UNITS`], are duplicates of that one document's.
    pub fn repeats(&self) -> Option<Repeats> {
        // The earliest document on a tie, so the answer does not depend on the hash order.
        let (&origin, &units) = self.counts.iter().max_by_key(|(doc, n)| (**n, std::cmp::Reverse(**doc)))?;
        (units >= MIN_REPEATED_UNITS && 2 * units >= self.offered).then(|| Repeats {
            document: self.names[origin as usize].clone(),
            units,
            of: self.offered,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tmx::{Dedup, Unit, Variant};

    fn unit(zh: &str, en: &str) -> Unit {
        Unit {
            variants: vec![
                Variant { lang: "zh-CN".into(), text: zh.into() },
                Variant { lang: "en-US".into(), text: en.into() },
            ],
            ..Default::default()
        }
    }

    /// Runs documents (lists of units) through a dedup and the origins.
    fn run(docs: &[(&str, &[(&str, &str)])]) -> Vec<Option<Repeats>> {
        let (mut dedup, mut origins) = (Dedup::new(), Origins::new());
        let mut out = Vec::new();
        for (name, units) in docs {
            origins.start(name);
            for (zh, en) in *units {
                let (admitted, key) = dedup.admit_keyed(&mut unit(zh, en));
                origins.record(key, admitted);
            }
            out.push(origins.repeats());
        }
        out
    }

    #[test]
    fn a_corrected_reissue_is_named_with_the_document_it_repeats() {
        let original: &[(&str, &str)] =
            &[("一", "one"), ("二", "two"), ("三", "three"), ("四", "four"), ("五", "5")];
        let corrected: &[(&str, &str)] =
            &[("一", "one"), ("二", "two"), ("三", "three"), ("四", "four"), ("五", "five")];
        let r = run(&[("港口吞吐量", original), ("港口吞吐量（更正）", corrected)]);
        assert_eq!(r[0], None);
        assert_eq!(r[1], Some(Repeats { document: "港口吞吐量".into(), units: 4, of: 5 }));
    }

    #[test]
    fn a_few_shared_lines_or_repeats_spread_over_documents_are_no_reissue() {
        let a: &[(&str, &str)] = &[("甲", "a"), ("乙", "b"), ("丙", "c")];
        let b: &[(&str, &str)] = &[("丁", "d"), ("戊", "e"), ("己", "f")];
        // Two lines of a, two of b: half of its units, but no one document's.
        let c: &[(&str, &str)] = &[("甲", "a"), ("乙", "b"), ("丁", "d"), ("戊", "e")];
        // A two-unit notice repeating two units: below the minimum.
        let d: &[(&str, &str)] = &[("甲", "a"), ("乙", "b")];
        let r = run(&[("a", a), ("b", b), ("c", c), ("d", d)]);
        assert_eq!(r, [None, None, None, None]);
    }
}
