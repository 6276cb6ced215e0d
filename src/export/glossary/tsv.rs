//! OmegaT's tab-separated glossary: one entry per line, source term TAB
//! target term TAB comment.
//!
//! OmegaT reads such a file from a project's `glossary/` folder when it is
//! named `.txt`, `.tab` or `.utf8` (`.tsv` only in other tools). It splits a
//! line at every tab, ends an entry at a line break, and skips every line
//! that starts with `#`; so the terms and the comment carry no tab or line
//! break ([`super::clean_term`]), and an entry whose source term starts
//! with `#` is left out (reported) rather than silently ignored by OmegaT.
//! The first line is such a comment, naming the languages and the columns.

use std::io::Write;

use super::{
    comment, kept_entries, GlossaryEntry, GlossaryError, GlossarySummary, GlossaryWriter, Languages, BOM,
};

/// Writes OmegaT's tab-separated glossary.
pub struct TsvGlossary;

impl GlossaryWriter for TsvGlossary {
    fn write(
        &self,
        languages: &Languages,
        entries: &[GlossaryEntry],
        out: &mut dyn Write,
    ) -> Result<GlossarySummary, GlossaryError> {
        let (kept, summary) = kept_entries(entries, |c| {
            c.source.starts_with('#').then_some("OmegaT reads a line starting with # as a comment")
        });
        writeln!(
            out,
            "{BOM}# tmalign glossary {} -> {}: source term, target term, comment (count, score, example)",
            languages.source, languages.target
        )?;
        for (_, entry, clean) in &kept {
            writeln!(out, "{}\t{}\t{}", clean.source, clean.target, comment(entry, &clean.example))?;
        }
        Ok(summary)
    }
}

#[cfg(test)]
mod tests {
    use super::super::sample;
    use super::*;

    fn written(entries: &[GlossaryEntry]) -> (String, GlossarySummary) {
        super::super::written(&TsvGlossary, entries)
    }

    #[test]
    fn one_line_per_entry_with_source_target_and_comment_after_a_comment_header() {
        let (text, summary) = written(&sample());
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("\u{FEFF}# tmalign glossary zh-CN -> en-US"), "{}", lines[0]);
        assert_eq!(
            lines[1],
            "常务副市长\texecutive vice-mayor\tseen 4 times, score 0.910; e.g. 常务副市长王建国主持会议。"
        );
        assert_eq!(
            lines[2],
            "市人力资源和社会保障局\tMunicipal Human Resources and Social Security Bureau\tseen 1 time, score 0.500"
        );
        assert_eq!(lines.len(), 3);
        assert_eq!(summary, GlossarySummary { written: 2, skipped: vec![] });
    }

    #[test]
    fn tabs_and_line_breaks_inside_a_term_cannot_split_the_entry() {
        let mut entries = sample();
        entries[0].target = "executive\tvice-\nmayor".into();
        entries[0].example = "第一行\r\n第二行\t完".into();
        let (text, _) = written(&entries);
        let line = text.lines().nth(1).unwrap();
        assert_eq!(line.split('\t').count(), 3, "{line}");
        assert!(line.starts_with("常务副市长\texecutive vice- mayor\t"), "{line}");
        assert!(line.ends_with("e.g. 第一行 第二行 完"), "{line}");
    }

    #[test]
    fn entries_omegat_would_drop_are_reported_not_written() {
        let mut entries = sample();
        entries[0].source = "#标签".into();
        entries[1].target = " \n ".into();
        let (text, summary) = written(&entries);
        assert_eq!(text.lines().count(), 1, "{text}");
        assert_eq!(summary.written, 0);
        assert_eq!(summary.skipped.iter().map(|s| s.index).collect::<Vec<_>>(), [0, 1]);
        assert_eq!(summary.skipped[1].reason, "empty target term");
    }
}
