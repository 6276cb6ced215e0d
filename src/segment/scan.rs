//! The byte scanner behind [`super::segment`].
//!
//! The scanner walks the text once. A table of "interesting" bytes lets it
//! skip ordinary letters and Han characters in a tight loop; at each
//! interesting byte it updates the quotation state or decides whether a
//! sentence ends there. Decisions look a few words around the mark and never
//! further than a fixed window, so the whole pass stays linear even on hostile
//! input (a megabyte of quotes, no line breaks).

use memchr::memmem;

use super::en::{self, WordClass};
use super::zh;
use super::Span;
use crate::lang::{self, Lang};

/// How far ahead an opening quotation mark looks for its closing mark; a
/// quote that does not close within this window is not tracked.
const QUOTE_WINDOW: usize = 4096;

/// Lines up to this many bytes in a paragraph without any sentence mark are
/// taken as list entries or headings, one sentence each.
const SHORT_LINE: usize = 40;

/// How far an opening square bracket looks for its closing one on the same line.
const BRACKET_WINDOW: usize = 200;

/// Bytes the scanner stops on: terminators, quotes, `)` (list markers), `[`,
/// line breaks and the lead bytes of the three-byte punctuation it cares about.
static STOP: [bool; 256] = {
    let mut t = super::byte_table(b".!?\"')[\n");
    // U+2000..U+2FFF (quotes, ellipsis, bullets), U+3000..U+3FFF (CJK marks),
    // U+F000..U+FFFF (full-width forms).
    t[0xE2] = true;
    t[0xE3] = true;
    t[0xEF] = true;
    t
};

/// Kinds of list marker: `1.`, `a)`, `(B)`, `iv)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MarkerKind {
    Number,
    Lower,
    Upper,
    Roman,
}

#[derive(Clone, Copy, Debug)]
struct Marker {
    kind: MarkerKind,
    value: u32,
    /// The value read as a Roman numeral (`i`, `v`, `x` are also letters); 0 if none.
    roman: u32,
}

impl Marker {
    fn follows(self, prev: Marker) -> bool {
        (self.kind == prev.kind && self.value == prev.value + 1)
            || (self.roman > 0 && prev.roman > 0 && self.roman == prev.roman + 1)
    }
}

const ROMAN: [&[u8]; 10] = [b"i", b"ii", b"iii", b"iv", b"v", b"vi", b"vii", b"viii", b"ix", b"x"];

fn roman_value(body: &[u8]) -> u32 {
    let same_case = body.iter().all(u8::is_ascii_lowercase) || body.iter().all(u8::is_ascii_uppercase);
    match ROMAN.iter().position(|r| r.eq_ignore_ascii_case(body)) {
        Some(p) if same_case => p as u32 + 1,
        _ => 0,
    }
}

fn is_space_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Reads a list marker starting at `t`: `12.`, `3)`, `1.)`, `b.`, `(iv)`, `(C)`,
/// followed by a space. Returns it with the offset just past it.
fn parse_marker(b: &[u8], t: usize) -> Option<(Marker, usize)> {
    let mut k = t;
    let open = b.get(k) == Some(&b'(');
    if open {
        k += 1;
    }
    let s = k;
    while k < b.len() && k - s < 5 && b[k].is_ascii_alphanumeric() {
        k += 1;
    }
    let body = &b[s..k];
    if body.is_empty() {
        return None;
    }
    let marker = if body.iter().all(u8::is_ascii_digit) {
        if body.len() > 2 {
            return None;
        }
        let value = body.iter().fold(0u32, |v, d| v * 10 + u32::from(d - b'0'));
        Marker { kind: MarkerKind::Number, value, roman: 0 }
    } else if body.len() == 1 {
        let c = body[0];
        let kind = if c.is_ascii_lowercase() { MarkerKind::Lower } else { MarkerKind::Upper };
        Marker { kind, value: u32::from(c.to_ascii_lowercase() - b'a') + 1, roman: roman_value(body) }
    } else {
        let r = roman_value(body);
        if r == 0 {
            return None;
        }
        Marker { kind: MarkerKind::Roman, value: r, roman: r }
    };
    match b.get(k) {
        Some(b')') => k += 1,
        Some(b'.') if !open => {
            k += 1;
            if b.get(k) == Some(&b')') {
                k += 1;
            }
        }
        _ => return None,
    }
    match b.get(k) {
        Some(&c) if is_space_byte(c) => Some((marker, k)),
        _ => None,
    }
}

/// Where a closing mark was last seen, so that many opening marks share one search.
#[derive(Clone, Copy, Default)]
struct Lookahead {
    found: Option<usize>,
    scanned: usize,
}

/// Closing marks whose presence ahead decides whether an opening mark is a quotation.
#[derive(Clone, Copy)]
enum Close {
    Ascii2,
    Ascii1,
    Curly2,
    Curly1,
    Corner,
    WhiteCorner,
    Book,
}

/// What follows a candidate sentence end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Next {
    End,
    Upper,
    Lower,
    Digit,
    Cjk,
    Other,
}

struct NextInfo<'a> {
    kind: Next,
    /// The ASCII word that follows (empty if none).
    word: &'a str,
    /// An opening bracket stands before the next word.
    paren: bool,
    /// The next word is a list marker.
    marker: bool,
    /// Offset of the next word (after spaces, opening marks and dashes).
    at: usize,
}

pub(crate) struct Scanner<'a> {
    text: &'a str,
    b: &'a [u8],
    lang: Lang,
    start: usize,
    paragraph: usize,
    emitted_in_paragraph: bool,
    dq: bool,
    sq: bool,
    cq: u32,
    jq: u32,
    book: u32,
    marker: Option<Marker>,
    look: [Lookahead; 7],
    /// Where the latest quotation opened.
    quote_from: usize,
    /// A sentence mark was seen in the current paragraph.
    stop_seen: bool,
    /// End of the paragraph scanned ahead for sentence marks, and whether it had any.
    stop_ahead: (usize, bool),
    /// Offset of the `]` closing the square bracket the scanner is in (0 if none).
    bracket_end: usize,
}

fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i).and_then(|s| s.chars().next_back())
}

fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '⁃' | '‣' | '◦' | '▪' | '●' | '·')
}

fn is_cjk(c: char) -> bool {
    lang::is_han(c) || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
}

/// Prepositions and conjunctions of four letters or more that headline
/// style leaves in lower case ("Delegation from Sister City", "Talks with
/// Investors"; the AP and Chicago styles lower-case prepositions, Chicago
/// whatever their length); shorter words are never required to be
/// capitalised. Written for session 21 from the new-user trial's headlines.
const TITLE_CASE_LOWER: &[&str] = &[
    "from", "with", "into", "onto", "over", "upon", "after", "amid", "under", "about", "above", "below",
    "among", "along", "during", "against", "between", "through", "toward", "towards", "within", "without",
    "across", "around", "before", "behind", "beyond", "despite", "since", "until", "than", "that", "when",
    "while",
];

/// A line that reads as a heading or credit line rather than part of a
/// hard-wrapped paragraph: Chinese without clause punctuation, or English in
/// title case (every word of four letters or more capitalised, but the
/// prepositions and conjunctions of [`TITLE_CASE_LOWER`]).
fn is_heading_line(line: &str) -> bool {
    let line = line.trim();
    if line.is_empty() || line.len() > 200 {
        return false;
    }
    if line.chars().any(lang::is_han) {
        // The 、 of a numbered heading (`一、总体要求`, `3、`) is its number's, not a clause mark.
        let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十百零〇".contains(c);
        let body = line.trim_start_matches(numeral);
        let body = if body.len() < line.len() { body.strip_prefix('、').unwrap_or(line) } else { line };
        return !body.contains(['，', '。', '；', '、', ',', ';']);
    }
    !line.contains([',', ';'])
        && line.split_whitespace().all(|w| {
            let w = w.trim_start_matches(|c: char| !c.is_alphanumeric());
            w.chars().filter(|c| c.is_alphabetic()).count() < 4
                || w.chars().next().is_some_and(|c| !c.is_lowercase())
                || TITLE_CASE_LOWER.contains(&w)
        })
        // A headline does not end in a preposition or conjunction; a line of
        // prose wraps there ("… met with" | "Partner City officials …").
        && line
            .split_whitespace()
            .next_back()
            .is_none_or(|w| !TITLE_CASE_LOWER.contains(&w.to_lowercase().as_str()))
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(text: &'a str, lang: Lang) -> Self {
        Scanner {
            text,
            b: text.as_bytes(),
            lang,
            start: 0,
            paragraph: 0,
            emitted_in_paragraph: false,
            dq: false,
            sq: false,
            cq: 0,
            jq: 0,
            book: 0,
            marker: None,
            look: [Lookahead::default(); 7],
            quote_from: usize::MAX,
            stop_seen: false,
            stop_ahead: (0, false),
            bracket_end: 0,
        }
    }

    pub(crate) fn run(mut self, mut emit: impl FnMut(Span)) {
        let b = self.b;
        let len = b.len();
        let mut i = 0;
        while i < len {
            while i < len && !STOP[b[i] as usize] {
                i += 1;
            }
            if i >= len {
                break;
            }
            i = self.step(i, &mut emit);
        }
        self.cut(len, &mut emit);
    }

    /// Emits the sentence from `self.start` to `end` (trimmed) and starts the next one at `end`.
    fn cut(&mut self, end: usize, emit: &mut impl FnMut(Span)) {
        if end > self.start {
            if let Some(slice) = self.text.get(self.start..end) {
                let head = slice.trim_start();
                let s = end - head.len();
                let e = s + head.trim_end().len();
                if s < e {
                    emit(Span { start: s, end: e, paragraph: self.paragraph });
                    self.emitted_in_paragraph = true;
                }
            }
        }
        self.start = end;
    }

    fn in_quote(&self) -> bool {
        self.dq || self.sq || self.cq > 0 || self.jq > 0 || self.book > 0
    }

    fn reset_paragraph_state(&mut self) {
        self.dq = false;
        self.sq = false;
        self.cq = 0;
        self.jq = 0;
        self.book = 0;
        self.marker = None;
        self.stop_seen = false;
    }

    fn step(&mut self, i: usize, emit: &mut impl FnMut(Span)) -> usize {
        match self.b[i] {
            b'\n' => self.newline(i, emit),
            b'.' | b'!' | b'?' => {
                self.stop_seen = true;
                self.ascii_terminator(i, emit)
            }
            b'"' => {
                if self.dq {
                    self.dq = false;
                    return self.interrupted_quote(i, emit);
                } else if self.opens_quote(i) && self.has_closer(Close::Ascii2, i + 1) {
                    self.dq = true;
                    self.quote_from = i;
                }
                i + 1
            }
            b'\'' => {
                self.single_quote(i, 1);
                i + 1
            }
            b')' => self.try_marker(i, emit).unwrap_or(i + 1),
            b'[' => {
                self.open_bracket(i);
                i + 1
            }
            _ => {
                let Some(c) = char_at(self.text, i) else { return i + 1 };
                let n = i + c.len_utf8();
                match c {
                    '“' if self.has_closer(Close::Curly2, n) => {
                        self.cq += 1;
                        self.quote_from = i;
                    }
                    '”' => self.cq = self.cq.saturating_sub(1),
                    '‘' if !self.sq && self.has_closer(Close::Curly1, n) => self.sq = true,
                    '’' => self.single_quote(i, 3),
                    '「' if self.has_closer(Close::Corner, n) => self.jq += 1,
                    '『' if self.has_closer(Close::WhiteCorner, n) => self.jq += 1,
                    '」' | '』' => self.jq = self.jq.saturating_sub(1),
                    '《' if self.has_closer(Close::Book, n) => self.book += 1,
                    '》' => self.book = self.book.saturating_sub(1),
                    c if zh::is_terminator(c) || zh::is_ellipsis(c) => {
                        self.stop_seen = true;
                        return self.wide_terminator(i, emit);
                    }
                    _ => {}
                }
                n
            }
        }
    }

    /// A `[` at `i` whose `]` follows on the same line, before any other `[`,
    /// holds a note or time stamp (`[16: firma? 13:28]`): a mark inside it
    /// does not end the sentence, unless the bracket closes right after it.
    fn open_bracket(&mut self, i: usize) {
        if i < self.bracket_end {
            return;
        }
        let b = self.b;
        let lim = b.len().min(i + 1 + BRACKET_WINDOW);
        if let Some(off) = memchr::memchr3(b']', b'[', b'\n', &b[i + 1..lim]) {
            if b[i + 1 + off] == b']' {
                self.bracket_end = i + 1 + off;
            }
        }
    }

    /// True when the candidate end `i..e` lies inside a square bracket that
    /// continues after it.
    fn inside_bracket(&self, i: usize, e: usize) -> bool {
        i < self.bracket_end && e <= self.bracket_end
    }

    /// A quotation broken off by a dash (`sir--"`) ends its sentence when a
    /// capitalised word follows.
    fn interrupted_quote(&mut self, i: usize, emit: &mut impl FnMut(Span)) -> usize {
        let e = i + 1;
        let dash = self.text.get(..i).is_some_and(|h| h.ends_with("--") || h.ends_with('—'));
        if dash && !self.in_quote() && self.b.get(e).is_some_and(|&c| is_space_byte(c)) {
            let mut s = e;
            while s < self.b.len() && super::ws_len(self.b, s) > 0 {
                s += super::ws_len(self.b, s);
            }
            let next = self.next_info(s);
            if next.kind == Next::Upper && !next.paren {
                self.cut(e, emit);
            }
        }
        e
    }

    /// True when the sentence begun so far holds a letter or digit; a run of
    /// bare marks (`! ! !`) is not cut into one-mark sentences.
    fn has_content(&self, i: usize) -> bool {
        let Some(head) = self.text.get(self.start..i) else { return true };
        head.len() > 64 || head.chars().any(char::is_alphanumeric)
    }

    /// An ASCII `"` opens a quotation after a space, a bracket or a dash.
    fn opens_quote(&self, i: usize) -> bool {
        char_before(self.text, i)
            .is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '{' | '-' | '—' | ':' | '“' | '‘'))
    }

    /// `'` or `’` at `i` (`w` bytes): opens or closes a single quotation, or is an apostrophe.
    fn single_quote(&mut self, i: usize, w: usize) {
        let prev = char_before(self.text, i);
        let next = char_at(self.text, i + w);
        if self.sq {
            if prev.is_some_and(|p| !p.is_whitespace()) && !next.is_some_and(char::is_alphanumeric) {
                self.sq = false;
            }
        } else if w == 1
            && prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '"' | '“'))
            && next.is_some_and(char::is_alphabetic)
            && !en::is_elided(self.text.get(i + 1..).unwrap_or(""))
            && self.has_closer(Close::Ascii1, i + 1)
        {
            self.sq = true;
            self.quote_from = i;
        }
    }

    /// True when the closing mark of kind `k` occurs within the quote window from `from`.
    fn has_closer(&mut self, k: Close, from: usize) -> bool {
        let b = self.b;
        let limit = (from + QUOTE_WINDOW).min(b.len());
        let look = &mut self.look[k as usize];
        if let Some(f) = look.found {
            if f >= from && f < limit {
                return true;
            }
        }
        let mut s = from.max(look.scanned);
        while s < limit {
            let hay = &b[s..limit];
            let hit = match k {
                Close::Ascii2 => memchr::memchr(b'"', hay),
                Close::Ascii1 => memchr::memchr(b'\'', hay),
                Close::Curly2 => memmem::find(hay, "”".as_bytes()),
                Close::Curly1 => memmem::find(hay, "’".as_bytes()),
                Close::Corner => memmem::find(hay, "」".as_bytes()),
                Close::WhiteCorner => memmem::find(hay, "』".as_bytes()),
                Close::Book => memmem::find(hay, "》".as_bytes()),
            };
            let Some(off) = hit else { break };
            let p = s + off;
            let ok = match k {
                // A closing single quote follows a non-space and is not inside a word.
                Close::Ascii1 | Close::Curly1 => {
                    let w = if matches!(k, Close::Ascii1) { 1 } else { 3 };
                    p > 0
                        && !is_space_byte(b[p - 1])
                        && !char_at(self.text, p + w).is_some_and(char::is_alphanumeric)
                }
                _ => true,
            };
            if ok {
                look.found = Some(p);
                look.scanned = p;
                return true;
            }
            s = p + 1;
        }
        look.scanned = look.scanned.max(limit);
        false
    }

    /// A line break: a blank line ends the paragraph; a single break may end a
    /// heading or precede a list item, and is otherwise a space.
    fn newline(&mut self, i: usize, emit: &mut impl FnMut(Span)) -> usize {
        let b = self.b;
        let len = b.len();
        let mut j = i + 1;
        while j < len && b[j] != b'\n' {
            let w = super::ws_len(b, j);
            if w == 0 {
                break;
            }
            j += w;
        }
        if j >= len || b[j] == b'\n' {
            self.cut(i, emit);
            while j < len {
                let w = super::ws_len(b, j);
                if w == 0 {
                    break;
                }
                j += w;
            }
            if self.emitted_in_paragraph {
                self.paragraph += 1;
                self.emitted_in_paragraph = false;
            }
            self.reset_paragraph_state();
            self.start = j;
            return j;
        }
        if self.line_break_splits(i, j) || (self.short_line(i) && !self.paragraph_has_stop(i)) {
            self.cut(i, emit);
            self.start = j;
        }
        j
    }

    /// True when the line ending at `i` is short, like a list entry or heading.
    fn short_line(&self, i: usize) -> bool {
        let from = i.saturating_sub(SHORT_LINE + 1);
        let line_start = memchr::memrchr(b'\n', &self.b[from..i]).map(|o| from + o + 1);
        match line_start {
            Some(ls) => self.text.get(ls..i).is_some_and(|l| l.trim().len() <= SHORT_LINE),
            None => i <= SHORT_LINE + 1 && self.text.get(..i).is_some_and(|l| l.trim().len() <= SHORT_LINE),
        }
    }

    /// Whether the current paragraph holds any sentence mark. A paragraph
    /// without one is a list or a block of headings, one per line.
    fn paragraph_has_stop(&mut self, i: usize) -> bool {
        if self.stop_seen {
            return true;
        }
        if self.stop_ahead.0 > i {
            return self.stop_ahead.1;
        }
        let b = self.b;
        let mut end = b.len();
        let mut k = i + 1;
        while let Some(off) = memchr::memchr(b'\n', &b[k.min(b.len())..]) {
            let nl = k + off;
            let mut j = nl + 1;
            while j < b.len() && b[j] != b'\n' && super::ws_len(b, j) > 0 {
                j += super::ws_len(b, j);
            }
            if j >= b.len() || b[j] == b'\n' {
                end = nl;
                break;
            }
            k = nl + 1;
        }
        let para = self.text.get(i..end).unwrap_or("");
        let found = para.bytes().any(|c| matches!(c, b'.' | b'!' | b'?'))
            || para.contains(['。', '！', '？', '．', '…', '⋯']);
        self.stop_ahead = (end.max(i + 1), found);
        found
    }

    /// Whether a single line break between the line ending at `i` and the one
    /// starting at `j` separates two sentences: before a bullet or list marker,
    /// and after a line that looks like a heading (no final stop, its last word
    /// capitalised, a number or Han) when the next line starts like a sentence.
    fn line_break_splits(&self, i: usize, j: usize) -> bool {
        let Some(head) = self.text.get(self.start..i) else { return false };
        let line = head.trim_end();
        let Some(last) = line.chars().next_back() else { return false };
        if self.in_quote() {
            return false;
        }
        if matches!(last, ',' | ';' | ':' | '-' | '–' | '—' | '(' | '，' | '、' | '；' | '：' | '&')
            || zh::is_terminator(last)
            || matches!(last, '.' | '!' | '?')
        {
            return false;
        }
        let Some(next) = char_at(self.text, j) else { return false };
        if is_bullet(next) || (matches!(next, '-' | '*') && self.b.get(j + 1) == Some(&b' ')) {
            return true;
        }
        if parse_marker(self.b, j).is_some() {
            return true;
        }
        // A list item runs to the end of its line.
        let item = head.trim_start().trim_start_matches(|c: char| is_bullet(c) || c.is_whitespace());
        let item_start = i - head.len() + (head.len() - item.len());
        if self.marker.is_some() && parse_marker(self.b, item_start).is_some() {
            return true;
        }
        // A heading is a whole line on its own: the sentence began where the line did.
        let from = i.saturating_sub(256);
        let line_start = memchr::memrchr(b'\n', &self.b[from..i]).map(|o| from + o + 1);
        let own_line = match line_start {
            Some(ls) => self.text.get(ls..self.start).is_some_and(|h| h.trim().is_empty()),
            None => from == 0 && self.text.get(..self.start).is_some_and(|h| h.trim().is_empty()),
        };
        let heading_like = own_line && is_heading_line(line);
        heading_like && (next.is_uppercase() || next.is_ascii_digit() || is_cjk(next) || next == '(')
    }

    /// The word before the byte offset `i` (back to a space), without opening marks.
    fn word_before(&self, i: usize) -> (&'a str, usize) {
        let b = self.b;
        let lim = i.saturating_sub(64);
        let mut t = i;
        while t > lim && t > self.start && !is_space_byte(b[t - 1]) {
            t -= 1;
        }
        while t < i && !self.text.is_char_boundary(t) {
            t += 1;
        }
        let w = self.text.get(t..i).unwrap_or("");
        // In Chinese text a Latin word is glued to the Han text before it (`：“No.`).
        let w = w.rfind(|c: char| is_cjk(c) || zh::is_opener(c)).map_or(w, |p| {
            let c = w[p..].chars().next().map_or(1, char::len_utf8);
            &w[p + c..]
        });
        let trimmed = w.trim_start_matches(['(', '[', '"', '\'', '“', '‘', '«', '¿', '¡']);
        (trimmed, i - trimmed.len())
    }

    /// Tries to read the token holding the `.` or `)` at `p` as a list marker.
    /// A marker at the start of a sentence is noted; the next marker of the same
    /// series starts a new sentence even without a stop before it.
    fn try_marker(&mut self, p: usize, emit: &mut impl FnMut(Span)) -> Option<usize> {
        let b = self.b;
        let lim = p.saturating_sub(8);
        let mut t = p;
        while t > lim && !is_space_byte(b[t - 1]) {
            t -= 1;
        }
        if t > 0 && !is_space_byte(b[t - 1]) && t == lim {
            return None;
        }
        let mut tok = t;
        while let Some(c) = char_at(self.text, tok).filter(|&c| is_bullet(c)) {
            tok += c.len_utf8();
        }
        if tok > p {
            return None;
        }
        let (m, e) = parse_marker(b, tok)?;
        if e <= p {
            return None;
        }
        let before = self.text.get(self.start.min(tok)..tok).unwrap_or("");
        if before.chars().all(|c| c.is_whitespace() || is_bullet(c)) {
            self.marker = Some(m);
            return Some(e);
        }
        let bulleted = tok > t || before.trim_end().ends_with(is_bullet);
        let restarts = self.marker.is_some() && m.kind == MarkerKind::Number && m.value == 1;
        if self.in_quote() || !(bulleted || restarts || self.marker.is_some_and(|last| m.follows(last))) {
            return None;
        }
        let lead = self.text.get(..tok).unwrap_or("");
        let cut_at = lead.trim_end_matches(|c: char| c.is_whitespace() || is_bullet(c)).len();
        let cut_at = if cut_at > self.start { cut_at } else { tok };
        self.cut(cut_at, emit);
        self.marker = Some(m);
        Some(e)
    }

    /// Consumes closing quotes, brackets and footnote marks such as `[12]`
    /// after a terminator; returns the offset after them and whether a
    /// quotation closed.
    fn closers(&mut self, mut e: usize) -> (usize, bool) {
        let b = self.b;
        let mut closed = false;
        loop {
            match b.get(e) {
                Some(b'"') => {
                    self.dq = false;
                    closed = true;
                    e += 1;
                }
                Some(b'\'') => {
                    if char_at(self.text, e + 1).is_some_and(char::is_alphanumeric) {
                        break;
                    }
                    self.sq = false;
                    closed = true;
                    e += 1;
                }
                Some(b')' | b']') => e += 1,
                Some(b'[') => {
                    let mut k = e + 1;
                    while k < b.len() && k - e < 6 && b[k].is_ascii_digit() {
                        k += 1;
                    }
                    if k > e + 1 && b.get(k) == Some(&b']') {
                        e = k + 1;
                    } else {
                        break;
                    }
                }
                Some(&x) if x >= 0x80 => {
                    let Some(c) = char_at(self.text, e) else { break };
                    if !zh::is_closer(c) {
                        break;
                    }
                    match c {
                        '”' => self.cq = self.cq.saturating_sub(1),
                        '’' => self.sq = false,
                        '」' | '』' => self.jq = self.jq.saturating_sub(1),
                        '》' => self.book = self.book.saturating_sub(1),
                        _ => {}
                    }
                    closed |= matches!(c, '”' | '’' | '」' | '』' | '»');
                    e += c.len_utf8();
                }
                _ => break,
            }
        }
        (e, closed)
    }

    /// Looks at what follows a candidate end at `e` (after spaces).
    fn next_info(&self, e: usize) -> NextInfo<'a> {
        let text = self.text;
        let b = self.b;
        let mut k = e;
        let mut paren = false;
        let marker = parse_marker(b, k).is_some() || {
            let mut t = k;
            while let Some(c) = char_at(text, t).filter(|&c| is_bullet(c)) {
                t += c.len_utf8();
            }
            t > k && parse_marker(b, t).is_some()
        };
        // Opening marks and dashes before the word (bounded, so hostile runs stay cheap).
        for _ in 0..8 {
            let Some(c) = char_at(text, k) else { break };
            match c {
                '(' | '[' | '（' | '【' => paren = true,
                '"' | '\'' | '“' | '‘' | '「' | '『' | '《' | '¿' | '¡' | '-' | '–' | '—' | '*' =>
                    {}
                c if is_bullet(c) => {}
                c if c.is_whitespace() => {}
                _ => break,
            }
            k += c.len_utf8();
        }
        let Some(c) = char_at(text, k) else {
            return NextInfo { kind: Next::End, word: "", paren, marker, at: k };
        };
        let kind = if c.is_uppercase() {
            Next::Upper
        } else if c.is_lowercase() {
            Next::Lower
        } else if c.is_numeric() {
            Next::Digit
        } else if is_cjk(c) {
            Next::Cjk
        } else {
            Next::Other
        };
        let mut w = k;
        while w < b.len() && w - k < 24 && b[w].is_ascii_alphabetic() {
            w += 1;
        }
        NextInfo { kind, word: text.get(k..w).unwrap_or(""), paren, marker, at: k }
    }

    /// `.`, `!` or `?` at `i`, with any run of them.
    fn ascii_terminator(&mut self, i: usize, emit: &mut impl FnMut(Span)) -> usize {
        let b = self.b;
        let len = b.len();
        let mut k = i;
        while k < len && matches!(b[k], b'.' | b'!' | b'?') {
            k += 1;
        }
        let dots = b[i..k].iter().filter(|&&c| c == b'.').count();
        let exclaims = dots < k - i;
        let prev = char_before(self.text, i);
        if k - i == 1 && !exclaims {
            let next = b.get(k).copied();
            // Decimals, versions, dotted numbers: 5.5, 3.14, $.50, 1026.253.553.
            if next.is_some_and(|c| c.is_ascii_digit()) {
                return self.footnote(i, k, emit);
            }
            // A period starting a word: .jpeg, .50
            if prev.is_none_or(char::is_whitespace) && next.is_some_and(|c| c.is_ascii_alphanumeric()) {
                return k;
            }
            if let Some(e) = self.try_marker(i, emit) {
                return e;
            }
            if next == Some(b' ') && b.get(k + 1) == Some(&b'.') {
                return self.spaced_ellipsis(i, emit);
            }
        }
        // Inside a quotation a stop ends a sentence as it does outside (the
        // CAT policy, see the module doc); inside a book title it never does.
        let inside_title = self.book > 0;
        let (e, closed) = self.closers(k);
        if inside_title || self.inside_bracket(i, e) || !self.has_content(i) {
            return e;
        }
        let mut s = e;
        while s < len {
            let w = super::ws_len(b, s);
            if w == 0 {
                break;
            }
            s += w;
        }
        if s == e {
            // No space after the mark.
            if s >= len {
                return e;
            }
            let next = char_at(self.text, s);
            // Chinese typed with ASCII stops: `会议于3月召开.代表共80人.`
            let han_next = next.is_some_and(|c| lang::is_han(c) || zh::is_opener(c));
            if han_next && char_before(self.text, i).is_some_and(|p| lang::is_han(p) || zh::is_closer(p)) {
                self.cut(e, emit);
                return e;
            }
            if exclaims {
                if next.is_some_and(is_cjk) && e > k {
                    self.cut(e, emit);
                }
                return e;
            }
            if dots == 1 && self.glued_sentence(i, k) {
                self.cut(e, emit);
            }
            return e;
        }
        let next = self.next_info(s);
        // A remark in brackets after a quotation that is a whole sentence: "…!" (She left.)
        let whole_quote = closed
            && self.quote_from >= self.start
            && self.text.get(self.start..self.quote_from).is_some_and(|h| h.trim().is_empty());
        if whole_quote && dots < 2 && next.paren && next.kind == Next::Upper {
            self.cut(e, emit);
            return e;
        }
        let boundary = if exclaims {
            next.marker || (!next.paren && next.kind != Next::Lower)
        } else if dots >= 2 {
            !next.paren && matches!(next.kind, Next::Upper | Next::Cjk | Next::End)
        } else {
            self.period_ends(i, &next)
        };
        if boundary {
            self.cut(e, emit);
        }
        e
    }

    /// Whether a single `.` at `i`, followed by a space and then `next`, ends a sentence.
    fn period_ends(&self, i: usize, next: &NextInfo<'_>) -> bool {
        let (word, wstart) = self.word_before(i);
        let class = en::classify(word);
        // A month before a number starts a date (`Mar. 7.`), even when the day
        // looks like a list marker.
        if class == WordClass::Month && matches!(next.kind, Next::Digit) {
            return false;
        }
        if next.marker && matches!(class, WordClass::Word | WordClass::Number | WordClass::Loose) {
            return true;
        }
        if next.paren {
            return false;
        }
        match next.kind {
            Next::End => true,
            Next::Lower => false,
            Next::Cjk | Next::Other => class != WordClass::Title,
            Next::Digit => matches!(class, WordClass::Number | WordClass::Word),
            Next::Upper => match class {
                WordClass::Title => false,
                WordClass::Closer => {
                    let rest = self.text.get(next.at..).unwrap_or("");
                    en::is_opener(next.word)
                        || en::starts_with_new_speaker(word, rest)
                        || en::name_ends_before(word, rest)
                }
                WordClass::Loose | WordClass::Month | WordClass::Number | WordClass::Word => true,
                WordClass::Letter => {
                    // The pronoun I after a lower-case word ends a sentence; a
                    // capital after a name is an initial.
                    word == "I"
                        && self
                            .word_before(wstart.saturating_sub(1))
                            .0
                            .chars()
                            .next()
                            .is_some_and(char::is_lowercase)
                }
            },
        }
    }

    /// A sentence glued to the next without a space: `world.Today`, `1,000.That`,
    /// but not `Jane.Doe@mail`, `www.site.Com` or `U.S.A`.
    fn glued_sentence(&self, i: usize, k: usize) -> bool {
        if self.lang == Lang::Zh && char_at(self.text, k).is_some_and(is_cjk) {
            return false;
        }
        let b = self.b;
        let before_ok = i >= 2 && (b[i - 1].is_ascii_lowercase() || b[i - 1].is_ascii_digit()) && {
            b[i - 2].is_ascii_alphanumeric() || b[i - 2] == b','
        };
        let after_ok =
            b.get(k).is_some_and(u8::is_ascii_uppercase) && b.get(k + 1).is_some_and(u8::is_ascii_lowercase);
        if !(before_ok && after_ok) {
            return false;
        }
        let lo = {
            let mut t = i;
            while t > i.saturating_sub(256) && !is_space_byte(b[t - 1]) {
                t -= 1;
            }
            t
        };
        let hi = {
            let mut t = k;
            while t < b.len() && t < k + 256 && !is_space_byte(b[t]) {
                t += 1;
            }
            t
        };
        let tok = &b[lo..hi];
        !(tok.contains(&b'@') || memmem::find(tok, b"://").is_some() || tok.starts_with(b"www."))
    }

    /// A period followed by digits: a decimal point, unless it follows a
    /// word or bracket and the digits are a short footnote number before a
    /// new sentence (`… cognition (type 2).10 This model …`).
    fn footnote(&mut self, i: usize, k: usize, emit: &mut impl FnMut(Span)) -> usize {
        let b = self.b;
        let after_word = i > 0 && (b[i - 1].is_ascii_lowercase() || b[i - 1] == b')');
        if !after_word || self.in_quote() {
            return k;
        }
        let mut e = k;
        loop {
            let mut d = e;
            while d < b.len() && d - e < 4 && b[d].is_ascii_digit() {
                d += 1;
            }
            if d == e || d - e > 3 || !b.get(d).is_some_and(|&c| is_space_byte(c)) {
                return if e == k { k } else { self.footnote_end(e, emit) };
            }
            e = d;
            if !(b.get(e + 1).is_some_and(u8::is_ascii_digit)) {
                return self.footnote_end(e, emit);
            }
            e += 1;
        }
    }

    fn footnote_end(&mut self, e: usize, emit: &mut impl FnMut(Span)) -> usize {
        let e = self.text.get(..e).map_or(e, |h| h.trim_end().len());
        let mut s = e;
        while s < self.b.len() && super::ws_len(self.b, s) > 0 {
            s += super::ws_len(self.b, s);
        }
        let next = self.next_info(s);
        if next.kind == Next::Upper && !next.paren && next.word.len() > 1 {
            self.cut(e, emit);
        }
        e
    }

    /// `. . .` style ellipses: three spaced dots stay inside a sentence; four
    /// end one (after the first dot when it is glued to the word).
    fn spaced_ellipsis(&mut self, i: usize, emit: &mut impl FnMut(Span)) -> usize {
        let b = self.b;
        let mut last = i;
        let mut n = 1;
        while b.get(last + 1) == Some(&b' ') && b.get(last + 2) == Some(&b'.') {
            last += 2;
            n += 1;
        }
        let attached = char_before(self.text, i).is_some_and(|c| !c.is_whitespace());
        let (e, _) = self.closers(last + 1);
        if n < 4 {
            return e;
        }
        let mut s = e;
        while s < b.len() && super::ws_len(b, s) > 0 {
            s += super::ws_len(b, s);
        }
        let next = self.next_info(s);
        if !matches!(next.kind, Next::Upper | Next::Cjk) || next.paren {
            return e;
        }
        if attached && n == 4 {
            self.cut(i + 1, emit);
        } else {
            self.cut(e, emit);
        }
        e
    }

    /// Whether a Chinese ellipsis `……` (at `i`, ending at `k`) glued to the
    /// Han text after it ends its sentence: it does unless a particle or mark
    /// that only continues a clause follows (`苹果、梨……等水果`, `……的`).
    fn ellipsis_ends_before(&self, i: usize, k: usize) -> bool {
        let run = self.text.get(i..k).map_or(0, |r| r.chars().count());
        let Some(next) = char_at(self.text, k) else { return false };
        run >= 2 && lang::is_han(next) && !zh::continues_clause(next)
    }

    /// `。！？．…⋯` at `i`, with any run of them and of `!?`.
    fn wide_terminator(&mut self, i: usize, emit: &mut impl FnMut(Span)) -> usize {
        let text = self.text;
        let first = char_at(text, i).unwrap_or('。');
        let mut k = i;
        let mut only_ellipsis = true;
        while let Some(c) = char_at(text, k) {
            if zh::is_terminator(c) || matches!(c, '!' | '?') {
                only_ellipsis = false;
            } else if !zh::is_ellipsis(c) {
                break;
            }
            k += c.len_utf8();
        }
        if matches!(first, '．' | '｡') && k == i + first.len_utf8() {
            // A full-width point between digits is a decimal point: ４．５
            let digit_around = char_before(text, i).is_some_and(char::is_numeric)
                && char_at(text, k).is_some_and(char::is_numeric);
            if digit_around {
                return k;
            }
        }
        let inside_title = self.book > 0;
        let (e, closed) = self.closers(k);
        if inside_title || self.inside_bracket(i, e) {
            return e;
        }
        let b = self.b;
        let mut s = e;
        while s < b.len() && super::ws_len(b, s) > 0 {
            s += super::ws_len(b, s);
        }
        if only_ellipsis {
            // An ellipsis ends a sentence only before a closing mark, a space
            // followed by a new sentence, or the end of the paragraph.
            if s == e && e == k && s < b.len() && !self.ellipsis_ends_before(i, k) {
                return e;
            }
            if s > e {
                let next = self.next_info(s);
                if !matches!(next.kind, Next::Upper | Next::Cjk | Next::End | Next::Digit) {
                    return e;
                }
            }
        }
        if closed && zh::starts_with_attribution(text.get(s..).unwrap_or("")) {
            return e;
        }
        self.cut(e, emit);
        e
    }
}
