//! Writing units and reading them back gives the same units (after the
//! writer's cleaning), and no byte sequence makes the reader panic.

use proptest::prelude::*;
use tmalign::tmx::{self, Header, Unit, Variant};

fn header() -> Header {
    Header { srclang: "zh-CN".into(), creation_date: jiff::Timestamp::UNIX_EPOCH, children: String::new() }
}

fn write(units: &[Unit]) -> (Vec<u8>, tmx::WriteSummary) {
    let mut out = Vec::new();
    let mut w = tmx::Writer::new(&mut out, &header()).unwrap();
    for u in units {
        w.write_unit(u).unwrap();
    }
    let summary = w.finish().unwrap();
    (out, summary)
}

fn cleaned(u: &Unit) -> Unit {
    Unit {
        variants: u
            .variants
            .iter()
            .map(|v| Variant { lang: v.lang.clone(), text: tmx::clean_text(&v.text).0 })
            .collect(),
        props: u.props.iter().map(|(k, v)| (k.clone(), tmx::clean_text(v).0)).collect(),
        notes: u.notes.iter().map(|n| tmx::clean_text(n).0).collect(),
        ..Default::default()
    }
}

/// Text built from pieces that break naive writers, plus arbitrary Unicode.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("&".to_string()),
        Just("<".to_string()),
        Just(">".to_string()),
        Just("]]>".to_string()),
        Just("\"'".to_string()),
        Just("&amp;".to_string()),
        Just("\u{1}\u{8}\u{B}\u{1F}\u{FFFE}\u{FFFF}".to_string()),
        Just("\r\n\t ".to_string()),
        Just("😀👍🏽".to_string()),
        Just("e\u{301}".to_string()),
        Just("中华人民共和国".to_string()),
        any::<String>(),
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

fn unit_strategy() -> impl Strategy<Value = Unit> {
    let tag = prop_oneof![Just("zh-CN"), Just("en-US"), Just("zh-Hant"), Just("en")];
    let variants = proptest::collection::vec(
        (tag, hostile_text()).prop_map(|(l, t)| Variant { lang: l.to_string(), text: t }),
        1..4,
    );
    let props = proptest::collection::vec(("x-[a-z]{1,8}", hostile_text()), 0..3);
    let notes = proptest::collection::vec(hostile_text(), 0..2);
    (variants, props, notes).prop_map(|(variants, props, notes)| Unit {
        variants,
        props,
        notes,
        ..Default::default()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn written_units_read_back_equal(units in proptest::collection::vec(unit_strategy(), 0..8)) {
        let (bytes, summary) = write(&units);
        prop_assert_eq!(summary.units, units.len() as u64);
        let back: Vec<Unit> = tmx::Reader::new(&bytes[..]).collect::<Result<_, _>>().unwrap();
        let expected: Vec<Unit> = units.iter().map(cleaned).collect();
        prop_assert_eq!(back, expected);
    }

    #[test]
    fn rewriting_a_memory_unit_by_unit_gives_the_same_bytes(
        units in proptest::collection::vec(unit_strategy(), 0..8),
        utf16 in any::<bool>(),
    ) {
        let (bytes, _) = write(&units);
        let input = if utf16 {
            let mut b = vec![0xFF, 0xFE];
            for u in String::from_utf8(bytes.clone()).unwrap().encode_utf16() {
                b.extend_from_slice(&u.to_le_bytes());
            }
            b
        } else {
            bytes.clone()
        };
        let back: Vec<Unit> =
            tmx::Reader::new(&input[..]).keep_verbatim(true).collect::<Result<_, _>>().unwrap();
        prop_assert!(back.iter().all(|u| !u.verbatim.is_empty()));
        prop_assert_eq!(write(&back).0, bytes);
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_reader(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let items = tmx::Reader::new(&bytes[..]).take(10_000).count();
        prop_assert!(items < 10_000);
    }

    #[test]
    fn damaged_memories_never_panic_the_reader(
        units in proptest::collection::vec(unit_strategy(), 1..4),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 1..8),
        utf16 in any::<bool>(),
    ) {
        let (mut bytes, _) = write(&units);
        if utf16 {
            let text = String::from_utf8(bytes).unwrap();
            bytes = vec![0xFF, 0xFE];
            for u in text.encode_utf16() {
                bytes.extend_from_slice(&u.to_le_bytes());
            }
        }
        for (at, byte, op) in edits {
            if bytes.is_empty() {
                break;
            }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                _ => bytes.truncate(i),
            }
        }
        for item in tmx::Reader::new(&bytes[..]).take(10_000) {
            // Errors are fine; they must render as one line.
            if let Err(e) = item {
                prop_assert!(!e.to_string().contains('\n'));
            }
        }
    }
}

#[test]
fn a_ten_thousand_character_segment_survives_the_round_trip() {
    let long: String = "长句&<>\"".chars().cycle().take(10_000).collect();
    let unit = Unit {
        variants: vec![
            Variant { lang: "zh-CN".into(), text: long.clone() },
            Variant { lang: "en-US".into(), text: "x".into() },
        ],
        ..Default::default()
    };
    let (bytes, _) = write(std::slice::from_ref(&unit));
    let back: Vec<Unit> = tmx::Reader::new(&bytes[..]).collect::<Result<_, _>>().unwrap();
    assert_eq!(back[0].variants[0].text.chars().count(), 10_000);
    assert_eq!(back, vec![unit]);
}

#[test]
fn control_characters_are_removed_and_counted_by_the_writer() {
    let unit = Unit {
        variants: vec![Variant { lang: "en".into(), text: "a\u{0}b\u{7}c".into() }],
        props: vec![("x-document".into(), "doc\u{1B}.txt".into())],
        ..Default::default()
    };
    let (bytes, summary) = write(&[unit]);
    assert_eq!(summary.removed_chars, 3);
    let back: Vec<Unit> = tmx::Reader::new(&bytes[..]).collect::<Result<_, _>>().unwrap();
    assert_eq!(back[0].variants[0].text, "abc");
    assert_eq!(back[0].props[0].1, "doc.txt");
}
