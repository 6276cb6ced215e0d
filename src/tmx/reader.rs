//! Streaming TMX reader.
//!
//! A pull loop over quick-xml events fills one [`Unit`] at a time, so memory
//! depends on the longest unit, never on the number of units.
//! [`Reader::next_unit_into`] even reuses the caller's unit and its strings,
//! which makes scanning a memory nearly allocation-free.
//!
//! Inline markup inside `<seg>` is flattened to plain text: the native code
//! held by `bpt`, `ept`, `ph`, `it` and `ut` is dropped, the text of `hi` is
//! kept, and a `sub` (always inside one of the dropped codes: a footnote or
//! the alt text of an image) is dropped with it, since it is a separate flow
//! of text and not part of the sentence. The attributes, `note`s and `prop`s
//! of a `tu` become [`Unit::attributes`], [`Unit::notes`] and [`Unit::props`];
//! those of a `tuv` are not parsed.
//!
//! Nothing is lost for all that: with [`Reader::keep_verbatim`] each unit also
//! carries its whole `<tu>` element as written ([`Unit::verbatim`]), and the
//! header always carries its `note`, `prop` and `ude` children as written
//! ([`HeaderInfo::children`]). Both are recorded by the decoding layer as the
//! parser consumes them, so they come out in UTF-8 whatever the file's
//! encoding, at the cost of one copy of each unit's bytes.
//!
//! Reading is strict by default: what XML 1.0 forbids and quick-xml lets
//! through ends the stream with an error naming the line and column: a
//! character outside XML's `Char` production (raw, see the decoding layer,
//! or as a character reference such as `&#x1B;` or `&#0;`), `]]>` in text,
//! and any element or text after the root element closes (`cat a.tmx
//! b.tmx`; comments, processing instructions and whitespace may follow).
//! With [`Reader::lenient`] such characters are dropped, `]]>` is read as
//! the text it spells, and reading stops at the root's end; [`Reader::dropped`]
//! counts what was dropped so that the caller can say so.
//!
//! Errors come in two kinds. A unit that is well-formed XML but not a usable
//! TMX unit (a `tu` without `tuv`, a `tuv` without language or `seg`, an
//! undefined entity) is reported as an `Err` item and reading goes on with the
//! next unit. Anything that breaks the XML itself (a truncated file, unclosed
//! or mismatched tags, bad bytes, a file that is not TMX) ends the stream.

use std::borrow::Cow;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};

use super::decode::{DecodeError, Decoded, IllegalChar, Source, UnknownEncoding};
use super::text::is_xml_illegal;
use super::Unit;

/// Where in a file something went wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    /// Byte offset in the file as decoded to UTF-8.
    pub offset: u64,
    /// 1-based line, when known (errors far behind the parser have none).
    pub line: Option<u64>,
    /// 1-based column in characters, when known.
    pub column: Option<u64>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "line {l}, column {c}"),
            (Some(l), None) => write!(f, "line {l}"),
            _ => write!(f, "byte {}", self.offset),
        }
    }
}

/// A TMX file that could not be read, or a unit in it that is not usable.
#[derive(Debug, thiserror::Error)]
pub enum TmxError {
    #[error("{path}: {source}")]
    Open {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("read failed: {0}")]
    Io(#[source] io::Error),
    /// The file is not well-formed XML, not TMX, or not text: reading stops.
    #[error("{at}: {message}")]
    Malformed { at: Location, message: String },
    /// The XML declaration names an encoding that is not known.
    #[error("{0}")]
    UnknownEncoding(String),
    /// One unit is unusable; reading goes on with the next one.
    #[error("{at}: {message}")]
    BadUnit { at: Location, message: String },
}

impl TmxError {
    /// True when reading cannot go on after this error.
    pub fn is_fatal(&self) -> bool {
        !matches!(self, TmxError::BadUnit { .. })
    }
}

/// What a lenient [`Reader`] dropped or repaired instead of failing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Dropped {
    /// Raw characters XML 1.0 forbids (C0 controls other than tab, line
    /// feed and carriage return; U+FFFE, U+FFFF), removed.
    pub chars: u64,
    /// Character references to such characters (`&#x1B;`, `&#0;`), removed
    /// (from texts and attribute values).
    pub char_refs: u64,
    /// `]]>` in text, read as the three characters it spells.
    pub cdata_ends: u64,
    /// Where content after the root element began: it was not read.
    pub trailing: Option<Location>,
}

impl Dropped {
    /// True when nothing was dropped or repaired.
    pub fn is_empty(&self) -> bool {
        *self == Dropped::default()
    }
}

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: u64| if n == 1 { "" } else { "s" };
        let mut parts = Vec::new();
        if self.chars > 0 {
            parts.push(format!("dropped {} character{} XML forbids", self.chars, plural(self.chars)));
        }
        if self.char_refs > 0 {
            let n = self.char_refs;
            parts.push(format!("dropped {n} character reference{} to such characters", plural(n)));
        }
        if self.cdata_ends > 0 {
            parts.push(format!("read {} `]]>` in text as text", self.cdata_ends));
        }
        if let Some(at) = self.trailing {
            parts.push(format!("ignored the content after the root element (from {at})"));
        }
        if parts.is_empty() {
            return f.write_str("nothing dropped");
        }
        write!(f, "lenient reading {}", parts.join(", "))
    }
}

/// The attributes of the `<header>` (and the `version` of `<tmx>`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeaderInfo {
    pub version: String,
    pub attributes: Vec<(String, String)>,
    /// The content of the `<header>` element as written (its `note`, `prop`
    /// and `ude` children with the whitespace between them), in UTF-8.
    pub children: String,
}

impl HeaderInfo {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ctx {
    Prolog,
    Tmx,
    Header,
    Body,
    Tu,
    Tuv,
    Seg,
    Prop,
    Note,
    Epilog,
}

/// Reads the units of a TMX document one by one.
pub struct Reader<R: BufRead> {
    xml: Option<quick_xml::Reader<Decoded<Source<R>>>>,
    pending: Option<TmxError>,
    done: bool,
    buf: Vec<u8>,
    header: Option<HeaderInfo>,
    ctx: Ctx,
    /// Depth inside an element whose content is ignored (0: not skipping).
    skip: usize,
    /// Depth of `hi` elements inside the current `seg`.
    hi: usize,
    variants: usize,
    props: usize,
    attributes: usize,
    notes: usize,
    seg_seen: bool,
    /// Whether units carry their verbatim XML.
    keep_verbatim: bool,
    /// Bytes captured before the event being handled.
    mark: usize,
    /// Bytes captured up to the end of the `<header>` start tag.
    header_open: usize,
    /// Where the current `<tu>` began, for problems found at its end.
    tu_start: u64,
    problem: Option<TmxError>,
    lenient: bool,
    dropped: Dropped,
}

/// Opens a TMX file for reading.
pub fn read_file(path: impl AsRef<Path>) -> Result<Reader<BufReader<File>>, TmxError> {
    let path = path.as_ref();
    let file =
        File::open(path).map_err(|source| TmxError::Open { path: path.display().to_string(), source })?;
    Ok(Reader::new(BufReader::with_capacity(64 * 1024, file)))
}

/// Reads only the header of a TMX file.
pub fn read_header(path: impl AsRef<Path>) -> Result<Option<HeaderInfo>, TmxError> {
    let mut reader = read_file(path)?;
    Ok(reader.read_header()?.cloned())
}

enum Stop {
    Unit,
    Header,
    Eof,
}

impl<R: BufRead> Reader<R> {
    pub fn new(mut inner: R) -> Reader<R> {
        // A binary file is no XML in any encoding: say what it is rather
        // than where the XML parser first stumbles (a NUL at column 8).
        let binary = inner.fill_buf().ok().and_then(crate::input::binary_kind).map(|kind| {
            let advice = if kind.starts_with("tmalign index") {
                "; lookup and concord take it with --tm, commands that read TMX need the TMX it was built from"
            } else if kind == "gzip" {
                "; decompress it first"
            } else {
                ""
            };
            TmxError::Malformed {
                at: Location { offset: 0, line: Some(1), column: Some(1) },
                message: format!("this is a {kind} file, not TMX{advice}"),
            }
        });
        let (xml, pending) = match Decoded::new(inner) {
            Ok(d) => {
                let mut xml = quick_xml::Reader::from_reader(d);
                xml.config_mut().expand_empty_elements = true;
                (Some(xml), None)
            }
            Err(e) => (None, Some(open_error(e))),
        };
        let (xml, pending) = match binary {
            Some(e) => (None, Some(e)),
            None => (xml, pending),
        };
        Reader {
            xml,
            pending,
            done: false,
            buf: Vec::with_capacity(4096),
            header: None,
            ctx: Ctx::Prolog,
            skip: 0,
            hi: 0,
            variants: 0,
            props: 0,
            attributes: 0,
            notes: 0,
            seg_seen: false,
            keep_verbatim: false,
            mark: 0,
            header_open: 0,
            tu_start: 0,
            problem: None,
            lenient: false,
            dropped: Dropped::default(),
        }
    }

    /// Drops what XML 1.0 forbids instead of failing (see the module
    /// documentation); [`Reader::dropped`] counts it.
    pub fn lenient(mut self, lenient: bool) -> Reader<R> {
        self.lenient = lenient;
        if let Some(xml) = self.xml.as_mut() {
            xml.get_mut().set_lenient(lenient);
        }
        self
    }

    /// What a lenient reader dropped so far.
    pub fn dropped(&self) -> Dropped {
        let chars = self.xml.as_ref().map_or(0, |x| x.get_ref().removed());
        Dropped { chars, ..self.dropped }
    }

    /// Content after the root element: an error, or the end of reading.
    fn trailing(&mut self, at: u64) -> Result<Stop, TmxError> {
        if self.lenient {
            self.dropped.trailing = Some(self.location(at));
            return Ok(Stop::Eof);
        }
        Err(self.malformed(
            at,
            "content after the end of the root element <tmx> (two files concatenated?); \
             use --lenient to ignore it",
        ))
    }

    /// An attribute value without the characters XML forbids (which only a
    /// character reference can bring, the decoder having checked the rest).
    fn legal_value<'v>(&mut self, value: Cow<'v, str>, at: u64) -> Result<Cow<'v, str>, TmxError> {
        // A value borrowed from the file had no reference to resolve.
        if matches!(value, Cow::Borrowed(_)) || !value.chars().any(is_xml_illegal) {
            return Ok(value);
        }
        if !self.lenient {
            let c = value.chars().find(|&c| is_xml_illegal(c)).unwrap_or('\0');
            return Err(self.malformed(
                at,
                format!(
                    "an attribute value holds a reference to U+{:04X}, a character XML 1.0 forbids \
                     (use --lenient to drop it)",
                    u32::from(c)
                ),
            ));
        }
        self.dropped.char_refs += value.chars().filter(|&c| is_xml_illegal(c)).count() as u64;
        Ok(Cow::Owned(value.chars().filter(|&c| !is_xml_illegal(c)).collect()))
    }

    /// Makes every unit carry its `<tu>` element as written ([`Unit::verbatim`]).
    pub fn keep_verbatim(mut self, keep: bool) -> Reader<R> {
        self.keep_verbatim = keep;
        self
    }

    /// The header, once the reader has gone past it.
    pub fn header(&self) -> Option<&HeaderInfo> {
        self.header.as_ref()
    }

    /// Reads up to the end of the header (or the start of the body when
    /// there is none) and returns it.
    pub fn read_header(&mut self) -> Result<Option<&HeaderInfo>, TmxError> {
        if self.header.is_none() && matches!(self.ctx, Ctx::Prolog | Ctx::Tmx | Ctx::Header) {
            let mut scratch = Unit::default();
            if let Some(Err(e)) = self.pump(&mut scratch, true) {
                return Err(e);
            }
        }
        Ok(self.header.as_ref())
    }

    /// Reads the next unit into `unit`, reusing its allocations. `None` at
    /// the end of the document (or after a fatal error was returned). After
    /// an `Err`, what `unit` holds is unspecified.
    pub fn next_unit_into(&mut self, unit: &mut Unit) -> Option<Result<(), TmxError>> {
        self.pump(unit, false)
    }

    /// Appends text to the segment, prop or note being read.
    fn push(&self, unit: &mut Unit, s: &str) {
        let target = match self.ctx {
            Ctx::Seg => unit.variants.get_mut(self.variants).map(|v| &mut v.text),
            Ctx::Prop => unit.props.get_mut(self.props).map(|p| &mut p.1),
            Ctx::Note => unit.notes.get_mut(self.notes),
            _ => None,
        };
        if let Some(t) = target {
            t.push_str(s);
        }
    }

    /// TMX 1.4 deprecates `lang` for `xml:lang` (on `tuv`, `note`, `prop`), and
    /// its DTD requires `xml:lang` on a `tuv`: TMX 1.1 files, like OmegaT's
    /// own project memory, use `lang`. The verbatim copy of a unit, which
    /// goes into a 1.4 document, says `xml:lang` instead; nothing else changes.
    fn upgrade_lang(&mut self, e: &BytesStart<'_>) {
        let (mut lang, mut xml_lang) = (false, false);
        for a in e.attributes().flatten() {
            match a.key.as_ref() {
                "lang" => lang = true,
                "xml:lang" => xml_lang = true,
                _ => {}
            }
        }
        if !lang || xml_lang {
            return;
        }
        let mark = self.mark;
        if let Some(xml) = self.xml.as_mut() {
            xml.get_mut().rename_attribute(mark, b"lang", b"xml:lang");
        }
    }

    fn captured_len(&self) -> usize {
        self.xml.as_ref().map_or(0, |x| x.get_ref().captured().len())
    }

    fn location(&self, offset: u64) -> Location {
        let (line, column) = self.xml.as_ref().map_or((None, None), |x| x.get_ref().locate(offset));
        Location { offset, line, column }
    }

    fn malformed(&mut self, offset: u64, message: impl Into<String>) -> TmxError {
        self.done = true;
        TmxError::Malformed { at: self.location(offset), message: one_line(message.into()) }
    }

    fn bad_unit(&mut self, offset: u64, message: impl Into<String>) {
        if self.problem.is_none() {
            let message = one_line(message.into());
            self.problem = Some(TmxError::BadUnit { at: self.location(offset), message });
        }
    }

    fn pump(&mut self, unit: &mut Unit, until_header: bool) -> Option<Result<(), TmxError>> {
        if let Some(e) = self.pending.take() {
            self.done = true;
            return Some(Err(e));
        }
        if self.done {
            return None;
        }
        match self.run(unit, until_header) {
            Ok(Stop::Unit) => match self.problem.take() {
                Some(p) => Some(Err(p)),
                None => Some(Ok(())),
            },
            Ok(Stop::Header) => Some(Ok(())),
            Ok(Stop::Eof) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }

    fn run(&mut self, unit: &mut Unit, until_header: bool) -> Result<Stop, TmxError> {
        let mut buf = std::mem::take(&mut self.buf);
        let result = self.run_with(unit, until_header, &mut buf);
        self.buf = buf;
        result
    }

    fn run_with(&mut self, unit: &mut Unit, until_header: bool, buf: &mut Vec<u8>) -> Result<Stop, TmxError> {
        loop {
            buf.clear();
            let Some(xml) = self.xml.as_mut() else { return Ok(Stop::Eof) };
            // Between elements whose text is kept, recording restarts at every
            // event, so it holds exactly the next `<header>` or `<tu>` element.
            let decoded = xml.get_mut();
            match self.ctx {
                Ctx::Tmx => decoded.capture_from_here(),
                Ctx::Body if self.keep_verbatim => decoded.capture_from_here(),
                Ctx::Prolog | Ctx::Body | Ctx::Epilog => decoded.stop_capture(),
                _ => {}
            }
            self.mark = decoded.captured().len();
            let before = xml.buffer_position();
            let event = match xml.read_event_into(buf) {
                Ok(e) => e,
                Err(e) => {
                    let at = xml.error_position();
                    let consumed = xml.get_ref().consumed();
                    return Err(self.xml_error(e, at, consumed));
                }
            };
            match event {
                Event::Start(e) => {
                    if self.ctx == Ctx::Epilog {
                        return self.trailing(before);
                    }
                    if self.keep_verbatim && !matches!(self.ctx, Ctx::Prolog | Ctx::Tmx | Ctx::Header) {
                        self.upgrade_lang(&e);
                    }
                    if self.skip > 0 {
                        self.skip += 1;
                        continue;
                    }
                    if let Some(stop) = self.start(&e, before, unit, until_header)? {
                        return Ok(stop);
                    }
                }
                Event::End(e) => {
                    if self.skip > 0 {
                        self.skip -= 1;
                        continue;
                    }
                    if let Some(stop) = self.end(e.name().as_ref(), before, unit, until_header) {
                        return Ok(stop);
                    }
                }
                Event::Text(t) => {
                    if self.ctx == Ctx::Epilog {
                        let text: &str = &t;
                        let blank = text.len() - text.trim_start_matches([' ', '\t', '\n', '\r']).len();
                        if blank < text.len() {
                            return self.trailing(before + blank as u64);
                        }
                        continue;
                    }
                    // The decoder noted where `]]>` occurs; most are ends
                    // of CDATA sections, outside any text.
                    let end = before + t.len() as u64;
                    let cdata_end = self.xml.as_mut().and_then(|x| x.get_mut().cdata_end_within(before, end));
                    if let Some(at) = cdata_end {
                        if !self.lenient {
                            return Err(self.malformed(
                                at,
                                "`]]>` in text (write `]]&gt;`; use --lenient to read it as text)",
                            ));
                        }
                        self.dropped.cdata_ends +=
                            memchr::memmem::find_iter(t.as_bytes(), b"]]>").count() as u64;
                        // The verbatim copy must stay well-formed too.
                        let mark = self.mark;
                        if let Some(xml) = self.xml.as_mut() {
                            xml.get_mut().replace_in_capture(mark, b"]]>", b"]]&gt;");
                        }
                    }
                    if self.skip > 0 {
                        continue;
                    }
                    match self.ctx {
                        Ctx::Seg | Ctx::Prop | Ctx::Note => self.push(unit, &t.xml10_content()),
                        Ctx::Prolog if !t.trim_ascii().is_empty() => {
                            return Err(
                                self.malformed(before, "not an XML document: text before the root element")
                            );
                        }
                        _ => {}
                    }
                }
                Event::CData(t) => {
                    if self.ctx == Ctx::Epilog {
                        return self.trailing(before);
                    }
                    if self.skip == 0 {
                        self.push(unit, &t.xml10_content());
                    }
                }
                Event::GeneralRef(r) => {
                    if self.ctx == Ctx::Epilog {
                        return self.trailing(before);
                    }
                    // A reference to a character XML forbids is an error
                    // wherever it is, even in content that is skipped.
                    if r.is_char_ref() {
                        let legal = matches!(r.resolve_char_ref(), Ok(Some(c)) if !is_xml_illegal(c));
                        if !legal {
                            if !self.lenient {
                                let name = one_line(r.as_ref().to_string());
                                return Err(self.malformed(
                                    before,
                                    format!(
                                        "&{name}; is not a character XML 1.0 allows \
                                         (use --lenient to drop such references)"
                                    ),
                                ));
                            }
                            self.dropped.char_refs += 1;
                            continue;
                        }
                    }
                    if self.skip > 0 || !matches!(self.ctx, Ctx::Seg | Ctx::Prop | Ctx::Note) {
                        continue;
                    }
                    // XML knows its five entities only (a TMX file has no
                    // DTD subset declaring more): `&nbsp;` is an error here.
                    let mut tmp = [0u8; 4];
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(&*c.encode_utf8(&mut tmp)),
                        Ok(None) => quick_xml::escape::resolve_xml_entity(&r),
                        Err(_) => None,
                    };
                    match resolved {
                        Some(s) => self.push(unit, s),
                        None => {
                            let name = r.as_ref().to_string();
                            self.bad_unit(
                                before,
                                format!("undefined entity or bad character reference &{name};"),
                            );
                        }
                    }
                }
                Event::Eof => {
                    return match self.ctx {
                        Ctx::Epilog => Ok(Stop::Eof),
                        Ctx::Prolog => Err(self.malformed(before, "not a TMX file: no root element")),
                        _ => {
                            let consumed = self.xml.as_ref().map_or(before, |x| x.get_ref().consumed());
                            Err(self.malformed(consumed, "unexpected end of file: the document is truncated"))
                        }
                    };
                }
                // An XML declaration or a doctype after the root: a second
                // document appended to the first.
                Event::Decl(_) | Event::DocType(_) if self.ctx == Ctx::Epilog => {
                    return self.trailing(before);
                }
                Event::Empty(_) | Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
            }
        }
    }

    fn start(
        &mut self,
        e: &BytesStart<'_>,
        at: u64,
        unit: &mut Unit,
        until_header: bool,
    ) -> Result<Option<Stop>, TmxError> {
        let name = e.name();
        let name = name.as_ref();
        match (self.ctx, name) {
            (Ctx::Prolog, "tmx") => {
                let version = attribute(e, &["version"]).map(Cow::into_owned).unwrap_or_default();
                self.header = Some(HeaderInfo { version, ..Default::default() });
                self.ctx = Ctx::Tmx;
            }
            (Ctx::Prolog, other) => {
                let other = other.to_string();
                return Err(
                    self.malformed(at, format!("not a TMX file: the root element is <{other}>, not <tmx>"))
                );
            }
            (Ctx::Tmx, "header") => {
                let mut info = self.header.take().unwrap_or_default();
                for a in e.attributes().flatten() {
                    let key = a.key.as_ref().to_string();
                    let value = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap_or_default();
                    let value = self.legal_value(value, at)?;
                    info.attributes.push((key, value.into_owned()));
                }
                self.header = Some(info);
                self.header_open = self.captured_len();
                self.ctx = Ctx::Header;
            }
            (Ctx::Tmx, "body") => {
                self.ctx = Ctx::Body;
                if until_header {
                    return Ok(Some(Stop::Header));
                }
            }
            (Ctx::Body, "tu") => {
                self.ctx = Ctx::Tu;
                self.tu_start = at;
                self.variants = 0;
                self.props = 0;
                self.attributes = 0;
                self.notes = 0;
                self.problem = None;
                for a in e.attributes().flatten() {
                    let value = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap_or_default();
                    let value = self.legal_value(value, at)?;
                    set_pair(&mut unit.attributes, self.attributes, a.key.as_ref(), &value);
                    self.attributes += 1;
                }
            }
            (Ctx::Tu, "note") => {
                if self.notes < unit.notes.len() {
                    unit.notes[self.notes].clear();
                } else {
                    unit.notes.push(String::new());
                }
                self.ctx = Ctx::Note;
            }
            (Ctx::Tu, "prop") => {
                let kind = attribute(e, &["type"]).unwrap_or_default();
                let kind = self.legal_value(kind, at)?;
                set_pair(&mut unit.props, self.props, &kind, "");
                self.ctx = Ctx::Prop;
            }
            (Ctx::Tu, "tuv") => {
                let lang = match attribute(e, &["xml:lang", "lang"]) {
                    Some(l) => Some(self.legal_value(l, at)?),
                    None => None,
                };
                if lang.is_none() {
                    self.bad_unit(at, "<tuv> without xml:lang");
                }
                let lang = lang.unwrap_or_default();
                if self.variants < unit.variants.len() {
                    let slot = &mut unit.variants[self.variants];
                    slot.lang.clear();
                    slot.lang.push_str(&lang);
                    slot.text.clear();
                } else {
                    unit.variants.push(super::Variant { lang: lang.into_owned(), text: String::new() });
                }
                self.seg_seen = false;
                self.ctx = Ctx::Tuv;
            }
            (Ctx::Tuv, "seg") => {
                if self.seg_seen {
                    self.bad_unit(at, "<tuv> with more than one <seg>");
                }
                self.seg_seen = true;
                self.hi = 0;
                self.ctx = Ctx::Seg;
            }
            (Ctx::Seg, "hi") => self.hi += 1,
            // Everything else is skipped with its content: notes, props of
            // headers and tuvs, native codes inside segments, unknown elements.
            _ => self.skip = 1,
        }
        Ok(None)
    }

    fn end(&mut self, name: &str, at: u64, unit: &mut Unit, until_header: bool) -> Option<Stop> {
        match (self.ctx, name) {
            (Ctx::Seg, "hi") if self.hi > 0 => self.hi -= 1,
            (Ctx::Seg, "seg") => self.ctx = Ctx::Tuv,
            (Ctx::Prop, _) => {
                self.props += 1;
                self.ctx = Ctx::Tu;
            }
            (Ctx::Note, _) => {
                self.notes += 1;
                self.ctx = Ctx::Tu;
            }
            (Ctx::Tuv, _) => {
                if !self.seg_seen {
                    self.bad_unit(at, "<tuv> without <seg>");
                }
                self.variants += 1;
                self.ctx = Ctx::Tu;
            }
            (Ctx::Tu, _) => {
                unit.variants.truncate(self.variants);
                unit.props.truncate(self.props);
                unit.attributes.truncate(self.attributes);
                unit.notes.truncate(self.notes);
                unit.verbatim.clear();
                if self.keep_verbatim {
                    let captured = self.xml.as_ref().map_or(&[][..], |x| x.get_ref().captured());
                    // Decoded text is UTF-8 by construction; should that ever
                    // fail, the unit is written from its parsed fields instead.
                    unit.verbatim.push_str(std::str::from_utf8(captured).unwrap_or_default());
                }
                if self.variants == 0 {
                    self.bad_unit(self.tu_start, "<tu> without <tuv>");
                }
                self.ctx = Ctx::Body;
                return Some(Stop::Unit);
            }
            (Ctx::Header, _) => {
                self.ctx = Ctx::Tmx;
                let (open, close) = (self.header_open, self.mark);
                if let (Some(xml), Some(header)) = (self.xml.as_ref(), self.header.as_mut()) {
                    let children = xml.get_ref().captured().get(open..close).unwrap_or_default();
                    header.children = String::from_utf8_lossy(children).into_owned();
                }
                if until_header {
                    return Some(Stop::Header);
                }
            }
            (Ctx::Body, _) => self.ctx = Ctx::Tmx,
            (Ctx::Tmx, _) => self.ctx = Ctx::Epilog,
            _ => {}
        }
        None
    }

    fn xml_error(&mut self, e: quick_xml::Error, at: u64, consumed: u64) -> TmxError {
        match e {
            quick_xml::Error::Io(io) => {
                if let Some(c) = io.get_ref().and_then(|x| x.downcast_ref::<IllegalChar>()) {
                    let (offset, message) = (c.offset, c.to_string());
                    return self.malformed(offset, message);
                }
                if let Some(d) = io.get_ref().and_then(|x| x.downcast_ref::<DecodeError>()) {
                    let message = d.to_string();
                    return self.malformed(consumed, message);
                }
                self.done = true;
                TmxError::Io(io::Error::new(io.kind(), io.to_string()))
            }
            quick_xml::Error::Encoding(e) => self.malformed(at, format!("not text: {e}")),
            // Every syntax error quick-xml reports is markup cut by the end of the input.
            quick_xml::Error::Syntax(e) => {
                self.malformed(at, format!("unexpected end of file: {e}; the document is truncated"))
            }
            other => self.malformed(at, format!("malformed XML: {other}")),
        }
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Result<Unit, TmxError>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut unit = Unit::default();
        self.next_unit_into(&mut unit).map(|r| r.map(|()| unit))
    }
}

/// Maps an error from setting up the decoder.
fn open_error(e: io::Error) -> TmxError {
    match e.get_ref().and_then(|x| x.downcast_ref::<UnknownEncoding>()) {
        Some(u) => TmxError::UnknownEncoding(u.to_string()),
        None => TmxError::Io(e),
    }
}

/// The value of the first of `names` present on the element.
fn attribute<'e>(e: &'e BytesStart<'_>, names: &[&str]) -> Option<Cow<'e, str>> {
    let mut found: Option<(usize, Cow<'e, str>)> = None;
    for a in e.attributes().flatten() {
        if let Some(rank) = names.iter().position(|n| *n == a.key.as_ref()) {
            if found.as_ref().is_none_or(|(r, _)| rank < *r) {
                let v = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok()?;
                found = Some((rank, v));
            }
        }
    }
    found.map(|(_, v)| v)
}

/// A message that quotes the file's text, with its control characters
/// escaped so that an error stays on one line.
fn one_line(message: String) -> String {
    if !message.chars().any(char::is_control) {
        return message;
    }
    message.chars().flat_map(|c| if c.is_control() { c.escape_debug().collect() } else { vec![c] }).collect()
}

/// Sets the `index`-th pair of a reused list (growing it when needed).
fn set_pair(list: &mut Vec<(String, String)>, index: usize, key: &str, value: &str) {
    if let Some(slot) = list.get_mut(index) {
        slot.0.clear();
        slot.0.push_str(key);
        slot.1.clear();
        slot.1.push_str(value);
    } else {
        list.push((key.to_string(), value.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(doc: &[u8]) -> Vec<Result<Unit, TmxError>> {
        Reader::new(doc).collect()
    }

    fn texts(unit: &Unit) -> Vec<(&str, &str)> {
        unit.variants.iter().map(|v| (v.lang.as_str(), v.text.as_str())).collect()
    }

    const DOC: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="zh-CN" creationtool="x"><prop type="h">skip</prop></header>
<body>
<tu tuid="1"><note>n</note><prop type="x-score">0.9</prop>
  <tuv xml:lang="zh-CN"><prop type="t">no</prop><seg>他说&lt;你好&gt; &amp; &#x4E2D;</seg></tuv>
  <tuv lang="EN-us"><seg>He <hi>said</hi> <bpt i="1">&lt;b&gt;</bpt>hi<ept i="1">&lt;/b&gt;</ept><ph>&lt;img/&gt;<sub>alt</sub></ph>!</seg></tuv>
  <tuv xml:lang="fr"><seg><![CDATA[a<b]]></seg></tuv>
</tu>
</body></tmx>"#;

    #[test]
    fn inline_codes_are_dropped_and_highlighted_text_kept() {
        let units = read_all(DOC.as_bytes());
        assert_eq!(units.len(), 1);
        let u = units[0].as_ref().unwrap();
        assert_eq!(texts(u), vec![("zh-CN", "他说<你好> & 中"), ("EN-us", "He said hi!"), ("fr", "a<b")]);
        assert_eq!(u.props, vec![("x-score".to_string(), "0.9".to_string())]);
    }

    #[test]
    fn header_is_available_before_the_units() {
        let mut r = Reader::new(DOC.as_bytes());
        let h = r.read_header().unwrap().unwrap();
        assert_eq!(h.version, "1.4");
        assert_eq!(h.get("srclang"), Some("zh-CN"));
        assert_eq!(r.count(), 1);
    }

    #[test]
    fn utf16_file_with_bom_reads_like_utf8() {
        let doc = DOC.replace("UTF-8", "UTF-16");
        let mut bytes = vec![0xFF, 0xFE];
        for u in doc.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let units = read_all(&bytes);
        assert_eq!(texts(units[0].as_ref().unwrap())[0], ("zh-CN", "他说<你好> & 中"));
    }

    fn fatal_message(doc: &str) -> String {
        let items = read_all(doc.as_bytes());
        let last = items.into_iter().last().expect("an error item");
        let err = last.expect_err("the last item is an error");
        assert!(err.is_fatal(), "{err}");
        err.to_string()
    }

    #[test]
    fn truncated_file_is_a_fatal_error_with_position() {
        let cut = &DOC[..DOC.find("<tuv lang").unwrap()];
        let msg = fatal_message(cut);
        assert!(msg.contains("truncated") && msg.starts_with("line 6, column 3"), "{msg}");
    }

    #[test]
    fn mismatched_tags_are_reported_with_line_and_column() {
        let msg = fatal_message(
            "<tmx version=\"1.4\">\n<body>\n<tu><tuv xml:lang=\"en\"><seg>x</tuv></tu></body></tmx>",
        );
        assert!(msg.starts_with("line 3, column"), "{msg}");
        assert!(msg.contains("seg"), "{msg}");
    }

    #[test]
    fn other_documents_are_not_tmx() {
        assert!(fatal_message("<html><body/></html>").contains("not a TMX file"));
        assert!(fatal_message("hello, world").contains("not an XML document"));
        assert!(fatal_message("").contains("no root element"));
        assert!(fatal_message("<?xml version=\"1.0\" encoding=\"x-nope\"?><tmx/>").contains("x-nope"));
        assert!(
            fatal_message("<tmx><body><tu><tuv xml:lang=\"en\"><seg>\u{FFFD}</seg>").contains("truncated")
        );
    }

    #[test]
    fn unusable_units_are_skipped_and_reading_goes_on() {
        let doc = "<tmx version=\"1.4\"><body>\n<tu></tu>\n<tu><tuv><seg>a</seg></tuv></tu>\n<tu><tuv xml:lang=\"en\"/></tu>\n\
                   <tu><tuv xml:lang=\"en\"><seg>&nbsp;</seg></tuv></tu>\n<tu><tuv xml:lang=\"en\"><seg>ok</seg></tuv></tu></body></tmx>";
        let items = read_all(doc.as_bytes());
        assert_eq!(items.len(), 5);
        let messages: Vec<String> =
            items[..4].iter().map(|r| r.as_ref().err().map(|e| e.to_string()).unwrap_or_default()).collect();
        assert!(messages[0].starts_with("line 2, column 1: <tu> without <tuv>"), "{messages:?}");
        assert!(messages[1].contains("without xml:lang"), "{messages:?}");
        assert!(messages[2].contains("without <seg>"), "{messages:?}");
        assert!(messages[3].contains("&nbsp;"), "{messages:?}");
        assert_eq!(texts(items[4].as_ref().unwrap()), vec![("en", "ok")]);
    }

    #[test]
    fn a_reused_unit_holds_only_the_latest_unit() {
        let doc = "<tmx version=\"1.4\"><body>\
            <tu><prop type=\"a\">1</prop><prop type=\"b\">2</prop><tuv xml:lang=\"zh\"><seg>长的</seg></tuv><tuv xml:lang=\"en\"><seg>long</seg></tuv></tu>\
            <tu><tuv xml:lang=\"en\"><seg>x</seg></tuv></tu></body></tmx>";
        let mut r = Reader::new(doc.as_bytes());
        let mut unit = Unit::default();
        r.next_unit_into(&mut unit).unwrap().unwrap();
        assert_eq!(unit.variants.len(), 2);
        r.next_unit_into(&mut unit).unwrap().unwrap();
        assert_eq!(texts(&unit), vec![("en", "x")]);
        assert!(unit.props.is_empty());
        assert!(r.next_unit_into(&mut unit).is_none());
    }

    #[test]
    fn tu_attributes_and_notes_are_read() {
        let u = read_all(DOC.as_bytes()).remove(0).unwrap();
        assert_eq!(u.attributes, vec![("tuid".to_string(), "1".to_string())]);
        assert_eq!(u.attribute("tuid"), Some("1"));
        assert_eq!(u.notes, vec!["n".to_string()]);
        assert!(u.verbatim.is_empty(), "only kept when asked for");
    }

    #[test]
    fn a_unit_keeps_its_xml_exactly_as_written_when_asked() {
        let u = Reader::new(DOC.as_bytes()).keep_verbatim(true).next().unwrap().unwrap();
        let start = DOC.find("<tu tuid").unwrap();
        let end = DOC.find("</tu>").unwrap() + "</tu>".len();
        // `lang` (TMX 1.1) is the one thing upgraded, to 1.4's `xml:lang`.
        assert_eq!(u.verbatim, DOC[start..end].replace("<tuv lang=", "<tuv xml:lang="));
        assert_eq!(texts(&u)[1], ("EN-us", "He said hi!"));
    }

    #[test]
    fn the_header_keeps_its_children_as_written() {
        let mut r = Reader::new(DOC.as_bytes());
        assert_eq!(r.read_header().unwrap().unwrap().children, "<prop type=\"h\">skip</prop>");
        let empty = "<tmx version=\"1.4\"><header srclang=\"en\"/><body></body></tmx>";
        assert_eq!(Reader::new(empty.as_bytes()).read_header().unwrap().unwrap().children, "");
    }

    #[test]
    fn verbatim_units_longer_than_a_decoded_chunk_are_whole_and_utf8_from_utf16() {
        let long = "长".repeat(100_000);
        let unit =
            format!("<tu>\n <tuv xml:lang=\"zh\"><seg>{long}<ph x=\"1\">&lt;br/&gt;</ph></seg></tuv></tu>");
        let doc = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?><tmx version=\"1.4\"><body>{unit}{unit}</body></tmx>"
        );
        let mut bytes = vec![0xFF, 0xFE];
        for u in doc.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let units: Vec<Unit> = Reader::new(&bytes[..]).keep_verbatim(true).collect::<Result<_, _>>().unwrap();
        assert_eq!(units.len(), 2);
        assert!(units.iter().all(|u| u.verbatim == unit));
    }

    #[test]
    fn invalid_utf8_is_fatal_and_located() {
        let mut doc = b"<tmx version=\"1.4\"><body>\n<tu><tuv xml:lang=\"en\"><seg>a".to_vec();
        doc.extend_from_slice(b"\xC3\x28</seg></tuv></tu></body></tmx>");
        let err = read_all(&doc).into_iter().last().unwrap().unwrap_err();
        assert!(err.to_string().contains("invalid UTF-8"), "{err}");
    }

    /// The one unit of `DOC_WITH` with `seg` as its English segment, and
    /// `extra` after the root.
    fn doc_with(seg: &str, extra: &str) -> String {
        format!(
            "<tmx version=\"1.4\"><body>\n<tu tuid=\"1\"><tuv xml:lang=\"en\"><seg>{seg}</seg></tuv></tu>\n</body></tmx>{extra}"
        )
    }

    /// Reads `doc` leniently: the English texts and what was dropped.
    fn lenient(doc: &str) -> (Vec<String>, Dropped) {
        let mut r = Reader::new(doc.as_bytes()).lenient(true);
        let texts = r.by_ref().map(|u| u.unwrap().variants[0].text.clone()).collect();
        (texts, r.dropped())
    }

    #[test]
    fn content_after_the_root_is_an_error_unless_lenient() {
        let doc = doc_with("a", "\n<!-- fine -->\n<?pi fine?>\n  ");
        assert_eq!(lenient(&doc), (vec!["a".to_string()], Dropped::default()));
        assert!(Reader::new(doc.as_bytes()).all(|u| u.is_ok()));
        let twice = format!("<?xml version=\"1.0\"?>\n{doc}\n<?xml version=\"1.0\"?>\n{doc}");
        let msg = fatal_message(&twice);
        assert!(msg.starts_with("line 8, column 1: content after the end of the root element"), "{msg}");
        for extra in ["<tmx version=\"1.4\"/>", " junk", "&amp;", "<![CDATA[x]]>"] {
            assert!(fatal_message(&doc_with("a", extra)).contains("after the end of the root"), "{extra}");
        }
        let (texts, dropped) = lenient(&twice);
        assert_eq!(texts, vec!["a".to_string()]);
        let at = dropped.trailing.expect("the trailing content is reported");
        assert_eq!((at.line, at.column), (Some(8), Some(1)));
        assert!(dropped.to_string().contains("after the root element (from line 8, column 1)"), "{dropped}");
    }

    #[test]
    fn raw_characters_xml_forbids_are_errors_with_position_unless_lenient() {
        for (bad, code) in [
            ("\u{1}", "U+0001"),
            ("\u{1B}", "U+001B"),
            ("\u{0}", "U+0000"),
            ("\u{FFFE}", "U+FFFE"),
            ("\u{FFFF}", "U+FFFF"),
        ] {
            let doc = doc_with(&format!("ab{bad}c"), "");
            let msg = fatal_message(&doc);
            assert!(msg.starts_with("line 2, column 40: character ") && msg.contains(code), "{msg}");
            let (texts, dropped) = lenient(&doc);
            assert_eq!(texts, vec!["abc".to_string()]);
            assert_eq!(dropped, Dropped { chars: 1, ..Default::default() });
        }
        // Tab, line feed and carriage return are characters like others;
        // so are U+FFFD and the C1 controls.
        let fine = doc_with("a\tb\r\nc\u{FFFD}\u{85}", "");
        assert_eq!(lenient(&fine).1, Dropped::default());
        assert!(Reader::new(fine.as_bytes()).all(|u| u.is_ok()));
    }

    #[test]
    fn forbidden_characters_in_attributes_and_markup_are_errors_too() {
        let raw_attr = doc_with("a", "").replace("tuid=\"1\"", "tuid=\"1\u{7}\"");
        assert!(fatal_message(&raw_attr).contains("U+0007"));
        let ref_attr = doc_with("a", "").replace("tuid=\"1\"", "tuid=\"1&#x7;\"");
        assert!(fatal_message(&ref_attr).contains("U+0007"));
        let mut r = Reader::new(ref_attr.as_bytes()).lenient(true);
        assert_eq!(r.next().unwrap().unwrap().attribute("tuid"), Some("1"));
        assert_eq!(r.dropped(), Dropped { char_refs: 1, ..Default::default() });
        // In the native code of an inline tag, which is otherwise skipped.
        let in_code = doc_with("a<ph>&#x1B;[0m</ph>b", "");
        assert!(fatal_message(&in_code).contains("&#x1B;"));
    }

    #[test]
    fn references_to_characters_xml_forbids_are_errors_unless_lenient() {
        for r in ["&#x1B;", "&#0;", "&#xFFFE;", "&#65535;", "&#xD800;", "&#x110000;"] {
            let doc = doc_with(&format!("a{r}b"), "");
            let msg = fatal_message(&doc);
            assert!(msg.starts_with("line 2, column 39: ") && msg.contains(r), "{msg}");
            let (texts, dropped) = lenient(&doc);
            assert_eq!(texts, vec!["ab".to_string()], "{r}");
            assert_eq!(dropped, Dropped { char_refs: 1, ..Default::default() });
        }
        assert_eq!(lenient(&doc_with("&#x9;&#x41;&#xFFFD;", "")).0, vec!["\tA\u{FFFD}".to_string()]);
    }

    #[test]
    fn cdata_end_in_text_is_an_error_unless_lenient_and_then_text() {
        let doc = doc_with("a ]]> b", "");
        let msg = fatal_message(&doc);
        assert!(msg.starts_with("line 2, column 40: `]]>` in text"), "{msg}");
        let (texts, dropped) = lenient(&doc);
        assert_eq!(texts, vec!["a ]]> b".to_string()]);
        assert_eq!(dropped, Dropped { cdata_ends: 1, ..Default::default() });
        // Escaped, or inside a CDATA section, it is fine.
        assert!(
            Reader::new(doc_with("a ]]&gt; <![CDATA[]]]]><![CDATA[>]]>", "").as_bytes()).all(|u| u.is_ok())
        );
        // The verbatim copy a merge writes stays well-formed.
        let u = Reader::new(doc.as_bytes()).lenient(true).keep_verbatim(true).next().unwrap().unwrap();
        assert!(u.verbatim.contains("a ]]&gt; b"), "{}", u.verbatim);
    }

    #[test]
    fn a_forbidden_character_far_into_a_large_file_is_located() {
        let filler = "x".repeat(70_000);
        let doc = doc_with(&format!("{filler}\n{filler}\u{2}"), "");
        let msg = fatal_message(&doc);
        assert!(msg.starts_with("line 3, column 70001: character U+0002"), "{msg}");
        let (texts, dropped) = lenient(&doc);
        assert_eq!(texts[0].len(), 140_001);
        assert_eq!(dropped.chars, 1);
    }
}
