//! Reading documents as text, whatever their encoding.
//!
//! Every command reads its text through [`read_text`] (or [`read_text_as`]
//! when the user named the encoding with `--encoding`), so that every input
//! is decoded, and every undecodable one reported, the same way: one line
//! naming the file, the byte position and the encoding its bytes look like.
//!
//! Chinese documents still circulate in the legacy encodings of the
//! mainland (GBK, and its superset GB18030) and of Taiwan and Hong Kong
//! (Big5), and Windows tools save "Unicode" text as UTF-16. Detection goes:
//!
//! 1. A byte-order mark (UTF-8, UTF-16 LE or BE) decides.
//! 2. Bytes that are valid UTF-8 are UTF-8: legacy Chinese text is almost
//!    never valid UTF-8 by accident, and pure ASCII reads the same either way.
//! 3. UTF-16 without a mark is recognised by decoding both byte orders: the
//!    right one gives text made of Han characters, ASCII and punctuation,
//!    the wrong one gives Hangul, private-use and other unlikely characters.
//! 4. Anything else goes to [`chardetng`], the detector Firefox uses for
//!    unlabelled legacy pages. Guessing a legacy encoding from byte
//!    statistics is a job that needs per-encoding frequency tables and years
//!    of tuning on real pages; a hand-written rule would misread Big5 as GBK
//!    (their byte ranges overlap). Only GBK (read as GB18030, its superset,
//!    which `encoding_rs` decodes with the same decoder) and Big5 are
//!    accepted from it; any other guess is reported with the way out
//!    (`--encoding NAME`), since a wrong guess would put mojibake into a memory.
//!
//! Decoding is done by `encoding_rs`, without replacement characters: a byte
//! sequence that is not valid in the chosen encoding is an error, not a
//! silent U+FFFD in a translation memory.
//!
//! A few helpers for the commands' outputs live here too ([`same_file`]),
//! because refusing to overwrite an input is a question about inputs.

mod language;
mod pair;

pub use language::{check_pair, file_name_lang, LanguageError, SideCheck};
pub use pair::{load_pair, pair_name, strip_lang_suffix, LoadedPair, PairOptions};

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use encoding_rs::{DecoderResult, Encoding, BIG5, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};

/// `text` without the operating system's error numbers that Rust's I/O
/// errors end with ("No such file or directory (os error 2)"): the words
/// say it to a user, the number only to a programmer.
pub fn without_os_code(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(" (os error ") {
        let tail = &rest[at + " (os error ".len()..];
        let digits = tail.len() - tail.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 && tail[digits..].starts_with(')') {
            out.push_str(&rest[..at]);
            rest = &tail[digits + 1..];
        } else {
            out.push_str(&rest[..at + 1]);
            rest = &rest[at + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// An input that could not be read as text.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The I/O error is part of the message and not a `source`, so that
    /// the one-line chain printed by `main` does not say it twice.
    #[error("{name}: {}", without_os_code(&error.to_string()))]
    Io { name: String, error: io::Error },
    /// Not valid in the encoding it was read as (named or detected).
    #[error("{name}: not valid {encoding} at byte {offset} (line {line}); {hint}")]
    Undecodable { name: String, encoding: &'static str, offset: usize, line: usize, hint: String },
    /// A file format that is not text at all, told by its first bytes.
    #[error(
        "{name}: this is a {kind} file, not plain text; save or extract the document as a .txt file first"
    )]
    Binary { name: String, kind: &'static str },
}

impl InputError {
    /// The error of one file of a pair, whose encoding is named with
    /// `option` (`--source-encoding`): its advice names that option instead
    /// of `--encoding`, which would change how the other file is read too.
    pub fn for_side(self, option: &str) -> InputError {
        match self {
            InputError::Undecodable { name, encoding, offset, line, hint } => InputError::Undecodable {
                name,
                encoding,
                offset,
                line,
                hint: hint.replace("--encoding", option),
            },
            other => other,
        }
    }
}

/// The first bytes of the file formats a document is most often handed
/// over in instead of plain text, and their names. Any encoding decodes
/// some of them without an error (windows-1252 decodes every byte), so
/// they are told apart before decoding, whatever `--encoding` says. A
/// short list of container formats, not a file-type library: text formats
/// (HTML, XML, RTF) are read as text on purpose.
const BINARY_SIGNATURES: &[(&[u8], &str)] = &[
    (b"PK\x03\x04", "zip (docx, xlsx, odt, epub)"),
    (b"%PDF-", "PDF"),
    (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "Microsoft Office 97-2003 (doc, xls)"),
    (b"\x1F\x8B", "gzip"),
    (b"\x89PNG\r\n\x1A\n", "PNG image"),
    (b"\xFF\xD8\xFF", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x7FELF", "executable (ELF)"),
    (b"\xFD7zXZ\x00", "xz"),
    (b"7z\xBC\xAF\x27\x1C", "7-Zip"),
];

/// The name of the binary format `bytes` start like: a tmalign index, or
/// one of the container formats documents are often handed over in.
pub fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(crate::memory::index::MAGIC) {
        return Some("tmalign index (.tmi)");
    }
    BINARY_SIGNATURES.iter().find(|(magic, _)| bytes.starts_with(magic)).map(|&(_, kind)| kind)
}

/// An error when `bytes` start like a binary format ([`binary_kind`]).
fn refuse_binary(name: &str, bytes: &[u8]) -> Result<(), InputError> {
    match binary_kind(bytes) {
        Some(kind) => Err(InputError::Binary { name: name.to_string(), kind }),
        None => Ok(()),
    }
}

/// Where a text comes from: a file, or standard input when the path is `-`.
pub fn display_name(path: Option<&Path>) -> String {
    match path {
        None => "<stdin>".to_string(),
        Some(p) if p == Path::new("-") => "<stdin>".to_string(),
        Some(p) => p.display().to_string(),
    }
}

/// The UTF-8 byte-order mark.
pub const BOM: &str = "\u{FEFF}";

/// An encoding named on the command line (`--encoding gb18030`), by any of
/// the labels of the WHATWG Encoding Standard (`gbk`, `big5`, `utf-16le`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EncodingName(pub &'static Encoding);

impl std::str::FromStr for EncodingName {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match Encoding::for_label(s.trim().as_bytes()) {
            // "replacement" is a label for an encoding that decodes everything to U+FFFD.
            Some(e) if e != encoding_rs::REPLACEMENT => Ok(EncodingName(e)),
            _ => Err(format!(
                "unknown encoding {s:?} (try utf-8, utf-16le, utf-16be, gb18030, gbk, big5, windows-1252)"
            )),
        }
    }
}

impl EncodingName {
    /// The encoding's canonical name (`gb18030`, `UTF-16LE`, …).
    pub fn name(self) -> &'static str {
        self.0.name()
    }
}

/// Reads a whole file (or stdin for `None` or `-`), detecting its encoding.
pub fn read_text(path: Option<&Path>) -> Result<Text, InputError> {
    read_text_as(path, None)
}

/// Reads a whole file (or stdin for `None` or `-`) in the encoding given,
/// or the one detected when `encoding` is `None`.
pub fn read_text_as(path: Option<&Path>, encoding: Option<EncodingName>) -> Result<Text, InputError> {
    let name = display_name(path);
    let mut bytes = Vec::new();
    let res = match path {
        Some(p) if p != Path::new("-") => fs::File::open(p).and_then(|mut f| f.read_to_end(&mut bytes)),
        _ => io::stdin().lock().read_to_end(&mut bytes),
    };
    res.map_err(|error| InputError::Io { name: name.clone(), error })?;
    decode_owned(name, bytes, encoding)
}

/// Decodes bytes already read, detecting their encoding; see [`read_text`].
pub fn decode(name: String, bytes: Vec<u8>) -> Result<Text, InputError> {
    decode_owned(name, bytes, None)
}

/// [`decode_as`], without copying a UTF-8 file (the usual case, and the one
/// with the largest inputs) into a new string.
fn decode_owned(name: String, bytes: Vec<u8>, encoding: Option<EncodingName>) -> Result<Text, InputError> {
    refuse_binary(&name, &bytes)?;
    let mut bytes = bytes;
    // Detection must first rule out UTF-16, whose English is valid UTF-8 full of NULs.
    let utf8_first = match encoding {
        Some(e) => e.0 == UTF_8,
        None => memchr::memchr(0, &bytes).is_none(),
    };
    if utf8_first {
        match String::from_utf8(bytes) {
            Ok(mut text) => {
                let skip = if text.starts_with(BOM) { BOM.len() } else { 0 };
                text.drain(..skip);
                return Ok(Text { name, text, offset: skip, encoding: UTF_8 });
            }
            Err(e) => bytes = e.into_bytes(),
        }
    }
    decode_text(name, &bytes, encoding)
}

/// Decodes bytes in the encoding given, or the one detected.
pub fn decode_as(name: String, bytes: &[u8], encoding: Option<EncodingName>) -> Result<Text, InputError> {
    refuse_binary(&name, bytes)?;
    decode_text(name, bytes, encoding)
}

/// [`decode_as`] for bytes known not to be a binary format.
fn decode_text(name: String, bytes: &[u8], encoding: Option<EncodingName>) -> Result<Text, InputError> {
    match encoding {
        Some(EncodingName(enc)) => decode_forced(name, bytes, enc),
        None => decode_detected(name, bytes),
    }
}

fn decode_forced(name: String, bytes: &[u8], enc: &'static Encoding) -> Result<Text, InputError> {
    // A mark of the encoding named is skipped; any other is left to fail (or
    // to decode, if the user knows better).
    let skip = match Encoding::for_bom(bytes) {
        Some((bom_enc, len)) if bom_enc == enc => len,
        _ => 0,
    };
    match strict_decode(enc, &bytes[skip..]) {
        Ok(mut text) => {
            let mut offset = skip;
            if skip == 0 && text.starts_with(BOM) {
                text.drain(..BOM.len());
                offset = if enc == UTF_8 { BOM.len() } else { 0 };
            }
            // Offsets into the file only mean something when the file is UTF-8.
            let offset = if enc == UTF_8 { offset } else { 0 };
            Ok(Text { name, text, offset, encoding: enc })
        }
        Err(bad) => {
            let likely = likeliest(bytes);
            let hint = if likely == enc {
                "the file is damaged or not text".to_string()
            } else {
                format!(
                    "its bytes look like {0} (try --encoding {0}, or leave it out to detect)",
                    likely.name()
                )
            };
            Err(InputError::Undecodable {
                name,
                encoding: enc.name(),
                offset: bad.offset + skip,
                line: bad.line,
                hint,
            })
        }
    }
}

/// At most this many stray bytes are taken for damage rather than for a
/// Chinese encoding (see [`only_stray_bytes`]), and at most this many invalid
/// sequences in otherwise well-formed UTF-8 (see [`damaged_utf8`]).
const MAX_STRAY_BYTES: usize = 4;

/// Whether the only non-ASCII bytes are a few, each followed by an ASCII
/// byte: what a stray byte in ASCII text or Windows-1252 curly quotes
/// (`\x93hello\x94`) look like. GB2312's characters, and so nearly all
/// Chinese text in GBK, GB18030 or Big5, have a second byte of 0xA1 or above.
fn only_stray_bytes(bytes: &[u8]) -> bool {
    let (mut leads, mut stray, mut i) = (0, 0, 0);
    while i < bytes.len() {
        if bytes[i].is_ascii() {
            i += 1;
            continue;
        }
        leads += 1;
        if bytes.get(i + 1).is_none_or(|b| b.is_ascii()) {
            stray += 1;
        }
        i += 2;
    }
    leads > 0 && leads == stray && leads <= MAX_STRAY_BYTES
}

/// The number of invalid sequences in a file that is otherwise UTF-8: at
/// most [`MAX_STRAY_BYTES`] of them among at least [`MIN_UTF8_EVIDENCE`]
/// well-formed multi-byte characters. GBK, Big5 or Windows-1252 text read
/// as UTF-8 breaks at most of its non-ASCII characters (a GBK character
/// passes for a UTF-8 one about one time in eight), so it runs past the cap
/// long before it shows that many well-formed ones; a file that does not is
/// UTF-8 with a damaged byte or two, and naming another encoding would turn
/// all of it into mojibake.
fn damaged_utf8(bytes: &[u8]) -> Option<usize> {
    let (mut invalid, mut wide) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        wide += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
        if invalid > MAX_STRAY_BYTES {
            return None;
        }
    }
    (invalid > 0 && wide >= MIN_UTF8_EVIDENCE).then_some(invalid)
}

/// Well-formed multi-byte characters from which a file with a stray invalid
/// byte is taken for damaged UTF-8 (see [`damaged_utf8`]): a line of
/// Chinese, or a few accented words.
const MIN_UTF8_EVIDENCE: usize = 8;

fn decode_detected(name: String, bytes: &[u8]) -> Result<Text, InputError> {
    if let Some((enc, len)) = Encoding::for_bom(bytes) {
        return match strict_decode(enc, &bytes[len..]) {
            Ok(text) => {
                let offset = if enc == UTF_8 { len } else { 0 };
                Ok(Text { name, text, offset, encoding: enc })
            }
            Err(bad) => Err(InputError::Undecodable {
                name,
                encoding: enc.name(),
                offset: bad.offset + len,
                line: bad.line,
                hint: format!("it starts with a {} byte-order mark, so the file is damaged", enc.name()),
            }),
        };
    }
    // UTF-16 without a mark is only considered with NUL bytes: every line
    // break and ASCII character has one, and no text in another encoding
    // does. (Without that condition, ASCII English read as UTF-16 is mostly
    // Han characters, and a Latin-1 file would pass for Chinese.) English in
    // UTF-16 is also valid UTF-8, hence this comes first.
    if memchr::memchr(0, bytes).is_some() {
        if let Some((enc, text)) = utf16_without_bom(bytes) {
            return Ok(Text { name, text, offset: 0, encoding: enc });
        }
    }
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(s) => return Ok(Text { name, text: s.to_string(), offset: 0, encoding: UTF_8 }),
        Err(e) => e,
    };
    let utf8_bad = BadByte {
        offset: utf8_error.valid_up_to(),
        line: line_of(&String::from_utf8_lossy(&bytes[..utf8_error.valid_up_to()])),
    };
    if let Some(invalid) = damaged_utf8(bytes) {
        return Err(InputError::Undecodable {
            name,
            encoding: "UTF-8",
            offset: utf8_bad.offset,
            line: utf8_bad.line,
            hint: format!(
                "the rest of the file is UTF-8, so it is damaged there ({invalid} invalid byte sequence{}): \
                 fix or delete the bytes; naming another encoding would garble the rest",
                if invalid == 1 { "" } else { "s" }
            ),
        });
    }
    let mut guess = legacy_guess(bytes);
    if guess != GB18030 && guess != BIG5 {
        // The detector rules out an encoding at its first invalid sequence,
        // so a damaged GB18030 or Big5 file looks like something else. The
        // Chinese encoding that reads furthest, if further than UTF-8, is
        // what the file was meant to be; the error is then where it breaks.
        let reach = |enc| strict_decode(enc, bytes).err().map_or(bytes.len(), |b| b.offset);
        let (gb, big5) = (reach(GB18030), reach(BIG5));
        let (best, best_reach) = if gb >= big5 { (GB18030, gb) } else { (BIG5, big5) };
        if best_reach > utf8_bad.offset {
            let prefix_guess = legacy_guess(&bytes[..best_reach]);
            guess = if prefix_guess == GB18030 || prefix_guess == BIG5 { prefix_guess } else { best };
        }
    }
    // Refused as UTF-8, where UTF-8 breaks.
    let not_utf8 = |name, hint| InputError::Undecodable {
        name,
        encoding: "UTF-8",
        offset: utf8_bad.offset,
        line: utf8_bad.line,
        hint,
    };
    if guess != GB18030 && guess != BIG5 {
        return Err(not_utf8(
            name,
            format!(
                "its bytes look most like {0}, which is not read without being named: \
                 convert the file to UTF-8 or pass --encoding {0}",
                guess.name()
            ),
        ));
    }
    // A file that is ASCII but for a stray byte or two also reads as
    // GB18030 or Big5, each stray byte and the letter after it becoming one
    // Han character (`Xi` → `閕`). Such pairs are no evidence of a Chinese
    // encoding: the file is damaged UTF-8 or another encoding, and saying
    // so beats silently changing a word.
    if only_stray_bytes(bytes) {
        return Err(not_utf8(
            name,
            format!(
                "only {} bytes are not ASCII, too few to tell the encoding (windows-1252 quotes, or stray \
                 bytes): fix them, convert the file to UTF-8, or name its encoding with --encoding",
                bytes.iter().filter(|b| !b.is_ascii()).count()
            ),
        ));
    }
    match strict_decode(guess, bytes) {
        Ok(text) => Ok(Text { name, text, offset: 0, encoding: guess }),
        Err(bad) if reads_as_windows_1252(bytes) => Err(not_utf8(
            name,
            format!(
                "it is mostly ASCII, and its {} other bytes are windows-1252 quotes, dashes or accented \
                 letters (not {}, which fails at byte {}): name it with --encoding windows-1252",
                bytes.iter().filter(|b| !b.is_ascii()).count(),
                guess.name(),
                bad.offset
            ),
        )),
        Err(bad) => Err(InputError::Undecodable {
            name,
            encoding: guess.name(),
            offset: bad.offset,
            line: bad.line,
            hint: format!(
                "{0} is the likeliest encoding by its bytes (as UTF-8 it fails at byte {1}); \
                 the file is damaged or mixes encodings, or name the right one with --encoding",
                guess.name(),
                utf8_bad.offset
            ),
        }),
    }
}

/// Whether the bytes read as English (or another Latin-script text) saved
/// in windows-1252: at most [`LATIN_MAX_NON_ASCII`] of the bytes are not
/// ASCII, at least [`LATIN_MIN_LONE`] of those stand between two ASCII
/// bytes, and each is a character windows-1252 defines (curly quotes,
/// dashes, `…`, `€`, accented letters). Chinese in GB18030 or Big5 has
/// its non-ASCII bytes in pairs (two a Han character), however few Han
/// characters a table of figures holds; an English edition exported by an
/// old Windows editor has them alone, and then the detector's guess of a
/// Chinese encoding (which fails on `0x94 0x20`, a closing quote and a
/// space) is the wrong advice.
fn reads_as_windows_1252(bytes: &[u8]) -> bool {
    // The five bytes windows-1252 leaves undefined.
    const UNDEFINED: [u8; 5] = [0x81, 0x8D, 0x8F, 0x90, 0x9D];
    let high = |i: usize| bytes.get(i).is_some_and(|b| !b.is_ascii());
    let (mut non_ascii, mut lone) = (0usize, 0usize);
    for (i, b) in bytes.iter().enumerate() {
        if b.is_ascii() {
            continue;
        }
        if UNDEFINED.contains(b) {
            return false;
        }
        non_ascii += 1;
        let paired = high(i + 1) || (i > 0 && high(i - 1));
        lone += usize::from(!paired);
    }
    non_ascii > 0
        && non_ascii as f64 <= LATIN_MAX_NON_ASCII * bytes.len() as f64
        && lone as f64 >= LATIN_MIN_LONE * non_ascii as f64
}

/// The largest share of non-ASCII bytes in a file read as windows-1252 by
/// [`reads_as_windows_1252`]: English news with curly quotes and dashes has
/// about 1 % (three bytes in 150), French 6-7 % (the session 22 review's
/// sample); Chinese prose in GB18030 has 60-90 %.
const LATIN_MAX_NON_ASCII: f64 = 0.15;

/// The smallest share of those bytes standing alone between ASCII bytes:
/// 1.0 in English, 0.78-0.82 in French, 0.5-0.67 in German (`ä`, `ö`, `ü`,
/// `ß` side by side in `Größe`), 0 in GB18030 and Big5, whose bytes come in
/// pairs (the session 22 review's samples).
const LATIN_MIN_LONE: f64 = 0.5;

/// The encoding the bytes look most like, for messages: a byte-order mark's,
/// UTF-8 when valid, UTF-16 when it reads as such, else the detector's guess.
fn likeliest(bytes: &[u8]) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        enc
    } else if std::str::from_utf8(bytes).is_ok() {
        UTF_8
    } else if let Some((enc, _)) = memchr::memchr(0, bytes).and_then(|_| utf16_without_bom(bytes)) {
        enc
    } else {
        legacy_guess(bytes)
    }
}

/// How many bytes the detector looks at, from the first non-ASCII byte on.
/// Its guess is settled long before (a few kilobytes of Chinese), and it
/// runs at about 10 MB/s, ten times slower than decoding: a 20 MB GB18030
/// file took 2.3 s to segment when the detector read all of it, 0.2-0.5 s with
/// this (`tmalign segment --lang zh` on corpora/*/*.zh.txt repeated to 30 MB,
/// release build). The whole file is still decoded strictly.
const DETECT_BYTES: usize = 256 * 1024;

/// chardetng's guess among legacy encodings; GBK is reported as GB18030,
/// its superset (`encoding_rs` decodes both with the same decoder).
fn legacy_guess(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    // ASCII says nothing about the encoding; a sample cut short must not be
    // held against an encoding for its last, incomplete character.
    let start = bytes.iter().position(|&b| b >= 0x80).unwrap_or(bytes.len());
    let end = bytes.len().min(start + DETECT_BYTES);
    detector.feed(&bytes[start..end], end == bytes.len());
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    if guess == GBK {
        GB18030
    } else {
        guess
    }
}

/// Share of plausible characters above which a byte order of UTF-16 is
/// taken. The right byte order gives (nearly) only plausible characters; the
/// wrong one of Chinese text gives mostly unlikely ones (Hangul, private use,
/// rare blocks), and the wrong one of English text gives CJK characters
/// made of two ASCII bytes, which the ASCII share below rules out.
const UTF16_PLAUSIBLE_SHARE: f64 = 0.98;

/// Decodes UTF-16 without a byte-order mark when exactly one byte order
/// gives plausible text.
fn utf16_without_bom(bytes: &[u8]) -> Option<(&'static Encoding, String)> {
    if bytes.len() < 2 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let plausible = |enc: &'static Encoding| -> Option<String> {
        let text = strict_decode(enc, bytes).ok()?;
        let (mut good, mut total, mut ascii_or_han) = (0usize, 0usize, 0usize);
        for c in text.chars() {
            total += 1;
            if c.is_ascii() || crate::lang::is_han(c) {
                ascii_or_han += 1;
            }
            if is_plausible(c) {
                good += 1;
            }
        }
        let ok = total > 0
            && good as f64 >= UTF16_PLAUSIBLE_SHARE * total as f64
            && ascii_or_han as f64 >= 0.5 * total as f64;
        ok.then_some(text)
    };
    match (plausible(UTF_16LE), plausible(UTF_16BE)) {
        (Some(t), None) => Some((UTF_16LE, t)),
        (None, Some(t)) => Some((UTF_16BE, t)),
        _ => None,
    }
}

/// Characters a Chinese or English document is made of.
fn is_plausible(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | ' '..='~'
        | '\u{A0}'..='\u{17F}'      // Latin-1 and Latin Extended-A
        | '\u{2000}'..='\u{206F}'   // general punctuation
        | '\u{2100}'..='\u{22FF}'   // letterlike symbols, number forms, arrows, maths
        | '\u{2460}'..='\u{25FF}'   // enclosed numbers, box drawing, shapes
        | '\u{3000}'..='\u{303F}'   // CJK punctuation
        | '\u{FEFF}'
        | '\u{FF00}'..='\u{FFEF}')  // full-width forms
        || crate::lang::is_han(c)
}

/// Where decoding stopped.
struct BadByte {
    offset: usize,
    line: usize,
}

/// Decodes all of `bytes` (no byte-order mark handling) or says where the
/// first invalid sequence starts.
fn strict_decode(enc: &'static Encoding, bytes: &[u8]) -> Result<String, BadByte> {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let capacity = decoder.max_utf8_buffer_length_without_replacement(bytes.len()).unwrap_or(bytes.len());
    let mut text = String::with_capacity(capacity);
    let mut pos = 0;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(&bytes[pos..], &mut text, true);
        pos += read;
        match result {
            DecoderResult::InputEmpty => return Ok(text),
            DecoderResult::OutputFull => text.reserve(bytes.len() - pos + 16),
            DecoderResult::Malformed(bad, after) => {
                let offset = pos - usize::from(after) - usize::from(bad);
                return Err(BadByte { offset, line: line_of(&text) });
            }
        }
    }
}

/// 1-based number of the line that `prefix` ends on.
fn line_of(prefix: &str) -> usize {
    prefix.matches('\n').count() + 1
}

/// A decoded document.
#[derive(Debug, Clone)]
pub struct Text {
    /// The file name as shown in messages.
    pub name: String,
    /// The text without any byte-order mark.
    pub text: String,
    /// Bytes dropped from the start of a UTF-8 file (3 for a BOM, else 0),
    /// so that offsets into the text can be given as offsets into the file.
    /// 0 for other encodings, whose offsets are into the UTF-8 text.
    pub offset: usize,
    /// The encoding the file was read as.
    pub encoding: &'static Encoding,
}

impl Text {
    /// The encoding's name as reported (`UTF-8`, `gb18030`, `Big5`, `UTF-16LE`, …).
    pub fn encoding_name(&self) -> &'static str {
        self.encoding.name()
    }
}

/// The first of `paths` that names the same file as one before it (a
/// memory given twice to `index` or `merge`: the wrong file, or a shell
/// pattern that matched it twice), if any.
pub fn repeated_path(paths: &[PathBuf]) -> Option<&Path> {
    paths
        .iter()
        .enumerate()
        .find(|(k, p)| paths[..*k].iter().any(|q| same_file(p, q)))
        .map(|(_, p)| p.as_path())
}

/// True when reading `path` reads this process's standard input: `-`, or
/// a name of the same open file (`/dev/stdin`, `/dev/fd/0`), compared by
/// device and inode.
pub fn reads_stdin(path: &Path) -> bool {
    if path == Path::new("-") {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(p), Ok(stdin)) = (fs::metadata(path), fs::metadata("/dev/stdin")) {
            return (p.dev(), p.ino()) == (stdin.dev(), stdin.ino());
        }
    }
    false
}

/// True when `a` and `b` are the same file: the same device and inode when
/// both exist (whatever the paths, links and hard links), the same path once
/// resolved when neither exists yet (two outputs about to land on one
/// file). An existing file is never the same as a missing one, which keeps
/// the check to one `stat` per input when the output is new.
pub fn same_file(a: &Path, b: &Path) -> bool {
    if a == Path::new("-") || b == Path::new("-") {
        return false;
    }
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(ma), Ok(mb)) => {
            // Devices (`/dev/null`, `/dev/stdout`) are not files to protect.
            if !ma.is_file() || !mb.is_file() {
                return false;
            }
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                ma.dev() == mb.dev() && ma.ino() == mb.ino()
            }
            #[cfg(not(unix))]
            {
                matches!((fs::canonicalize(a), fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
            }
        }
        (Err(_), Err(_)) => matches!((resolved(a), resolved(b)), (Some(x), Some(y)) if x == y),
        _ => false,
    }
}

/// The path with links and `..` resolved, also for a file (and folders)
/// that do not exist yet: the nearest existing ancestor is resolved and the
/// rest appended.
pub fn resolved(p: &Path) -> Option<std::path::PathBuf> {
    let absolute = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().ok()?.join(p) };
    let mut missing = Vec::new();
    let mut base = absolute.as_path();
    loop {
        if let Ok(c) = fs::canonicalize(base) {
            let mut out = c;
            for part in missing.iter().rev() {
                out.push(part);
            }
            return Some(out);
        }
        missing.push(base.file_name()?.to_os_string());
        base = base.parent()?;
    }
}

/// Why an output was refused before anything was read.
#[derive(Debug, thiserror::Error)]
pub enum OutputClash {
    #[error("{output}: the output would overwrite {what} {input}; write it elsewhere")]
    Overwrites { output: String, what: &'static str, input: String },
    #[error("{output}: {dir} is not a folder (it does not exist or is a file)")]
    NoDirectory { output: String, dir: String },
    #[error("{output}: cannot write in {dir}: {reason}")]
    NotWritable { output: String, dir: String, reason: String },
    #[error("{output}: is a folder; name a file to write")]
    IsFolder { output: String },
}

/// Refuses an output that is the same file as one of `inputs` (each with
/// what it is, for the message: "the input", "the glossary", …), or whose
/// folder does not exist (found now, not after the work is done).
pub fn check_output(output: Option<&Path>, inputs: &[(&'static str, &Path)]) -> Result<(), OutputClash> {
    check_clash(output, inputs)?;
    check_folder(output)
}

/// The first half of [`check_output`]: the output is none of `inputs`.
pub fn check_clash(output: Option<&Path>, inputs: &[(&'static str, &Path)]) -> Result<(), OutputClash> {
    let Some(out) = output else { return Ok(()) };
    for (what, input) in inputs {
        if same_file(out, input) {
            return Err(OutputClash::Overwrites {
                output: out.display().to_string(),
                what,
                input: input.display().to_string(),
            });
        }
    }
    Ok(())
}

/// The second half of [`check_output`]: the output's folder exists and a
/// file can be made in it, so that a run does not do all its work to fail
/// at the end (a report in a read-only folder, found after the memory was
/// written).
pub fn check_folder(output: Option<&Path>) -> Result<(), OutputClash> {
    let Some(out) = output else { return Ok(()) };
    let Some(dir) = output_folder(out)? else { return Ok(()) };
    // Outputs are written to a temporary file there and renamed: try one.
    match tempfile::Builder::new().prefix(".tmalign-probe-").tempfile_in(&dir) {
        Ok(_) => Ok(()),
        Err(e) => Err(OutputClash::NotWritable {
            output: out.display().to_string(),
            dir: dir.display().to_string(),
            reason: e
                .raw_os_error()
                .map_or_else(|| e.kind().to_string(), |c| io::Error::from_raw_os_error(c).to_string()),
        }),
    }
}

/// The folder `out` is written in, which must exist: that of the file it
/// links to, or its own; `None` for stdout (`-`), a device or a pipe
/// (`/dev/null`, `>(gzip …)`), which are written in place.
pub fn output_folder(out: &Path) -> Result<Option<PathBuf>, OutputClash> {
    if out == Path::new("-") {
        return Ok(None);
    }
    let real = match std::fs::metadata(out) {
        // Found before any work, not when the output is renamed into place
        // after the memory was written (a `--report` naming a folder).
        Ok(meta) if meta.is_dir() => return Err(OutputClash::IsFolder { output: out.display().to_string() }),
        Ok(meta) if !meta.is_file() => return Ok(None),
        Ok(meta) if meta.is_file() => std::fs::canonicalize(out).unwrap_or_else(|_| out.to_path_buf()),
        _ => out.to_path_buf(),
    };
    let dir = match real.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(OutputClash::NoDirectory {
            output: out.display().to_string(),
            dir: dir.display().to_string(),
        });
    }
    Ok(Some(dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_error_numbers_are_left_out_of_messages() {
        assert_eq!(
            without_os_code("a.txt: No such file or directory (os error 2)"),
            "a.txt: No such file or directory"
        );
        assert_eq!(without_os_code("x (os error 13): y (os error 2)"), "x: y");
        assert_eq!(without_os_code("a title (os error of the day)"), "a title (os error of the day)");
    }

    #[test]
    fn invalid_utf8_that_is_no_legacy_encoding_either_reports_byte_and_line() {
        let err = decode("a.txt".into(), b"ab\ncd\xffe".to_vec()).unwrap_err().to_string();
        assert!(err.starts_with("a.txt: not valid "), "{err}");
        assert!(err.contains("at byte 5 (line 2)"), "{err}");
    }

    #[test]
    fn a_binary_document_is_named_as_such_whatever_the_encoding_asked() {
        let mut docx = b"PK\x03\x04\x14\x00\x06\x00".to_vec();
        docx.extend_from_slice(&[0x9c; 64]);
        let err = decode("report.docx".into(), docx.clone()).unwrap_err().to_string();
        assert_eq!(
            err,
            "report.docx: this is a zip (docx, xlsx, odt, epub) file, not plain text; \
             save or extract the document as a .txt file first"
        );
        // windows-1252 decodes every byte: naming it must not let a zip through.
        let err = decode_as("report.docx".into(), &docx, Some("windows-1252".parse().unwrap())).unwrap_err();
        assert!(matches!(err, InputError::Binary { .. }), "{err}");
        // Text that merely starts with a percent sign or the letters PK is text.
        assert!(decode("a.txt".into(), b"%PDF is a format. PK is a team.".to_vec()).is_ok());
    }

    #[test]
    fn bom_is_dropped_and_counted() {
        let t = decode("a".into(), "\u{FEFF}你好".as_bytes().to_vec()).unwrap();
        assert_eq!(t.text, "你好");
        assert_eq!(t.offset, 3);
        assert_eq!(t.encoding, UTF_8);
    }

    const SAMPLE: &str = "连云港市今年的港口吞吐量达到三亿吨，比去年增长百分之五。\n\
        市长表示，全市将继续推进港口建设和对外开放，努力打造一流的国际枢纽海港。\n";

    #[test]
    fn a_stray_byte_in_ascii_text_is_an_error_not_a_han_character() {
        let mut bytes = b"General Secretary Xi Jinping spoke.\n".to_vec();
        bytes.insert(18, 0xE9);
        let err = decode("a.txt".into(), bytes).unwrap_err().to_string();
        assert!(err.starts_with("a.txt: not valid UTF-8 at byte 18 (line 1)"), "{err}");
        assert!(err.contains("too few to tell the encoding"), "{err}");
        // Named, the same bytes are read as asked.
        let mut bytes = b"General Secretary Xi Jinping spoke.\n".to_vec();
        bytes.insert(18, 0xE9);
        assert!(decode_as("a.txt".into(), &bytes, Some("gb18030".parse().unwrap())).is_ok());
    }

    #[test]
    fn gbk_text_is_detected_as_gb18030() {
        let (bytes, _, _) = GB18030.encode(SAMPLE);
        let t = decode("a".into(), bytes.into_owned()).unwrap();
        assert_eq!(t.text, SAMPLE);
        assert_eq!(t.encoding, GB18030);
    }

    #[test]
    fn big5_text_is_detected() {
        let traditional = "連雲港市今年的港口吞吐量達到三億噸，比去年增長百分之五。\n\
            市長表示，全市將繼續推進港口建設和對外開放，努力打造一流的國際樞紐海港。\n";
        let (bytes, _, unmappable) = BIG5.encode(traditional);
        assert!(!unmappable);
        let t = decode("a".into(), bytes.into_owned()).unwrap();
        assert_eq!(t.encoding, BIG5);
        assert_eq!(t.text, traditional);
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        text.encode_utf16().flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() }).collect()
    }

    #[test]
    fn utf16_without_a_mark_is_detected_in_both_byte_orders() {
        for (big, enc) in [(false, UTF_16LE), (true, UTF_16BE)] {
            for sample in [SAMPLE, "The port handled 300 million tonnes this year.\n"] {
                let t = decode("a".into(), utf16(sample, big)).unwrap();
                assert_eq!((t.encoding, t.text.as_str()), (enc, sample));
            }
        }
    }

    #[test]
    fn latin1_english_is_not_taken_for_utf16_chinese() {
        // Even length, so that both byte orders of UTF-16 could be tried.
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1252.encode("The café is open and our résumé is ready now!\n");
        assert_eq!(bytes.len() % 2, 0);
        let err = decode("a.txt".into(), bytes.into_owned()).unwrap_err().to_string();
        assert!(err.contains("not valid UTF-8 at byte 7 (line 1)"), "{err}");
        assert!(err.contains("--encoding windows-1252"), "{err}");
        let forced = decode_as("a".into(), &bytes_1252(), Some("windows-1252".parse().unwrap())).unwrap();
        assert_eq!(forced.text, "café\n");
    }

    #[test]
    fn english_in_windows_1252_is_named_so_when_it_breaks_a_chinese_guess() {
        // Curly quotes and a dash, as an old Windows editor saves them: the
        // detector guesses GB18030, which fails on a closing quote before a
        // space.
        let english = "\u{201c}Lianhai Port\u{201d} completed a cargo throughput of 280 million tonnes.\n\
            \u{201c}We will keep going,\u{201d} the port\u{2019}s director said \u{2013} and so did others.\n";
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(english);
        assert!(!unmappable);
        let err = decode("x.en.txt".into(), bytes.to_vec()).unwrap_err().to_string();
        assert!(err.contains("--encoding windows-1252"), "{err}");
        assert!(!err.contains("likeliest"), "{err}");
        // Chinese in GB18030 with a damaged byte keeps the Chinese advice.
        let (gb, _, _) = GB18030.encode(SAMPLE);
        let mut gb = gb.into_owned();
        let at = gb.len() / 2;
        gb[at] = 0xFF;
        let err = decode("x.zh.txt".into(), gb).unwrap_err().to_string();
        assert!(!err.contains("windows-1252"), "{err}");
    }

    /// Review of session 22: a Chinese table in GB18030 is mostly
    /// ASCII figures; cut short in its last character (an interrupted
    /// download) it is damaged GB18030, not English in windows-1252. Every
    /// non-ASCII byte of it is one of a pair, as a Han character's are.
    #[test]
    fn a_chinese_table_in_gb18030_cut_short_keeps_the_chinese_advice() {
        let mut text = String::from("日期,产量,出口,增速\n");
        for m in 1..=12 {
            for d in 1..=7 {
                text.push_str(&format!("2026-{m:02}-{d:02},{},{},{m}.{d}\n", 1000 + m * d, 37 * m + d));
            }
        }
        text.push_str("合计,连云港港口\n");
        let (gb, _, _) = GB18030.encode(&text);
        // Cut after the first byte of the last character.
        let cut = gb[..gb.len() - 2].to_vec();
        let err = decode("table.zh.txt".into(), cut).unwrap_err().to_string();
        assert!(!err.contains("windows-1252"), "{err}");
    }

    /// Review of session 22: French in windows-1252 has more accented
    /// letters (6-7 % of its bytes) than the first rule's 5 %, and was told
    /// it is damaged GB18030.
    #[test]
    fn french_in_windows_1252_is_named_so_when_it_breaks_a_chinese_guess() {
        let fr =
            "Le port a réalisé un débit de 280 millions de tonnes cette année, a déclaré le directeur.\n\
                  La ville a créé 55 000 emplois, plus que prévu.\n";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(fr);
        let err = decode("fr.txt".into(), bytes.to_vec()).unwrap_err().to_string();
        assert!(err.contains("--encoding windows-1252"), "{err}");
    }

    fn bytes_1252() -> Vec<u8> {
        b"caf\xe9\n".to_vec()
    }

    #[test]
    fn utf16_with_a_mark_drops_the_mark() {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(utf16(SAMPLE, true));
        let t = decode("a".into(), bytes).unwrap();
        assert_eq!((t.encoding, t.text.as_str(), t.offset), (UTF_16BE, SAMPLE, 0));
    }

    #[test]
    fn a_forced_encoding_that_does_not_fit_names_the_likely_one() {
        let (bytes, _, _) = GB18030.encode(SAMPLE);
        let err = decode_as("a.txt".into(), &bytes, Some("utf-8".parse().unwrap())).unwrap_err().to_string();
        assert!(
            err.starts_with("a.txt: not valid UTF-8 at byte 0 (line 1); its bytes look like gb18030"),
            "{err}"
        );
    }

    #[test]
    fn damaged_gb18030_reports_the_position_of_the_bad_bytes() {
        let (first, second) = SAMPLE.split_at(SAMPLE.rfind('市').unwrap());
        let mut bytes = GB18030.encode(first).0.into_owned();
        let cut = bytes.len();
        bytes.extend([0x81, 0x20]); // a lead byte followed by a byte that cannot trail it
        bytes.extend(GB18030.encode(second).0.iter());
        let err = decode("a.txt".into(), bytes).unwrap_err().to_string();
        assert!(err.starts_with(&format!("a.txt: not valid gb18030 at byte {cut} (line 2)")), "{err}");
    }

    #[test]
    fn utf8_with_a_stray_byte_is_called_damaged_not_another_encoding() {
        let (first, second) = SAMPLE.split_at(SAMPLE.rfind('市').unwrap());
        let mut bytes = first.as_bytes().to_vec();
        let at = bytes.len();
        bytes.push(0xFF);
        bytes.extend(second.as_bytes());
        let err = decode("a.txt".into(), bytes).unwrap_err().to_string();
        assert!(err.starts_with(&format!("a.txt: not valid UTF-8 at byte {at} (line 2)")), "{err}");
        assert!(err.contains("the rest of the file is UTF-8"), "{err}");
        assert!(!err.contains("--encoding"), "{err}");
        // Legacy-encoded text is still told apart from damaged UTF-8.
        let gbk = GB18030.encode(SAMPLE).0.into_owned();
        assert!(decode("b.txt".into(), gbk).is_ok());
        let err = decode("c.txt".into(), bytes_1252()).unwrap_err().to_string();
        assert!(!err.contains("the rest of the file is UTF-8"), "{err}");
    }

    #[test]
    fn unknown_encoding_names_are_refused() {
        assert!("klingon".parse::<EncodingName>().is_err());
        assert!("replacement".parse::<EncodingName>().is_err());
        assert_eq!("GBK".parse::<EncodingName>().unwrap().0, GBK);
    }

    #[test]
    fn the_same_file_is_found_by_other_paths_and_outputs_not_yet_written() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        fs::write(&a, "x").unwrap();
        let other = dir.path().join("sub/../a.txt");
        fs::create_dir(dir.path().join("sub")).unwrap();
        assert!(same_file(&a, &other));
        assert!(!same_file(&a, &dir.path().join("b.txt")));
        assert!(check_output(Some(&other), &[("the input", &a)]).is_err());
        // Two outputs that do not exist yet but name one file.
        assert!(same_file(&dir.path().join("new/x.tmx"), &dir.path().join("sub/../new/x.tmx")));
        #[cfg(unix)]
        {
            let hard = dir.path().join("hard.txt");
            fs::hard_link(&a, &hard).unwrap();
            assert!(same_file(&a, &hard));
        }
    }
}
