//! Streaming TMX 1.4 output.
//!
//! The header carries the seven attributes the standard requires; units are
//! written as they come, so a memory of any size is written in constant
//! memory. Element order follows the DTD (`note` and `prop` before `tuv`,
//! `seg` last). Text goes through [`clean_text`](super::clean_text) and is
//! escaped here, so a caller cannot produce an ill-formed file whatever the
//! input holds.
//!
//! A unit read from a TMX file with its verbatim XML ([`Unit::verbatim`]) is
//! copied as it is, so a rewrite keeps what tmalign does not model (`tuv`
//! attributes, props and notes, inline codes). The reader has already checked
//! that it is well-formed; the one thing removed is a character XML 1.0
//! forbids (raw, or as a character reference), which some tools write and
//! which would make the whole output unreadable.

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
    /// `note`, `prop` and `ude` elements to write inside the header, as XML
    /// (e.g. [`HeaderInfo::children`](super::HeaderInfo::children) of a memory
    /// being rewritten); empty for none.
    pub children: String,
}

impl Header {
    /// A header dated by [`creation_date`].
    pub fn new(srclang: impl Into<String>) -> Result<Header, BadSourceDateEpoch> {
        Ok(Header { srclang: srclang.into(), creation_date: creation_date()?, children: String::new() })
    }

    /// The attributes [`Writer::new`] writes on the `<header>`, in that order.
    pub fn attributes(&self) -> Vec<(&'static str, String)> {
        vec![
            ("creationtool", TOOL.to_string()),
            ("creationtoolversion", VERSION.to_string()),
            ("segtype", "sentence".to_string()),
            ("o-tmf", TOOL.to_string()),
            ("adminlang", "en-US".to_string()),
            ("srclang", self.srclang.clone()),
            ("datatype", "plaintext".to_string()),
            ("creationdate", tmx_date(self.creation_date)),
        ]
    }
}

/// The header attributes that are defaults for units: a `<tu>` may carry
/// each of them too (TMX 1.4 DTD), and one that does not takes the header's.
/// The header's dates and ids are left out: they say when and by whom the
/// file was made, and a unit without its own is not thereby as old as its file.
pub const HEADER_DEFAULTS: &[&str] =
    &["creationtool", "creationtoolversion", "segtype", "o-tmf", "srclang", "datatype", "o-encoding"];

/// How TMX writes a date (`creationdate`, `changedate`): ISO 8601 basic format in UTC.
pub fn tmx_date(t: jiff::Timestamp) -> String {
    t.strftime("%Y%m%dT%H%M%SZ").to_string()
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
        out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n  <header")?;
        for (key, value) in header.attributes() {
            write!(out, " {key}=\"{}\"", attr(&value, &mut removed))?;
        }
        if header.children.is_empty() {
            out.write_all(b"/>\n  <body>\n")?;
        } else {
            let children = legal_markup(&header.children, &mut removed);
            write!(out, ">{children}</header>\n  <body>\n")?;
        }
        Ok(Writer { out, summary: WriteSummary { units: 0, removed_chars: removed }, scratch: String::new() })
    }

    /// Writes one `<tu>`: its verbatim XML when it has one, otherwise its
    /// attributes, notes, props, then one `<tuv>` per variant. A unit without
    /// variants is refused: TMX requires at least one `<tuv>`.
    pub fn write_unit(&mut self, unit: &Unit) -> io::Result<()> {
        self.write_unit_with(unit, &[])
    }

    /// [`Writer::write_unit`], adding to the `<tu>` those of `defaults` (attribute,
    /// value) it does not have: the header values of another memory the unit
    /// relied on, which the header of this one does not give.
    pub fn write_unit_with(&mut self, unit: &Unit, defaults: &[(String, String)]) -> io::Result<()> {
        if unit.variants.is_empty() {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "a TMX unit needs at least one variant"));
        }
        let removed = &mut self.summary.removed_chars;
        let missing = defaults.iter().filter(|(k, _)| unit.attribute(k).is_none());
        if let Some(rest) = unit.verbatim.strip_prefix("<tu") {
            self.out.write_all(b"    <tu")?;
            for (key, value) in missing {
                write!(self.out, " {}=\"{}\"", attr(key, removed), attr(value, removed))?;
            }
            let rest = legal_markup(rest, removed);
            self.out.write_all(rest.as_bytes())?;
            self.out.write_all(b"\n")?;
            self.summary.units += 1;
            return Ok(());
        }
        self.out.write_all(b"    <tu")?;
        for (key, value) in unit.attributes.iter().chain(missing) {
            write!(self.out, " {}=\"{}\"", attr(key, removed), attr(value, removed))?;
        }
        self.out.write_all(b">\n")?;
        for note in &unit.notes {
            *removed += clean_text_into(note, &mut self.scratch);
            writeln!(self.out, "      <note>{}</note>", partial_escape(self.scratch.as_str()))?;
        }
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

/// The name and version tmalign writes as `creationtool`, `creationtoolversion` and `o-tmf`.
const TOOL: &str = "tmalign";
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Well-formed XML with the characters XML 1.0 forbids removed (and counted):
/// raw ones, and character references to them (`&#1;`, `&#xFFFE;`), which a
/// parser rejects just the same.
fn legal_markup<'a>(xml: &'a str, removed: &mut u64) -> Cow<'a, str> {
    if !xml.chars().any(is_xml_illegal) && memchr::memmem::find(xml.as_bytes(), b"&#").is_none() {
        return Cow::Borrowed(xml);
    }
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(c) = rest.chars().next() {
        if c == '&' {
            if let Some(len) = illegal_char_ref(rest) {
                *removed += 1;
                rest = &rest[len..];
                continue;
            }
        }
        if is_xml_illegal(c) {
            *removed += 1;
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// The length of a character reference at the start of `s` that names a
/// character XML 1.0 forbids (or none at all, like `&#0;`).
fn illegal_char_ref(s: &str) -> Option<usize> {
    let body = s.strip_prefix("&#")?;
    let end = body.find(';')?;
    let digits = &body[..end];
    let code = match digits.strip_prefix('x') {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => digits.parse::<u32>().ok()?,
    };
    match char::from_u32(code) {
        Some(c) if !is_xml_illegal(c) => None,
        _ => Some(2 + end + 1),
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
            children: String::new(),
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

    fn written(header: &Header, units: &[(Unit, Vec<(String, String)>)]) -> (String, WriteSummary) {
        let mut out = Vec::new();
        let mut w = Writer::new(&mut out, header).unwrap();
        for (u, defaults) in units {
            w.write_unit_with(u, defaults).unwrap();
        }
        let summary = w.finish().unwrap();
        (String::from_utf8(out).unwrap(), summary)
    }

    fn verbatim(xml: &str) -> Unit {
        Unit {
            variants: vec![Variant { lang: "en".into(), text: "x".into() }],
            attributes: vec![("segtype".into(), "phrase".into())],
            verbatim: xml.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_verbatim_unit_is_copied_with_the_defaults_it_lacks_added() {
        let xml = "<tu segtype=\"phrase\"><note>n</note><tuv xml:lang=\"en\" changeid=\"z\"><seg>x<bpt i=\"1\">&lt;b&gt;</bpt></seg></tuv></tu>";
        let defaults = vec![("segtype".into(), "block".into()), ("o-tmf".into(), "OmegaT TMX".into())];
        let (s, _) = written(&fixed_header(), &[(verbatim(xml), defaults)]);
        let copied = xml.replacen("<tu ", "<tu o-tmf=\"OmegaT TMX\" ", 1);
        assert!(s.contains(&format!("    {copied}\n")), "{s}");
    }

    #[test]
    fn characters_xml_forbids_are_removed_from_verbatim_units() {
        let xml = "<tu><tuv xml:lang=\"en\"><seg>a\u{1}b&#x1;c&#8;&#65;&#x4E2D;&amp;</seg></tuv></tu>";
        let (s, summary) = written(&fixed_header(), &[(verbatim(xml), vec![])]);
        assert!(s.contains("<seg>abc&#65;&#x4E2D;&amp;</seg>"), "{s}");
        assert_eq!(summary.removed_chars, 3);
    }

    #[test]
    fn header_children_go_inside_the_header() {
        let header = Header { children: "\n<note>first memory</note>\n".into(), ..fixed_header() };
        let (s, _) = written(&header, &[]);
        assert!(
            s.contains("creationdate=\"20231114T221320Z\">\n<note>first memory</note>\n</header>"),
            "{s}"
        );
    }

    #[test]
    fn attributes_and_notes_of_a_built_unit_are_written() {
        let unit = Unit {
            variants: vec![Variant { lang: "en".into(), text: "x".into() }],
            attributes: vec![("tuid".into(), "a&b:1".into())],
            notes: vec!["score 87".into()],
            ..Default::default()
        };
        let (s, _) = written(&fixed_header(), &[(unit, vec![("o-tmf".into(), "X".into())])]);
        assert!(s.contains("<tu tuid=\"a&amp;b:1\" o-tmf=\"X\">\n      <note>score 87</note>\n"), "{s}");
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
            ..Default::default()
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
