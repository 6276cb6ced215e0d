//! Streaming TMX 1.4 output.
//!
//! The header carries the seven attributes the standard requires; units are
//! written as they come, so a memory of any size is written in constant
//! memory. Element order follows the DTD (`prop` before `tuv`, `seg` last).
//! Text goes through [`clean_text`](super::clean_text) and is escaped here, so
//! a caller cannot produce an ill-formed file whatever the input holds.

use std::borrow::Cow;
use std::io::{self, Write};

use quick_xml::escape::{escape, partial_escape};

use super::text::{clean_text_into, is_xml_illegal};
use super::Unit;

/// The file-level fields of a memory we write.
#[derive(Clone, Debug)]
pub struct Header {
    /// `srclang`: the tag of the source language (or `*all*`).
    pub srclang: String,
    /// `creationdate`, see [`creation_date`].
    pub creation_date: jiff::Timestamp,
}

impl Header {
    /// A header dated by [`creation_date`].
    pub fn new(srclang: impl Into<String>) -> Result<Header, BadSourceDateEpoch> {
        Ok(Header { srclang: srclang.into(), creation_date: creation_date()? })
    }
}

/// `SOURCE_DATE_EPOCH` is set but is not a number of seconds we can use.
#[derive(Debug, thiserror::Error)]
#[error("SOURCE_DATE_EPOCH={0:?} is not a valid number of seconds since 1970")]
pub struct BadSourceDateEpoch(pub String);

/// The date written as `creationdate`: `SOURCE_DATE_EPOCH` (seconds since
/// 1970, the reproducible-builds convention) when it is set, so the same input
/// gives a byte-identical memory; the current time otherwise.
pub fn creation_date() -> Result<jiff::Timestamp, BadSourceDateEpoch> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|s| jiff::Timestamp::from_second(s).ok())
            .ok_or(BadSourceDateEpoch(v)),
        Err(_) => Ok(jiff::Timestamp::now()),
    }
}

/// What a [`Writer`] wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WriteSummary {
    pub units: u64,
    /// Characters dropped because XML 1.0 cannot carry them.
    pub removed_chars: u64,
}

/// Writes a TMX 1.4 document unit by unit; call [`Writer::finish`] at the end.
pub struct Writer<W: Write> {
    out: W,
    summary: WriteSummary,
    scratch: String,
}

impl<W: Write> Writer<W> {
    /// Writes the XML declaration, the `<tmx>` root and the header.
    pub fn new(mut out: W, header: &Header) -> io::Result<Writer<W>> {
        let mut removed = 0;
        let srclang = attr(&header.srclang, &mut removed);
        let date = header.creation_date.strftime("%Y%m%dT%H%M%SZ");
        write!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n  <header \
             creationtool=\"tmalign\" creationtoolversion=\"{}\" segtype=\"sentence\" o-tmf=\"tmalign\" \
             adminlang=\"en-US\" srclang=\"{srclang}\" datatype=\"plaintext\" creationdate=\"{date}\"/>\n  <body>\n",
            env!("CARGO_PKG_VERSION")
        )?;
        Ok(Writer { out, summary: WriteSummary { units: 0, removed_chars: removed }, scratch: String::new() })
    }

    /// Writes one `<tu>`: its props, then one `<tuv>` per variant. A unit
    /// without variants is refused: TMX requires at least one `<tuv>`.
    pub fn write_unit(&mut self, unit: &Unit) -> io::Result<()> {
        if unit.variants.is_empty() {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "a TMX unit needs at least one variant"));
        }
        let removed = &mut self.summary.removed_chars;
        self.out.write_all(b"    <tu>\n")?;
        for (kind, value) in &unit.props {
            *removed += clean_text_into(value, &mut self.scratch);
            let kind = attr(kind, removed);
            writeln!(
                self.out,
                "      <prop type=\"{kind}\">{}</prop>",
                partial_escape(self.scratch.as_str())
            )?;
        }
        for v in &unit.variants {
            *removed += clean_text_into(&v.text, &mut self.scratch);
            let lang = attr(&v.lang, removed);
            writeln!(
                self.out,
                "      <tuv xml:lang=\"{lang}\"><seg>{}</seg></tuv>",
                partial_escape(self.scratch.as_str())
            )?;
        }
        self.out.write_all(b"    </tu>\n")?;
        self.summary.units += 1;
        Ok(())
    }

    /// Closes the document and flushes; returns what was written.
    pub fn finish(mut self) -> io::Result<WriteSummary> {
        self.out.write_all(b"  </body>\n</tmx>\n")?;
        self.out.flush()?;
        Ok(self.summary)
    }
}

/// An attribute value: illegal characters dropped (and counted), escaped with quotes.
fn attr<'a>(value: &'a str, removed: &mut u64) -> Cow<'a, str> {
    if value.chars().any(is_xml_illegal) {
        let kept: String = value
            .chars()
            .filter(|&c| {
                let bad = is_xml_illegal(c);
                *removed += u64::from(bad);
                !bad
            })
            .collect();
        Cow::Owned(escape(kept.as_str()).into_owned())
    } else {
        escape(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tmx::Variant;

    fn fixed_header() -> Header {
        Header {
            srclang: "zh-CN".into(),
            creation_date: jiff::Timestamp::from_second(1_700_000_000).unwrap(),
        }
    }

    #[test]
    fn header_has_every_required_attribute_and_a_basic_date() {
        let mut out = Vec::new();
        Writer::new(&mut out, &fixed_header()).unwrap().finish().unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">"));
        for a in ["creationtool=", "creationtoolversion=", "segtype=", "o-tmf=", "adminlang=", "datatype="] {
            assert!(s.contains(a), "{a}");
        }
        assert!(s.contains("srclang=\"zh-CN\""));
        assert!(s.contains("creationdate=\"20231114T221320Z\""));
    }

    #[test]
    fn a_unit_without_variants_is_refused() {
        let mut w = Writer::new(Vec::new(), &fixed_header()).unwrap();
        assert!(w.write_unit(&Unit::default()).is_err());
    }

    #[test]
    fn props_come_before_variants_and_text_is_escaped() {
        let unit = Unit {
            variants: vec![
                Variant { lang: "zh-CN".into(), text: "甲 & <乙>".into() },
                Variant { lang: "en-US".into(), text: "A\u{1} \"B\"".into() },
            ],
            props: vec![("x-score".into(), "0.5".into())],
        };
        let mut out = Vec::new();
        let mut w = Writer::new(&mut out, &fixed_header()).unwrap();
        w.write_unit(&unit).unwrap();
        let summary = w.finish().unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.find("<prop").unwrap() < s.find("<tuv").unwrap());
        assert!(s.contains("<seg>甲 &amp; &lt;乙&gt;</seg>"));
        assert!(s.contains("<seg>A \"B\"</seg>"));
        assert_eq!(summary, WriteSummary { units: 1, removed_chars: 1 });
    }
}
