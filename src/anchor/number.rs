//! Numbers in every written form, reduced to one exact value.
//!
//! Government reports state the same figure as `5.5万` and `55,000`, as
//! `12.6亿元` and `1.26 billion yuan`, as `百分之十二` and `12 percent`. Both
//! sides are parsed into a [`NumberValue`] whose quantities are exact
//! decimals (`mantissa × 10^exp`, normalised so that trailing zeros live in
//! the exponent): `5.5万` and `55,000` are both `55 × 10^3`, with no floating
//! point rounding to disagree about.
//!
//! Dates, months, percentages and ordinals are kept apart from plain
//! quantities because the same digits mean different things (`7月` is July,
//! `7个` is seven). A range (`3至5年`, `3-5 years`, `three to five years`)
//! yields both endpoints, and a scale or percent sign written only after the
//! second endpoint (`3-5 million`, `3至5%`) is carried back to the first.
//!
//! The value one written as a word (`一`, `one`) is not reported as a
//! quantity: it occurs in countless idioms (`一个`, `统一`, `one of`) and would
//! tie unrelated sentences together. Written as a digit it is kept.

use std::fmt;

use crate::lang::Lang;

/// An exact decimal: `mantissa × 10^exp`, with no trailing zero in the
/// mantissa (zero is `0 × 10^0`), so equal values have equal fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decimal {
    mantissa: u128,
    exp: i32,
}

/// Beyond this many digits a figure is not a figure but noise.
const MAX_EXP: i32 = 60;

impl Decimal {
    /// Builds a normalised decimal; `None` when the exponent is absurd.
    pub fn new(mut mantissa: u128, mut exp: i32) -> Option<Decimal> {
        if mantissa == 0 {
            return Some(Decimal { mantissa: 0, exp: 0 });
        }
        while mantissa.is_multiple_of(10) {
            mantissa /= 10;
            exp = exp.checked_add(1)?;
        }
        if exp.abs() > MAX_EXP {
            return None;
        }
        Some(Decimal { mantissa, exp })
    }

    pub fn from_int(n: u128) -> Decimal {
        // A u128 has at most 39 digits, far below MAX_EXP.
        Decimal::new(n, 0).unwrap_or(Decimal { mantissa: 0, exp: 0 })
    }

    /// Multiplies by `10^e` (万 is `e = 4`, billion is `e = 9`).
    pub fn scaled(self, e: i32) -> Option<Decimal> {
        Decimal::new(self.mantissa, self.exp.checked_add(e)?)
    }

    /// The value as an integer, when it is one and fits.
    pub fn as_integer(self) -> Option<u128> {
        if self.exp < 0 {
            return None;
        }
        let mut n = self.mantissa;
        for _ in 0..self.exp {
            n = n.checked_mul(10)?;
        }
        Some(n)
    }

    fn small_int(self) -> Option<u32> {
        self.as_integer().and_then(|n| u32::try_from(n).ok())
    }

    pub(crate) fn parts(self) -> (u128, i32) {
        (self.mantissa, self.exp)
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.to_string();
        if self.exp >= 0 {
            f.write_str(&digits)?;
            for _ in 0..self.exp {
                f.write_str("0")?;
            }
            Ok(())
        } else {
            let frac = self.exp.unsigned_abs() as usize;
            if digits.len() > frac {
                let (int, dec) = digits.split_at(digits.len() - frac);
                write!(f, "{int}.{dec}")
            } else {
                write!(f, "0.{}{digits}", "0".repeat(frac - digits.len()))
            }
        }
    }
}

/// What a number means, independent of language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NumberValue {
    /// A count, amount or year.
    Quantity(Decimal),
    /// A percentage or percentage points.
    Percent(Decimal),
    /// A rank: `第二十届`, `20th`, `twentieth`.
    Ordinal(u32),
    /// A day of a month: `7月10日`, `July 10`, `10 July`.
    Date { month: u8, day: u8 },
    /// A month without a day: `7月`, `July`.
    Month(u8),
    /// A time of day on the 24-hour clock: `20时`, `晚上8点`, `8 p.m.`,
    /// `下午3时30分`, `3:30 p.m.`, `15:30`. News gives opening hours, deadlines
    /// and launch times, and the two editions write them on different clocks.
    Time { hour: u8, minute: u8 },
}

impl fmt::Display for NumberValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumberValue::Quantity(d) => write!(f, "{d}"),
            NumberValue::Percent(d) => write!(f, "{d}%"),
            NumberValue::Ordinal(n) => write!(f, "#{n}"),
            NumberValue::Date { month, day } => write!(f, "{month:02}-{day:02}"),
            NumberValue::Month(m) => write!(f, "month {m}"),
            NumberValue::Time { hour, minute } => write!(f, "{hour:02}:{minute:02}"),
        }
    }
}

/// A number found in a sentence, with its byte span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FoundNumber {
    pub value: NumberValue,
    pub start: usize,
    pub end: usize,
    /// Written as a word (`一`, `one`) rather than with digits.
    pub(crate) wordy: bool,
    /// A scale word or character came after it (`万`, `million`).
    scale: i32,
}

/// Finds every number of a sentence.
pub fn find_numbers(text: &str, lang: Lang) -> Vec<FoundNumber> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut found = match lang {
        Lang::Zh => zh::scan(text, &chars),
        Lang::En => en::scan(text, &chars),
    };
    carry_back_over_ranges(text, &mut found);
    found
}

/// The numbers worth reporting as anchors (see the module doc about one).
pub fn anchor_numbers(text: &str, lang: Lang) -> impl Iterator<Item = FoundNumber> {
    find_numbers(text, lang)
        .into_iter()
        .filter(|n| !(n.wordy && matches!(n.value, NumberValue::Quantity(d) if d == Decimal::from_int(1))))
}

/// The part of the day a 12-hour time belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DayPart {
    /// 上午, 凌晨, a.m.: 12 is midnight.
    Morning,
    /// 中午: 12 stays 12, 1 is 13.
    Noon,
    /// 下午, p.m.: 12 is noon, 1 is 13.
    Afternoon,
    /// 晚上, 当晚: 8 is 20, and 12 is midnight.
    Evening,
    /// 夜里, 深夜: 12 is midnight, 2 stays 2, 10 is 22.
    Night,
}

/// A time on the 24-hour clock from an hour written on either clock; 24:00
/// is midnight, written 0:00.
fn clock(hour: u32, minute: u32, part: Option<DayPart>) -> Option<NumberValue> {
    let hour = match part {
        Some(DayPart::Afternoon | DayPart::Evening) if (1..12).contains(&hour) => hour + 12,
        Some(DayPart::Night) if (6..12).contains(&hour) => hour + 12,
        Some(DayPart::Noon) if (1..6).contains(&hour) => hour + 12,
        Some(DayPart::Morning | DayPart::Evening | DayPart::Night) if hour == 12 => 0,
        Some(DayPart::Morning) if hour > 12 => return None,
        _ => hour % 24,
    };
    Some(NumberValue::Time { hour: hour as u8, minute: minute as u8 })
}

/// In `3-5 million` or `3至5%` the first endpoint borrows the scale and
/// the percent sign of the second.
fn carry_back_over_ranges(text: &str, found: &mut [FoundNumber]) {
    for i in 1..found.len() {
        let (a, b) = (found[i - 1], found[i]);
        let between = text.get(a.end..b.start).unwrap_or("").trim();
        if !matches!(between, "-" | "–" | "—" | "~" | "～" | "至" | "到" | "to" | "〜" | "－") {
            continue;
        }
        let NumberValue::Quantity(mut first) = a.value else { continue };
        if a.scale == 0 && b.scale != 0 {
            match first.scaled(b.scale) {
                Some(d) => first = d,
                None => continue,
            }
        }
        found[i - 1].value = match b.value {
            NumberValue::Percent(_) => NumberValue::Percent(first),
            _ => NumberValue::Quantity(first),
        };
    }
}

fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// Parses Arabic digits at `i` (`55,000`, `1,260.5`, `５５`, `3.5`);
/// returns the value (`None` when it overflows) and the index after it.
fn parse_arabic(chars: &[(usize, char)], mut i: usize) -> (Option<Decimal>, usize) {
    let mut mantissa: Option<u128> = Some(0);
    let mut exp: i32 = 0;
    let digit_at = |j: usize| chars.get(j).and_then(|&(_, c)| digit_value(c));
    let push = |m: Option<u128>, d: u32| m.and_then(|m| m.checked_mul(10)?.checked_add(u128::from(d)));
    while i < chars.len() {
        if let Some(d) = digit_at(i) {
            mantissa = push(mantissa, d);
            i += 1;
        } else if chars[i].1 == ',' && (1..=3).all(|k| digit_at(i + k).is_some()) && digit_at(i + 4).is_none()
        {
            i += 1;
        } else {
            break;
        }
    }
    if matches!(chars.get(i), Some(&(_, '.' | '．'))) && digit_at(i + 1).is_some() {
        i += 1;
        while let Some(d) = digit_at(i) {
            mantissa = push(mantissa, d);
            exp = exp.saturating_sub(1);
            i += 1;
        }
    }
    (mantissa.and_then(|m| Decimal::new(m, exp)), i)
}

fn ordinal(value: Decimal) -> Option<NumberValue> {
    value.small_int().map(NumberValue::Ordinal)
}

mod zh {
    use super::*;

    fn small_digit(c: char) -> Option<u32> {
        Some(match c {
            '零' | '〇' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    }

    fn unit(c: char) -> Option<u32> {
        match c {
            '十' => Some(10),
            '百' => Some(100),
            '千' => Some(1000),
            _ => None,
        }
    }

    fn big(c: char) -> Option<i32> {
        match c {
            '万' => Some(4),
            '亿' => Some(8),
            _ => None,
        }
    }

    /// Parses a run of Chinese numerals at `i`: `五万五千`, `一百零五`,
    /// `二〇二三`, `三点五`, `十一`. Returns the value (`None` when it does
    /// not fit) and the index after it.
    pub(super) fn parse_numeral(chars: &[(usize, char)], start: usize) -> (Option<Decimal>, usize) {
        let at = |j: usize| chars.get(j).map(|&(_, c)| c);
        let mut i = start;
        let (mut higher, mut below_wan, mut digit): (u128, u128, u128) = (0, 0, 0);
        let (mut digits_only, mut digit_string, mut digit_count) = (true, 0u128, 0usize);
        let mut overflow = false;
        let mut last_big: Option<i32> = None;
        while let Some(c) = at(i) {
            if let Some(d) = small_digit(c) {
                // Two digits in a row after a unit start a new number:
                // 十四五 is fourteen and five (the 14th Five-Year Plan).
                // (零 only marks a gap: 一百零五 is one number.)
                if !digits_only && i > start && at(i - 1).and_then(small_digit).is_some_and(|p| p != 0) {
                    break;
                }
                digit = u128::from(d);
                digit_count += 1;
                digit_string = digit_string.saturating_mul(10).saturating_add(digit);
                last_big = None;
            } else if let Some(u) = unit(c) {
                digits_only = false;
                let factor = if digit == 0 && (i == start || last_big.is_some()) { 1 } else { digit };
                match factor.checked_mul(u128::from(u)).and_then(|v| below_wan.checked_add(v)) {
                    Some(v) => below_wan = v,
                    None => overflow = true,
                }
                digit = 0;
                last_big = None;
            } else if let Some(e) = big(c) {
                if i == start {
                    break;
                }
                digits_only = false;
                let part = below_wan + digit;
                let scaled = if e == 8 {
                    higher.checked_add(part).and_then(|v| v.checked_mul(100_000_000))
                } else {
                    part.checked_mul(10_000).and_then(|v| higher.checked_add(v))
                };
                match scaled {
                    Some(v) => higher = v,
                    None => overflow = true,
                }
                below_wan = 0;
                digit = 0;
                last_big = Some(e);
            } else {
                break;
            }
            i += 1;
            if overflow || i - start > 40 {
                return (None, skip_run(chars, i));
            }
        }
        let mut value = if digits_only && digit_count > 1 {
            Decimal::new(digit_string, 0)
        } else {
            higher.checked_add(below_wan + digit).and_then(|v| Decimal::new(v, 0))
        };
        // A decimal part: 三点五, 十二点五亿.
        if at(i) == Some('点') && at(i + 1).and_then(small_digit).is_some() && last_big.is_none() {
            i += 1;
            let mut frac: u128 = 0;
            let mut places = 0i32;
            while let Some(d) = at(i).and_then(small_digit) {
                frac = frac.saturating_mul(10).saturating_add(u128::from(d));
                places += 1;
                i += 1;
                if places > 30 {
                    return (None, skip_run(chars, i));
                }
            }
            value = value.and_then(|v| {
                let int = v.as_integer()?;
                let m = int.checked_mul(10u128.checked_pow(places as u32)?)?.checked_add(frac)?;
                Decimal::new(m, -places)
            });
            if let Some(e) = at(i).and_then(big) {
                value = value.and_then(|v| v.scaled(e));
                i += 1;
            }
        }
        (value, i)
    }

    fn skip_run(chars: &[(usize, char)], mut i: usize) -> usize {
        while let Some(&(_, c)) = chars.get(i) {
            if small_digit(c).is_some() || unit(c).is_some() || big(c).is_some() || c == '点' {
                i += 1;
            } else {
                break;
            }
        }
        i
    }

    /// A scale written after Arabic digits: `5.5万`, `12.6亿`, `2万亿`, `5千万`.
    fn arabic_scale(chars: &[(usize, char)], i: usize) -> (i32, usize) {
        let at = |j: usize| chars.get(j).map(|&(_, c)| c);
        match (at(i), at(i + 1)) {
            (Some('万'), Some('亿')) => (12, i + 2),
            (Some('千'), Some('万')) => (7, i + 2),
            (Some('百'), Some('万')) => (6, i + 2),
            (Some('千'), Some('亿')) => (11, i + 2),
            (Some('亿'), _) => (8, i + 1),
            (Some('万'), _) => (4, i + 1),
            _ => (0, i),
        }
    }

    fn byte_at(text: &str, chars: &[(usize, char)], i: usize) -> usize {
        chars.get(i).map_or(text.len(), |&(b, _)| b)
    }

    /// Words that follow a Party congress written as `N大` (十九大精神,
    /// 二十大以来, 十八大召开), and words before it (党的二十大, 中共十九大).
    const CONGRESS_AFTER: &[&str] =
        &["精神", "报告", "以来", "代表", "召开", "胜利", "开幕", "闭幕", "期间", "上", "后", "前"];
    const CONGRESS_BEFORE: &[&str] = &["党的", "中共"];

    /// Whether `N大` (the number from `begin` to `j`, 大 at `j`) names a
    /// congress (十九大, the 19th) rather than counting major things (三大任务,
    /// three major tasks). A congress is named so from the 11th on, where a
    /// count of "major" things is all but unheard of, or the words around it
    /// say it is one.
    fn congress(chars: &[(usize, char)], begin: usize, j: usize, value: Decimal) -> bool {
        let from_eleventh = value.small_int().is_some_and(|n| n >= 11);
        let before = CONGRESS_BEFORE.iter().any(|w| {
            let n = w.chars().count();
            begin >= n && starts(chars, begin - n, w)
        });
        from_eleventh || before || CONGRESS_AFTER.iter().any(|w| starts(chars, j + 1, w))
    }

    fn starts(chars: &[(usize, char)], i: usize, s: &str) -> bool {
        s.chars().enumerate().all(|(k, c)| chars.get(i + k).map(|&(_, x)| x) == Some(c))
    }

    /// Reads one number at `i` in any form; returns value, scale, whether it
    /// was written in words, and the index after it.
    fn number_at(chars: &[(usize, char)], i: usize) -> Option<(Option<Decimal>, i32, bool, usize)> {
        let c = chars.get(i)?.1;
        if digit_value(c).is_some() {
            let (v, j) = parse_arabic(chars, i);
            let (scale, k) = arabic_scale(chars, j);
            let v = if scale != 0 { v.and_then(|v| v.scaled(scale)) } else { v };
            Some((v, scale, false, k))
        } else if small_digit(c).is_some() || c == '十' {
            let (v, j) = parse_numeral(chars, i);
            let last = chars.get(j.wrapping_sub(1)).map(|&(_, c)| c);
            let scale = match last {
                Some('万') => 4,
                Some('亿') => 8,
                _ => 0,
            };
            Some((v, scale, true, j))
        } else {
            None
        }
    }

    /// The part of the day written just before a time: 上午, 下午, 当晚….
    fn day_part(chars: &[(usize, char)], begin: usize) -> Option<DayPart> {
        let before =
            |n: usize| -> String { chars[begin.saturating_sub(n)..begin].iter().map(|&(_, c)| c).collect() };
        let two = before(2);
        if two.chars().count() == 2 {
            match two.as_str() {
                "上午" | "早上" | "早晨" | "凌晨" | "清晨" => return Some(DayPart::Morning),
                "中午" => return Some(DayPart::Noon),
                "下午" => return Some(DayPart::Afternoon),
                "晚上" | "傍晚" | "晚间" => return Some(DayPart::Evening),
                "夜间" | "夜里" | "半夜" | "深夜" | "午夜" => return Some(DayPart::Night),
                _ => {}
            }
        }
        match before(1).as_str() {
            // 当晚, 今晚, 昨晚; 早8点.
            "晚" => Some(DayPart::Evening),
            "早" => Some(DayPart::Morning),
            _ => None,
        }
    }

    /// A time of day at `j`, right after the number `value` read from
    /// `begin`: `20时`, `8时30分`, `晚上8点半`, `15:30`. `点` also counts
    /// points (`提出5点要求`), and `一时` means "for a while", so those need a
    /// part of the day before them or minutes after them.
    fn clock_time(
        chars: &[(usize, char)],
        begin: usize,
        value: Decimal,
        scale: i32,
        wordy: bool,
        j: usize,
    ) -> Option<(NumberValue, usize)> {
        let at = |k: usize| chars.get(k).map(|&(_, c)| c);
        let hour = value.small_int().filter(|&h| h <= 24 && scale == 0)?;
        // Most numbers are not times: look back for a part of the day only
        // before an hour mark.
        if !matches!(at(j)?, ':' | '：' | '时' | '点') {
            return None;
        }
        let part = day_part(chars, begin);
        let (mut minute, mut k) = (0, j + 1);
        match at(j)? {
            ':' | '：' => {
                // 比分为3:10, 以3:2通过: a score or a vote, not a time.
                let near = |c: char| (begin.saturating_sub(3)..begin).any(|k| at(k) == Some(c));
                if near('比') || begin.checked_sub(1).and_then(at) == Some('以') {
                    return None;
                }
                let d1 = at(j + 1).and_then(digit_value)?;
                let d2 = at(j + 2).and_then(digit_value)?;
                if wordy || at(j + 3).and_then(digit_value).is_some() {
                    return None;
                }
                minute = d1 * 10 + d2;
                k = j + 3;
            }
            unit @ ('时' | '点') => {
                if at(k) == Some('半') {
                    minute = 30;
                    k += 1;
                } else if let Some((Some(m), 0, _, e)) = number_at(chars, k) {
                    match (m.small_int(), at(e)) {
                        (Some(m), Some('分')) if m < 60 => {
                            minute = m;
                            k = e + 1;
                        }
                        _ => {}
                    }
                } else if at(k) == Some('整') {
                    k += 1;
                }
                let bare = k == j + 1 && part.is_none();
                if bare && (unit == '点' || wordy) {
                    return None;
                }
            }
            _ => return None,
        }
        if minute >= 60 || (hour == 24 && minute > 0) {
            return None;
        }
        Some((clock(hour, minute, part)?, k))
    }

    pub(super) fn scan(text: &str, chars: &[(usize, char)]) -> Vec<FoundNumber> {
        let mut out = Vec::new();
        let at = |j: usize| chars.get(j).map(|&(_, c)| c);
        let mut i = 0;
        while i < chars.len() {
            let begin = i;
            let percent_prefix = starts(chars, i, "百分之");
            let ordinal_prefix = at(i) == Some('第');
            let num_start = if percent_prefix {
                i + 3
            } else if ordinal_prefix {
                i + 1
            } else {
                i
            };
            let Some((value, scale, wordy, mut j)) = number_at(chars, num_start) else {
                i += 1;
                continue;
            };
            let Some(value) = value else {
                i = j.max(i + 1);
                continue;
            };
            // 十分 is "very" unless minutes follow (十分钟).
            if j == num_start + 1
                && at(num_start) == Some('十')
                && at(j) == Some('分')
                && at(j + 1) != Some('钟')
            {
                i = j;
                continue;
            }
            let mut push = |value: NumberValue, end: usize, scale: i32| {
                out.push(FoundNumber {
                    value,
                    start: byte_at(text, chars, begin),
                    end: byte_at(text, chars, end),
                    wordy,
                    scale,
                });
            };
            if percent_prefix {
                push(NumberValue::Percent(value), j, scale);
            } else if ordinal_prefix {
                if let Some(o) = ordinal(value) {
                    push(o, j, 0);
                }
            } else if matches!(at(j), Some('%' | '％')) {
                j += 1;
                push(NumberValue::Percent(value), j, scale);
            } else if starts(chars, j, "个百分点") || starts(chars, j, "百分点") {
                j += if at(j) == Some('个') { 4 } else { 3 };
                push(NumberValue::Percent(value), j, scale);
            } else if let Some((time, k)) = clock_time(chars, begin, value, scale, wordy, j) {
                j = k;
                push(time, j, 0);
            } else if at(j) == Some('月') && scale == 0 && (1..=12).contains(&value.small_int().unwrap_or(0))
            {
                let month = value.small_int().unwrap_or(0) as u8;
                let day = number_at(chars, j + 1).and_then(|(d, s, _, k)| {
                    let d = d?.small_int()?;
                    (s == 0 && (1..=31).contains(&d) && matches!(at(k), Some('日' | '号')))
                        .then_some((d, k + 1))
                });
                match day {
                    Some((d, k)) => {
                        j = k;
                        push(NumberValue::Date { month, day: d as u8 }, j, 0);
                    }
                    None => {
                        j += 1;
                        push(NumberValue::Month(month), j, 0);
                    }
                }
            } else if at(j) == Some('届')
                || starts(chars, j, "中全会")
                || (at(j) == Some('大') && congress(chars, begin, j, value))
            {
                // 二十届, 十九大, 三中全会: ranks written without 第.
                if let Some(o) = ordinal(value) {
                    push(o, j, 0);
                }
            } else {
                push(NumberValue::Quantity(value), j, scale);
            }
            i = j.max(i + 1);
        }
        out
    }
}

mod en {
    use super::*;

    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Tok<'a> {
        Word(&'a str),
        Num(Option<Decimal>),
        Sym(char),
    }

    #[derive(Clone, Copy, Debug)]
    struct Token<'a> {
        tok: Tok<'a>,
        start: usize,
        end: usize,
    }

    fn tokenize<'a>(text: &'a str, chars: &[(usize, char)]) -> Vec<Token<'a>> {
        let mut out = Vec::new();
        let byte_at = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i].1;
            if digit_value(c).is_some() {
                let (v, j) = parse_arabic(chars, i);
                out.push(Token { tok: Tok::Num(v), start: byte_at(i), end: byte_at(j) });
                i = j;
            } else if c.is_alphabetic() {
                let mut j = i;
                while chars.get(j).is_some_and(|&(_, c)| c.is_alphabetic()) {
                    j += 1;
                }
                let (s, e) = (byte_at(i), byte_at(j));
                out.push(Token { tok: Tok::Word(&text[s..e]), start: s, end: e });
                i = j;
            } else {
                if !c.is_whitespace() {
                    out.push(Token { tok: Tok::Sym(c), start: byte_at(i), end: byte_at(i + 1) });
                }
                i += 1;
            }
        }
        out
    }

    fn cardinal_word(w: &str) -> Option<u32> {
        Some(match w {
            "zero" => 0,
            "one" => 1,
            "two" => 2,
            "three" => 3,
            "four" => 4,
            "five" => 5,
            "six" => 6,
            "seven" => 7,
            "eight" => 8,
            "nine" => 9,
            "ten" => 10,
            "eleven" => 11,
            "twelve" => 12,
            "thirteen" => 13,
            "fourteen" => 14,
            "fifteen" => 15,
            "sixteen" => 16,
            "seventeen" => 17,
            "eighteen" => 18,
            "nineteen" => 19,
            "twenty" => 20,
            "thirty" => 30,
            "forty" => 40,
            "fifty" => 50,
            "sixty" => 60,
            "seventy" => 70,
            "eighty" => 80,
            "ninety" => 90,
            _ => return None,
        })
    }

    fn ordinal_word(w: &str) -> Option<u32> {
        Some(match w {
            "first" => 1,
            "second" => 2,
            "third" => 3,
            "fourth" => 4,
            "fifth" => 5,
            "sixth" => 6,
            "seventh" => 7,
            "eighth" => 8,
            "ninth" => 9,
            "tenth" => 10,
            "eleventh" => 11,
            "twelfth" => 12,
            "thirteenth" => 13,
            "fourteenth" => 14,
            "fifteenth" => 15,
            "sixteenth" => 16,
            "seventeenth" => 17,
            "eighteenth" => 18,
            "nineteenth" => 19,
            "twentieth" => 20,
            "thirtieth" => 30,
            "fortieth" => 40,
            "fiftieth" => 50,
            "sixtieth" => 60,
            "seventieth" => 70,
            "eightieth" => 80,
            "ninetieth" => 90,
            "hundredth" => 100,
            _ => return None,
        })
    }

    fn scale_word(w: &str) -> Option<i32> {
        Some(match w {
            "thousand" => 3,
            "million" | "mln" | "mn" => 6,
            "billion" | "bn" => 9,
            "trillion" => 12,
            _ => return None,
        })
    }

    fn month_word(w: &str) -> Option<u8> {
        let lower = w.to_ascii_lowercase();
        Some(match lower.as_str() {
            "january" | "jan" => 1,
            "february" | "feb" => 2,
            "march" | "mar" => 3,
            "april" | "apr" => 4,
            "may" => 5,
            "june" | "jun" => 6,
            "july" | "jul" => 7,
            "august" | "aug" => 8,
            "september" | "sep" | "sept" => 9,
            "october" | "oct" => 10,
            "november" | "nov" => 11,
            "december" | "dec" => 12,
            _ => return None,
        })
    }

    fn lower(w: &str) -> String {
        w.to_ascii_lowercase()
    }

    fn word(t: Option<&Token<'_>>) -> Option<String> {
        match t?.tok {
            Tok::Word(w) if w.len() <= 12 => Some(lower(w)),
            _ => None,
        }
    }

    /// A capitalised month name; "May" only beside a day number or after
    /// a preposition, since the modal verb is far more common.
    fn month_at(toks: &[Token<'_>], i: usize) -> Option<u8> {
        let Tok::Word(w) = toks.get(i)?.tok else { return None };
        if !w.starts_with(|c: char| c.is_ascii_uppercase()) || w.len() > 9 {
            return None;
        }
        let m = month_word(w)?;
        if m == 5 {
            let num_near = matches!(toks.get(i + 1).map(|t| t.tok), Some(Tok::Num(_)))
                || matches!(i.checked_sub(1).and_then(|j| toks.get(j)).map(|t| t.tok), Some(Tok::Num(_)));
            let prep = i
                .checked_sub(1)
                .and_then(|j| word(toks.get(j)))
                .is_some_and(|p| matches!(p.as_str(), "in" | "since" | "until" | "from" | "of" | "by"));
            if !(num_near || prep) {
                return None;
            }
        }
        Some(m)
    }

    fn day_value(t: Option<&Token<'_>>) -> Option<u8> {
        match t?.tok {
            Tok::Num(Some(d)) => d.small_int().filter(|d| (1..=31).contains(d)).map(|d| d as u8),
            _ => None,
        }
    }

    /// Parses number words at `i`: `fifty-five`, `one hundred and five`,
    /// `three million`, `twenty-first`. Returns value, ordinal flag, scale
    /// of the last scale word, and the index after it.
    fn number_words(toks: &[Token<'_>], mut i: usize) -> Option<(u128, bool, i32, usize)> {
        let (mut total, mut current): (u128, u128) = (0, 0);
        let (mut any, mut is_ordinal, mut scale) = (false, false, 0);
        let mut after_hundred_or_scale = false;
        while let Some(w) = word(toks.get(i)) {
            if let Some(v) = cardinal_word(&w) {
                current = current.checked_add(u128::from(v))?;
            } else if let Some(v) = ordinal_word(&w) {
                if v == 100 && any {
                    current = current.max(1).checked_mul(100)?;
                } else {
                    current = current.checked_add(u128::from(v))?;
                }
                any = true;
                is_ordinal = true;
                i += 1;
                break;
            } else if w == "hundred" && any {
                current = current.max(1).checked_mul(100)?;
                after_hundred_or_scale = true;
            } else if let (Some(e), true) = (scale_word(&w), any) {
                total = total.checked_add(current.max(1).checked_mul(10u128.checked_pow(e as u32)?)?)?;
                current = 0;
                scale = e;
                after_hundred_or_scale = true;
            } else {
                break;
            }
            any = true;
            i += 1;
            // Joiners: fifty-five, one hundred and five.
            let hyphen = matches!(toks.get(i).map(|t| t.tok), Some(Tok::Sym('-')))
                && toks.get(i).zip(toks.get(i.wrapping_sub(1))).is_some_and(|(h, p)| h.start == p.end);
            let number_word = |w: Option<String>| {
                w.is_some_and(|w| cardinal_word(&w).is_some() || ordinal_word(&w).is_some())
            };
            if hyphen && number_word(word(toks.get(i + 1))) {
                i += 1;
            } else if after_hundred_or_scale && word(toks.get(i)).as_deref() == Some("and") {
                let next = word(toks.get(i + 1));
                if next.as_deref().is_some_and(|n| cardinal_word(n).is_some() || ordinal_word(n).is_some()) {
                    i += 1;
                }
            }
        }
        any.then(|| (total + current, is_ordinal, scale, i))
    }

    /// After a number: `%`, `percent`, `per cent`, `percentage points`.
    fn percent_suffix(toks: &[Token<'_>], i: usize) -> Option<usize> {
        if matches!(toks.get(i).map(|t| t.tok), Some(Tok::Sym('%' | '％'))) {
            return Some(i + 1);
        }
        match word(toks.get(i)).as_deref() {
            Some("percent" | "pct") => Some(i + 1),
            Some("per") if word(toks.get(i + 1)).as_deref() == Some("cent") => Some(i + 2),
            Some("percentage") if word(toks.get(i + 1)).is_some_and(|w| w.starts_with("point")) => {
                Some(i + 2)
            }
            _ => None,
        }
    }

    /// `a.m.`, `p.m.`, `am`, `PM` at `i`: the part of the day and the index
    /// after it.
    fn meridiem(toks: &[Token<'_>], i: usize) -> Option<(DayPart, usize)> {
        let glued =
            |k: usize| toks.get(k).zip(toks.get(k.wrapping_sub(1))).is_some_and(|(t, p)| t.start == p.end);
        let part = |w: &str| match w {
            "am" | "a" => Some(DayPart::Morning),
            "pm" | "p" => Some(DayPart::Afternoon),
            _ => None,
        };
        let w = word(toks.get(i))?;
        let p = part(&w)?;
        if w.len() == 2 {
            return Some((p, i + 1));
        }
        // a.m. is the tokens a . m . with nothing between them.
        let dotted = matches!(toks.get(i + 1).map(|t| t.tok), Some(Tok::Sym('.')))
            && glued(i + 1)
            && word(toks.get(i + 2)).as_deref() == Some("m")
            && glued(i + 2);
        if !dotted {
            return None;
        }
        let end = if matches!(toks.get(i + 3).map(|t| t.tok), Some(Tok::Sym('.'))) && glued(i + 3) {
            i + 4
        } else {
            i + 3
        };
        Some((p, end))
    }

    /// A time of day after the hour `value` read just before `j`: `8 p.m.`,
    /// `3:30 p.m.`, `15:30`. The minutes must be two digits, so a ratio or a
    /// score (`3:1`) is not a time.
    fn clock_time(toks: &[Token<'_>], value: Decimal, j: usize) -> Option<(NumberValue, usize)> {
        let hour = value.small_int().filter(|&h| h <= 24)?;
        let (mut minute, mut k) = (None, j);
        if matches!(toks.get(j).map(|t| t.tok), Some(Tok::Sym(':'))) {
            if let Some(Token { tok: Tok::Num(Some(m)), start, end }) = toks.get(j + 1) {
                if end - start == 2 && toks[j].end == *start {
                    minute = m.small_int().filter(|&m| m < 60);
                    k = j + 2;
                }
            }
            minute?;
        }
        match meridiem(toks, k) {
            Some((part, end)) if (1..=12).contains(&hour) => {
                Some((clock(hour, minute.unwrap_or(0), Some(part))?, end))
            }
            Some(_) => None,
            None => {
                let minute = minute?;
                (hour < 24 || minute == 0)
                    .then_some((NumberValue::Time { hour: (hour % 24) as u8, minute: minute as u8 }, k))
            }
        }
    }

    pub(super) fn scan(text: &str, chars: &[(usize, char)]) -> Vec<FoundNumber> {
        let toks = tokenize(text, chars);
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let start = toks[i].start;
            let mut push = |value: NumberValue, end_tok: usize, wordy: bool, scale: i32| {
                let end = toks.get(end_tok.saturating_sub(1)).map_or(text.len(), |t| t.end);
                out.push(FoundNumber { value, start, end, wordy, scale });
            };
            if let Some(month) = month_at(&toks, i) {
                // `Nov. 5`: the full stop of an abbreviated month, glued to
                // it, stands between the month and its day.
                let stop = matches!(toks.get(i + 1), Some(t) if matches!(t.tok, Tok::Sym('.')) && t.start == toks[i].end);
                let d = i + 1 + usize::from(stop);
                if let Some(day) = day_value(toks.get(d)) {
                    let mut j = d + 1;
                    if word(toks.get(j)).is_some_and(|w| matches!(w.as_str(), "th" | "st" | "nd" | "rd"))
                        && toks[j].start == toks[j - 1].end
                    {
                        j += 1;
                    }
                    push(NumberValue::Date { month, day }, j, false, 0);
                    i = j;
                } else {
                    push(NumberValue::Month(month), i + 1, false, 0);
                    i += 1;
                }
                continue;
            }
            match toks[i].tok {
                Tok::Num(None) => i += 1,
                Tok::Num(Some(value)) => {
                    let mut j = i + 1;
                    // 20th, 1st: an ordinal suffix glued to the digits.
                    let suffix = word(toks.get(j))
                        .filter(|w| matches!(w.as_str(), "th" | "st" | "nd" | "rd"))
                        .is_some_and(|_| toks[j].start == toks[i].end);
                    if suffix {
                        j += 1;
                    }
                    // 10 July, 10th of July.
                    let of = usize::from(word(toks.get(j)).as_deref() == Some("of"));
                    if let (Some(day), Some(month)) = (day_value(toks.get(i)), month_at(&toks, j + of)) {
                        push(NumberValue::Date { month, day }, j + of + 1, false, 0);
                        i = j + of + 1;
                        continue;
                    }
                    if suffix {
                        if let Some(o) = ordinal(value) {
                            push(o, j, false, 0);
                        }
                        i = j;
                        continue;
                    }
                    if let Some((time, k)) = clock_time(&toks, value, j) {
                        push(time, k, false, 0);
                        i = k;
                        continue;
                    }
                    let scale = word(toks.get(j)).as_deref().and_then(scale_word).unwrap_or(0);
                    let value = if scale != 0 {
                        j += 1;
                        match value.scaled(scale) {
                            Some(v) => v,
                            None => {
                                i = j;
                                continue;
                            }
                        }
                    } else {
                        value
                    };
                    if let Some(k) = percent_suffix(&toks, j) {
                        push(NumberValue::Percent(value), k, false, scale);
                        i = k;
                    } else {
                        push(NumberValue::Quantity(value), j, false, scale);
                        i = j;
                    }
                }
                Tok::Word(_) => match number_words(&toks, i) {
                    Some((n, is_ordinal, scale, j)) => {
                        let value = Decimal::from_int(n);
                        if is_ordinal {
                            if let Some(o) = ordinal(value) {
                                push(o, j, true, 0);
                            }
                            i = j;
                        } else if let Some(k) = percent_suffix(&toks, j) {
                            push(NumberValue::Percent(value), k, true, scale);
                            i = k;
                        } else {
                            push(NumberValue::Quantity(value), j, true, scale);
                            i = j;
                        }
                    }
                    None => i += 1,
                },
                Tok::Sym(_) => i += 1,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str, lang: Lang) -> Vec<String> {
        find_numbers(text, lang).iter().map(|n| n.value.to_string()).collect()
    }

    #[test]
    fn decimals_normalise_trailing_zeros() {
        assert_eq!(Decimal::new(55000, 0), Decimal::new(55, 3));
        assert_eq!(Decimal::new(550, -1).map(|d| d.to_string()), Some("55".to_string()));
        assert_eq!(Decimal::new(35, -3).map(|d| d.to_string()), Some("0.035".to_string()));
    }

    #[test]
    fn absurd_exponents_are_refused() {
        assert_eq!(Decimal::new(1, 500), None);
    }

    #[test]
    fn first_range_endpoint_borrows_scale_and_percent() {
        assert_eq!(values("3-5 million", Lang::En), ["3000000", "5000000"]);
        assert_eq!(values("3至5%", Lang::Zh), ["3%", "5%"]);
    }

    #[test]
    fn times_of_day_meet_on_the_24_hour_clock() {
        assert_eq!(values("免费时段至当晚20时。", Lang::Zh), ["20:00"]);
        assert_eq!(values("tolls were waived until 8 p.m. on Friday", Lang::En), ["20:00"]);
        assert_eq!(values("下午3时30分开幕", Lang::Zh), ["15:30"]);
        assert_eq!(values("opens at 3:30 p.m.", Lang::En), ["15:30"]);
        assert_eq!(values("晚上8点半", Lang::Zh), ["20:30"]);
        assert_eq!(values("上午9点", Lang::Zh), ["09:00"]);
        assert_eq!(values("at 9am and 11 PM", Lang::En), ["09:00", "23:00"]);
        assert_eq!(values("从15:30起", Lang::Zh), ["15:30"]);
        assert_eq!(values("by 15:30 local time", Lang::En), ["15:30"]);
        // Noon and midnight, and the small hours.
        assert_eq!(values("at 12 p.m.", Lang::En), ["12:00"]);
        assert_eq!(values("晚上12点", Lang::Zh), ["00:00"]);
        assert_eq!(values("夜里2点", Lang::Zh), ["02:00"]);
        assert_eq!(values("夜间10时", Lang::Zh), ["22:00"]);
        assert_eq!(values("凌晨12时", Lang::Zh), ["00:00"]);
    }

    #[test]
    fn points_ratios_and_hours_are_not_times() {
        // 5点要求 is five requirements; 一时 is "for a while" (a quantity
        // that is never an anchor); 24小时 is a duration; 3:1 is a score.
        assert_eq!(values("提出5点要求", Lang::Zh), ["5"]);
        assert_eq!(values("一时难以决定", Lang::Zh), ["1"]);
        assert_eq!(values("24小时服务", Lang::Zh), ["24"]);
        assert_eq!(values("won 3:1", Lang::En), ["3", "1"]);
        assert_eq!(values("比分为3:10", Lang::Zh), ["3", "10"]);
        assert_eq!(values("rose 8 percent", Lang::En), ["8%"]);
    }

    #[test]
    fn the_word_one_is_not_an_anchor_but_the_digit_is() {
        assert_eq!(anchor_numbers("one of the first", Lang::En).count(), 1);
        assert_eq!(anchor_numbers("统一", Lang::Zh).count(), 0);
        assert_eq!(anchor_numbers("page 1", Lang::En).count(), 1);
    }
}
