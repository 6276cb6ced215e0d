//! Beads: the unit of a sentence alignment.
//!
//! A bead pairs zero or more consecutive source sentences with zero or more
//! consecutive target sentences. The text form is the one of the MAC corpus,
//! Vecalign and Bertalign: `[0]:[0]`, `[1]:[1,2]`, `[2,3]:[3]`, `[4]:[]`,
//! `[]:[5]`, with 0-based sentence ids, source first.

use std::fmt;
use std::str::FromStr;

/// Source and target sentence ids of one bead.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Bead {
    pub src: Vec<usize>,
    pub tgt: Vec<usize>,
}

impl Bead {
    pub fn new(src: impl Into<Vec<usize>>, tgt: impl Into<Vec<usize>>) -> Bead {
        Bead { src: src.into(), tgt: tgt.into() }
    }

    /// The bead type as "source count-target count", e.g. `1-2`.
    pub fn kind(&self) -> String {
        format!("{}-{}", self.src.len(), self.tgt.len())
    }

    /// True when one side is empty (an omission or an addition).
    pub fn is_null(&self) -> bool {
        self.src.is_empty() || self.tgt.is_empty()
    }
}

fn write_ids(f: &mut fmt::Formatter<'_>, ids: &[usize]) -> fmt::Result {
    f.write_str("[")?;
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            f.write_str(",")?;
        }
        write!(f, "{id}")?;
    }
    f.write_str("]")
}

impl fmt::Display for Bead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_ids(f, &self.src)?;
        f.write_str(":")?;
        write_ids(f, &self.tgt)
    }
}

/// A line that is not a bead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected a bead like \"[0,1]:[2]\", got {0:?}")]
pub struct BeadParseError(pub String);

fn parse_ids(s: &str, line: &str) -> Result<Vec<usize>, BeadParseError> {
    let err = || BeadParseError(line.to_string());
    let inner = s.trim().strip_prefix('[').and_then(|s| s.strip_suffix(']')).ok_or_else(err)?;
    if inner.trim().is_empty() {
        return Ok(Vec::new());
    }
    inner.split(',').map(|t| t.trim().parse::<usize>().map_err(|_| err())).collect()
}

impl FromStr for Bead {
    type Err = BeadParseError;
    fn from_str(line: &str) -> Result<Bead, BeadParseError> {
        let (src, tgt) = line.split_once(':').ok_or_else(|| BeadParseError(line.to_string()))?;
        Ok(Bead { src: parse_ids(src, line)?, tgt: parse_ids(tgt, line)? })
    }
}

/// Parses a bead file: one bead per line, blank lines ignored. Errors name
/// the 1-based line.
pub fn parse_beads(text: &str) -> Result<Vec<Bead>, (usize, BeadParseError)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| l.trim().parse().map_err(|e| (i + 1, e)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beads_round_trip_through_text() {
        for s in ["[0]:[0]", "[1]:[1,2]", "[2,3]:[3]", "[4]:[]", "[]:[5]"] {
            assert_eq!(s.parse::<Bead>().unwrap().to_string(), s);
        }
    }

    #[test]
    fn spaces_inside_brackets_are_accepted() {
        assert_eq!("[ 1, 2 ] : [3]".parse::<Bead>().unwrap(), Bead::new([1, 2], [3]));
    }

    #[test]
    fn malformed_bead_lines_are_errors_with_line_numbers() {
        assert!("[1]-[2]".parse::<Bead>().is_err());
        assert!("[a]:[2]".parse::<Bead>().is_err());
        assert_eq!(parse_beads("[0]:[0]\n\n[x]:[1]\n").unwrap_err().0, 3);
    }
}
