//! Comma-separated glossary (RFC 4180), written with the `csv` crate.
//!
//! Columns: source term, target term, comment (as in the tab-separated
//! format), count, score and example, so a spreadsheet can sort by count or
//! score while OmegaT, which reads `.csv` glossaries too, takes the first
//! three. Fields are quoted when they hold a comma, a quote or a line break
//! (quotes doubled), and every field is quoted in a row whose source term
//! starts with `#`, which OmegaT would otherwise skip as a comment. The
//! header row's first cell starts with `#` for that same reason: OmegaT
//! skips it instead of loading a bogus entry "source".

use std::io::Write;

use super::{
    comment, kept_entries, score_text, GlossaryEntry, GlossaryError, GlossarySummary, GlossaryWriter,
    Languages, BOM,
};

/// Writes a CSV glossary with a header row.
pub struct CsvGlossary;

impl GlossaryWriter for CsvGlossary {
    fn write(
        &self,
        languages: &Languages,
        entries: &[GlossaryEntry],
        out: &mut dyn Write,
    ) -> Result<GlossarySummary, GlossaryError> {
        let (kept, summary) = kept_entries(entries, |_| None);
        out.write_all(BOM.as_bytes())?;
        let source_head = format!("#source ({})", languages.source);
        let target_head = format!("target ({})", languages.target);
        let header = [source_head.as_str(), &target_head, "comment", "count", "score", "example"];
        out.write_all(&record_bytes(&header, false)?)?;
        for (_, entry, clean) in &kept {
            let note = comment(entry, &clean.example);
            let (count, score) = (entry.count.to_string(), score_text(entry.score));
            let record = [clean.source.as_str(), &clean.target, &note, &count, &score, &clean.example];
            out.write_all(&record_bytes(&record, clean.source.starts_with('#'))?)?;
        }
        Ok(summary)
    }
}

/// One CSV record with its CRLF line end, every field quoted when
/// `quote_all`, otherwise only those that need it.
fn record_bytes(fields: &[&str], quote_all: bool) -> Result<Vec<u8>, GlossaryError> {
    let style = if quote_all { csv::QuoteStyle::Always } else { csv::QuoteStyle::Necessary };
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(style)
        .from_writer(Vec::new());
    w.write_record(fields)?;
    w.into_inner().map_err(|e| GlossaryError::Io(e.into_error()))
}

#[cfg(test)]
mod tests {
    use super::super::sample;
    use super::*;

    fn written(entries: &[GlossaryEntry]) -> String {
        super::super::written(&CsvGlossary, entries).0
    }

    #[test]
    fn a_header_row_then_one_record_per_entry() {
        let text = written(&sample());
        let rows: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(rows[0], "\u{FEFF}#source (zh-CN),target (en-US),comment,count,score,example");
        assert_eq!(
            rows[1],
            "常务副市长,executive vice-mayor,\"seen 4 times, score 0.910; e.g. 常务副市长王建国主持会议。\",4,0.910,常务副市长王建国主持会议。"
        );
        assert_eq!(rows.len(), 4, "{text:?}");
        assert_eq!(rows[3], "");
    }

    #[test]
    fn commas_and_quotes_are_quoted_as_rfc_4180_says_and_read_back_whole() {
        let mut entries = sample();
        entries[0].target = "secretary of the CPC \"X\" Municipal Committee, the".into();
        entries[1].source = "#号".into();
        let text = written(&entries);
        assert!(text.contains("\"secretary of the CPC \"\"X\"\" Municipal Committee, the\""), "{text}");
        assert!(text.contains("\r\n\"#号\",\""), "{text}");
        let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][1], "secretary of the CPC \"X\" Municipal Committee, the");
        assert_eq!(&rows[1][0], "#号");
        assert_eq!(&rows[1][3], "1");
    }
}
