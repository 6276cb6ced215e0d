//! The index must return exactly what an exhaustive scan returns, and the
//! scores must behave as a translator expects.

use tmalign::lang::Lang;
use tmalign::memory::gen::{memory, Rng};
use tmalign::memory::lookup::{exhaustive, lookup, LookupOptions, Query, Scratch, MAX_QUERY_TOKENS};
use tmalign::memory::score::{final_score, Pattern};
use tmalign::memory::tokenize::tokenize;
use tmalign::memory::{build, Entry, Memory, MemoryError};

fn score(a: &str, b: &str) -> u8 {
    let ha: Vec<u64> = tokenize(a).iter().map(|t| t.hash).collect();
    let hb: Vec<u64> = tokenize(b).iter().map(|t| t.hash).collect();
    final_score(Pattern::new(&ha).distance(&hb), ha.len(), hb.len(), a, b)
}

#[test]
fn identical_text_scores_100() {
    let s = "The city has accelerated the construction of the port.";
    assert_eq!(score(s, s), 100);
}

#[test]
fn one_word_of_ten_changed_scores_about_90() {
    let a = "The city has studied and implemented the spirit of the speech";
    let b = "The city has studied and implemented the spirit of the report";
    assert_eq!(score(a, b), 90);
}

#[test]
fn case_or_punctuation_differences_are_not_100() {
    let a = "The city has studied the speech.";
    assert_eq!(score(a, "the city has studied the speech."), 99);
    assert!(score(a, "The city has studied the speech") < 100);
}

#[test]
fn chinese_title_one_character_apart() {
    let s = score("连云港市人力资源和社会保障局局长", "连云港市人力资源和社会保障局副局长");
    // 16 against 17 characters, one insertion: floor(100 × 16 / 17).
    assert_eq!(s, 94);
}

fn index(entries: &[Entry]) -> Memory {
    Memory::from_vec(build(&["t.tmx".into()], entries, &|_| {}).unwrap()).unwrap()
}

#[test]
fn index_top5_equals_exhaustive_top5_on_20000_units() {
    let entries = memory(20_000, 3);
    let mem = index(&entries);
    let mut rng = Rng::new(11);
    let mut scratch = Scratch::default();
    for k in 0..200 {
        let e = &entries[rng.below(entries.len())];
        let lang = if k % 2 == 0 { Lang::En } else { Lang::Zh };
        let text = if lang == Lang::En { &e.en } else { &e.zh };
        let chars: Vec<char> = text.chars().collect();
        let q: String = match k % 4 {
            0 => text.clone(),
            1 => {
                if lang == Lang::En {
                    let mut w: Vec<&str> = text.split(' ').collect();
                    let at = rng.below(w.len());
                    w[at] = "altered";
                    w.join(" ")
                } else {
                    let mut c = chars.clone();
                    let at = rng.below(c.len());
                    c[at] = '改';
                    c.into_iter().collect()
                }
            }
            2 => chars[..chars.len() / 2 + 1].iter().collect(),
            _ => chars[chars.len() / 3..].iter().collect(),
        };
        {
            let min_score = if k % 3 == 0 { 50 } else { 70 };
            let opts = LookupOptions { min_score, top: 5 };
            let query = Query::new(&q, lang);
            assert_eq!(
                lookup(&mem, &query, opts, &mut scratch).unwrap(),
                exhaustive(&mem, &query, opts).unwrap(),
                "query {q:?}"
            );
        }
    }
}

/// A memory shared by the property tests, built once.
fn small_memory() -> &'static (Vec<Entry>, Memory) {
    static MEM: std::sync::OnceLock<(Vec<Entry>, Memory)> = std::sync::OnceLock::new();
    MEM.get_or_init(|| {
        let entries = memory(4_000, 21);
        let mem = index(&entries);
        (entries, mem)
    })
}

/// A query made from unit `pick` with `edits` random tokens replaced, dropped
/// or inserted (words taken from other units, so many edits give a sentence
/// that matches nothing well).
fn edited_query(entries: &[Entry], pick: usize, lang: Lang, edits: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let e = &entries[pick % entries.len()];
    let text = if lang == Lang::En { &e.en } else { &e.zh };
    let mut toks: Vec<String> = if lang == Lang::En {
        text.split(' ').map(str::to_string).collect()
    } else {
        text.chars().map(String::from).collect()
    };
    for _ in 0..edits {
        let other = &entries[rng.below(entries.len())];
        let donor: Vec<String> = if lang == Lang::En {
            other.en.split(' ').map(str::to_string).collect()
        } else {
            other.zh.chars().map(String::from).collect()
        };
        let word = donor[rng.below(donor.len())].clone();
        let at = rng.below(toks.len() + 1);
        match rng.below(3) {
            0 if at < toks.len() => toks[at] = word,
            1 if at < toks.len() && toks.len() > 1 => {
                toks.remove(at);
            }
            _ => toks.insert(at, word),
        }
    }
    toks.join(if lang == Lang::En { " " } else { "" })
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(96))]

    #[test]
    fn index_agrees_with_exhaustive_scan_at_any_threshold(
        pick in 0usize..4_000,
        english in proptest::bool::ANY,
        edits in 0usize..12,
        threshold in proptest::sample::select(vec![30u8, 50, 70, 90]),
        top in 1usize..8,
        seed in 0u64..1_000_000,
    ) {
        let (entries, mem) = small_memory();
        let lang = if english { Lang::En } else { Lang::Zh };
        let q = edited_query(entries, pick, lang, edits, seed);
        let query = Query::new(&q, lang);
        let opts = LookupOptions { min_score: threshold, top };
        proptest::prop_assert_eq!(
            lookup(mem, &query, opts, &mut Scratch::default()).unwrap(),
            exhaustive(mem, &query, opts).unwrap(),
            "query {:?}", q
        );
    }
}

#[test]
fn repeated_words_are_counted_per_occurrence() {
    // Both units share the query's words, but only one repeats "the" as often:
    // the count bound must neither lose it nor rank the other above it.
    let entries = vec![
        Entry {
            file: 0,
            unit: 1,
            zh: "港口、城市和县。".into(),
            en: "the port and the city and the county".into(),
            joined: false,
        },
        Entry {
            file: 0,
            unit: 2,
            zh: "港口、城市及其县。".into(),
            en: "the port and a city and its county".into(),
            joined: false,
        },
    ];
    let mem = index(&entries);
    let q = Query::new("the port and the city and the county", Lang::En);
    let opts = LookupOptions { min_score: 50, top: 5 };
    let hits = lookup(&mem, &q, opts, &mut Scratch::default()).unwrap();
    assert_eq!(hits, exhaustive(&mem, &q, opts).unwrap());
    assert_eq!(hits.iter().map(|h| (h.unit, h.score)).collect::<Vec<_>>(), [(0, 100), (1, 75)]);
}

#[test]
fn english_and_chinese_queries_find_the_same_unit() {
    let entries = vec![
        Entry {
            file: 0,
            unit: 1,
            zh: "连云港港口吞吐量持续增长。".into(),
            en: "Port throughput in Lianyungang keeps growing.".into(),
            joined: false,
        },
        Entry {
            file: 0,
            unit: 2,
            zh: "全市就业形势稳定。".into(),
            en: "Employment in the city is stable.".into(),
            joined: false,
        },
    ];
    let mem = index(&entries);
    let mut s = Scratch::default();
    let opts = LookupOptions::default();
    let en =
        lookup(&mem, &Query::new("Port throughput in Lianyungang keeps rising.", Lang::En), opts, &mut s)
            .unwrap();
    let zh = lookup(&mem, &Query::new("连云港港口吞吐量不断增长。", Lang::Zh), opts, &mut s).unwrap();
    assert_eq!(en.first().map(|h| h.unit), Some(0));
    assert_eq!(zh.first().map(|h| h.unit), Some(0));
}

#[test]
fn a_query_of_100000_characters_is_refused_quickly() {
    let mem = index(&memory(2_000, 5));
    let long: String = "发展".repeat(50_000);
    let t = std::time::Instant::now();
    let res = lookup(&mem, &Query::new(&long, Lang::Zh), LookupOptions::default(), &mut Scratch::default());
    assert!(matches!(res, Err(MemoryError::QueryTooLong { tokens: 100_000, .. })), "{res:?}");
    // A guard against work that grows with the query before it is refused,
    // not a speed claim (benches/ has those): generous for a loaded machine.
    assert!(t.elapsed().as_secs() < 30, "took {:?}", t.elapsed());
}

#[test]
fn a_query_of_the_longest_length_finds_a_unit_as_long() {
    // Distinct words, the case whose pattern grew with the square of the
    // query; the memory holds a unit of the same length, so it is scored.
    let words: Vec<String> = (0..MAX_QUERY_TOKENS).map(|i| format!("w{i}")).collect();
    let unit = words.join(" ");
    let mut entries = memory(200, 9);
    entries.push(Entry { file: 0, unit: 201, zh: "长句。".into(), en: unit.clone(), joined: false });
    let mem = index(&entries);
    let mut edited = words.clone();
    edited[17] = "changed".into();
    let q = edited.join(" ");
    let t = std::time::Instant::now();
    let hits =
        lookup(&mem, &Query::new(&q, Lang::En), LookupOptions::default(), &mut Scratch::default()).unwrap();
    assert_eq!(hits.first().map(|h| (h.unit, h.distance)), Some((200, 1)));
    assert!(t.elapsed().as_secs() < 10, "took {:?}", t.elapsed());
}
