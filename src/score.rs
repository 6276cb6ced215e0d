//! Scores as the user sees them: percent, from 0 to 100, everywhere.
//!
//! The aligner computes a bead's confidence in [0, 1]; everything a user
//! types or reads (`--min-score`, `x-score` in TMX, `score` in JSON and TSV,
//! the batch report's mean) is that confidence in percent, the scale fuzzy
//! match scores of CAT tools (and `tmalign lookup`) already use. So
//! `--min-score 70` means 70 % and `--min-score 1.5` means 1.5 %, and a
//! value outside 0–100 is refused when the command line is parsed.

use std::fmt;
use std::str::FromStr;

/// A score from 0 to 100, as given on the command line.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Percent(f32);

impl Percent {
    /// The value in percent.
    pub fn value(self) -> f32 {
        self.0
    }

    /// The same score as a confidence in [0, 1], to compare with the aligner's.
    pub fn fraction(self) -> f32 {
        self.0 / 100.0
    }

    /// The warning a value between 0 and 1 deserves: it is valid, but far
    /// more often a fraction meant as a percentage (0.7 for 70 %).
    pub fn fraction_warning(self, option: &str) -> Option<String> {
        (self.0 > 0.0 && self.0 < 1.0).then(|| {
            format!(
                "{option} {} is read as {} % (scores run from 0 to 100); write {} for {} %",
                self.0,
                self.0,
                self.0 * 100.0,
                self.0 * 100.0
            )
        })
    }
}

impl FromStr for Percent {
    type Err = String;
    fn from_str(s: &str) -> Result<Percent, String> {
        let v: f32 = s.trim().trim_end_matches('%').parse().map_err(|_| format!("{s:?} is not a number"))?;
        if !(0.0..=100.0).contains(&v) {
            return Err(format!("{s} is outside 0 to 100 (scores are percentages: 70 means 70%)"));
        }
        Ok(Percent(v))
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A confidence in [0, 1] as the percent shown to users, to one decimal.
pub fn percent(confidence: f32) -> f64 {
    (f64::from(confidence) * 1000.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_parse_as_percentages_within_range() {
        assert_eq!("70".parse::<Percent>().unwrap().fraction(), 0.7);
        assert_eq!("1.5".parse::<Percent>().unwrap().value(), 1.5);
        assert_eq!("100%".parse::<Percent>().unwrap().value(), 100.0);
        for bad in ["101", "-1", "NaN", "x", "inf"] {
            assert!(bad.parse::<Percent>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_score_below_one_percent_is_taken_but_warned_about_as_a_likely_fraction() {
        let p: Percent = "0.7".parse().unwrap();
        let w = p.fraction_warning("--min-score").unwrap();
        assert!(w.contains("0.7 %") && w.contains("write 70 for 70 %"), "{w}");
        for ok in ["0", "1", "70"] {
            assert_eq!(ok.parse::<Percent>().unwrap().fraction_warning("--min-score"), None);
        }
    }

    #[test]
    fn confidence_is_shown_in_percent_to_one_decimal() {
        assert_eq!(percent(0.8734), 87.3);
        assert_eq!(percent(1.0), 100.0);
    }
}
