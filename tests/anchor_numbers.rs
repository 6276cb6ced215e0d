//! The numeral table: every written form maps to its canonical value, and
//! the same figure in both languages yields the same anchor key.

use tmalign::anchor::number::find_numbers;
use tmalign::anchor::{AnchorKind, Anchorer};
use tmalign::lang::Lang;

const TABLE: &[(&str, Lang, &[&str])] = &[
    // Arabic digits.
    ("55,000", Lang::En, &["55000"]),
    ("1,260.5", Lang::En, &["1260.5"]),
    ("3.50", Lang::En, &["3.5"]),
    ("0.035", Lang::En, &["0.035"]),
    ("５５", Lang::Zh, &["55"]),
    ("１２．５", Lang::Zh, &["12.5"]),
    ("共计55,000人", Lang::Zh, &["55000"]),
    ("1,2345", Lang::En, &["1", "2345"]),
    ("G20", Lang::En, &["20"]),
    // Chinese numerals.
    ("五万五千", Lang::Zh, &["55000"]),
    ("二〇二三", Lang::Zh, &["2023"]),
    ("两", Lang::Zh, &["2"]),
    ("十一", Lang::Zh, &["11"]),
    ("十", Lang::Zh, &["10"]),
    ("二十", Lang::Zh, &["20"]),
    ("一百零五", Lang::Zh, &["105"]),
    ("三点五", Lang::Zh, &["3.5"]),
    ("一千二百三十四", Lang::Zh, &["1234"]),
    ("三亿五千万", Lang::Zh, &["350000000"]),
    ("一万亿", Lang::Zh, &["1000000000000"]),
    ("十二点六亿", Lang::Zh, &["1260000000"]),
    ("一百一十", Lang::Zh, &["110"]),
    ("两千零二十三", Lang::Zh, &["2023"]),
    ("零点五", Lang::Zh, &["0.5"]),
    // 万 and 亿 after digits.
    ("5.5万", Lang::Zh, &["55000"]),
    ("12.6亿元", Lang::Zh, &["1260000000"]),
    ("3亿", Lang::Zh, &["300000000"]),
    ("1.2万亿元", Lang::Zh, &["1200000000000"]),
    ("5千万", Lang::Zh, &["50000000"]),
    ("0.8万", Lang::Zh, &["8000"]),
    // English number words and scales.
    ("two", Lang::En, &["2"]),
    ("twelve", Lang::En, &["12"]),
    ("fifty-five", Lang::En, &["55"]),
    ("a two-way door", Lang::En, &["2"]),
    ("one hundred", Lang::En, &["100"]),
    ("one hundred and five", Lang::En, &["105"]),
    ("1.26 billion", Lang::En, &["1260000000"]),
    ("55 thousand", Lang::En, &["55000"]),
    ("three million", Lang::En, &["3000000"]),
    ("Two thousand twenty-three", Lang::En, &["2023"]),
    ("300 million", Lang::En, &["300000000"]),
    ("1.2 trillion yuan", Lang::En, &["1200000000000"]),
    // Percentages.
    ("12%", Lang::En, &["12%"]),
    ("12 percent", Lang::En, &["12%"]),
    ("12 per cent", Lang::En, &["12%"]),
    ("twelve percent", Lang::En, &["12%"]),
    ("3.5 percentage points", Lang::En, &["3.5%"]),
    ("百分之十二", Lang::Zh, &["12%"]),
    ("百分之三点五", Lang::Zh, &["3.5%"]),
    ("增长12％", Lang::Zh, &["12%"]),
    ("提高2个百分点", Lang::Zh, &["2%"]),
    // Dates and months.
    ("7月10日", Lang::Zh, &["07-10"]),
    ("七月十日", Lang::Zh, &["07-10"]),
    ("2023年7月10日", Lang::Zh, &["2023", "07-10"]),
    ("10月1号", Lang::Zh, &["10-01"]),
    ("July 10", Lang::En, &["07-10"]),
    ("10 July", Lang::En, &["07-10"]),
    ("July 10, 2023", Lang::En, &["07-10", "2023"]),
    ("on the 10th of July", Lang::En, &["07-10"]),
    ("July 10th", Lang::En, &["07-10"]),
    ("on Nov. 5.", Lang::En, &["11-05"]),
    ("from Sept. 26 to Oct. 1", Lang::En, &["09-26", "10-01"]),
    ("in July", Lang::En, &["month 7"]),
    ("7月", Lang::Zh, &["month 7"]),
    ("in May", Lang::En, &["month 5"]),
    ("it may rain", Lang::En, &[]),
    ("May 4", Lang::En, &["05-04"]),
    ("3个月", Lang::Zh, &["3"]),
    // Ordinals.
    ("第二十届", Lang::Zh, &["#20"]),
    ("第3", Lang::Zh, &["#3"]),
    ("二十届三中全会", Lang::Zh, &["#20", "#3"]),
    ("十九大", Lang::Zh, &["#19"]),
    ("党的七大", Lang::Zh, &["#7"]),
    ("七大精神", Lang::Zh, &["#7"]),
    // Counts of "major" things are counts, not ranks.
    ("三大任务", Lang::Zh, &["3"]),
    ("十大工程", Lang::Zh, &["10"]),
    ("20th", Lang::En, &["#20"]),
    ("1st", Lang::En, &["#1"]),
    ("twentieth", Lang::En, &["#20"]),
    ("twenty-first", Lang::En, &["#21"]),
    ("third", Lang::En, &["#3"]),
    // Years.
    ("2023年", Lang::Zh, &["2023"]),
    ("二〇二三年", Lang::Zh, &["2023"]),
    ("in 2023", Lang::En, &["2023"]),
    // Ranges.
    ("3至5年", Lang::Zh, &["3", "5"]),
    ("three to five years", Lang::En, &["3", "5"]),
    ("3-5 years", Lang::En, &["3", "5"]),
    ("3-5%", Lang::En, &["3%", "5%"]),
    ("3至5万", Lang::Zh, &["30000", "50000"]),
    ("2021-2025", Lang::En, &["2021", "2025"]),
    ("十四五规划", Lang::Zh, &["14", "5"]),
    ("十分钟", Lang::Zh, &["10"]),
    // Not numbers.
    ("十分重要", Lang::Zh, &[]),
    ("百姓", Lang::Zh, &[]),
    ("万众一心", Lang::Zh, &["1"]),
    ("Party Central Committee", Lang::En, &[]),
    ("一点", Lang::Zh, &["1"]),
];

#[test]
fn numeral_table_gives_canonical_values() {
    assert!(TABLE.len() >= 60);
    let mut failures = Vec::new();
    for &(text, lang, want) in TABLE {
        let got: Vec<String> = find_numbers(text, lang).iter().map(|n| n.value.to_string()).collect();
        if got != want {
            failures.push(format!("{text:?} ({lang}): got {got:?}, want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

fn number_keys(a: &Anchorer, text: &str, lang: Lang) -> Vec<u64> {
    a.anchors(text, lang).into_iter().filter(|x| x.kind == AnchorKind::Number).map(|x| x.key).collect()
}

fn share_number(zh: &str, en: &str) -> bool {
    let a = Anchorer::new();
    let z = number_keys(&a, zh, Lang::Zh);
    number_keys(&a, en, Lang::En).iter().any(|k| z.contains(k))
}

#[test]
fn a_hyphen_before_an_ordinary_word_is_not_part_of_the_number() {
    let found = find_numbers("a two-way door", Lang::En);
    assert_eq!(found.len(), 1);
    assert_eq!(&"a two-way door"[found[0].start..found[0].end], "two");
}

#[test]
fn decimal_wan_equals_thousands() {
    assert!(share_number("新增就业5.5万人", "55,000 new jobs"));
}

#[test]
fn decimal_yi_yuan_equals_billion_yuan() {
    assert!(share_number("投资12.6亿元", "an investment of 1.26 billion yuan"));
}

#[test]
fn chinese_percent_equals_english_percent() {
    assert!(share_number("增长百分之十二", "grew by 12 percent"));
    assert!(share_number("增长12%", "grew by twelve per cent"));
}

#[test]
fn chinese_date_equals_english_date() {
    assert!(share_number("7月10日上午", "on the morning of July 10"));
    assert!(share_number("11月5日，会议召开。", "The meeting was held on Nov. 5."));
}

#[test]
fn chinese_ordinal_equals_english_ordinal() {
    assert!(share_number("第二十届", "the 20th"));
    assert!(share_number("第二十届", "the twentieth"));
}

#[test]
fn different_kinds_of_the_same_digits_do_not_match() {
    assert!(!share_number("7月", "7 people"));
    assert!(!share_number("12%", "12 people"));
    assert!(!share_number("第二十届", "20 people"));
}

#[test]
fn different_values_do_not_match() {
    assert!(!share_number("5.5万", "5,500"));
}

#[test]
fn yi_equals_hundreds_of_millions() {
    assert!(share_number("3亿人", "300 million people"));
}

#[test]
fn range_endpoints_match_in_both_languages() {
    let a = Anchorer::new();
    let mut zh = number_keys(&a, "3至5年", Lang::Zh);
    let mut en = number_keys(&a, "three to five years", Lang::En);
    zh.sort_unstable();
    en.sort_unstable();
    assert_eq!(zh.len(), 2);
    assert_eq!(zh, en);
}

#[test]
fn chinese_year_numerals_equal_arabic_years() {
    assert!(share_number("二〇二三年", "in 2023"));
}
