//! Sentence segmentation for English and Chinese.
//!
//! Alignment works on sentences, so the segmenter decides where every
//! sentence of a document starts and ends. It is rule-based and byte-oriented:
//! a 256-entry table marks the few bytes that can matter (terminators, quotes,
//! brackets, line breaks and the lead bytes of the CJK punctuation), the scanner
//! in `scan` jumps from one such byte to the next, and only there it looks at
//! the surrounding words to decide. Nothing is allocated while scanning; the
//! only allocation per sentence is its whitespace-collapsed text.
//!
//! Before scanning, [`clean`] removes markup and layout noise (HTML tags
//! and entities, CAT codes, dot leaders, rulers, spaced-out letters, typed
//! `\n`, TeX quotes) when the text has any; offsets are mapped back, so spans
//! always refer to the caller's text. [`Options`] turns this off.
//!
//! The rules:
//! * A blank line (possibly holding spaces) ends a paragraph and a sentence.
//! * A single line break is a space, unless the next line opens a list item
//!   or the previous line looks like a heading (see `scan`).
//! * English (see `en`): `.`, `!`, `?` and their runs end a sentence when the
//!   next word may start one; abbreviations, initials, numbers, ellipses inside
//!   a sentence, list markers and quotations are handled.
//! * Chinese (see `zh`): `。！？` and their runs, `……` before a closing mark,
//!   always end a sentence outside quotation marks and `《》`; closing quotes and
//!   brackets stay with the sentence before them; `，、；：` never end one.
//!   Latin text inside Chinese is cut by the English rules.
//!
//! With SRX rules in [`Options::srx`] (`--srx FILE`), the rules of the file
//! replace all of the above and paragraphs are cut as OmegaT's plain-text
//! filter cuts them (see [`srx`]); clean-up still runs first.

pub mod clean;
pub(crate) mod credit;
mod en;
mod scan;
pub mod srx;
mod zh;

pub(crate) use zh::starts_with_attribution;

use crate::lang::Lang;

/// One sentence of a document.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Sentence {
    /// The sentence with inner whitespace and line breaks collapsed to single spaces.
    pub text: String,
    /// Byte offset of the sentence's first character in the input.
    pub start: usize,
    /// Byte offset just past the sentence's last character in the input.
    pub end: usize,
    /// 0-based paragraph number (paragraphs are separated by blank lines).
    pub paragraph: usize,
}

/// Where one sentence lies in the text, without its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// Byte offset of the first non-space character.
    pub start: usize,
    /// Byte offset just past the last non-space character.
    pub end: usize,
    /// 0-based paragraph number.
    pub paragraph: usize,
}

/// How a text is segmented.
#[derive(Clone, Copy, Debug)]
pub struct Options<'a> {
    /// Remove markup and layout noise before segmenting (see [`clean`]).
    pub clean: bool,
    /// Segment with these SRX rules instead of the built-in ones (see
    /// [`srx`]). A language the rules were not loaded for is cut by the
    /// built-in rules; callers check [`srx::SrxRules::for_lang`] first.
    pub srx: Option<&'a srx::SrxRules>,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options { clean: true, srx: None }
    }
}

/// Calls `emit` with the span of every sentence of `text` and the slice of
/// text it covers, in order.
///
/// Spans are offsets into `text`. The slice is the sentence as segmented:
/// when clean-up rewrote the text it comes from the cleaned text, otherwise it
/// is `text[span.start..span.end]`. Clean text is never copied.
pub fn for_each_sentence(text: &str, lang: Lang, options: Options, mut emit: impl FnMut(Span, &str)) {
    let fixed = control_free(text);
    let text = fixed.as_deref().unwrap_or(text);
    let cleaned = if options.clean { clean::clean(text) } else { None };
    let rules = options.srx.and_then(|r| r.for_lang(lang));
    // Runs the chosen segmenter over `t`, handing each span to `f`.
    let run = |t: &str, f: &mut dyn FnMut(Span)| match rules {
        Some(r) => srx::for_each_span(t, r, f),
        None => scan::Scanner::new(t, lang).run(f),
    };
    match cleaned {
        None => run(text, &mut |s| emit(s, text.get(s.start..s.end).unwrap_or(""))),
        Some(c) => run(&c.text, &mut |s| {
            let slice = c.text.get(s.start..s.end).unwrap_or("");
            let span =
                Span { start: c.start_in_input(s.start), end: c.end_in_input(s.end), paragraph: s.paragraph };
            emit(span, slice);
        }),
    }
}

/// `text` with every lone CR turned into LF and every other C0 control
/// character (NUL, BEL, ESC…, but not tab, LF, VT, FF or the CR of a CRLF)
/// into a space, or `None` when there is none. A terminal's colour or
/// cursor sequence (ESC `[` … a final letter, as `ESC[31m`) and a title or
/// link sequence (ESC `]` … BEL) become spaces whole
/// ([`terminal_sequence_end`]): text copied from a terminal carries them,
/// and the ESC alone turned into a space left `[31m` in the sentence.
///
/// Old Mac files end lines with a lone CR, and text pulled out of binary
/// formats carries NULs; neither is a character a sentence is made of. Each
/// replacement is one ASCII byte for one, so every offset into the result is
/// an offset into `text`.
fn control_free(text: &str) -> Option<String> {
    let b = text.as_bytes();
    // Chunked fold without early exit: the compiler vectorises it, so clean
    // text pays well under a tenth of the scanner's time for this check.
    let stray = |c: u8| c < 0x20 && !matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
    let has_control = b.chunks(256).any(|ch| ch.iter().fold(false, |acc, &c| acc | stray(c)));
    let lone_cr = |i: usize| b[i] == b'\r' && b.get(i + 1) != Some(&b'\n');
    if !has_control && !memchr::memchr_iter(b'\r', b).any(lone_cr) {
        return None;
    }
    let mut fixed: Vec<u8> = (0..b.len())
        .map(|i| match b[i] {
            c if stray(c) => b' ',
            b'\r' if lone_cr(i) => b'\n',
            c => c,
        })
        .collect();
    for at in memchr::memchr_iter(0x1b, b) {
        if let Some(end) = terminal_sequence_end(&b[at..]) {
            fixed[at..at + end].fill(b' ');
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes, so the text is still UTF-8.
    String::from_utf8(fixed).ok()
}

/// The length of the terminal control sequence at the start of `b`, if one
/// is there: ECMA-48 CSI (ESC `[`, parameter bytes `0`–`?`, intermediate
/// bytes ` `–`/`, a final byte `@`–`~`: colours, cursor moves) or OSC (ESC
/// `]`, text up to BEL or ESC `\`: a window title, a hyperlink's address).
/// A CSI sequence the text ends inside runs to its end.
fn terminal_sequence_end(b: &[u8]) -> Option<usize> {
    match b.get(..2) {
        Some(b"\x1b[") => {
            let mut i = 2;
            while b.get(i).is_some_and(|c| (0x30..=0x3f).contains(c)) {
                i += 1;
            }
            while b.get(i).is_some_and(|c| (0x20..=0x2f).contains(c)) {
                i += 1;
            }
            match b.get(i) {
                Some(c) if (0x40..=0x7e).contains(c) => Some(i + 1),
                // Cut off by the end of the text: all of it is the sequence.
                None => Some(i),
                Some(_) => None,
            }
        }
        Some(b"\x1b]") => {
            // BEL or ESC `\` ends it; another ESC starts the next sequence,
            // and a line break (never part of a title or an address) or the
            // end of the text ends one cut short, so that a stray ESC `]`
            // blanks no more than the rest of its line.
            let body = &b[2..];
            // CR too: an old Mac file's line ends are still CRs here.
            let end = match body.iter().position(|&c| matches!(c, 0x07 | 0x1b | b'\n' | b'\r')) {
                Some(k) if body[k] == 0x07 => k + 1,
                Some(k) if body[k] == 0x1b && body.get(k + 1) == Some(&b'\\') => k + 2,
                Some(k) => k,
                None => body.len(),
            };
            Some(2 + end)
        }
        _ => None,
    }
}

/// The lines of `text` with their ends (LF, CRLF or a lone CR), as
/// `str::split_inclusive('\n')` gives them for LF files.
pub fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let b = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= b.len() {
            return None;
        }
        let from = start;
        let end = match memchr::memchr2(b'\n', b'\r', &b[from..]) {
            Some(o) if b[from + o] == b'\r' && b.get(from + o + 1) == Some(&b'\n') => from + o + 2,
            Some(o) => from + o + 1,
            None => b.len(),
        };
        start = end;
        text.get(from..end)
    })
}

/// True when a CAT tool with OmegaT's default rules reads on past the end
/// of `sentence` (in `lang`) into the next sentence of its paragraph.
///
/// Those rules break after `。！？` only when no closing quote or bracket
/// follows, and after `.!?` only when a space follows; an ellipsis never
/// breaks. So `…。”`, `…home."`, `…2023.)`, `……` and, in Chinese, an ASCII
/// stop glued to the next sentence all run on. (So does a sentence with no
/// stop at all that tmalign ends at a line break, see [`has_final_stop`]:
/// the rules never break at a line break inside a paragraph.)
pub fn cat_tool_runs_on(sentence: &str, lang: Lang) -> bool {
    let body = without_closers(sentence);
    let closed = body.len() < sentence.len() && body.ends_with(STOPS);
    let unbroken_end = match lang {
        Lang::Zh => ['…', '⋯', '.', '!', '?'].as_slice(),
        Lang::En => ['…', '⋯'].as_slice(),
    };
    closed || sentence.ends_with(unbroken_end)
}

/// The stops after which a CAT tool's rules may break.
const STOPS: [char; 6] = ['。', '！', '？', '.', '!', '?'];

/// Whether `sentence` ends with a stop (closing quotes and brackets after
/// it aside). One that does not, and that tmalign ends at a line break (a
/// heading line, a signature block's `南京市人民政府` above its date), is
/// one segment with the next line to a CAT tool.
pub fn has_final_stop(sentence: &str) -> bool {
    let sentence = sentence.trim_end();
    without_closers(sentence).ends_with(STOPS) || sentence.ends_with(['…', '⋯'])
}

/// `sentence` without the closing quotes and brackets at its end (a book
/// title's `》` is part of the sentence, not a closer after its stop).
fn without_closers(sentence: &str) -> &str {
    sentence.trim_end_matches(|c: char| zh::is_closer(c) && !matches!(c, '》' | '〉'))
}

/// Calls `emit` with the span of every sentence of `text`, in order (with
/// the default [`Options`]).
///
/// This is the allocation-free core of [`segment`] for clean text, for
/// callers that only need offsets.
pub fn for_each_span(text: &str, lang: Lang, mut emit: impl FnMut(Span)) {
    for_each_sentence(text, lang, Options::default(), |s, _| emit(s));
}

/// The spans of all sentences of `text`.
pub fn spans(text: &str, lang: Lang) -> Vec<Span> {
    let mut out = Vec::new();
    for_each_span(text, lang, |s| out.push(s));
    out
}

/// Splits a document into sentences (with the default [`Options`]).
pub fn segment(text: &str, lang: Lang) -> Vec<Sentence> {
    segment_with(text, lang, Options::default())
}

/// Splits a document into sentences. Offsets refer to `text` even when
/// clean-up rewrote it; the sentence text is the cleaned one.
pub fn segment_with(text: &str, lang: Lang, options: Options) -> Vec<Sentence> {
    let mut out = Vec::new();
    for_each_sentence(text, lang, options, |s, slice| {
        let mut t = String::with_capacity(slice.len());
        collapse_whitespace_into(slice, &mut t);
        out.push(Sentence { text: t, start: s.start, end: s.end, paragraph: s.paragraph });
    });
    out
}

/// Whether a sentence ends without a stop, closing quotes and brackets
/// aside: a headline, a byline or a subheading when it stands alone in its
/// paragraph (the aligner prices pairing such a line with a body sentence).
pub(crate) fn ends_without_stop(text: &str) -> bool {
    let t = text.trim_end_matches(|c: char| c.is_whitespace() || zh::is_closer(c));
    !t.ends_with(|c: char| {
        zh::is_terminator(c) || matches!(c, '.' | '!' | '?' | '…' | ';' | '；' | ':' | '：')
    })
}

/// Length in bytes of the whitespace character at `i`, or 0.
///
/// Covers the characters for which `char::is_whitespace` holds without
/// decoding: ASCII blanks, NEL, NBSP, the Unicode spaces and separators and
/// the ideographic space.
#[inline]
pub(crate) fn ws_len(b: &[u8], i: usize) -> usize {
    match b[i] {
        b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => 1,
        0xC2 => match b.get(i + 1) {
            Some(0x85 | 0xA0) => 2,
            _ => 0,
        },
        0xE1 => match (b.get(i + 1), b.get(i + 2)) {
            (Some(0x9A), Some(0x80)) => 3,
            _ => 0,
        },
        0xE2 => match (b.get(i + 1), b.get(i + 2)) {
            (Some(0x80), Some(0x80..=0x8A | 0xA8 | 0xA9 | 0xAF)) | (Some(0x81), Some(0x9F)) => 3,
            _ => 0,
        },
        0xE3 => match (b.get(i + 1), b.get(i + 2)) {
            (Some(0x80), Some(0x80)) => 3,
            _ => 0,
        },
        _ => 0,
    }
}

/// Bytes that may begin a whitespace character (see [`ws_len`]).
static WS_LEAD: [bool; 256] = byte_table(&[b' ', b'\t', b'\n', b'\r', 0x0b, 0x0c, 0xC2, 0xE1, 0xE2, 0xE3]);

/// A 256-entry table marking `bytes`, for scanning loops that skip every other byte.
pub(crate) const fn byte_table(bytes: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        t[bytes[i] as usize] = true;
        i += 1;
    }
    t
}

/// Appends `s` to `out` with every run of whitespace replaced by one space
/// (but a lone ideographic space kept) and none at either end.
///
/// Lone ASCII spaces are already what the output wants, so the text is
/// copied in as few pieces as there are irregular runs (line breaks, tabs,
/// double or non-ASCII spaces), usually one piece per sentence.
pub fn collapse_whitespace_into(s: &str, out: &mut String) {
    let s = s.trim();
    let b = s.as_bytes();
    if !has_irregular_space(b) {
        out.push_str(s);
        return;
    }
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        if !WS_LEAD[b[i] as usize] {
            i += 1;
            continue;
        }
        if b[i] == b' ' && !b.get(i + 1).is_some_and(|&c| WS_LEAD[c as usize]) {
            i += 1;
            continue;
        }
        let w = ws_len(b, i);
        if w == 0 {
            i += 1;
            continue;
        }
        let mut j = i + w;
        while j < b.len() {
            let w = ws_len(b, j);
            if w == 0 {
                break;
            }
            j += w;
        }
        // A lone ideographic space stays: Chinese releases separate fields
        // with it (`来源：新华日报　发布时间：…`), a CAT tool keeps it in the
        // segment, and its exact match failed on the ASCII space that
        // replaced it (session 13, a new user's trial in OmegaT).
        if &b[i..j] == IDEOGRAPHIC_SPACE.as_bytes() {
            i = j;
            continue;
        }
        out.push_str(&s[copied..i]);
        out.push(' ');
        copied = j;
        i = j;
    }
    out.push_str(&s[copied..]);
}

const IDEOGRAPHIC_SPACE: &str = "\u{3000}";

/// True when `b` holds whitespace other than lone ASCII spaces. Each check
/// is one vectorised `memchr` pass, far cheaper than a loop over the bytes.
fn has_irregular_space(b: &[u8]) -> bool {
    use memchr::{memchr2_iter, memchr3, memmem};
    if memchr3(b'\n', b'\r', b'\t', b).is_some()
        || memchr3(0x0b, 0x0c, 0xC2, b).is_some()
        || memmem::find(b, b"  ").is_some()
        || memmem::find(b, "\u{3000}".as_bytes()).is_some()
    {
        return true;
    }
    // U+1680 and the U+2000 block: look only at their lead bytes.
    memchr2_iter(0xE1, 0xE2, b).any(|i| ws_len(b, i) > 0)
}

/// `s` with whitespace collapsed; see [`collapse_whitespace_into`].
pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    collapse_whitespace_into(s, &mut out);
    out
}

#[cfg(test)]
mod tests;
