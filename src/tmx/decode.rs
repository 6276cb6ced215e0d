//! Bytes on disk to the UTF-8 stream the XML parser reads, with positions.
//!
//! quick-xml parses UTF-8 only, so every input passes through an
//! `encoding_rs` decoder chosen before parsing starts: a byte-order mark
//! (UTF-8, UTF-16LE, UTF-16BE) decides first; then a UTF-16 file without one
//! is recognised by its zero bytes around `<`; otherwise the encoding named
//! in the XML declaration is used (`GB18030`, `Big5`, `ISO-8859-1`…), UTF-8
//! by default. The decoder works chunk by chunk, so memory stays constant.
//!
//! The same adapter turns the parser's byte positions into lines and
//! columns without keeping the file: it keeps the chunk being parsed and the
//! one before (64 KiB each when the input comes in large reads) and,
//! for everything older, only the number of line breaks and where the last
//! line began. Counting happens once per chunk, not per parser call.
//!
//! It also enforces XML 1.0's `Char` production on the decoded text, which
//! quick-xml does not: a C0 control other than tab, line feed and carriage
//! return, U+FFFE or U+FFFF (a lone surrogate cannot come out of a decoder)
//! ends the stream with [`IllegalChar`] at its position, or, when lenient,
//! is removed and counted. Each decoded chunk is tested in blocks of 32
//! bytes with branch-free comparisons before any character is looked at, so
//! the check costs little on clean text.
//!
//! It can also record the text the parser consumes ([`Decoded::capture_from_here`]):
//! quick-xml consumes exactly the bytes of each event it returns (a text event
//! stops before the `<` of the next markup), so recording from one event to
//! another yields the verbatim XML of an element, already in UTF-8.

use std::io::{self, BufRead, Read};

use encoding_rs::{DecoderResult, Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// Bytes of the input inspected for a byte-order mark and declaration.
const SNIFF: usize = 512;
/// Decoded bytes handed to the parser at a time.
const CHUNK: usize = 64 * 1024;

/// An input that is not text in the encoding it claims.
#[derive(Debug, thiserror::Error)]
#[error("invalid {encoding} byte sequence at byte {offset} of the file")]
pub(crate) struct DecodeError {
    pub encoding: &'static str,
    pub offset: u64,
}

/// The XML declaration names an encoding we do not know.
#[derive(Debug, thiserror::Error)]
#[error("unknown encoding {0:?} declared in the XML declaration")]
pub(crate) struct UnknownEncoding(pub String);

/// A character XML 1.0 forbids, found in the decoded text.
#[derive(Debug, thiserror::Error)]
#[error("character U+{:04X} is not allowed in XML 1.0 (use --lenient to drop such characters)", u32::from(*.ch))]
pub(crate) struct IllegalChar {
    pub ch: char,
    /// Decoded offset of the character.
    pub offset: u64,
}

pub(crate) struct Decoded<R> {
    inner: R,
    /// Whether forbidden characters are removed (and counted) instead of an error.
    lenient: bool,
    /// Forbidden characters removed so far.
    removed: u64,
    /// Decoded offsets of the `]]>` sequences not yet passed by the parser,
    /// ascending (a text may not hold one; a CDATA section ends with one).
    cdata_ends: std::collections::VecDeque<u64>,
    /// The last two bytes of the previous chunk, for a `]]>` across chunks.
    tail: [u8; 2],
    decoder: encoding_rs::Decoder,
    out: Box<[u8]>,
    pos: usize,
    len: usize,
    finished: bool,
    pending: Option<io::Error>,
    /// Raw bytes consumed from `inner`.
    raw_offset: u64,
    /// The chunk in `out`, and the one before it in `prev`.
    current: Window,
    previous: Window,
    prev: Box<[u8]>,
    /// Whether consumed text is appended to `capture`.
    capturing: bool,
    capture: Vec<u8>,
}

/// Where a chunk of decoded text sits in the whole text.
#[derive(Clone, Copy, Default)]
struct Window {
    /// Decoded offset of the chunk's first byte.
    base: u64,
    len: usize,
    /// Line breaks before the chunk.
    newlines_before: u64,
    /// Decoded offset where the line holding the chunk's first byte begins.
    line_start: u64,
}

/// The bytes read while sniffing, then the rest of the input.
pub(crate) type Source<R> = io::Chain<io::Cursor<Vec<u8>>, R>;

impl<R: BufRead> Decoded<Source<R>> {
    /// Chooses the decoding of `inner` from its first bytes.
    pub(crate) fn new(mut inner: R) -> Result<Decoded<Source<R>>, io::Error> {
        let head = fill_at_least(&mut inner, SNIFF)?;
        let encoding = sniff(&head)?;
        let decoder = match encoding {
            // A BOM, if any, is consumed by the decoder itself.
            Some(e) => e.new_decoder_with_bom_removal(),
            None => UTF_8.new_decoder(),
        };
        Ok(Decoded {
            inner: io::Cursor::new(head).chain(inner),
            lenient: false,
            removed: 0,
            cdata_ends: std::collections::VecDeque::new(),
            tail: [0; 2],
            decoder,
            out: vec![0; CHUNK].into_boxed_slice(),
            pos: 0,
            len: 0,
            finished: false,
            pending: None,
            raw_offset: 0,
            current: Window::default(),
            previous: Window::default(),
            prev: vec![0; CHUNK].into_boxed_slice(),
            capturing: false,
            capture: Vec::new(),
        })
    }
}

impl<R> Decoded<R> {
    /// Removes and counts the characters XML 1.0 forbids instead of failing.
    pub(crate) fn set_lenient(&mut self, lenient: bool) {
        self.lenient = lenient;
    }

    /// Characters XML 1.0 forbids that were removed (lenient only).
    pub(crate) fn removed(&self) -> u64 {
        self.removed
    }

    /// The first `]]>` starting at a decoded offset in `from..to`, forgetting
    /// those before `from` (the parser asks in increasing order).
    pub(crate) fn cdata_end_within(&mut self, from: u64, to: u64) -> Option<u64> {
        while self.cdata_ends.front().is_some_and(|&at| at < from) {
            self.cdata_ends.pop_front();
        }
        self.cdata_ends.front().copied().filter(|&at| at < to)
    }

    /// Notes the `]]>` sequences of a chunk about to start at decoded `base`.
    fn note_cdata_ends(&mut self, base: u64, chunk: &[u8]) {
        let joined = [self.tail[0], self.tail[1], *chunk.first().unwrap_or(&0), *chunk.get(1).unwrap_or(&0)];
        for k in 0..2 {
            if &joined[k..k + 3] == b"]]>" && base >= 2 - k as u64 {
                self.cdata_ends.push_back(base + k as u64 - 2);
            }
        }
        self.cdata_ends.extend(memchr::memmem::find_iter(chunk, b"]]>").map(|i| base + i as u64));
        let n = chunk.len();
        if n >= 2 {
            self.tail = [chunk[n - 2], chunk[n - 1]];
        } else if n == 1 {
            self.tail = [self.tail[1], chunk[0]];
        }
    }

    /// Replaces every `old` by `new` in what was recorded from byte `from` on.
    pub(crate) fn replace_in_capture(&mut self, from: usize, old: &[u8], new: &[u8]) {
        let Some(tail) = self.capture.get(from..) else { return };
        if memchr::memmem::find(tail, old).is_none() {
            return;
        }
        let mut fixed = Vec::with_capacity(tail.len() + new.len());
        let mut rest = tail;
        while let Some(i) = memchr::memmem::find(rest, old) {
            fixed.extend_from_slice(&rest[..i]);
            fixed.extend_from_slice(new);
            rest = &rest[i + old.len()..];
        }
        fixed.extend_from_slice(rest);
        self.capture.truncate(from);
        self.capture.extend_from_slice(&fixed);
    }

    /// Forgets what was recorded and records everything consumed from now on.
    pub(crate) fn capture_from_here(&mut self) {
        self.capture.clear();
        self.capturing = true;
    }

    /// Stops recording (what was recorded stays until the next capture).
    pub(crate) fn stop_capture(&mut self) {
        self.capturing = false;
    }

    /// Renames an attribute in the start tag recorded from byte `from` of the
    /// capture on (quoted values are not searched).
    pub(crate) fn rename_attribute(&mut self, from: usize, old: &[u8], new: &[u8]) {
        let Some(tag) = self.capture.get(from..) else { return };
        let mut quote = None;
        let mut found = None;
        for (i, &b) in tag.iter().enumerate() {
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if b.is_ascii_whitespace() => {
                    let rest = &tag[i + 1..];
                    let after = rest.get(old.len()).copied();
                    if rest.starts_with(old) && matches!(after, Some(b'=' | b' ' | b'\t' | b'\r' | b'\n')) {
                        found = Some(from + i + 1);
                        break;
                    }
                }
                None => {}
            }
        }
        if let Some(at) = found {
            self.capture.splice(at..at + old.len(), new.iter().copied());
        }
    }

    /// The text consumed since [`Decoded::capture_from_here`].
    pub(crate) fn captured(&self) -> &[u8] {
        &self.capture
    }

    /// Decoded bytes the parser has consumed so far.
    pub(crate) fn consumed(&self) -> u64 {
        self.current.base + self.pos as u64
    }

    /// 1-based line and column (in characters) of a decoded offset at or
    /// before what the parser consumed. The line is `None` when the offset
    /// lies before the two chunks kept; the column is `None` when its line
    /// began before them.
    pub(crate) fn locate(&self, offset: u64) -> (Option<u64>, Option<u64>) {
        let (window, bytes) = if offset >= self.current.base {
            (self.current, &self.out[..self.current.len])
        } else if offset >= self.previous.base && self.previous.len > 0 {
            (self.previous, &self.prev[..self.previous.len])
        } else {
            return (None, None);
        };
        let k = usize::try_from(offset - window.base).unwrap_or(usize::MAX).min(bytes.len());
        let head = &bytes[..k];
        let line = window.newlines_before + newlines(head) + 1;
        let column = match head.iter().rposition(|&b| b == b'\n') {
            Some(i) => Some(chars(&head[i + 1..]) + 1),
            None if window.line_start == window.base => Some(chars(head) + 1),
            // The line began in a chunk already dropped; the previous chunk
            // may still hold its start.
            None if window.base == self.current.base && self.previous.len > 0 => {
                let older = &self.prev[..self.previous.len];
                older.iter().rposition(|&b| b == b'\n').map(|i| chars(&older[i + 1..]) + chars(head) + 1)
            }
            None => None,
        };
        (Some(line), column)
    }

    /// Makes the `written` bytes just decoded into `prev` the current chunk,
    /// and the fully consumed current chunk the previous one. Rotating only
    /// when there is new text keeps the last chunks for errors at the end.
    fn rotate_in(&mut self, written: usize) {
        let chunk = &self.out[..self.len];
        let mut next = Window {
            base: self.current.base + self.len as u64,
            len: written,
            newlines_before: self.current.newlines_before + newlines(chunk),
            line_start: self.current.line_start,
        };
        if let Some(i) = chunk.iter().rposition(|&b| b == b'\n') {
            next.line_start = self.current.base + i as u64 + 1;
        }
        std::mem::swap(&mut self.out, &mut self.prev);
        self.previous = self.current;
        self.current = next;
        self.len = written;
        self.pos = 0;
    }
}

/// A C0 control character other than tab, line feed and carriage return.
#[inline]
fn forbidden_control(b: u8) -> bool {
    (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')
}

/// Where the first character XML 1.0 forbids starts in UTF-8 `text`.
///
/// Controls are looked for a block at a time with a branch-free OR over
/// the block (vector compares), the `EF BF` that starts U+FFFE and U+FFFF
/// with memchr's substring search, so clean text costs well under an
/// instruction a byte.
pub(crate) fn first_illegal(text: &[u8]) -> Option<usize> {
    const BLOCK: usize = 1024;
    let mut control = None;
    for (i, block) in text.chunks(BLOCK).enumerate() {
        if block.iter().fold(0u8, |acc, &b| acc | u8::from(forbidden_control(b))) != 0 {
            control = block.iter().position(|&b| forbidden_control(b)).map(|k| i * BLOCK + k);
            break;
        }
    }
    let before = control.unwrap_or(text.len());
    memchr::memmem::find_iter(&text[..before], b"\xEF\xBF")
        .find(|&at| matches!(text.get(at + 2), Some(0xBE | 0xBF)))
        .or(control)
}

/// Removes the characters XML 1.0 forbids from UTF-8 `text` in place;
/// returns the length kept and the number removed.
fn remove_illegal(text: &mut [u8]) -> (usize, u64) {
    let (mut to, mut removed, mut from) = (0, 0u64, 0);
    while from < text.len() {
        let len = match text[from] {
            b if b < 0x80 => 1,
            b if b >= 0xF0 => 4,
            b if b >= 0xE0 => 3,
            _ => 2,
        }
        .min(text.len() - from);
        let c = std::str::from_utf8(&text[from..from + len]).ok().and_then(|t| t.chars().next());
        if c.is_some_and(super::text::is_xml_illegal) {
            removed += 1;
        } else {
            text.copy_within(from..from + len, to);
            to += len;
        }
        from += len;
    }
    (to, removed)
}

fn newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

/// Characters in UTF-8 text (a cut at either end counts at most one too many).
fn chars(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count() as u64
}

/// Reads until `n` bytes are buffered or the input ends, without consuming.
fn fill_at_least<R: BufRead>(inner: &mut R, n: usize) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(n);
    while head.len() < n {
        let got = match inner.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if got.is_empty() {
            break;
        }
        let take = got.len().min(n - head.len());
        head.extend_from_slice(&got[..take]);
        inner.consume(take);
    }
    Ok(head)
}

/// The encoding of a document from its first bytes; `None` for "UTF-8, BOM or not".
fn sniff(head: &[u8]) -> io::Result<Option<&'static Encoding>> {
    if let Some((enc, _)) = Encoding::for_bom(head) {
        return Ok(Some(enc));
    }
    match head {
        [b'<', 0, ..] => return Ok(Some(UTF_16LE)),
        [0, b'<', ..] => return Ok(Some(UTF_16BE)),
        _ => {}
    }
    let Some(label) = declared_encoding(head) else { return Ok(None) };
    match Encoding::for_label(label.trim().as_bytes()) {
        // A declaration read as ASCII cannot be UTF-16 in truth; the
        // declaration is wrong, the bytes are right.
        Some(e) if e == UTF_16LE || e == UTF_16BE || e == UTF_8 => Ok(None),
        Some(e) => Ok(Some(e)),
        None => Err(io::Error::new(io::ErrorKind::InvalidData, UnknownEncoding(label))),
    }
}

/// The `encoding` pseudo-attribute of an XML declaration at the start of `head`.
fn declared_encoding(head: &[u8]) -> Option<String> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let decl = head.strip_prefix(b"<?xml")?;
    let end = decl.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&decl[..end]).ok()?;
    let rest = &decl[decl.find("encoding")? + "encoding".len()..];
    let rest = rest.trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    Some(value[..value.find(quote)?].to_string())
}

impl<R: BufRead> BufRead for Decoded<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.pos == self.len {
            if let Some(e) = self.pending.take() {
                return Err(e);
            }
            if self.finished {
                return Ok(&[]);
            }
            let src = match self.inner.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            let last = src.is_empty();
            let (result, read, written) =
                self.decoder.decode_to_utf8_without_replacement(src, &mut self.prev, last);
            self.inner.consume(read);
            self.raw_offset += read as u64;
            let mut written = written;
            if let Some(at) = first_illegal(&self.prev[..written]) {
                if self.lenient {
                    let (kept, removed) = remove_illegal(&mut self.prev[at..written]);
                    written = at + kept;
                    self.removed += removed;
                } else {
                    // Hand over the text before it; the error comes next,
                    // and ends the stream.
                    let ch = std::str::from_utf8(&self.prev[at..written])
                        .ok()
                        .and_then(|t| t.chars().next())
                        .unwrap_or('\0');
                    let offset = self.current.base + self.len as u64 + at as u64;
                    self.pending =
                        Some(io::Error::new(io::ErrorKind::InvalidData, IllegalChar { ch, offset }));
                    self.finished = true;
                    written = at;
                }
            }
            if written > 0 {
                let base = self.current.base + self.len as u64;
                let chunk = std::mem::take(&mut self.prev);
                self.note_cdata_ends(base, &chunk[..written]);
                self.prev = chunk;
                self.rotate_in(written);
            }
            match result {
                _ if self.pending.is_some() => {}
                DecoderResult::InputEmpty if last => self.finished = true,
                DecoderResult::InputEmpty | DecoderResult::OutputFull => {}
                DecoderResult::Malformed(bad, after) => {
                    // Hand over what decoded cleanly first; the error comes next.
                    let offset = self.raw_offset.saturating_sub(u64::from(bad) + u64::from(after));
                    let err = DecodeError { encoding: self.decoder.encoding().name(), offset };
                    self.pending = Some(io::Error::new(io::ErrorKind::InvalidData, err));
                    self.finished = true;
                }
            }
        }
        Ok(&self.out[self.pos..self.len])
    }

    fn consume(&mut self, amt: usize) {
        let amt = amt.min(self.len - self.pos);
        if self.capturing {
            self.capture.extend_from_slice(&self.out[self.pos..self.pos + amt]);
        }
        self.pos += amt;
    }
}

impl<R: BufRead> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(buf.len());
        buf[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: &[u8]) -> io::Result<String> {
        let mut d = Decoded::new(bytes)?;
        let mut s = String::new();
        d.read_to_string(&mut s)?;
        Ok(s)
    }

    fn utf16(s: &str, le: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let units = bom.then_some(0xFEFF).into_iter().chain(s.encode_utf16());
        for u in units {
            out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    }

    #[test]
    fn utf16_with_either_byte_order_mark_decodes() {
        let doc = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>中文 😀</a>";
        assert_eq!(decode_all(&utf16(doc, true, true)).unwrap(), doc);
        assert_eq!(decode_all(&utf16(doc, false, true)).unwrap(), doc);
        assert_eq!(decode_all(&utf16("<a>x</a>", true, false)).unwrap(), "<a>x</a>");
    }

    #[test]
    fn utf8_bom_is_removed() {
        assert_eq!(decode_all("\u{FEFF}<a/>".as_bytes()).unwrap(), "<a/>");
    }

    #[test]
    fn declared_legacy_encoding_is_used() {
        let (gbk, _, _) = encoding_rs::GBK.encode("<?xml version='1.0' encoding='GBK'?><a>中文</a>");
        assert_eq!(decode_all(&gbk).unwrap(), "<?xml version='1.0' encoding='GBK'?><a>中文</a>");
    }

    #[test]
    fn unknown_declared_encoding_is_an_error() {
        let err = decode_all(b"<?xml version=\"1.0\" encoding=\"klingon-8\"?><a/>").err().unwrap();
        assert!(err.to_string().contains("klingon-8"), "{err}");
    }

    #[test]
    fn invalid_utf8_is_reported_with_its_offset() {
        let err = decode_all(b"<a>ok\xFF</a>").err().unwrap();
        assert_eq!(err.to_string(), "invalid UTF-8 byte sequence at byte 5 of the file");
    }

    #[test]
    fn offsets_map_to_lines_and_columns() {
        let mut d = Decoded::new(&b"ab\ncde\nf"[..]).unwrap();
        let mut s = String::new();
        d.read_to_string(&mut s).unwrap();
        assert_eq!(d.locate(0), (Some(1), Some(1)));
        assert_eq!(d.locate(4), (Some(2), Some(2)));
        assert_eq!(d.locate(7), (Some(3), Some(1)));
    }

    #[test]
    fn columns_count_characters_and_survive_chunk_boundaries() {
        // Lines long enough to cross several decoded chunks.
        let line = "中".repeat(CHUNK / 4);
        let text = format!("{line}\n{line}\nab");
        let mut d = Decoded::new(text.as_bytes()).unwrap();
        let mut s = String::new();
        d.read_to_string(&mut s).unwrap();
        let end = text.len() as u64;
        assert_eq!(d.locate(end), (Some(3), Some(3)));
        assert_eq!(d.locate(end - 3 - 3), (Some(2), Some(line.chars().count() as u64)));
        assert_eq!(d.locate(0), (None, None));
    }

    #[test]
    fn the_first_forbidden_character_is_found_in_any_block() {
        let clean = "中文 abc\t\r\n".repeat(40);
        assert_eq!(first_illegal(clean.as_bytes()), None);
        let mut text = clean.clone().into_bytes();
        for at in (0..clean.len()).filter(|&i| clean.is_char_boundary(i)) {
            let mut t = text.clone();
            t.insert(at, 0x1F);
            assert_eq!(first_illegal(&t), Some(at), "{at}");
        }
        // U+FFFF (EF BF BF) across a block boundary; U+FFFD (EF BF BD) is fine.
        let n = text.len();
        text.splice(59..59, "\u{FFFD}\u{FFFF}".bytes());
        assert_eq!(first_illegal(&text), Some(62));
        assert_eq!(text.len(), n + 6);
    }

    #[test]
    fn lenient_decoding_removes_and_counts_forbidden_characters() {
        let mut d = Decoded::new("a\u{1}b\u{FFFE}c\u{0}".as_bytes()).unwrap();
        d.set_lenient(true);
        let mut s = String::new();
        d.read_to_string(&mut s).unwrap();
        assert_eq!((s.as_str(), d.removed()), ("abc", 3));
        let err = decode_all("ab\u{1}".as_bytes()).err().unwrap();
        assert!(err.to_string().contains("U+0001"), "{err}");
    }
}
