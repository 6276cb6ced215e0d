//! `tmalign review`, `batch --review` and `align --beads` from the outside
//! (the page in a browser is tests/review_browser.rs).

mod common;

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn tmalign() -> Command {
    Command::cargo_bin("tmalign").unwrap()
}

fn repo(p: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

const ZH: &str = "港口吞吐量达到55000吨。\n市长王明说，港口发展很快。\n今年还将新建两个码头。\n";
const EN: &str = "Port throughput reached 55000 tonnes.\nMayor Wang Ming said the port is growing fast.\nTwo new berths will be built this year.\n";

fn pair(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let (zh, en) = (dir.join("a.zh"), dir.join("a.en"));
    fs::write(&zh, ZH).unwrap();
    fs::write(&en, EN).unwrap();
    (zh, en)
}

#[test]
fn review_page_is_self_contained_and_carries_the_data_as_escaped_json() {
    let dir = tempfile::tempdir().unwrap();
    let (zh, en) = (dir.path().join("a.zh"), dir.path().join("a.en"));
    fs::write(&zh, "</script><script>alert(1)</script>港口吞吐量达到55000吨。\n").unwrap();
    fs::write(&en, "Port & \"throughput\" reached 55000 tonnes.\n").unwrap();
    let page = dir.path().join("r.html");
    tmalign().args(["review", "--presegmented"]).arg(&zh).arg(&en).arg("-o").arg(&page).assert().success();
    let html = fs::read_to_string(&page).unwrap();
    // Nothing is fetched: no address, no external script, style or image.
    for outside in ["http:", "https:", "src=", "<link", "@import", "url("] {
        assert!(!html.contains(outside), "the page refers to {outside}");
    }
    // Two scripts only: the data and the code; the hostile text never closes one.
    assert_eq!(html.matches("<script").count(), 2);
    assert_eq!(html.matches("</script>").count(), 2);
    let data = html.split("<script type=\"application/json\" id=\"data\">").nth(1).unwrap();
    let data: serde_json::Value = serde_json::from_str(data.split("</script>").next().unwrap()).unwrap();
    assert_eq!(data["src"]["s"][0], "</script><script>alert(1)</script>港口吞吐量达到55000吨。");
    assert_eq!(data["beads"][0][0], serde_json::json!([0]));
}

#[test]
fn review_page_of_two_thousand_beads_weighs_at_most_twice_its_tsv() {
    let dir = tempfile::tempdir().unwrap();
    let (zh, en, page) = common::large_pair(dir.path());
    let tsv = dir.path().join("big.tsv");
    let common = ["--presegmented", "--lexicon-passes", "0"];
    tmalign().arg("review").args(common).arg(&zh).arg(&en).arg("-o").arg(&page).assert().success();
    tmalign()
        .arg("align")
        .args(common)
        .args(["--format", "tsv"])
        .arg(&zh)
        .arg(&en)
        .arg("-o")
        .arg(&tsv)
        .assert()
        .success();
    let beads = fs::read_to_string(&tsv).unwrap().lines().count() - 1;
    assert!(beads >= 2000, "{beads} beads");
    let (page, tsv) = (fs::metadata(&page).unwrap().len(), fs::metadata(&tsv).unwrap().len());
    assert!(page <= 2 * tsv, "page {page} bytes, TSV {tsv} bytes");
}

#[test]
fn align_with_checked_beads_writes_them_and_names_the_bead_file_when_they_do_not_fit() {
    let dir = tempfile::tempdir().unwrap();
    let (zh, en) = pair(dir.path());
    let beads = dir.path().join("c.beads");
    fs::write(&beads, "[0,1]:[0,1]\n[2]:[]\n[]:[2]\n").unwrap();
    tmalign()
        .args(["align", "--presegmented", "--format", "beads", "--beads"])
        .arg(&beads)
        .arg(&zh)
        .arg(&en)
        .assert()
        .success()
        .stdout("[0,1]:[0,1]\n[2]:[]\n[]:[2]\n");
    for (bad, says) in [
        ("[0]:[0]\n[1]:[1]\n", "the beads end at source sentence 2 but the source has 3 sentences"),
        ("[0]:[0]\n[2]:[1]\n[1]:[2]\n", "bead 2 ([2]:[1]): expected source sentence 1 next, found 2"),
        ("[0]:[0]\n[1]:[1]\n[2]:[7]\n", "target sentence 7 is out of range (the target has 3 sentences)"),
        ("[0]:[0]\n[1]-[1]\n", "line 2"),
    ] {
        fs::write(&beads, bad).unwrap();
        tmalign()
            .args(["align", "--presegmented", "--format", "tmx", "--beads"])
            .arg(&beads)
            .arg(&zh)
            .arg(&en)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says).and(predicate::str::contains("c.beads")));
    }
}

#[test]
fn batch_review_writes_a_page_per_document_and_an_index_with_flagged_documents_first() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    let dev = repo("corpora/dev");
    for (name, keep) in [("a-good", usize::MAX), ("b-cut", 3)] {
        let zh = fs::read_to_string(dev.join("02-port-logistics.zh.txt")).unwrap();
        let en = fs::read_to_string(dev.join("02-port-logistics.en.txt")).unwrap();
        let en: String = en.lines().take(keep).map(|l| format!("{l}\n")).collect();
        fs::write(input.join(format!("{name}.zh.txt")), zh).unwrap();
        fs::write(input.join(format!("{name}.en.txt")), en).unwrap();
    }
    let review = dir.path().join("review");
    let batch = || {
        let mem = dir.path().join("m.tmx");
        tmalign().arg("batch").arg(&input).arg("-o").arg(mem).arg("--review").arg(&review).output().unwrap()
    };
    let out = batch();
    assert!(out.status.code().is_some_and(|c| c <= 1), "{}", String::from_utf8_lossy(&out.stderr));
    let index = fs::read_to_string(review.join("index.html")).unwrap();
    for page in ["0001-a-good.html", "0002-b-cut.html"] {
        assert!(review.join(page).is_file(), "{page} missing");
        assert!(index.contains(&format!("href=\"{page}\"")), "{page} not linked");
    }
    // Both documents of a batch pair carry the pair's name: the title says it once.
    let page = fs::read_to_string(review.join("0001-a-good.html")).unwrap();
    assert!(page.contains("<title>Review: a-good</title>"), "{}", &page[..page.len().min(400)]);
    // The truncated pair is flagged and listed before the good one.
    let (cut, good) = (index.find("b-cut</a>").unwrap(), index.find("a-good</a>").unwrap());
    assert!(cut < good, "flagged document not first:\n{index}");
    // A second run without one pair names the page it left behind, and keeps it.
    fs::remove_file(input.join("a-good.zh.txt")).unwrap();
    fs::remove_file(input.join("a-good.en.txt")).unwrap();
    let out = batch();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The remaining pair is page 1 now; both old pages are left over.
    let left = "review pages of an earlier run left in place (0001-a-good.html, 0002-b-cut.html)";
    assert!(stderr.contains(left), "{stderr}");
    assert!(review.join("0002-b-cut.html").is_file() && review.join("0001-b-cut.html").is_file());
}
