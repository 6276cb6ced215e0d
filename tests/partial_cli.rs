//! Partial translations end to end: an edition that stops partway, or
//! starts late, is aligned as far as it goes and reported as partial, not
//! stretched over the whole of the other side nor refused as unrelated.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tmalign::bead::{parse_beads, Bead};

fn tmalign() -> Command {
    let mut c = Command::cargo_bin("tmalign").unwrap();
    c.env("SOURCE_DATE_EPOCH", "1700000000");
    c
}

fn corpus(set: &str, name: &str, ext: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora").join(set).join(format!("{name}.{ext}"));
    fs::read_to_string(path).unwrap()
}

fn sentences(text: &str) -> Vec<&str> {
    text.lines().filter(|l| !l.trim().is_empty()).collect()
}

struct Aligned {
    stderr: String,
    beads: Vec<Bead>,
}

/// `align --presegmented --format json` of the two sentence lists.
fn align(zh: &[&str], en: &[&str]) -> Aligned {
    let dir = tempfile::tempdir().unwrap();
    let (z, e, out) = (dir.path().join("a.zh"), dir.path().join("a.en"), dir.path().join("a.json"));
    fs::write(&z, zh.join("\n") + "\n").unwrap();
    fs::write(&e, en.join("\n") + "\n").unwrap();
    let run = tmalign()
        .args(["align", "--presegmented", "--format", "json", "-o"])
        .arg(&out)
        .arg(&z)
        .arg(&e)
        .assert();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    run.success();
    let json: serde_json::Value = serde_json::from_str(&fs::read_to_string(&out).unwrap()).unwrap();
    let ids = |v: &serde_json::Value| {
        v.as_array().unwrap().iter().map(|i| i.as_u64().unwrap() as usize).collect::<Vec<_>>()
    };
    let beads =
        json["beads"].as_array().unwrap().iter().map(|b| Bead::new(ids(&b["src"]), ids(&b["tgt"]))).collect();
    Aligned { stderr, beads }
}

/// The gold beads pairing sentences on both sides whose English lies in `kept`, renumbered.
fn gold_for(gold: &[Bead], kept: std::ops::Range<usize>) -> HashSet<Bead> {
    gold.iter()
        .filter(|b| !b.is_null() && b.tgt.iter().all(|t| kept.contains(t)))
        .map(|b| Bead::new(b.src.clone(), b.tgt.iter().map(|t| t - kept.start).collect::<Vec<_>>()))
        .collect()
}

fn paired(beads: &[Bead]) -> HashSet<Bead> {
    beads.iter().filter(|b| !b.is_null()).cloned().collect()
}

#[test]
fn an_english_edition_that_stops_partway_is_aligned_as_far_as_it_goes() {
    let name = "x01-workreport-yishui-county";
    let (zh, en) = (corpus("dev4", name, "zh.sent"), corpus("dev4", name, "en.sent"));
    let (zh, en) = (sentences(&zh), sentences(&en));
    let gold = parse_beads(&corpus("dev4", name, "gold")).unwrap();
    let k = en.len() * 6 / 10;
    let a = align(&zh, &en[..k]);
    assert!(
        a.stderr.contains("warning:") && a.stderr.contains("the target translates only sentences 1-"),
        "{}",
        a.stderr
    );
    let want = gold_for(&gold, 0..k);
    let found = paired(&a.beads);
    let right = found.intersection(&want).count();
    assert!(right * 10 >= want.len() * 8, "{right} of {} gold beads found: {:?}", want.len(), a.beads);
    assert!(right * 10 >= found.len() * 8, "{right} of {} beads right", found.len());
    // Every Chinese sentence after the last one the English translates is
    // left out, none paired with what the English never had.
    let last_gold = want.iter().flat_map(|b| b.src.iter()).max().copied().unwrap();
    let last_found = found.iter().flat_map(|b| b.src.iter()).max().copied().unwrap();
    assert!(last_found.abs_diff(last_gold) <= 1, "coverage ends at {last_found}, gold {last_gold}");
}

#[test]
fn a_chinese_side_that_starts_late_is_aligned_from_where_it_starts() {
    let name = "01-lianyungang-speech";
    let (zh, en) = (corpus("dev", name, "zh.sent"), corpus("dev", name, "en.sent"));
    let (zh, en) = (sentences(&zh), sentences(&en));
    let gold = parse_beads(&corpus("dev", name, "gold")).unwrap();
    // Keep the last 60 % of the Chinese: the English translates more than it has.
    let from = zh.len() * 4 / 10;
    let a = align(&zh[from..], &en);
    assert!(a.stderr.contains("the source translates only sentences"), "{}", a.stderr);
    let want: HashSet<Bead> = gold
        .iter()
        .filter(|b| !b.is_null() && b.src.iter().all(|&s| s >= from))
        .map(|b| Bead::new(b.src.iter().map(|s| s - from).collect::<Vec<_>>(), b.tgt.clone()))
        .collect();
    let found = paired(&a.beads);
    let right = found.intersection(&want).count();
    assert!(right * 10 >= want.len() * 8, "{right} of {} gold beads found", want.len());
    assert!(right * 10 >= found.len() * 8, "{right} of {} beads right", found.len());
}

#[test]
fn batch_writes_the_translated_part_of_a_partial_pair_and_says_so() {
    let name = "x01-workreport-yishui-county";
    let input = tempfile::tempdir().unwrap();
    let zh = corpus("dev4", name, "zh.txt");
    let en = corpus("dev4", name, "en.txt");
    let lines: Vec<&str> = en.lines().collect();
    let half = lines[..lines.len() / 2].join("\n") + "\n";
    fs::write(input.path().join("part.zh.txt"), &zh).unwrap();
    fs::write(input.path().join("part.en.txt"), half).unwrap();
    let out = tempfile::tempdir().unwrap();
    let (mem, report): (PathBuf, PathBuf) = (out.path().join("m.tmx"), out.path().join("r.json"));
    let run = tmalign()
        .arg("batch")
        .arg(input.path())
        .arg("-o")
        .arg(&mem)
        .arg("--report")
        .arg(&report)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(stderr.contains("1 partial)"), "{stderr}");
    assert!(stderr.contains("units written for the translated part"), "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    let doc = &json["documents"][0];
    assert_eq!(doc["verdict"], "partial", "{doc}");
    assert_eq!(json["partial"], 1);
    assert_eq!(json["unverified"], 0);
    let coverage = &doc["evidence"]["coverage"];
    assert_eq!(coverage["side"], "source", "{doc}");
    let (start, end, of) = (
        coverage["start"].as_u64().unwrap(),
        coverage["end"].as_u64().unwrap(),
        coverage["sentences"].as_u64().unwrap(),
    );
    assert!(start <= 1 && end > of / 3 && end < of * 3 / 4, "{coverage}");
    let units = doc["units"].as_u64().unwrap();
    assert!(units >= 8, "{doc}");
    assert_eq!(tmalign::tmx::read_file(&mem).unwrap().count() as u64, units);
}

#[test]
fn explanations_of_a_partial_pair_number_sentences_as_the_whole_documents_do() {
    // The English starts late: the Chinese is cut to its last stretch, so
    // the stretch's beads and explanations are shifted to the whole document.
    let name = "01-lianyungang-speech";
    let (zh, en) = (corpus("dev", name, "zh.sent"), corpus("dev", name, "en.sent"));
    let (zh, en) = (sentences(&zh), sentences(&en));
    let from = en.len() * 4 / 10;
    let dir = tempfile::tempdir().unwrap();
    let (z, e) = (dir.path().join("a.zh"), dir.path().join("a.en"));
    let (out, why) = (dir.path().join("a.json"), dir.path().join("why.json"));
    fs::write(&z, zh.join("\n") + "\n").unwrap();
    fs::write(&e, en[from..].join("\n") + "\n").unwrap();
    let run = tmalign()
        .args(["align", "--presegmented", "--format", "json", "-o"])
        .arg(&out)
        .arg("--explain")
        .arg(&why)
        .arg(&z)
        .arg(&e)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(stderr.contains("the target translates only sentences"), "{stderr}");
    let bead = |v: &serde_json::Value| {
        let ids = |v: &serde_json::Value| {
            v.as_array().unwrap().iter().map(|i| i.as_u64().unwrap() as usize).collect::<Vec<_>>()
        };
        Bead::new(ids(&v["src"]), ids(&v["tgt"]))
    };
    let json: serde_json::Value = serde_json::from_str(&fs::read_to_string(&out).unwrap()).unwrap();
    let beads: Vec<Bead> = json["beads"].as_array().unwrap().iter().map(bead).collect();
    let why: serde_json::Value = serde_json::from_str(&fs::read_to_string(&why).unwrap()).unwrap();
    let explained: Vec<Bead> = why.as_array().unwrap().iter().map(|x| bead(&x["bead"])).collect();
    // One explanation per bead of the stretch: the last beads, in order,
    // every pairing bead among them; the sentences left out before it have none.
    assert!(explained.len() < beads.len(), "{} explanations for {} beads", explained.len(), beads.len());
    assert_eq!(explained, beads[beads.len() - explained.len()..], "explanations out of step with the beads");
    assert!(beads[..beads.len() - explained.len()].iter().all(|b| b.tgt.is_empty()), "{beads:?}");
    assert!(explained.first().unwrap().src.first().is_some_and(|&s| s > 0), "{explained:?}");
    // The alternatives name sentences of the whole documents too.
    let lowest = explained.iter().flat_map(|b| b.src.iter()).min().copied().unwrap();
    for x in why.as_array().unwrap() {
        for alt in x["runners_up"].as_array().unwrap() {
            for b in alt["beads"].as_array().unwrap() {
                let b = bead(&b["bead"]);
                assert!(b.src.iter().all(|&s| s >= lowest && s < zh.len()), "{b:?}");
                assert!(b.tgt.iter().all(|&t| t < en.len() - from), "{b:?}");
            }
        }
    }
}

#[test]
fn a_stretch_the_check_refuses_gives_way_to_the_next_candidate() {
    // The Chinese of a university's appointment announcement keeps its
    // first 70 % of sentences. The best-supported stretch of the English is
    // refused by the check; the next one holds (before session 12's candidates: "truncated").
    // Until session 14 this was dev4's obituary x08, whose cut copy the check
    // now takes as whole: its English closing lines are short, and the
    // sides' balance is read in shares of the text.
    let name = "n12-appoint-zeyang-university";
    let (zh, en) = (corpus("titles-dev", name, "zh.sent"), corpus("titles-dev", name, "en.sent"));
    let (zh, en) = (sentences(&zh), sentences(&en));
    let k = (zh.len() as f64 * 0.7).round() as usize;
    let a = align(&zh[..k], &en);
    assert!(a.stderr.contains("the source translates only sentences 1-"), "{}", a.stderr);
    let gold = parse_beads(&corpus("titles-dev", name, "gold")).unwrap();
    let want: HashSet<Bead> =
        gold.iter().filter(|b| !b.is_null() && b.src.iter().all(|&s| s < k)).cloned().collect();
    let found = paired(&a.beads);
    let right = found.intersection(&want).count();
    assert!(right * 10 >= want.len() * 8, "{right} of {} gold beads found", want.len());
}
