//! Clean-up of markup and layout noise before segmentation.
//!
//! Text copied from web pages, PDFs and CAT tools carries things that are not
//! part of any sentence: HTML tags and entities, inline codes of translation
//! tools, dot leaders of a table of contents, ruler lines, words typed with
//! their letters spaced out, a stray full stop pushed onto its own line,
//! line breaks typed as the two characters `\n`, and TeX quotes. Left in
//! place they either end up inside the sentences (and in the translation
//! memory) or mislead the scanner about where sentences end.
//!
//! [`clean`] removes or rewrites only such clearly recognisable noise; the
//! rules are narrow on purpose, so ordinary prose passes through unchanged.
//! The pass is one walk over the bytes that stops only at the few bytes that
//! can start noise. Nothing is allocated until the first rewrite, and a text
//! without noise gives `None`, so clean input costs one read of the bytes.
//!
//! The rewritten text keeps an offset map to the input: it is a list of
//! pieces, each either copied verbatim (offsets shift by a constant) or a
//! replacement for a stretch of the input (any offset inside maps to the
//! whole stretch). Removed input has no piece. Sentence offsets found in the
//! cleaned text are mapped back with [`Cleaned::start_in_input`] and
//! [`Cleaned::end_in_input`], so callers still get offsets into what they
//! passed in.

use memchr::memmem;

/// A run of at least this many dots is a leader or filler, not an ellipsis.
const LEADER_DOTS: usize = 5;

/// A run of at least this many identical rule characters inside a line is a ruler.
const RULER_INLINE: usize = 10;

/// A line holding nothing but at least this many identical rule characters is a ruler.
const RULER_LINE: usize = 3;

/// How far a tag may reach for its `>`, and a code for its end.
const TAG_WINDOW: usize = 2048;

/// Characters that make rulers.
const RULER_CHARS: &[u8] = b"-=_*#~/";

/// HTML elements that separate blocks of text: they become a paragraph break.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];

/// HTML elements that stay within a line of text: they are dropped.
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "big", "br", "button", "cite", "code", "del", "dfn", "em", "font", "i",
    "img", "input", "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strike", "strong",
    "sub", "sup", "time", "tt", "u", "var", "wbr", "g", "x", "bx", "ex", "mrk", "hi",
];

/// Elements whose whole content is dropped: scripts and styles, and the
/// inline elements of XLIFF and TMX that wrap the native codes of a format.
const OPAQUE_TAGS: &[&str] = &["script", "style", "noscript", "bpt", "ept", "ph", "it", "ut"];

/// Bytes from `&` to `;` looked at for an entity: the longest HTML5 name
/// (`&CounterClockwiseContourIntegral;`) is 33.
const ENTITY_WINDOW: usize = 34;

/// A stretch of the cleaned text and where it came from.
#[derive(Clone, Copy, Debug)]
struct Piece {
    /// Offset in the cleaned text.
    clean: usize,
    /// Offset in the input.
    input: usize,
    /// End of the input stretch a replacement stands for (unused when verbatim).
    input_end: usize,
    verbatim: bool,
}

/// Cleaned text and the map from its offsets back to the input's.
#[derive(Debug)]
pub struct Cleaned {
    /// The text with noise removed.
    pub text: String,
    pieces: Vec<Piece>,
}

impl Cleaned {
    /// Offset in the input of the character at `c` in the cleaned text.
    pub fn start_in_input(&self, c: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.clean <= c);
        match i.checked_sub(1).map(|i| self.pieces[i]) {
            Some(p) if p.verbatim => p.input + (c - p.clean),
            Some(p) => p.input,
            None => 0,
        }
    }

    /// Offset in the input just past the character ending at `c` in the cleaned text.
    pub fn end_in_input(&self, c: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.clean < c);
        match i.checked_sub(1).map(|i| self.pieces[i]) {
            Some(p) if p.verbatim => p.input + (c - p.clean),
            Some(p) => p.input_end,
            None => 0,
        }
    }
}

/// Where a closing sequence next occurs, remembered so that many openers
/// share one search: hostile input (thousands of `<!--` and no `-->`) is
/// still read once, not once per opener.
#[derive(Clone, Copy)]
struct Ahead {
    /// First occurrence at or after `from` (`None`: none up to the end).
    at: Option<usize>,
    from: usize,
}

impl Ahead {
    const NEW: Ahead = Ahead { at: None, from: usize::MAX };

    /// First occurrence at or after `from`; `search(from)` finds it when the
    /// remembered answer does not hold for `from`.
    fn find(&mut self, from: usize, search: impl FnOnce(usize) -> Option<usize>) -> Option<usize> {
        let known = self.from <= from && self.at.is_none_or(|a| a >= from);
        if !known {
            self.at = search(from);
            self.from = from;
        }
        self.at
    }
}

/// Builds the cleaned text; allocates only at the first rewrite.
struct Builder<'a> {
    text: &'a str,
    out: String,
    pieces: Vec<Piece>,
    /// Input up to here is already in `out` or dropped.
    copied: usize,
}

impl Builder<'_> {
    /// Replaces the input `from..to` with `with` (empty to drop it).
    fn replace(&mut self, from: usize, to: usize, with: &str) {
        if self.out.capacity() == 0 {
            self.out.reserve(self.text.len());
        }
        self.flush(from);
        if !with.is_empty() {
            self.pieces.push(Piece { clean: self.out.len(), input: from, input_end: to, verbatim: false });
            self.out.push_str(with);
        }
        self.copied = to;
    }

    /// Copies the input from `copied` up to `to` as it is.
    fn flush(&mut self, to: usize) {
        if to > self.copied {
            let input = self.copied;
            self.pieces.push(Piece { clean: self.out.len(), input, input_end: to, verbatim: true });
            self.out.push_str(&self.text[input..to]);
            self.copied = to;
        }
    }
}

/// Cleans `text`; `None` when there is nothing to clean.
pub fn clean(text: &str) -> Option<Cleaned> {
    let mut c = Cleaner {
        b: text.as_bytes(),
        out: Builder { text, out: String::new(), pieces: Vec::new(), copied: 0 },
        tex_close_at: None,
        comment_end: Ahead::NEW,
        code_end: Ahead::NEW,
        tex_end: Ahead::NEW,
        opaque_end: [Ahead::NEW; OPAQUE_TAGS.len()],
    };
    c.run();
    let mut out = c.out;
    if out.pieces.is_empty() && out.copied == 0 {
        return None;
    }
    out.flush(text.len());
    Some(Cleaned { text: out.out, pieces: out.pieces })
}

struct Cleaner<'a> {
    b: &'a [u8],
    out: Builder<'a>,
    /// Where the `''` closing the latest TeX quote ``` `` ``` is.
    tex_close_at: Option<usize>,
    /// Next `-->`, `^}`, `''`, and end tag of each of [`OPAQUE_TAGS`].
    comment_end: Ahead,
    code_end: Ahead,
    tex_end: Ahead,
    opaque_end: [Ahead; OPAQUE_TAGS.len()],
}

fn is_blank(c: u8) -> bool {
    c == b' ' || c == b'\t'
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Case-insensitive search for an ASCII `needle` in `hay`.
fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle.first()?;
    let mut from = 0;
    while let Some(off) =
        memchr::memchr2(first.to_ascii_lowercase(), first.to_ascii_uppercase(), &hay[from..])
    {
        let p = from + off;
        if hay.len() - p >= needle.len() && hay[p..p + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(p);
        }
        from = p + 1;
    }
    None
}

/// Bytes whose long runs are noise: dot leaders and rulers.
static RUN_BYTES: [bool; 256] = super::byte_table(b".-=_*#~/");

/// Start of the run of identical bytes through `j` when it is noise: a
/// ruler of [`RULER_INLINE`] or more, or a dot leader of [`LEADER_DOTS`] or more.
fn noise_run_at(hay: &[u8], j: usize) -> Option<usize> {
    let c = hay[j];
    let mut s = j;
    while s > 0 && hay[s - 1] == c {
        s -= 1;
    }
    let mut e = j;
    while e < hay.len() && e - s < RULER_INLINE && hay[e] == c {
        e += 1;
    }
    (e - s >= RULER_INLINE || (c == b'.' && e - s >= LEADER_DOTS)).then_some(s)
}

/// Offset of the first place in `hay` that may start a long run of dots or
/// ruler characters, or letters spaced out (`a b c d`: three spaces two apart).
///
/// One pass reads eight bytes every four. Every noise run is at least five
/// bytes long, so it covers one of the bytes looked at. For spaces, a
/// word-wide test flags the space bytes (it may also flag a byte after a true
/// space, never miss one), and only a word with three flags two apart is
/// checked byte by byte.
fn find_run_or_spaced(hay: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let spaced = |k: usize| hay.get(k + 4) == Some(&b' ') && hay[k + 2] == b' ' && hay[k] == b' ';
    let mut i = 0;
    while i + 8 <= hay.len() {
        if RUN_BYTES[hay[i] as usize] {
            if let Some(s) = noise_run_at(hay, i) {
                return Some(s);
            }
        }
        let mut word = [0u8; 8];
        word.copy_from_slice(&hay[i..i + 8]);
        let x = u64::from_le_bytes(word) ^ (ONES * u64::from(b' '));
        let flags = x.wrapping_sub(ONES) & !x & HIGHS;
        if flags & (flags >> 16) & (flags >> 32) != 0 {
            if let Some(k) = (i..i + 4).find(|&k| spaced(k)) {
                return Some(k);
            }
        }
        i += 4;
    }
    (i..hay.len()).find_map(|k| match spaced(k) {
        true => Some(k),
        false if RUN_BYTES[hay[k] as usize] => noise_run_at(hay, k),
        false => None,
    })
}

impl Cleaner<'_> {
    /// Visits every place where noise may start, in order. Each kind of
    /// place is found by its own vectorised search (rare bytes, line breaks,
    /// dot and ruler runs, spaced letters), so clean prose is read at memory
    /// speed instead of byte by byte.
    fn run(&mut self) {
        let b = self.b;
        if b.is_empty() {
            return;
        }
        // Next candidate of each kind (indices into `next`).
        const MARKUP: usize = 0; // `<` `&` `{`
        const ESCAPE: usize = 1; // backquote, backslash
        const LINE: usize = 2; // line breaks
        const RUN: usize = 3; // long runs and spaced letters
        const TEX_CLOSE: usize = 4; // the `''` of an open TeX quote, found when it opened
        let mut next = [0usize; 5];
        let mut pos = self.line_start(0);
        let mut first = true;
        loop {
            for (k, n) in next.iter_mut().enumerate() {
                if !first && k != TEX_CLOSE && *n >= pos {
                    continue;
                }
                let hay = &b[pos..];
                let found = match k {
                    MARKUP => memchr::memchr3(b'<', b'&', b'{', hay),
                    ESCAPE => memchr::memchr2(b'`', b'\\', hay),
                    LINE => memchr::memchr(b'\n', hay),
                    RUN => find_run_or_spaced(hay),
                    _ => self.tex_close_at.filter(|&c| c >= pos).map(|c| c - pos),
                };
                *n = found.map_or(usize::MAX, |o| pos + o);
            }
            first = false;
            let Some((k, &at)) = next.iter().enumerate().min_by_key(|(_, &n)| n) else { break };
            if at == usize::MAX {
                break;
            }
            pos = if at < self.out.copied {
                self.out.copied
            } else {
                match k {
                    MARKUP | ESCAPE => match b[at] {
                        b'<' => self.tag(at),
                        b'&' => self.entity(at),
                        b'{' => self.code(at),
                        b'`' => self.backquote(at),
                        _ => self.typed_break(at),
                    },
                    LINE => self.line_start(at + 1),
                    RUN => match b[at] {
                        b' ' => self.spaced_letters(at),
                        b'.' => self.dots(at),
                        _ => self.ruler(at),
                    },
                    _ => self.tex_close(at),
                }
            }
            .max(at + 1);
            if pos >= b.len() {
                break;
            }
        }
    }

    /// An HTML or XML tag, comment, declaration or processing instruction at `i`.
    fn tag(&mut self, i: usize) -> usize {
        let b = self.b;
        let rest = &b[i..];
        if rest.starts_with(b"<!--") {
            let end = self.comment_end.find(i + 4, |f| memmem::find(&b[f..], b"-->").map(|o| f + o));
            return match end {
                Some(e) => self.drop_to(i, e + 3, ""),
                None => i + 1,
            };
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            if !rest.get(2).is_some_and(u8::is_ascii_alphabetic) {
                return i + 1;
            }
            return match self.tag_end(i) {
                Some(e) => self.drop_to(i, e, ""),
                None => i + 1,
            };
        }
        let closing = rest.get(1) == Some(&b'/');
        let ns = i + 1 + usize::from(closing);
        let mut ne = ns;
        while ne < b.len() && ne - ns < 12 && b[ne].is_ascii_alphanumeric() {
            ne += 1;
        }
        if ne == ns || !b[ns].is_ascii_alphabetic() {
            return i + 1;
        }
        if !b.get(ne).is_none_or(|&c| is_space(c) || c == b'>' || c == b'/') {
            return i + 1;
        }
        let mut buf = [0u8; 12];
        let name = &mut buf[..ne - ns];
        name.copy_from_slice(&b[ns..ne]);
        name.make_ascii_lowercase();
        let name = std::str::from_utf8(name).unwrap_or("");
        let Some(end) = self.tag_end(i) else { return i + 1 };
        let self_closing = b[end - 2] == b'/';
        if let Some(t) = OPAQUE_TAGS.iter().position(|&o| o == name) {
            if closing || self_closing {
                return self.drop_to(i, end, "");
            }
            // Drop the content up to the matching end tag, when there is one.
            let mut close = Vec::with_capacity(name.len() + 2);
            close.extend_from_slice(b"</");
            close.extend_from_slice(name.as_bytes());
            if let Some(at) = self.opaque_end[t].find(end, |f| find_ascii_ci(&b[f..], &close).map(|o| f + o))
            {
                if let Some(e) = self.tag_end(at) {
                    return self.drop_to(i, e, "");
                }
            }
            return self.drop_to(i, end, "");
        }
        if BLOCK_TAGS.contains(&name) {
            return self.drop_to(i, end, "\n\n");
        }
        if name == "br" {
            return self.drop_to(i, end, "\n");
        }
        if INLINE_TAGS.contains(&name) {
            return self.drop_to(i, end, "");
        }
        i + 1
    }

    /// Offset just past the `>` closing the tag opened at `i`, if it comes
    /// before another `<` and within the tag window.
    fn tag_end(&self, i: usize) -> Option<usize> {
        let b = self.b;
        let lim = b.len().min(i + TAG_WINDOW);
        let off = memchr::memchr2(b'>', b'<', &b[i + 1..lim])?;
        let p = i + 1 + off;
        (b[p] == b'>').then_some(p + 1)
    }

    fn drop_to(&mut self, from: usize, to: usize, with: &str) -> usize {
        self.out.replace(from, to, with);
        to
    }

    /// `&amp;`, `&nbsp;`, `&#8217;`, `&#x2019;` and every other HTML5 named
    /// entity (quick-xml's table); unknown names are left as they are.
    fn entity(&mut self, i: usize) -> usize {
        let b = self.b;
        let lim = b.len().min(i + ENTITY_WINDOW);
        let Some(semi) = memchr::memchr(b';', &b[i + 1..lim]).map(|o| i + 1 + o) else { return i + 1 };
        let body = &b[i + 1..semi];
        let decoded = if let Some(num) = body.strip_prefix(b"#") {
            let (digits, radix) = match num.first() {
                Some(b'x' | b'X') => (&num[1..], 16),
                _ => (num, 10),
            };
            std::str::from_utf8(digits)
                .ok()
                .filter(|d| !d.is_empty())
                .and_then(|d| u32::from_str_radix(d, radix).ok())
                .and_then(char::from_u32)
                .filter(|c| !c.is_control() || c.is_whitespace())
        } else {
            None
        };
        let mut tmp = [0u8; 4];
        let with: &str = match decoded {
            Some(c) => c.encode_utf8(&mut tmp),
            None => match std::str::from_utf8(body).ok().and_then(quick_xml::escape::resolve_html5_entity) {
                // A no-break space in web text is layout, not content: the
                // segmenter and the aligner should see an ordinary space.
                Some("\u{a0}") => " ",
                Some(s) => s,
                None => return i + 1,
            },
        };
        let with = with.to_owned();
        self.drop_to(i, semi + 1, &with)
    }

    /// Inline codes of CAT tools written as `{b^…b^}`: a tag name and a caret
    /// open the code, a caret and a brace close it; the whole code goes.
    fn code(&mut self, i: usize) -> usize {
        let b = self.b;
        let mut k = i + 1;
        while k < b.len() && k - i <= 8 && b[k].is_ascii_alphanumeric() {
            k += 1;
        }
        if k == i + 1 || b.get(k) != Some(&b'^') {
            return i + 1;
        }
        match self.code_end.find(k + 1, |f| memmem::find(&b[f..], b"^}").map(|o| f + o)) {
            Some(e) if e - k <= TAG_WINDOW => self.drop_to(i, e + 2, ""),
            _ => i + 1,
        }
    }

    /// TeX quotes: ``` `` ``` opens a double quotation (closed by `''`), and a
    /// single `` ` `` before a word opens a single one closed by `'`.
    fn backquote(&mut self, i: usize) -> usize {
        let b = self.b;
        if b.get(i + 1) == Some(&b'`') {
            let close = self.tex_end.find(i + 2, |f| memmem::find(&b[f..], b"''").map(|o| f + o));
            self.tex_close_at = close.filter(|&c| c - i <= TAG_WINDOW);
            return self.drop_to(i, i + 2, "\"");
        }
        let opens = (i == 0 || is_space(b[i - 1]) || matches!(b[i - 1], b'(' | b'[' | b'"'))
            && b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric);
        if !opens {
            return i + 1;
        }
        // Markdown code spans close with another backquote; TeX quotes with an apostrophe.
        let lim = b.len().min(i + TAG_WINDOW);
        let mut k = i + 1;
        while let Some(off) = memchr::memchr2(b'\'', b'`', &b[k..lim]) {
            let p = k + off;
            if b[p] == b'`' {
                return i + 1;
            }
            let after_word = !is_space(b[p - 1]);
            let ends_word = !b.get(p + 1).is_some_and(u8::is_ascii_alphanumeric);
            if after_word && ends_word {
                return self.drop_to(i, i + 1, "'");
            }
            k = p + 1;
        }
        i + 1
    }

    /// `''` closing a TeX double quotation.
    fn tex_close(&mut self, i: usize) -> usize {
        self.tex_close_at = None;
        self.drop_to(i, i + 2, "\"")
    }

    /// Line breaks typed as text, `\n`, `\r\n` or `\ r \ n`, standing alone
    /// between words: they become real line breaks. `C:\new` or TeX's
    /// `\newline` are left alone because a word is glued to them.
    fn typed_break(&mut self, i: usize) -> usize {
        let b = self.b;
        if i > 0 && !is_space(b[i - 1]) {
            return i + 1;
        }
        let mut k = i;
        let mut breaks = 0;
        let mut last_r = false;
        loop {
            if b.get(k) != Some(&b'\\') {
                break;
            }
            let mut l = k + 1;
            if b.get(l) == Some(&b' ') {
                l += 1;
            }
            match b.get(l) {
                Some(b'n') => {
                    if !last_r {
                        breaks += 1;
                    }
                    last_r = false;
                }
                Some(b'r') => {
                    breaks += 1;
                    last_r = true;
                }
                _ => break,
            }
            k = l + 1;
            // A space may separate the escapes of one break: `\ r \ n`.
            if b.get(k) == Some(&b' ') && b.get(k + 1) == Some(&b'\\') {
                k += 1;
            }
        }
        if breaks == 0 {
            return i + 1;
        }
        let free =
            b.get(k).is_none_or(|&c| is_space(c) || c.is_ascii_uppercase() || c.is_ascii_punctuation());
        if !free {
            return i + 1;
        }
        let with = "\n".repeat(breaks);
        self.drop_to(i, k, &with)
    }

    /// Runs of many dots: a leader to a page number at the end of a line goes
    /// with the number; dots glued between two words become a space.
    fn dots(&mut self, i: usize) -> usize {
        let b = self.b;
        let mut k = i;
        while k < b.len() && b[k] == b'.' {
            k += 1;
        }
        if k - i < LEADER_DOTS {
            return k;
        }
        // A page number (`12`, `16-17`, `iv`) and the end of the line.
        let mut e = k;
        while e < b.len() && is_blank(b[e]) {
            e += 1;
        }
        let n = e;
        while e < b.len()
            && e - n < 12
            && (b[e].is_ascii_digit() || matches!(b[e], b'-' | b'i' | b'v' | b'x'))
        {
            e += 1;
        }
        let number = e > n;
        while e < b.len() && is_blank(b[e]) {
            e += 1;
        }
        if number && b.get(e).is_none_or(|&c| c == b'\n' || c == b'\r') {
            let mut s = i;
            while s > 0 && is_blank(b[s - 1]) {
                s -= 1;
            }
            let s = s.max(self.out.copied);
            return self.drop_to(s, e, "");
        }
        let glued =
            i > 0 && b[i - 1].is_ascii_alphanumeric() && b.get(k).is_some_and(u8::is_ascii_alphanumeric);
        if glued {
            return self.drop_to(i, k, " ");
        }
        self.ruler(i)
    }

    /// Rulers: a line of nothing but `-----`, `=====`, `*****` (it becomes a
    /// blank line), or a long run of one such character inside a line.
    fn ruler(&mut self, i: usize) -> usize {
        let b = self.b;
        let c = b[i];
        let mut k = i;
        while k < b.len() && b[k] == c {
            k += 1;
        }
        if k - i >= RULER_INLINE {
            return self.drop_to(i, k, " ");
        }
        if k - i < RULER_LINE {
            return k;
        }
        let mut s = i;
        while s > 0 && is_blank(b[s - 1]) {
            s -= 1;
        }
        let mut e = k;
        while e < b.len() && is_blank(b[e]) {
            e += 1;
        }
        let alone = (s == 0 || b[s - 1] == b'\n') && b.get(e).is_none_or(|&c| c == b'\n' || c == b'\r');
        if alone && s >= self.out.copied {
            return self.drop_to(s, e, "");
        }
        k
    }

    /// Checks the line starting at `i`: a lone full stop there joins the line
    /// before; a column of one- or two-letter lines is one word spelt downwards.
    fn line_start(&mut self, i: usize) -> usize {
        let b = self.b;
        let mut k = i;
        while k < b.len() && is_blank(b[k]) {
            k += 1;
        }
        // `. . .` opening a line is an ellipsis, not a stray full stop.
        let lone = b.get(k + 1).is_none_or(|&c| is_space(c)) && b.get(k + 2) != Some(&b'.');
        if b.get(k) == Some(&b'.') && lone && i > 0 {
            // Join only to a line with text on it.
            let mut p = i - 1;
            if p > 0 && b[p] == b'\n' && b[p - 1] == b'\r' {
                p -= 1;
            }
            while p > 0 && is_blank(b[p - 1]) {
                p -= 1;
            }
            if p > 0 && b[p - 1] != b'\n' && p >= self.out.copied {
                return self.drop_to(p, k, "");
            }
        }
        if let Some(&c) = b.get(k) {
            if RULER_CHARS.contains(&c) || (c == b'.' && b[k..].starts_with(&[b'.'; LEADER_DOTS])) {
                let before = self.out.copied;
                let e = self.ruler(k);
                if self.out.copied != before {
                    return e;
                }
            }
        }
        self.letter_column(i).unwrap_or(i)
    }

    /// At least three lines of one or two capital letters each (`W`, `A`,
    /// `RN`, `I`, `NG`) holding four letters or more, joined into one word.
    fn letter_column(&mut self, i: usize) -> Option<usize> {
        let b = self.b;
        if i < self.out.copied {
            return None;
        }
        let mut lines = 0;
        let mut letters = 0;
        let mut k = i;
        let mut last_end = i;
        loop {
            let mut e = k;
            while e < b.len() && e - k < 3 && b[e].is_ascii_uppercase() {
                e += 1;
            }
            let n = e - k;
            if n == 0 || n > 2 || !b.get(e).is_none_or(|&c| c == b'\n' || c == b'\r') {
                break;
            }
            lines += 1;
            letters += n;
            last_end = e;
            k = e;
            if b.get(k) == Some(&b'\r') {
                k += 1;
            }
            if b.get(k) == Some(&b'\n') {
                k += 1;
            } else {
                break;
            }
        }
        if lines < 3 || letters < 4 {
            return None;
        }
        // Keep the letters, drop the line breaks between them.
        let mut p = i;
        while p < last_end {
            let mut e = p;
            while e < last_end && b[e].is_ascii_uppercase() {
                e += 1;
            }
            self.out.flush(e);
            let mut n = e;
            while n < last_end && !b[n].is_ascii_uppercase() {
                n += 1;
            }
            if n > e {
                self.out.replace(e, n, "");
            }
            p = n;
        }
        Some(last_end)
    }

    /// Words typed with their letters spaced out, `s p a c e d`: four or more
    /// single letters separated by single spaces become one word.
    fn spaced_letters(&mut self, i: usize) -> usize {
        let b = self.b;
        // The letter before this space must stand alone.
        if i == 0 || !b[i - 1].is_ascii_alphabetic() || (i >= 2 && !is_space(b[i - 2])) {
            return i + 1;
        }
        if !(b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) && b.get(i + 2).is_none_or(|&c| c == b' ')) {
            return i + 1;
        }
        let first = i - 1;
        let mut last = i + 1;
        let mut n = 2;
        while b.get(last + 1) == Some(&b' ')
            && b.get(last + 2).is_some_and(u8::is_ascii_alphabetic)
            && b.get(last + 3).is_none_or(|&c| !c.is_ascii_alphanumeric())
        {
            last += 2;
            n += 1;
        }
        if n < 4 || first < self.out.copied {
            return last + 1;
        }
        let mut p = first + 1;
        while p < last {
            self.out.flush(p);
            self.out.replace(p, p + 1, "");
            p += 2;
        }
        last + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_needs_no_copy() {
        assert!(clean("The port grew by 5.5 percent... Trade rose - a lot.\nA new line.").is_none());
    }

    #[test]
    fn runs_and_spaced_letters_are_found_at_any_offset() {
        for pad in 0..20 {
            for tail in [0, 3, 9] {
                let hay = format!("{}----------{}", "x".repeat(pad), "y".repeat(tail));
                assert_eq!(find_run_or_spaced(hay.as_bytes()), Some(pad), "{hay:?}");
                let hay = format!("{}.....{}", "x".repeat(pad), "y".repeat(tail));
                assert_eq!(find_run_or_spaced(hay.as_bytes()), Some(pad), "{hay:?}");
                let hay = format!("{}a b c d{}", "x".repeat(pad), "y".repeat(tail));
                assert_eq!(find_run_or_spaced(hay.as_bytes()), Some(pad + 1), "{hay:?}");
            }
        }
        assert_eq!(find_run_or_spaced(b"a-----b ... c. d e-f /// g"), None);
    }

    #[test]
    fn offsets_of_a_verbatim_piece_shift_and_a_replacement_spans_its_source() {
        let input = "Fish &amp; chips. <b>Hot</b> tea.";
        let c = clean(input).unwrap();
        assert_eq!(c.text, "Fish & chips. Hot tea.");
        let amp = c.text.find('&').unwrap();
        assert_eq!(c.start_in_input(amp), 5);
        assert_eq!(c.end_in_input(amp + 1), 10);
        let hot = c.text.find("Hot").unwrap();
        assert_eq!(&input[c.start_in_input(hot)..c.end_in_input(hot + 3)], "Hot");
        assert_eq!(c.end_in_input(c.text.len()), input.len());
    }
}
