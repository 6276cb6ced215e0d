//! Segmentation with an SRX 2.0 rules file (`--srx FILE`).
//!
//! Why: a translation memory is only useful to a CAT tool when its segments
//! are cut as the tool cuts the documents it translates. OmegaT, Okapi,
//! memoQ and Trados all export their segmentation rules as SRX, so reading
//! SRX lets a memory be cut exactly as the project that will use it.
//!
//! How it reads the file (quick-xml, as the TMX reader does):
//! * `<languagerule>`s hold ordered `<rule break="yes|no">`s (break defaults
//!   to yes), each with a `<beforebreak>` and an `<afterbreak>` regex; either
//!   may be empty or missing.
//! * `<maprules>` holds `<languagemap languagepattern=… languagerulename=…>`s.
//!   The pattern must match the whole language code, ignoring case (as
//!   OmegaT matches `EN.*` against `en-US`). The code is the TMX tag of the
//!   language (`zh-CN`, `en-US`, or the one given with `--source-tag`/
//!   `--target-tag`).
//! * `<header cascade="yes">` (and, as in OmegaT, a header without the
//!   attribute, like OmegaT's own default rules): the rules of every map
//!   entry that matches are used, in map order; `cascade="no"`: only those of
//!   the first matching entry.
//!
//! How it segments, as OmegaT 3.6 does (its `Segmenter`, its plain-text
//! filter and its `ParseEntry`, checked against OmegaT itself by
//! `tests/segment_srx.rs`):
//! * Paragraphs: a line with no characters at all ends one; lines holding
//!   only spaces or control characters are skipped at the start of a
//!   paragraph and kept inside it. A hard-wrapped paragraph is one paragraph,
//!   and a sentence may run over its line breaks.
//! * Each paragraph loses its surrounding whitespace (and no-break spaces),
//!   its `\r\n` and `\r` become `\n`, and characters XML cannot hold become
//!   spaces, before the rules see it.
//! * Each rule is run once over the paragraph: the matches of its
//!   beforebreak are found left to right without overlap, and a break
//!   position is where one ends and a match of the afterbreak (also found
//!   left to right) starts. A rule without a beforebreak has one candidate
//!   after every character. At a position found by several rules the first
//!   rule in order decides break or no break; positions no rule found are
//!   no breaks. One pass per rule and a sort of the candidates keep this
//!   linear in the text (times the number of rules), whatever the length of
//!   a line.
//! * The pieces between breaks lose their surrounding whitespace (Java's
//!   notion of it: the no-break spaces stay) and empty ones are dropped.
//!
//! Regexes: SRX rules are Java regexes. They are compiled with
//! `fancy-regex`, which runs plain patterns on the `regex` crate's linear
//! engines and adds the look-around, backreferences and atomic groups that
//! the `regex` crate lacks and SRX files use. The Java spellings that differ
//! are translated first (see [`java_to_rust`]): `\s`, `\d`, `\w` and the
//! POSIX classes are ASCII-only in Java, `\uXXXX`, `\Q…\E`, `\h`, `\v`,
//! `\p{IsX}`, `$` before a final line break; OmegaT compiles rules with
//! DOTALL, so `.` matches line breaks. What cannot be honoured (Unicode
//! blocks `\p{InX}`, possessive quantifiers, `\X`…) is an error naming the
//! file and line of the rule.

use std::borrow::Cow;
use std::path::Path;

use fancy_regex::Regex;
use quick_xml::events::{BytesStart, Event};

use super::Span;
use crate::lang::Lang;

/// Why an SRX file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SrxError {
    #[error(transparent)]
    Input(#[from] crate::input::InputError),
    #[error("{file}:{line}: malformed SRX: {message}")]
    Malformed { file: String, line: usize, message: String },
    #[error("{file}:{line}: rule regex not supported: {message}")]
    Regex { file: String, line: usize, message: String },
    #[error("{file}: no segmentation rules for language {tag}")]
    NoRules { file: String, tag: String },
}

/// One rule as written in the file.
#[derive(Clone, Debug)]
struct RawRule {
    brk: bool,
    before: Option<String>,
    after: Option<String>,
    /// Lines of the `<beforebreak>` / `<afterbreak>` (of the `<rule>` when missing).
    before_line: usize,
    after_line: usize,
}

#[derive(Clone, Debug)]
struct RawLanguageRule {
    name: String,
    rules: Vec<RawRule>,
}

#[derive(Clone, Debug)]
struct RawMap {
    pattern: String,
    rule_name: String,
    line: usize,
}

/// An SRX file as read, before any regex is compiled.
#[derive(Clone, Debug)]
pub struct SrxFile {
    name: String,
    cascade: bool,
    language_rules: Vec<RawLanguageRule>,
    maps: Vec<RawMap>,
}

/// A rule with its regexes compiled.
#[derive(Debug)]
struct Rule {
    brk: bool,
    before: Option<Regex>,
    after: Option<Regex>,
}

/// The rules an SRX file gives one language, compiled, in order.
#[derive(Debug)]
pub struct LanguageRules {
    /// The language code the map was matched against.
    pub tag: String,
    rules: Vec<Rule>,
}

/// The SRX rules of a run: for each language it segments, the compiled
/// rules for that language's code. Read once per run and shared by every
/// document (and thread) of the run.
#[derive(Debug)]
pub struct SrxRules {
    /// The file's name, for messages.
    pub file: String,
    langs: Vec<(Lang, LanguageRules)>,
}

impl SrxRules {
    /// Reads `path` and compiles its rules for each `(language, code)`.
    /// A language whose code no map entry matches is an error.
    pub fn load(path: &Path, langs: &[(Lang, &str)]) -> Result<SrxRules, SrxError> {
        SrxFile::load(path)?.rules(langs)
    }

    /// The rules for `lang`, if it was one of those loaded.
    pub fn for_lang(&self, lang: Lang) -> Option<&LanguageRules> {
        self.langs.iter().find(|(l, _)| *l == lang).map(|(_, r)| r)
    }
}

impl SrxFile {
    /// Reads and parses an SRX file (regexes are compiled by [`SrxFile::rules`]).
    pub fn load(path: &Path) -> Result<SrxFile, SrxError> {
        let text = crate::input::read_text(Some(path))?;
        SrxFile::parse(&text.name, &text.text)
    }

    /// Compiles the rules for each `(language, code)`.
    pub fn rules(&self, langs: &[(Lang, &str)]) -> Result<SrxRules, SrxError> {
        let mut out = Vec::with_capacity(langs.len());
        for &(lang, tag) in langs {
            out.push((lang, self.language_rules(tag)?));
        }
        Ok(SrxRules { file: self.name.clone(), langs: out })
    }

    /// The compiled rules for the language code `tag`.
    pub fn language_rules(&self, tag: &str) -> Result<LanguageRules, SrxError> {
        // OmegaT builds the code from a locale, always with a hyphen.
        let code = tag.replace('_', "-");
        let mut rules = Vec::new();
        for map in &self.maps {
            let translated = java_to_rust(&map.pattern, false).map_err(|m| self.regex_error(map.line, m))?;
            let full = format!("(?i)^(?:{translated})$");
            let re = Regex::new(&full).map_err(|e| self.regex_error(map.line, e.to_string()))?;
            // A match error (backtracking limit) on a short code is a non-match.
            if !re.is_match(&code).unwrap_or(false) {
                continue;
            }
            let Some(lr) = self.language_rules.iter().find(|r| r.name == map.rule_name) else {
                return Err(SrxError::Malformed {
                    file: self.name.clone(),
                    line: map.line,
                    message: format!(
                        "languagemap names languagerule {:?}, which the file lacks",
                        map.rule_name
                    ),
                });
            };
            for r in &lr.rules {
                rules.push(Rule {
                    brk: r.brk,
                    before: self.compile(r.before.as_deref(), r.before_line)?,
                    after: self.compile(r.after.as_deref(), r.after_line)?,
                });
            }
            if !self.cascade {
                break;
            }
        }
        if rules.is_empty() {
            return Err(SrxError::NoRules { file: self.name.clone(), tag: tag.to_string() });
        }
        Ok(LanguageRules { tag: tag.to_string(), rules })
    }

    fn compile(&self, pattern: Option<&str>, line: usize) -> Result<Option<Regex>, SrxError> {
        let Some(p) = pattern else { return Ok(None) };
        let translated =
            java_to_rust(p, true).map_err(|m| self.regex_error(line, format!("{m} (in {p})")))?;
        let re = Regex::new(&translated).map_err(|e| {
            // A parse error's position is in the translated pattern: leave it out.
            let why = match e {
                fancy_regex::Error::ParseError(_, kind) => kind.to_string(),
                other => other.to_string(),
            };
            self.regex_error(line, format!("{why} (in {p})"))
        })?;
        Ok(Some(re))
    }

    fn regex_error(&self, line: usize, message: String) -> SrxError {
        SrxError::Regex { file: self.name.clone(), line, message: one_line(&message) }
    }

    /// Parses SRX 2.0 (and the SRX 1.0 layout, whose map entries sit in
    /// `<maprule>` elements) from `xml`; `name` is used in messages.
    pub fn parse(name: &str, xml: &str) -> Result<SrxFile, SrxError> {
        Parser { name, xml, line_starts: line_starts(xml) }.run()
    }
}

/// What the parser is collecting text for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    None,
    Before,
    After,
}

struct Parser<'a> {
    name: &'a str,
    xml: &'a str,
    line_starts: Vec<usize>,
}

impl Parser<'_> {
    fn line(&self, pos: u64) -> usize {
        let pos = usize::try_from(pos).unwrap_or(usize::MAX).min(self.xml.len());
        self.line_starts.partition_point(|&s| s <= pos)
    }

    fn malformed(&self, pos: u64, message: impl Into<String>) -> SrxError {
        SrxError::Malformed {
            file: self.name.to_string(),
            line: self.line(pos),
            message: one_line(&message.into()),
        }
    }

    fn run(&self) -> Result<SrxFile, SrxError> {
        let mut reader = quick_xml::Reader::from_str(self.xml);
        let mut file = SrxFile {
            name: self.name.to_string(),
            cascade: true,
            language_rules: Vec::new(),
            maps: Vec::new(),
        };
        let mut seen_root = false;
        let mut depth = 0usize;
        let mut in_maprules = false;
        let mut current_rule: Option<RawRule> = None;
        let mut field = Field::None;
        let mut text = String::new();
        loop {
            let before = reader.buffer_position();
            let event = match reader.read_event() {
                Ok(e) => e,
                Err(e) => return Err(self.malformed(reader.error_position(), format!("malformed XML: {e}"))),
            };
            match event {
                Event::Start(e) | Event::Empty(e) if field != Field::None => {
                    return Err(self
                        .malformed(before, format!("<{}> inside a regex element", e.local_name().as_ref())));
                }
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(event, Event::Empty(_));
                    let local = e.local_name();
                    let tag = local.as_ref();
                    if depth == 0 {
                        if tag != "srx" {
                            return Err(
                                self.malformed(before, "not an SRX file: the root element is not <srx>")
                            );
                        }
                        seen_root = true;
                    }
                    match tag {
                        "header" => {
                            if let Some(v) = self.attr(e, "cascade", before)? {
                                file.cascade = match v.as_ref() {
                                    "yes" => true,
                                    "no" => false,
                                    other => {
                                        return Err(self.malformed(
                                            before,
                                            format!("cascade must be yes or no, not {other:?}"),
                                        ))
                                    }
                                };
                            }
                        }
                        "languagerule" => {
                            let Some(name) = self.attr(e, "languagerulename", before)? else {
                                return Err(self.malformed(before, "<languagerule> without languagerulename"));
                            };
                            file.language_rules
                                .push(RawLanguageRule { name: name.into_owned(), rules: Vec::new() });
                        }
                        "rule" => {
                            if file.language_rules.is_empty() {
                                return Err(self.malformed(before, "<rule> outside a <languagerule>"));
                            }
                            let brk = match self.attr(e, "break", before)?.as_deref() {
                                None | Some("yes") => true,
                                Some("no") => false,
                                Some(other) => {
                                    return Err(self.malformed(
                                        before,
                                        format!("break must be yes or no, not {other:?}"),
                                    ))
                                }
                            };
                            let line = self.line(before);
                            let rule = RawRule {
                                brk,
                                before: None,
                                after: None,
                                before_line: line,
                                after_line: line,
                            };
                            if !empty {
                                current_rule = Some(rule);
                            } else if let Some(l) = file.language_rules.last_mut() {
                                l.rules.push(rule);
                            }
                        }
                        "beforebreak" | "afterbreak" => {
                            let Some(rule) = current_rule.as_mut() else {
                                return Err(self.malformed(before, format!("<{}> outside a <rule>", tag)));
                            };
                            let line = self.line(before);
                            let is_before = tag == "beforebreak";
                            if is_before {
                                rule.before = Some(String::new());
                                rule.before_line = line;
                            } else {
                                rule.after = Some(String::new());
                                rule.after_line = line;
                            }
                            if !empty {
                                field = if is_before { Field::Before } else { Field::After };
                                text.clear();
                            }
                        }
                        "maprules" => in_maprules = !empty,
                        "languagemap" => {
                            if !in_maprules {
                                return Err(self.malformed(before, "<languagemap> outside <maprules>"));
                            }
                            let pattern = self.attr(e, "languagepattern", before)?;
                            let rule_name = self.attr(e, "languagerulename", before)?;
                            let (Some(pattern), Some(rule_name)) = (pattern, rule_name) else {
                                return Err(self.malformed(
                                    before,
                                    "<languagemap> needs languagepattern and languagerulename",
                                ));
                            };
                            file.maps.push(RawMap {
                                pattern: pattern.into_owned(),
                                rule_name: rule_name.into_owned(),
                                line: self.line(before),
                            });
                        }
                        _ => {}
                    }
                    if !empty {
                        depth += 1;
                    }
                }
                Event::End(e) => {
                    depth = depth.saturating_sub(1);
                    match e.local_name().as_ref() {
                        "beforebreak" | "afterbreak" => {
                            if let Some(rule) = current_rule.as_mut() {
                                let slot =
                                    if field == Field::Before { &mut rule.before } else { &mut rule.after };
                                *slot = Some(std::mem::take(&mut text));
                            }
                            field = Field::None;
                        }
                        "rule" => {
                            if let (Some(rule), Some(lr)) =
                                (current_rule.take(), file.language_rules.last_mut())
                            {
                                lr.rules.push(rule);
                            }
                        }
                        "maprules" => in_maprules = false,
                        _ => {}
                    }
                }
                Event::Text(t) => {
                    if field != Field::None {
                        text.push_str(&t.xml10_content());
                    } else if depth == 0 && !t.trim_ascii().is_empty() {
                        return Err(self.malformed(before, "text outside the root element"));
                    }
                }
                Event::CData(t) => {
                    if field != Field::None {
                        text.push_str(&t.xml10_content());
                    }
                }
                Event::GeneralRef(r) => {
                    let mut tmp = [0u8; 4];
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(&*c.encode_utf8(&mut tmp)),
                        Ok(None) => quick_xml::escape::resolve_xml_entity(&r),
                        Err(_) => None,
                    };
                    let Some(s) = resolved else {
                        let name = r.as_ref().to_string();
                        return Err(self.malformed(before, format!("undefined entity &{name};")));
                    };
                    if field != Field::None {
                        text.push_str(s);
                    }
                }
                Event::Eof => {
                    if !seen_root {
                        return Err(self.malformed(before, "not an SRX file: no <srx> element"));
                    }
                    if depth > 0 {
                        return Err(
                            self.malformed(before, "unexpected end of file: the document is truncated")
                        );
                    }
                    break;
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
            }
        }
        Ok(file)
    }

    fn attr<'e>(
        &self,
        e: &'e BytesStart<'_>,
        name: &str,
        pos: u64,
    ) -> Result<Option<Cow<'e, str>>, SrxError> {
        for a in e.attributes() {
            let a = a.map_err(|err| self.malformed(pos, format!("bad attribute: {err}")))?;
            if a.key.local_name().as_ref() == name {
                let v = a
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map_err(|err| self.malformed(pos, format!("bad attribute {name}: {err}")))?;
                return Ok(Some(v));
            }
        }
        Ok(None)
    }
}

/// Byte offsets where the lines of `s` start (1-based line `n` starts at index `n - 1`).
fn line_starts(s: &str) -> Vec<usize> {
    std::iter::once(0).chain(memchr::memchr_iter(b'\n', s.as_bytes()).map(|i| i + 1)).collect()
}

/// `message` on one line: control characters escaped.
fn one_line(message: &str) -> String {
    message
        .chars()
        .flat_map(|c| if c.is_control() { c.escape_default().collect() } else { vec![c] })
        .collect()
}

// ---------------------------------------------------------------------------
// Java regex syntax to fancy-regex syntax.

/// Java's `\s` (without UNICODE_CHARACTER_CLASS): ASCII whitespace only.
const JAVA_SPACE: &str = r"[\t\n\x0B\x0C\r ]";
const JAVA_NOT_SPACE: &str = r"[^\t\n\x0B\x0C\r ]";
/// Java's `\h`: horizontal whitespace.
const JAVA_HSPACE: &str = r"[ \t\xA0\x{1680}\x{180E}\x{2000}-\x{200A}\x{202F}\x{205F}\x{3000}]";
const JAVA_NOT_HSPACE: &str = r"[^ \t\xA0\x{1680}\x{180E}\x{2000}-\x{200A}\x{202F}\x{205F}\x{3000}]";
/// Java's `\v` (Java 8 and later): vertical whitespace.
const JAVA_VSPACE: &str = r"[\n\x0B\x0C\r\x{85}\x{2028}\x{2029}]";
const JAVA_NOT_VSPACE: &str = r"[^\n\x0B\x0C\r\x{85}\x{2028}\x{2029}]";
/// Java's `$` without MULTILINE: the end, or before a line terminator that ends the input.
const JAVA_END: &str = r"(?:(?=(?:\r\n|[\n\r\x{85}\x{2028}\x{2029}])?\z))";
/// Java's `\R`.
const JAVA_LINEBREAK: &str = r"(?:\r\n|[\n\x0B\x0C\r\x{85}\x{2028}\x{2029}])";

/// Translates a Java regex into the syntax of `fancy-regex`, keeping its
/// meaning; `dotall` prefixes the DOTALL flag (OmegaT compiles segmentation
/// rules with it). The error says what cannot be honoured.
///
/// Classes (`\s`, `\d`, `\w`, POSIX names) are written as bracketed classes,
/// which the `regex` syntax also accepts nested inside a class.
pub fn java_to_rust(java: &str, dotall: bool) -> Result<String, String> {
    let chars: Vec<char> = java.chars().collect();
    // `(?U)` (UNICODE_CHARACTER_CLASS) makes the classes Unicode; it is
    // honoured for the whole pattern, the usual place of such a flag.
    let unicode_classes = has_flag(&chars, 'U');
    let multiline = has_flag(&chars, 'm');
    let mut out = String::with_capacity(java.len() + 8);
    if dotall {
        out.push_str("(?s)");
    }
    let mut class_depth = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                let Some(&e) = chars.get(i + 1) else { return Err("trailing backslash".into()) };
                i += 2;
                match e {
                    's' | 'S' | 'd' | 'D' | 'w' | 'W' if unicode_classes => {
                        out.push('\\');
                        out.push(e);
                    }
                    's' => out.push_str(JAVA_SPACE),
                    'S' => out.push_str(JAVA_NOT_SPACE),
                    'd' => out.push_str("[0-9]"),
                    'D' => out.push_str("[^0-9]"),
                    'w' => out.push_str("[a-zA-Z_0-9]"),
                    'W' => out.push_str("[^a-zA-Z_0-9]"),
                    'h' => out.push_str(JAVA_HSPACE),
                    'H' => out.push_str(JAVA_NOT_HSPACE),
                    'v' => out.push_str(JAVA_VSPACE),
                    'V' => out.push_str(JAVA_NOT_VSPACE),
                    'R' if class_depth == 0 => out.push_str(JAVA_LINEBREAK),
                    'u' => {
                        let (cp, used) = java_unicode_escape(&chars[i..])?;
                        i += used;
                        push_code_point(&mut out, cp);
                    }
                    'x' => {
                        let (cp, used) = java_hex_escape(&chars[i..])?;
                        i += used;
                        push_code_point(&mut out, cp);
                    }
                    '0' => {
                        let mut v: u32 = 0;
                        let mut n = 0;
                        while n < 3 && i + n < chars.len() && ('0'..='7').contains(&chars[i + n]) {
                            let next = v * 8 + chars[i + n].to_digit(8).unwrap_or(0);
                            if next > 0o377 {
                                break;
                            }
                            v = next;
                            n += 1;
                        }
                        if n == 0 {
                            return Err(r"\0 must be followed by an octal digit".into());
                        }
                        i += n;
                        push_code_point(&mut out, v);
                    }
                    'c' => {
                        let Some(&x) = chars.get(i) else { return Err(r"\c needs a letter".into()) };
                        i += 1;
                        push_code_point(&mut out, (x as u32) ^ 64);
                    }
                    'a' => out.push_str(r"\x07"),
                    'e' => out.push_str(r"\x1B"),
                    't' | 'n' | 'r' | 'f' => {
                        out.push('\\');
                        out.push(e);
                    }
                    'Q' => {
                        let mut lit = String::new();
                        while i < chars.len() {
                            if chars[i] == '\\' && chars.get(i + 1) == Some(&'E') {
                                i += 2;
                                break;
                            }
                            lit.push(chars[i]);
                            i += 1;
                        }
                        for ch in lit.chars() {
                            push_literal(&mut out, ch);
                        }
                    }
                    'E' => {} // A stray \E ends nothing, as in Java.
                    'p' | 'P' => {
                        let (name, used) = property_name(&chars[i..])?;
                        i += used;
                        out.push_str(&java_property(&name, e == 'P')?);
                    }
                    'b' | 'B' | 'A' | 'z' | 'G' | 'Z' if class_depth == 0 => {
                        out.push('\\');
                        out.push(e);
                    }
                    'k' if class_depth == 0 => out.push_str(r"\k"),
                    '1'..='9' if class_depth == 0 => {
                        out.push('\\');
                        out.push(e);
                    }
                    'X' => return Err(r"\X (grapheme clusters) is not supported".into()),
                    'N' => return Err(r"\N{name} is not supported".into()),
                    e if e.is_ascii_alphanumeric() => return Err(format!("unknown escape \\{e}")),
                    e => push_literal(&mut out, e),
                }
                continue;
            }
            '[' => {
                class_depth += 1;
                out.push('[');
                i += 1;
                if chars.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                continue;
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(']');
            }
            // The regex crate reads `--` and `~~` in a class as set
            // operations; Java reads them as characters.
            '-' if class_depth > 0 && chars.get(i + 1) == Some(&'-') => out.push_str(r"\-"),
            '~' if class_depth > 0 => out.push_str(r"\~"),
            '$' if class_depth == 0 && !multiline => out.push_str(JAVA_END),
            '(' if class_depth == 0 && chars.get(i + 1) == Some(&'?') => {
                let (group, used) = java_group_open(&chars[i..])?;
                out.push_str(&group);
                i += used;
                continue;
            }
            '*' | '+' | '?' | '}' if class_depth == 0 && chars.get(i + 1) == Some(&'+') => {
                return Err("possessive quantifiers (*+, ++, ?+) are not supported".into());
            }
            _ => out.push(c),
        }
        i += 1;
    }
    Ok(out)
}

/// True when an inline flag group of the pattern turns on `flag`.
fn has_flag(chars: &[char], flag: char) -> bool {
    let mut i = 0;
    while i + 2 < chars.len() {
        if chars[i] == '\\' {
            i += 2;
            continue;
        }
        if chars[i] == '(' && chars[i + 1] == '?' {
            let mut j = i + 2;
            while j < chars.len() && chars[j].is_ascii_alphabetic() {
                if chars[j] == flag {
                    return true;
                }
                j += 1;
            }
        }
        i += 1;
    }
    false
}

/// Translates the opening of a `(?…` group; returns it and the chars used.
fn java_group_open(chars: &[char]) -> Result<(String, usize), String> {
    // chars[0] == '(' and chars[1] == '?'
    match chars.get(2) {
        Some(':' | '=' | '!' | '>') => Ok((chars[..3].iter().collect(), 3)),
        Some('<') => match chars.get(3) {
            Some('=' | '!') => Ok((chars[..4].iter().collect(), 4)),
            _ => Ok(("(?<".into(), 3)), // named group
        },
        _ => {
            // Inline flags: (?idmsuxU-idmsuxU) or (?flags:…).
            let mut j = 2;
            let mut flags = String::new();
            while let Some(&f) = chars.get(j) {
                match f {
                    // UNICODE_CASE: the regex crate folds case by Unicode already;
                    // UNIX_LINES and UNICODE_CHARACTER_CLASS are handled elsewhere or moot.
                    'u' | 'd' | 'U' => {}
                    'i' | 'm' | 's' | 'x' | '-' => flags.push(f),
                    ')' | ':' => break,
                    other => return Err(format!("unknown inline flag {other:?}")),
                }
                j += 1;
            }
            let Some(&end) = chars.get(j) else { return Err("unclosed group".into()) };
            let flags = flags.trim_end_matches('-');
            if flags.is_empty() || flags == "-" {
                // Nothing left to say: a plain group, or nothing at all.
                return Ok((if end == ':' { "(?:".into() } else { String::new() }, j + 1));
            }
            Ok((format!("(?{flags}{end}"), j + 1))
        }
    }
}

/// Reads the `XXXX` of `\uXXXX` (and a following low surrogate escape).
fn java_unicode_escape(chars: &[char]) -> Result<(u32, usize), String> {
    let hex4 = |s: &[char]| -> Option<u32> {
        if s.len() < 4 {
            return None;
        }
        u32::from_str_radix(&s[..4].iter().collect::<String>(), 16).ok()
    };
    let Some(hi) = hex4(chars) else { return Err(r"\u needs four hex digits".into()) };
    if (0xD800..0xDC00).contains(&hi) && chars.get(4) == Some(&'\\') && chars.get(5) == Some(&'u') {
        if let Some(lo) = hex4(&chars[6..]) {
            if (0xDC00..0xE000).contains(&lo) {
                return Ok((0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00), 10));
            }
        }
    }
    Ok((hi, 4))
}

/// Reads the `hh` or `{h…}` of `\x`.
fn java_hex_escape(chars: &[char]) -> Result<(u32, usize), String> {
    if chars.first() == Some(&'{') {
        let Some(close) = chars.iter().position(|&c| c == '}') else { return Err(r"unclosed \x{".into()) };
        let hex: String = chars[1..close].iter().collect();
        let v = u32::from_str_radix(&hex, 16).map_err(|_| format!(r"bad \x{{{hex}}}"))?;
        return Ok((v, close + 1));
    }
    if chars.len() < 2 {
        return Err(r"\x needs two hex digits".into());
    }
    let hex: String = chars[..2].iter().collect();
    let v = u32::from_str_radix(&hex, 16).map_err(|_| format!(r"bad \x{hex}"))?;
    Ok((v, 2))
}

fn push_code_point(out: &mut String, cp: u32) {
    out.push_str(&format!(r"\x{{{cp:X}}}"));
}

fn push_literal(out: &mut String, c: char) {
    if c.is_ascii_punctuation() || c == ' ' || c == '#' {
        // Escaping any ASCII punctuation is accepted; a space is escaped
        // so that it survives an (?x) flag.
        out.push('\\');
    }
    out.push(c);
}

/// Reads the name of `\p{Name}` or `\pL`.
fn property_name(chars: &[char]) -> Result<(String, usize), String> {
    match chars.first() {
        Some('{') => {
            let Some(close) = chars.iter().position(|&c| c == '}') else {
                return Err(r"unclosed \p{".into());
            };
            Ok((chars[1..close].iter().collect(), close + 1))
        }
        Some(&c) if c.is_ascii_alphabetic() => Ok((c.to_string(), 1)),
        _ => Err(r"\p needs a property name".into()),
    }
}

/// The class for Java's `\p{name}` (or `\P{name}` when `negated`).
fn java_property(name: &str, negated: bool) -> Result<String, String> {
    let class = |members: &str| if negated { format!("[^{members}]") } else { format!("[{members}]") };
    // POSIX classes are ASCII-only in Java (without UNICODE_CHARACTER_CLASS).
    let posix = match name {
        "Lower" => Some("a-z"),
        "Upper" => Some("A-Z"),
        "ASCII" => Some(r"\x00-\x7F"),
        "Alpha" => Some("a-zA-Z"),
        "Digit" => Some("0-9"),
        "Alnum" => Some("a-zA-Z0-9"),
        "Punct" => Some(r"!-/:-@\[-`{-\~"),
        "Graph" => Some(r"!-\~"),
        "Print" => Some(r" -\~"),
        "Blank" => Some(r" \t"),
        "Cntrl" => Some(r"\x00-\x1F\x7F"),
        "XDigit" => Some("0-9a-fA-F"),
        "Space" => Some(r"\t\n\x0B\x0C\r "),
        _ => None,
    };
    if let Some(m) = posix {
        return Ok(class(m));
    }
    let java = match name {
        "javaLowerCase" => Some(r"\p{Lowercase}"),
        "javaUpperCase" => Some(r"\p{Uppercase}"),
        "javaAlphabetic" => Some(r"\p{Alphabetic}"),
        "javaLetter" => Some(r"\p{L}"),
        "javaDigit" => Some(r"\p{Nd}"),
        "javaLetterOrDigit" => Some(r"\p{L}\p{Nd}"),
        "javaSpaceChar" => Some(r"\p{Zs}\p{Zl}\p{Zp}"),
        "javaWhitespace" => {
            Some(r"\t-\r\x1C-\x1F \x{1680}\x{2000}-\x{2006}\x{2008}-\x{200A}\x{2028}\x{2029}\x{205F}\x{3000}")
        }
        _ => None,
    };
    if let Some(m) = java {
        return Ok(class(m));
    }
    if name.starts_with("java") {
        return Err(format!(r"\p{{{name}}} is not supported"));
    }
    if let Some(block) = name.strip_prefix("In") {
        return Err(format!(r"Unicode blocks (\p{{In{block}}}) are not supported"));
    }
    if name.starts_with("blk=") || name.starts_with("block=") {
        return Err(format!(r"Unicode blocks (\p{{{name}}}) are not supported"));
    }
    // `IsX` names a script, category or binary property, as `X` does here.
    let plain = name.strip_prefix("Is").filter(|rest| !rest.is_empty()).unwrap_or(name);
    Ok(format!(r"\{}{{{plain}}}", if negated { 'P' } else { 'p' }))
}

// ---------------------------------------------------------------------------
// Segmenting.

/// Java's `Character.isWhitespace`: the no-break spaces (U+00A0, U+2007,
/// U+202F) are not whitespace, the information separators are.
fn java_ws(c: char) -> bool {
    matches!(c,
        '\t'..='\r' | '\u{1C}'..='\u{1F}' | ' ' | '\u{1680}' | '\u{2000}'..='\u{2006}'
        | '\u{2008}'..='\u{200A}' | '\u{2028}' | '\u{2029}' | '\u{205F}' | '\u{3000}')
}

/// Characters XML 1.0 cannot hold, which OmegaT turns into spaces.
fn xml_invalid(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Calls `emit` with the span of every segment of `text`, in order.
pub(crate) fn for_each_span(text: &str, rules: &LanguageRules, mut emit: impl FnMut(Span)) {
    let mut candidates = Vec::new();
    let mut paragraph = 0;
    for_each_paragraph(text, |start, end| {
        segment_paragraph(text, start, end, paragraph, rules, &mut candidates, &mut emit);
        paragraph += 1;
    });
}

/// Calls `f` with the byte range of every paragraph of `text`, as OmegaT's
/// plain-text filter cuts them: a line with no characters ends a paragraph;
/// lines of spaces and control characters (what Java's `String.trim`
/// removes) are skipped while no paragraph is open.
fn for_each_paragraph(text: &str, mut f: impl FnMut(usize, usize)) {
    let b = text.as_bytes();
    let mut open: Option<usize> = None;
    let mut para_end = 0;
    let mut pos = 0;
    while pos < b.len() {
        let nl = memchr::memchr2(b'\n', b'\r', &b[pos..]).map_or(b.len(), |k| pos + k);
        let line = &b[pos..nl];
        let after = match b.get(nl) {
            Some(b'\r') if b.get(nl + 1) == Some(&b'\n') => nl + 2,
            Some(_) => nl + 1,
            None => nl,
        };
        if line.is_empty() {
            if let Some(s) = open.take() {
                f(s, para_end);
            }
        } else if open.is_some() || line.iter().any(|&c| c > b' ') {
            open.get_or_insert(pos);
            para_end = after;
        }
        pos = after;
    }
    if let Some(s) = open {
        f(s, para_end);
    }
}

/// The paragraph as OmegaT hands it to the segmenter, and where each of its
/// bytes comes from when it differs from the input.
struct View<'a> {
    text: Cow<'a, str>,
    /// `origin[i]`: input offset of view byte `i`; empty when borrowed.
    origin: Vec<usize>,
    /// Input offset of view byte 0 when borrowed.
    base: usize,
}

impl View<'_> {
    /// Input offset of the character starting at view byte `i`.
    fn start_in_input(&self, i: usize) -> usize {
        if self.origin.is_empty() {
            self.base + i
        } else {
            self.origin[i]
        }
    }

    /// Input offset just past the character ending at view byte `i` (`i > 0`).
    /// A segment never ends with a rewritten character: they are all
    /// whitespace to Java, and trimmed.
    fn end_in_input(&self, i: usize) -> usize {
        if self.origin.is_empty() {
            self.base + i
        } else {
            self.origin[i - 1] + 1
        }
    }
}

fn view(text: &str, start: usize, end: usize) -> View<'_> {
    let s = &text[start..end];
    let plain = !s.bytes().any(|c| c == b'\r' || c < 0x20 && c != b'\t' && c != b'\n');
    // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
    let nonchar = memchr::memmem::find_iter(s.as_bytes(), b"\xEF\xBF")
        .any(|i| s.as_bytes().get(i + 2).is_some_and(|&b| b >= 0xBE));
    if plain && !nonchar {
        return View { text: Cow::Borrowed(s), origin: Vec::new(), base: start };
    }
    let mut out = String::with_capacity(s.len());
    let mut origin = Vec::with_capacity(s.len() + 1);
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let at = start + i;
        let r = if c == '\r' {
            if matches!(it.peek(), Some((_, '\n'))) {
                // `\r\n` becomes the `\n`; the `\r` is dropped.
                continue;
            }
            '\n'
        } else if xml_invalid(c) {
            ' '
        } else {
            c
        };
        if r == c {
            origin.extend(at..at + c.len_utf8());
        } else {
            origin.push(at);
        }
        out.push(r);
    }
    View { text: Cow::Owned(out), origin, base: start }
}

/// Cuts the paragraph `text[start..end]` and emits its segments.
fn segment_paragraph(
    text: &str,
    start: usize,
    end: usize,
    paragraph: usize,
    rules: &LanguageRules,
    candidates: &mut Vec<(usize, usize)>,
    emit: &mut impl FnMut(Span),
) {
    // OmegaT strips the paragraph's surrounding whitespace and no-break spaces first.
    let strip = |c: char| java_ws(c) || c == '\u{A0}';
    let s = &text[start..end];
    let lead = s.len() - s.trim_start_matches(strip).len();
    let body = s.trim_matches(strip);
    if body.is_empty() {
        return;
    }
    let (start, end) = (start + lead, start + lead + body.len());
    let v = view(text, start, end);
    let p: &str = &v.text;

    candidates.clear();
    for (index, rule) in rules.rules.iter().enumerate() {
        rule_breaks(p, rule, |pos| candidates.push((pos, index)));
    }
    // At each position the first rule in order decides.
    candidates.sort_unstable();
    let mut cut = 0;
    let mut last_pos = usize::MAX;
    let mut piece = |from: usize, to: usize| {
        let seg = &p[from..to];
        let a = from + (seg.len() - seg.trim_start_matches(java_ws).len());
        let z = from + seg.trim_end_matches(java_ws).len();
        if a < z {
            emit(Span { start: v.start_in_input(a), end: v.end_in_input(z), paragraph });
        }
    };
    for &(pos, index) in candidates.iter() {
        if pos == last_pos {
            continue;
        }
        last_pos = pos;
        if rules.rules[index].brk && pos > cut && pos < p.len() {
            piece(cut, pos);
            cut = pos;
        }
    }
    piece(cut, p.len());
}

/// Java's `Matcher.find` loop: successive leftmost matches, each search
/// starting where the last match ended (one character later after an empty
/// match).
struct Finder<'r, 't> {
    re: &'r Regex,
    text: &'t str,
    from: usize,
    done: bool,
}

impl Finder<'_, '_> {
    fn next(&mut self) -> Option<(usize, usize)> {
        if self.done || self.from > self.text.len() {
            return None;
        }
        // A match error (backtracking limit hit) ends the rule's matches.
        match self.re.find_from_pos(self.text, self.from) {
            Ok(Some(m)) => {
                let (s, e) = (m.start(), m.end());
                self.from =
                    if e == s { e + self.text[e..].chars().next().map_or(1, char::len_utf8) } else { e };
                Some((s, e))
            }
            _ => {
                self.done = true;
                None
            }
        }
    }
}

/// The break (or no-break) positions of one rule in `p`, as OmegaT finds
/// them: each end of a beforebreak match where the next afterbreak match
/// (in find order) starts.
fn rule_breaks(p: &str, rule: &Rule, mut found: impl FnMut(usize)) {
    let mut after = match &rule.after {
        Some(re) => {
            let mut f = Finder { re, text: p, from: 0, done: false };
            match f.next() {
                Some(first) => Some((f, first.0)),
                None => return,
            }
        }
        None if rule.before.is_none() => return,
        None => None,
    };
    let mut each_end = |end: usize| -> bool {
        match after.as_mut() {
            None => {
                found(end);
                true
            }
            Some((f, start)) => {
                while *start < end {
                    match f.next() {
                        Some((s, _)) => *start = s,
                        None => return false,
                    }
                }
                if *start == end {
                    found(end);
                }
                true
            }
        }
    };
    match &rule.before {
        Some(re) => {
            let mut f = Finder { re, text: p, from: 0, done: false };
            while let Some((_, e)) = f.next() {
                if !each_end(e) {
                    return;
                }
            }
        }
        // No beforebreak: OmegaT uses `.` (DOTALL), a candidate after every character.
        None => {
            for (i, c) in p.char_indices() {
                if !each_end(i + c.len_utf8()) {
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
