//! What every unit tmalign writes says about itself: a stable `tuid`, dates
//! (reproducible with `SOURCE_DATE_EPOCH`), a creator (`--creation-id`), a
//! `segtype` true to the bead and a note a CAT tool shows.

#[path = "common/tmx_tree.rs"]
mod tmx_tree;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tmx_tree::{parse, Element};

fn corpora() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/dev")
}

fn tmalign(epoch: Option<&str>) -> Command {
    let mut cmd = Command::cargo_bin("tmalign").unwrap();
    match epoch {
        Some(e) => cmd.env("SOURCE_DATE_EPOCH", e),
        None => cmd.env_remove("SOURCE_DATE_EPOCH"),
    };
    cmd
}

fn align(epoch: Option<&str>, extra: &[&str]) -> Vec<u8> {
    let out = tmalign(epoch)
        .args(["align", "--format", "tmx"])
        .args(extra)
        .arg(corpora().join("05-party-meeting.zh.txt"))
        .arg(corpora().join("05-party-meeting.en.txt"))
        .assert()
        .success();
    out.get_output().stdout.clone()
}

/// Two pairs of the corpus in a directory of their own.
fn small_collection() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["03-industry-park", "05-party-meeting"] {
        for lang in ["zh", "en"] {
            let file = format!("{name}.{lang}.txt");
            std::fs::copy(corpora().join(&file), dir.path().join(&file)).unwrap();
        }
    }
    dir
}

fn batch(input: &Path, out: &Path, epoch: Option<&str>, extra: &[&str]) -> Vec<u8> {
    tmalign(epoch).arg("batch").arg(input).arg("-o").arg(out).args(extra).assert().success();
    std::fs::read(out).unwrap()
}

fn prop(unit: &Element, kind: &str) -> String {
    unit.elements("prop").find(|p| p.attribute("type") == Some(kind)).map(Element::text).unwrap_or_default()
}

#[test]
fn every_unit_carries_tuid_dates_creator_segtype_and_a_note() {
    let units = parse(&align(Some("1700000000"), &[])).units;
    assert!(units.len() > 20);
    let mut tuids = HashSet::new();
    for u in &units {
        let tuid = u.attribute("tuid").unwrap();
        assert!(tuids.insert(tuid.to_string()), "tuid {tuid} twice");
        let number = tuid.strip_prefix("05-party-meeting:").unwrap();
        assert_eq!(u.attribute("creationdate"), Some("20231114T221320Z"));
        assert_eq!(u.attribute("changedate"), Some("20231114T221320Z"));
        assert_eq!(u.attribute("creationid"), Some("tmalign"));
        let kind = prop(u, "x-bead-type");
        let several = kind.split('-').any(|n| n.parse::<usize>().unwrap() > 1);
        assert_eq!(u.attribute("segtype"), Some(if several { "block" } else { "sentence" }), "{kind}");
        // x-score and the note give the same percentage.
        let score = prop(u, "x-score");
        assert!((0.0..=100.0).contains(&score.parse::<f64>().unwrap()), "{score}");
        let notes: Vec<String> = u.elements("note").map(Element::text).collect();
        let expected = format!("tmalign: score {score}, document 05-party-meeting, bead {number} ({kind})");
        assert_eq!(notes, vec![expected]);
    }
    assert!(units.iter().any(|u| u.attribute("segtype") == Some("block")), "no 1-2 or 2-1 bead to test");
}

#[test]
fn creation_id_names_the_creator_on_align_and_batch() {
    let units = parse(&align(None, &["--creation-id", "Li Wei & co"])).units;
    assert!(units.iter().all(|u| u.attribute("creationid") == Some("Li Wei & co")));

    let input = small_collection();
    let out = tempfile::tempdir().unwrap();
    let memory = batch(input.path(), &out.path().join("m.tmx"), None, &["--creation-id", "reviewer-2"]);
    let units = parse(&memory).units;
    assert!(!units.is_empty());
    assert!(units.iter().all(|u| u.attribute("creationid") == Some("reviewer-2")));

    tmalign(None).args(["align", "--creation-id", " ", "a", "b"]).assert().code(2);
}

#[test]
fn source_date_epoch_makes_memories_byte_identical_and_dates_them() {
    let first = align(Some("1600000000"), &[]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert_eq!(first, align(Some("1600000000"), &[]));
    let dated = |bytes: &[u8]| {
        let t = parse(bytes);
        let mut dates: Vec<String> =
            t.units.iter().map(|u| u.attribute("creationdate").unwrap().to_string()).collect();
        dates.push(t.header.attribute("creationdate").unwrap().to_string());
        dates.dedup();
        dates
    };
    assert_eq!(dated(&first), vec!["20200913T122640Z".to_string()]);
    assert_ne!(dated(&align(Some("1700000000"), &[])), dated(&first));

    let input = small_collection();
    let out = tempfile::tempdir().unwrap();
    let a = batch(input.path(), &out.path().join("a.tmx"), Some("1600000000"), &["--jobs", "2"]);
    let b = batch(input.path(), &out.path().join("b.tmx"), Some("1600000000"), &["--jobs", "1"]);
    assert_eq!(a, b);
    assert_eq!(dated(&a), vec!["20200913T122640Z".to_string()]);

    // Without it, the date is the time of the run.
    let now = jiff::Timestamp::now().strftime("%Y%m%d").to_string();
    assert!(dated(&align(None, &[]))[0].starts_with(&now));
    tmalign(Some("yesterday"))
        .args(["align", "--format", "tmx"])
        .arg(corpora().join("05-party-meeting.zh.txt"))
        .arg(corpora().join("05-party-meeting.en.txt"))
        .assert()
        .failure()
        .stderr(predicates::str::contains("SOURCE_DATE_EPOCH"));
}

#[test]
fn tuids_are_unique_in_a_batch_memory_and_do_not_move_with_min_score() {
    let input = small_collection();
    let out = tempfile::tempdir().unwrap();
    let all = parse(&batch(input.path(), &out.path().join("all.tmx"), None, &[])).units;
    let some = parse(&batch(input.path(), &out.path().join("some.tmx"), None, &["--min-score", "80"])).units;
    assert!(some.len() < all.len() && !some.is_empty());
    let tuids: HashSet<&str> = all.iter().map(|u| u.attribute("tuid").unwrap()).collect();
    assert_eq!(tuids.len(), all.len());
    assert!(tuids.iter().any(|t| t.starts_with("03-industry-park:")));
    assert!(tuids.iter().any(|t| t.starts_with("05-party-meeting:")));
    for u in &some {
        let same = all.iter().find(|a| a.attribute("tuid") == u.attribute("tuid")).unwrap();
        assert_eq!(same.elements("tuv").collect::<Vec<_>>(), u.elements("tuv").collect::<Vec<_>>());
    }
}
