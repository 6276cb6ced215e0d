//! Names: romanised English words matched to Han characters through pinyin.
//!
//! An English edition writes place and person names in pinyin without tones
//! (`Lianyungang`, `Xuwei`, `Zuo Xuemei`), so a name anchor is the toneless
//! syllable sequence itself:
//!
//! * English side: a capitalised word (or two adjacent ones, for a personal
//!   name such as `Ma Shiguang`) is split into pinyin syllables in every way
//!   the syllable table allows; only words that split completely count, so
//!   `Party` or `Central` never become names. Each split gives a key.
//! * Chinese side: every window of 2–4 Han characters gives a key for each
//!   combination of the characters' readings, so polyphones match whichever
//!   reading the name uses (`重庆` is read `chong qing`, `厦门` `xia men`).
//!   Windows never cross characters that do not occur in names (的, 是, 年…),
//!   which keeps a 60-character sentence to a few hundred keys.
//!
//! The readings come from the `pinyin` crate; the syllable table is every
//! toneless reading it knows, collected at build time.
//!
//! [`person_names`] finds the Chinese full names a job title introduces
//! (`局长吴卫东`), and [`han_name_keys`] gives one name's keys: the aligner
//! counts a name whose keys the English document lacks as content the
//! translation does not carry (`align::lone_names`).

mod syllables;

use pinyin::{Pinyin, ToPinyinMulti};
use syllables::normalise;

use super::{AnchorKey, AnchorKind, KeyHasher};
use crate::lang::{is_han, Lang};

/// Longest name, in syllables, on either side.
const MAX_SYLLABLES: usize = 4;
/// Reading combinations kept per window; rarer ones beyond it are dropped.
const MAX_COMBINATIONS: usize = 16;
/// Ways of splitting one English name that are kept.
const MAX_SPLITS: usize = 8;

/// The toneless pinyin syllables, as written in English (ü as u), sorted:
/// collected from the `pinyin` crate by `build.rs` (see [`syllables`]).
static SYLLABLES: &[&str] = include!(concat!(env!("OUT_DIR"), "/syllables.rs"));

fn is_syllable(s: &str) -> bool {
    SYLLABLES.binary_search(&s).is_ok()
}

/// The distinct toneless readings of a character, at most four (the
/// rarest readings of the few characters with more are dropped).
#[derive(Clone, Copy, Default)]
struct Readings {
    list: [&'static str; 4],
    len: u8,
}

impl Readings {
    fn of(c: char) -> Readings {
        let mut r = Readings::default();
        if let Some(multi) = c.to_pinyin_multi() {
            for p in multi.into_iter().map(Pinyin::plain) {
                let s = normalise(p);
                if (r.len as usize) < r.list.len() && !r.as_slice().contains(&s) {
                    r.list[r.len as usize] = s;
                    r.len += 1;
                }
            }
        }
        r
    }

    fn as_slice(&self) -> &[&'static str] {
        &self.list[..self.len as usize]
    }
}

/// Characters that never stand inside a name: function words, calendar
/// and administrative suffixes. Windows stop at them.
fn is_stop(c: char) -> bool {
    "的了是在和与及等对将把被这那们也都就而或于之其为以从向个有不着过并但所该此各每年月日时第市省县区"
        .contains(c)
}

pub(crate) fn syllable_key(syllables: &[&str]) -> u64 {
    let mut h = KeyHasher::new(AnchorKind::Name);
    for s in syllables {
        h.bytes(s.as_bytes());
    }
    h.finish()
}

pub(crate) fn visit_anchors<F: FnMut(AnchorKind, AnchorKey, &str)>(text: &str, lang: Lang, out: &mut F) {
    match lang {
        Lang::Zh => visit_chinese(text, out),
        Lang::En => visit_english(text, out),
    }
}

fn visit_chinese<F: FnMut(AnchorKind, AnchorKey, &str)>(text: &str, out: &mut F) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut cache: Vec<Option<Readings>> = vec![None; chars.len()];
    for start in 0..chars.len() {
        let mut partial: Vec<KeyHasher> = vec![KeyHasher::new(AnchorKind::Name)];
        for k in 0..MAX_SYLLABLES {
            let Some(&(_, c)) = chars.get(start + k) else { break };
            if !is_han(c) || is_stop(c) {
                break;
            }
            let rs = *cache[start + k].get_or_insert_with(|| Readings::of(c));
            let rs = rs.as_slice();
            if rs.is_empty() {
                break;
            }
            partial = extend_readings(&partial, rs);
            if k >= 1 {
                let end = chars.get(start + k + 1).map_or(text.len(), |&(b, _)| b);
                let surface = text.get(chars[start].0..end).unwrap_or("");
                for h in &partial {
                    out(AnchorKind::Name, h.finish(), surface);
                }
            }
        }
    }
}

/// Common Chinese single-character surnames (the few hundred that name most
/// people), for [`person_names`].
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";

/// Double-character surnames.
const DOUBLE_SURNAMES: [&str; 15] = [
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容", "尉迟", "长孙", "宇文", "司徒", "夏侯",
    "端木", "公孙",
];

/// Job titles that news Chinese puts right before a person's full name
/// (`市长曾宪明`, `副局长仇晓燕`); a deputy's 副 comes before and is covered.
const TITLES: [&str; 58] = [
    "书记",
    "省长",
    "市长",
    "县长",
    "区长",
    "州长",
    "乡长",
    "镇长",
    "局长",
    "厅长",
    "主任",
    "主席",
    "委员",
    "部长",
    "处长",
    "科长",
    "院长",
    "校长",
    "董事长",
    "经理",
    "教授",
    "院士",
    "研究员",
    "负责人",
    "理事长",
    "会长",
    "秘书长",
    "队长",
    "所长",
    "站长",
    "社长",
    "行长",
    "总裁",
    "领导",
    "记者",
    "通讯员",
    "民警",
    "法官",
    "检察官",
    "医生",
    "医师",
    "工程师",
    "指挥长",
    "团长",
    "馆长",
    "园长",
    "厂长",
    "组长",
    "政委",
    "司令员",
    "常委",
    "总监",
    "主编",
    "创始人",
    "发言人",
    "村长",
    "讲解员",
    "被告人",
];

/// The last characters of [`TITLES`].
const TITLE_ENDS: &str = "记长任席员授士人理裁导者警官生师委监编";

/// What may follow a full name after a title: a reporting verb, 同志, a
/// conjunction, or punctuation. It decides how long the given name is
/// (`赵静表示` has a one-character given name, `杨光明介绍` two).
const AFTER_NAME: [&str; 34] = [
    "同志", "表示", "介绍", "指出", "认为", "说", "告诉", "强调", "出席", "主持", "等", "一行", "会见", "称",
    "带领", "率", "坦言", "回忆", "透露", "解释", "补充", "提出", "宣布", "讲话", "致辞", "参加", "陪同",
    "当选", "和", "与", "及", "在", "对", "的",
];

/// What, right after the surname, shows a form of address rather than a
/// given name (`王女士`, `记者王某`), or that the "surname" is a preposition
/// before the people addressed (`主任向大家介绍`, `负责人向记者表示`; a
/// title there is caught by [`TITLES`] as well).
const NOT_GIVEN: [&str; 11] =
    ["女士", "先生", "某", "总", "老师", "师傅", "大家", "我们", "群众", "社会", "全体"];

/// Full Chinese person names named by their job title (`局长吴卫东介绍`),
/// and the names that follow such a name in a 、-list (`副主任王振宇、高秀兰、马俊峰出席`),
/// as byte ranges of `text`. Only the title context is trusted: a surname
/// character alone is too common (高, 安, 和) to find names by.
pub fn person_names(text: &str) -> Vec<std::ops::Range<usize>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let b = chars[i].0;
        // Most characters follow no title's last character: test that first.
        let titled =
            i > 0 && TITLE_ENDS.contains(chars[i - 1].1) && TITLES.iter().any(|t| text[..b].ends_with(t));
        if !titled {
            i += 1;
            continue;
        }
        let mut at = i;
        while let Some(len) = name_at(text, &chars, at) {
            out.push(byte(at)..byte(at + len));
            at += len;
            if chars.get(at).map(|c| c.1) != Some('、') {
                break;
            }
            at += 1;
        }
        i = at.max(i + 1);
    }
    out
}

/// The length in characters of the full name starting at `chars[at]`, if
/// one does: a surname, a one- or two-character given name, then an end
/// of text, punctuation or one of [`AFTER_NAME`].
fn name_at(text: &str, chars: &[(usize, char)], at: usize) -> Option<usize> {
    let han = |i: usize| chars.get(i).is_some_and(|c| is_han(c.1));
    let rest = |i: usize| chars.get(i).map_or("", |&(b, _)| &text[b..]);
    let byte = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let surname = if DOUBLE_SURNAMES.iter().any(|d| rest(at).starts_with(d)) {
        2
    } else if chars.get(at).is_some_and(|c| SURNAMES.contains(c.1)) {
        1
    } else {
        return None;
    };
    let given = rest(at + surname);
    if NOT_GIVEN.iter().chain(TITLES.iter()).any(|w| given.starts_with(w)) {
        return None;
    }
    let ends = |i: usize| {
        let r = rest(i);
        r.is_empty()
            || r.starts_with(|c: char| !is_han(c) && !c.is_alphanumeric())
            || AFTER_NAME.iter().any(|w| r.starts_with(w))
    };
    let fits = |g: usize| {
        (0..g).all(|k| han(at + surname + k) && !is_stop(chars[at + surname + k].1)) && ends(at + surname + g)
    };
    // A two-character given name ending in a one-character word of
    // [`AFTER_NAME`] (`蒋红说，`) is read as a one-character name and the verb.
    let two_ends_in_verb = chars
        .get(at + surname + 1)
        .is_some_and(|c| AFTER_NAME.iter().any(|w| w.chars().eq(std::iter::once(c.1))));
    let len = match (fits(2), fits(1)) {
        (true, true) if two_ends_in_verb => surname + 1,
        (true, _) => surname + 2,
        (false, true) => surname + 1,
        _ => return None,
    };
    // A "name" that is a dictionary word, or one and the adverb marker 地,
    // is a word after the title (`书记明确指出`, `局长全面介绍`, `院长高兴地说`).
    // The few names that are words as well (高明, 马力) are left out with them.
    let found = text.get(byte(at)..byte(at + len)).unwrap_or("");
    let is_word = |w: &str| super::lexicon::Lexicon::builtin().has_headword(w);
    if is_word(found) || found.strip_suffix('地').is_some_and(is_word) {
        return None;
    }
    Some(len)
}

/// The name anchor keys of a run of Han characters taken as one name: one
/// per combination of the characters' readings (at most 16), as the
/// Chinese name anchors of a sentence give them for that window.
pub fn han_name_keys(name: &str) -> Vec<AnchorKey> {
    let mut partial: Vec<KeyHasher> = vec![KeyHasher::new(AnchorKind::Name)];
    for c in name.chars() {
        partial = extend_readings(&partial, Readings::of(c).as_slice());
    }
    partial.iter().map(KeyHasher::finish).collect()
}

/// Every key so far extended by every reading of the next character, at
/// most [`MAX_COMBINATIONS`] of them.
fn extend_readings(partial: &[KeyHasher], readings: &[&str]) -> Vec<KeyHasher> {
    let mut next = Vec::with_capacity((partial.len() * readings.len()).min(MAX_COMBINATIONS));
    'outer: for h in partial {
        for r in readings {
            if next.len() >= MAX_COMBINATIONS {
                break 'outer;
            }
            let mut h2 = h.clone();
            h2.bytes(r.as_bytes());
            next.push(h2);
        }
    }
    next
}

/// Every way of writing `word` (lowercase) as pinyin syllables, up to
/// `MAX_SPLITS` ways of at most `MAX_SYLLABLES` syllables. An
/// apostrophe is a forced boundary (`xi'an`); elsewhere a syllable after
/// the first may not start with a vowel, since pinyin spelling would have
/// put an apostrophe there (so `zuo` is not `zu o`).
pub fn split_pinyin(word: &str) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = vec![Vec::new()];
    if word.is_empty() || word.len() > 8 * MAX_SYLLABLES {
        return Vec::new();
    }
    for part in word.split(['\'', '’']) {
        let mut part_splits = Vec::new();
        if !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase()) {
            walk(part, &mut Vec::new(), &mut part_splits);
        }
        let mut next = Vec::new();
        for head in &out {
            for tail in &part_splits {
                if head.len() + tail.len() <= MAX_SYLLABLES && next.len() < MAX_SPLITS {
                    next.push(head.iter().chain(tail.iter()).copied().collect());
                }
            }
        }
        out = next;
        if out.is_empty() {
            break;
        }
    }
    out
}

fn walk<'a>(rest: &'a str, stack: &mut Vec<&'a str>, out: &mut Vec<Vec<&'a str>>) {
    if out.len() >= MAX_SPLITS {
        return;
    }
    if rest.is_empty() {
        out.push(stack.clone());
        return;
    }
    if stack.len() >= MAX_SYLLABLES || (!stack.is_empty() && rest.starts_with(['a', 'e', 'o'])) {
        return;
    }
    // Longest first: the natural reading of `Xian` is `xian`, not `xi an`.
    for len in (1..=rest.len().min(6)).rev() {
        let Some(head) = rest.get(..len) else { continue };
        if is_syllable(head) {
            stack.push(head);
            walk(&rest[len..], stack, out);
            stack.pop();
        }
    }
}

/// A capitalised word: `Lianyungang`, `Xi'an`, not `party` or `CPC`.
fn name_word(w: &str) -> Option<String> {
    let mut cs = w.chars().filter(|c| !matches!(c, '\'' | '’'));
    let first = cs.next()?;
    if !first.is_ascii_uppercase() || !cs.all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    Some(w.to_ascii_lowercase())
}

fn visit_english<F: FnMut(AnchorKind, AnchorKey, &str)>(text: &str, out: &mut F) {
    // (start, end, splits) of each alphabetic word, in order.
    let mut words: Vec<(usize, usize, Vec<Vec<&str>>)> = Vec::new();
    let mut lowered: Vec<String> = Vec::new();
    let mut spans = Vec::new();
    let mut start = None;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        // An apostrophe between letters marks a syllable boundary (Xi'an).
        let inner_apostrophe = matches!(c, '\'' | '’')
            && start.is_some()
            && bytes.get(i + c.len_utf8()).is_some_and(u8::is_ascii_lowercase);
        match (start, c.is_ascii_alphabetic() || inner_apostrophe) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    for &(s, e) in &spans {
        lowered.push(text.get(s..e).and_then(name_word).unwrap_or_default());
    }
    for (k, &(s, e)) in spans.iter().enumerate() {
        words.push((s, e, split_pinyin(&lowered[k])));
    }
    for (k, (s, e, splits)) in words.iter().enumerate() {
        let surface = text.get(*s..*e).unwrap_or("");
        for split in splits.iter().filter(|sp| sp.len() >= 2) {
            out(AnchorKind::Name, syllable_key(split), surface);
        }
        // A personal name in two words: Ma Shiguang, Zuo Xuemei.
        let Some((s2, e2, next)) = words.get(k + 1) else { continue };
        if splits.is_empty() || next.is_empty() || text.get(*e..*s2) != Some(" ") {
            continue;
        }
        let surface = text.get(*s..*e2).unwrap_or("");
        for a in splits {
            for b in next {
                if a.len() + b.len() <= MAX_SYLLABLES {
                    let joined: Vec<&str> = a.iter().chain(b.iter()).copied().collect();
                    out(AnchorKind::Name, syllable_key(&joined), surface);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_names_are_found_after_a_title_and_along_a_list() {
        let names =
            |t: &str| -> Vec<String> { person_names(t).into_iter().map(|r| t[r].to_string()).collect() };
        assert_eq!(names("市交通运输局局长孙立新说，我们正在推进。"), ["孙立新"]);
        assert_eq!(names("区委常委、副区长赵静表示，下一步将加快建设。"), ["赵静"]);
        assert_eq!(names("公司人力资源部经理蒋红说，今年公司新招了人。"), ["蒋红"]);
        assert_eq!(names("省领导王芳、刘振华、陈斌、马国强出席。"), ["王芳", "刘振华", "陈斌", "马国强"]);
        assert_eq!(names("市政协主席欧阳明出席。"), ["欧阳明"]);
        // A form of address, a common word after a title, no title at all.
        assert!(names("来自广东的游客王女士说，很好吃。").is_empty());
        assert!(names("为保障游客安全，景区每晚8时关闭。").is_empty());
        assert!(names("王芳、刘振华、陈斌出席。").is_empty());
        // Words after a title that start with a surname character.
        for t in [
            "市委书记明确指出，要抓好项目。",
            "局长全面介绍了今年的工作。",
            "主任郑重宣布大会开幕。",
            "院长高兴地说，医院建成了。",
            "书记曾经表示，要办好民生实事。",
            "负责人向记者介绍，项目已开工。",
            "主任向大家介绍了新政策。",
        ] {
            assert!(names(t).is_empty(), "{t}: {:?}", names(t));
        }
    }

    #[test]
    fn every_title_ends_in_a_listed_character() {
        for t in TITLES {
            assert!(t.chars().last().is_some_and(|c| TITLE_ENDS.contains(c)), "{t}");
        }
    }

    #[test]
    fn a_chinese_name_keys_as_its_pinyin_written_in_english() {
        let zh = han_name_keys("赵立新");
        let en: Vec<AnchorKey> = {
            let mut v = Vec::new();
            visit_english("Zhao Lixin presented the awards.", &mut |_, k, _| v.push(k));
            v
        };
        assert!(zh.iter().any(|k| en.contains(k)));
        assert!(!han_name_keys("孙建国").iter().any(|k| en.contains(k)));
    }

    #[test]
    fn english_words_that_are_not_pinyin_do_not_split() {
        assert!(split_pinyin("party").is_empty());
        assert!(split_pinyin("central").is_empty());
    }

    #[test]
    fn a_later_syllable_cannot_start_with_a_vowel() {
        assert!(!split_pinyin("zuo").contains(&vec!["zu", "o"]));
        assert!(!split_pinyin("lianyungang").contains(&vec!["li", "an", "yun", "gang"]));
        assert!(split_pinyin("xi'an").contains(&vec!["xi", "an"]));
    }

    #[test]
    fn joined_place_names_split_into_syllables() {
        assert!(split_pinyin("lianyungang").contains(&vec!["lian", "yun", "gang"]));
        assert!(split_pinyin("xuwei").contains(&vec!["xu", "wei"]));
    }

    #[test]
    fn embedded_syllable_table_is_what_the_pinyin_crate_gives() {
        assert_eq!(SYLLABLES, syllables::collect());
        assert!(is_syllable("zhuang") && is_syllable("lu") && !is_syllable("lv"));
    }

    #[test]
    fn polyphone_readings_include_the_name_reading() {
        assert!(Readings::of('重').as_slice().contains(&"chong"));
        assert!(Readings::of('单').as_slice().contains(&"shan"));
    }
}
