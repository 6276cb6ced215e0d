//! `tmalign batch` and `tmalign merge` on copies of the bundled corpora.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn tmalign() -> Command {
    let mut c = Command::cargo_bin("tmalign").unwrap();
    // A fixed creation date makes memories comparable byte for byte.
    c.env("SOURCE_DATE_EPOCH", "1700000000");
    c
}

/// A collection of `n` pairs taken from corpora/, in a fresh directory.
fn collection(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let corpora = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/dev");
    let mut names: Vec<String> = fs::read_dir(&corpora)
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix(".zh.txt").map(str::to_string))
        .collect();
    names.sort();
    for name in names.iter().take(n) {
        for lang in ["zh", "en"] {
            fs::copy(
                corpora.join(format!("{name}.{lang}.txt")),
                dir.path().join(format!("{name}.{lang}.txt")),
            )
            .unwrap();
        }
    }
    dir
}

fn run_batch(input: &Path, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    tmalign().arg("batch").arg(input).arg("-o").arg(out).args(extra).assert()
}

fn out_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(name)
}

#[test]
fn memory_is_identical_whatever_the_number_of_threads() {
    let input = collection(4);
    let out = tempfile::tempdir().unwrap();
    let (one, two) = (out_path(out.path(), "1.tmx"), out_path(out.path(), "2.tmx"));
    run_batch(input.path(), &one, &["--jobs", "1"]).success();
    run_batch(input.path(), &two, &["--jobs", "2"]).success();
    let a = fs::read(&one).unwrap();
    assert!(a.windows(4).any(|w| w == b"<tu "));
    assert_eq!(a, fs::read(&two).unwrap());
}

#[test]
fn shards_merged_in_order_equal_one_run() {
    let input = collection(5);
    let out = tempfile::tempdir().unwrap();
    let whole = out_path(out.path(), "all.tmx");
    run_batch(input.path(), &whole, &[]).success();
    let mut shards = Vec::new();
    for k in 1..=3 {
        let p = out_path(out.path(), &format!("s{k}.tmx"));
        run_batch(input.path(), &p, &["--shard", &format!("{k}/3")]).success();
        shards.push(p);
    }
    let merged = out_path(out.path(), "merged.tmx");
    tmalign().arg("merge").args(&shards).arg("-o").arg(&merged).assert().success();
    assert_eq!(fs::read_to_string(&whole).unwrap(), fs::read_to_string(&merged).unwrap());
}

#[test]
fn one_broken_document_is_reported_and_the_others_are_written() {
    let input = collection(2);
    // 0xFF starts no character in UTF-8, GB18030 or Big5.
    fs::write(input.path().join("broken.zh.txt"), b"\xff\xff bad").unwrap();
    fs::write(input.path().join("broken.en.txt"), "Fine English.\n").unwrap();
    fs::write(input.path().join("lonely.zh.txt"), "只有中文。\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    let mem = out_path(out.path(), "m.tmx");
    let report = out_path(out.path(), "r.json");
    run_batch(input.path(), &mem, &["--report", report.to_str().unwrap()])
        .code(1)
        .stderr(predicate::str::contains("tmalign: error: broken: "))
        .stderr(predicate::str::contains("broken.zh.txt: not valid UTF-8 at byte 0 (line 1)"))
        .stderr(predicate::str::contains("lonely.zh.txt: no matching file"));
    let json: serde_json::Value = serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(json["failed"], 1);
    assert_eq!(json["documents"].as_array().unwrap().len(), 3);
    // A pair that could not be aligned has no verdict of the check: it failed.
    let broken = json["documents"].as_array().unwrap().iter().find(|d| d["name"] == "broken").unwrap();
    assert_eq!(broken["verdict"], "failed", "{broken}");
    assert!(broken["error"].is_string(), "{broken}");
    assert!(json["units"].as_u64().unwrap() > 20);
    assert!(fs::read_to_string(&mem)
        .unwrap()
        .contains("<prop type=\"x-document\">01-lianyungang-speech</prop>"));
}

#[test]
fn merge_removes_duplicate_units() {
    let input = collection(1);
    let out = tempfile::tempdir().unwrap();
    let mem = out_path(out.path(), "m.tmx");
    run_batch(input.path(), &mem, &[]).success();
    let copy = out_path(out.path(), "copy.tmx");
    fs::copy(&mem, &copy).unwrap();
    let merged = out_path(out.path(), "twice.tmx");
    tmalign().arg("merge").arg(&mem).arg(&copy).arg("-o").arg(&merged).assert().success();
    assert_eq!(fs::read_to_string(&mem).unwrap(), fs::read_to_string(&merged).unwrap());
    // The same file named twice is a slip, refused as `index` refuses it.
    tmalign()
        .arg("merge")
        .arg(&mem)
        .arg(&mem)
        .arg("-o")
        .arg(&merged)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("given twice"));
}

/// How many units of a memory name `doc` as their document.
fn units_of(tmx: &Path, doc: &str) -> usize {
    fs::read_to_string(tmx).unwrap().matches(&format!("<prop type=\"x-document\">{doc}</prop>")).count()
}

#[test]
fn merge_can_replace_the_units_of_a_document_a_later_memory_holds() {
    let input = collection(2);
    let out = tempfile::tempdir().unwrap();
    let mem = out_path(out.path(), "m.tmx");
    run_batch(input.path(), &mem, &[]).success();
    let mut names: Vec<String> = fs::read_dir(input.path())
        .unwrap()
        .filter_map(|e| {
            e.unwrap().file_name().into_string().unwrap().strip_suffix(".zh.txt").map(String::from)
        })
        .collect();
    names.sort();
    // The first document aligned again on its own, as a review would give it back.
    let again = tempfile::tempdir().unwrap();
    for lang in ["zh", "en"] {
        let file = format!("{}.{lang}.txt", names[0]);
        fs::copy(input.path().join(&file), again.path().join(&file)).unwrap();
    }
    let corrected = out_path(out.path(), "corrected.tmx");
    run_batch(again.path(), &corrected, &["--creation-id", "reviewer"]).success();
    let merged = out_path(out.path(), "merged.tmx");
    tmalign()
        .arg("merge")
        .arg(&mem)
        .arg(&corrected)
        .arg("--replace-documents")
        .arg("-o")
        .arg(&merged)
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "{} units of documents a later input holds replaced",
            units_of(&mem, &names[0])
        )));
    assert_eq!(units_of(&merged, &names[0]), units_of(&corrected, &names[0]));
    assert_eq!(units_of(&merged, &names[1]), units_of(&mem, &names[1]));
    // Every unit of the first document is the reviewer's now.
    let text = fs::read_to_string(&merged).unwrap();
    assert_eq!(text.matches("creationid=\"reviewer\"").count(), units_of(&corrected, &names[0]));
}

/// The x-score props of a memory, in percent.
fn scores(tmx: &Path) -> Vec<f64> {
    let text = fs::read_to_string(tmx).unwrap();
    text.split("<prop type=\"x-score\">")
        .skip(1)
        .map(|s| s[..s.find('<').unwrap()].parse().unwrap())
        .collect()
}

#[test]
fn min_score_is_a_percentage_like_x_score() {
    let input = collection(2);
    let out = tempfile::tempdir().unwrap();
    let (all, some) = (out_path(out.path(), "a.tmx"), out_path(out.path(), "b.tmx"));
    run_batch(input.path(), &all, &[]).success();
    let said = run_batch(input.path(), &some, &["--min-score", "90"]).success();
    let stderr = String::from_utf8_lossy(&said.get_output().stderr).to_string();
    let (all, some) = (scores(&all), scores(&some));
    assert!(all.iter().all(|s| (0.0..=100.0).contains(s)), "{all:?}");
    assert!(all.iter().any(|&s| s < 90.0) && all.iter().any(|&s| s >= 90.0), "{all:?}");
    assert_eq!(some.len(), all.iter().filter(|&&s| s >= 90.0).count());
    // The summary says how many beads the threshold left out.
    let dropped: usize = stderr
        .split(" beads below --min-score left out")
        .next()
        .and_then(|s| s.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count of beads left out: {stderr}"));
    assert!(dropped > 0, "{stderr}");
    // 1.5 means 1.5 %, not 150 %: nothing of a real alignment scores that low.
    let low = out_path(out.path(), "c.tmx");
    run_batch(input.path(), &low, &["--min-score", "1.5"]).success();
    assert_eq!(scores(&low).len(), all.len());
}

#[test]
fn min_score_outside_0_to_100_is_refused_when_parsing() {
    let input = collection(1);
    let out = tempfile::tempdir().unwrap();
    for bad in ["101", "-1", "1e3"] {
        let mem = out_path(out.path(), "m.tmx");
        tmalign()
            .arg("batch")
            .arg(input.path())
            .arg("-o")
            .arg(&mem)
            .arg(format!("--min-score={bad}"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("invalid value"))
            .stderr(predicate::str::contains("outside 0 to 100"));
        assert!(!mem.exists());
    }
}

#[test]
fn an_empty_directory_is_an_error_and_writes_nothing() {
    let input = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mem = out_path(out.path(), "m.tmx");
    run_batch(input.path(), &mem, &[]).code(2).stderr(predicate::str::contains("no document pairs found"));
    assert!(!mem.exists());
}

#[test]
fn a_folder_of_lone_halves_and_a_document_given_as_manifest_say_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(input.join("a.zh.txt"), "港口吞吐量增长。\n").unwrap();
    fs::write(input.join("b.en.txt"), "Port throughput grew.\n").unwrap();
    let out = out_path(dir.path(), "m.tmx");
    run_batch(&input, &out, &[])
        .code(2)
        .stderr(predicate::str::contains("a.zh.txt and 1 more have no matching file in the other language"));
    run_batch(&input.join("a.zh.txt"), &out, &[])
        .code(2)
        .stderr(predicate::str::contains("a file given to batch is read as a manifest"));
}

#[test]
fn a_report_that_cannot_be_written_is_refused_before_any_work() {
    // No file can be made in /proc, not even by root (CI runs as root, for
    // whom a read-only folder is writable); elsewhere it is no folder at all.
    let input = collection(2);
    let out = tempfile::tempdir().unwrap();
    let mem = out_path(out.path(), "m.tmx");
    run_batch(input.path(), &mem, &["--report", "/proc/tmalign-report.json"])
        .code(2)
        .stderr(predicate::str::contains("/proc/tmalign-report.json: "));
    assert!(!mem.exists(), "the memory was written before the report failed");
}

#[test]
fn a_report_path_that_is_a_folder_is_refused_before_an_existing_memory_is_replaced() {
    let input = collection(2);
    let out = tempfile::tempdir().unwrap();
    let mem = out_path(out.path(), "m.tmx");
    fs::write(&mem, "the memory of last month").unwrap();
    let folder = out_path(out.path(), "reports");
    fs::create_dir(&folder).unwrap();
    run_batch(input.path(), &mem, &["--report", folder.to_str().unwrap()])
        .code(2)
        .stderr(predicate::str::contains("reports: is a folder"));
    assert_eq!(fs::read_to_string(&mem).unwrap(), "the memory of last month");
}

#[test]
fn replacing_an_existing_memory_is_said_with_the_way_to_add_pairs() {
    let input = collection(1);
    let out = tempfile::tempdir().unwrap();
    let mem = out_path(out.path(), "m.tmx");
    run_batch(input.path(), &mem, &[]).success().stderr(predicate::str::contains("replaced").not());
    run_batch(input.path(), &mem, &[])
        .success()
        .stderr(predicate::str::contains("m.tmx existed and was replaced"));
}

#[test]
fn zero_jobs_is_refused() {
    let input = collection(1);
    let out = tempfile::tempdir().unwrap();
    run_batch(input.path(), &out_path(out.path(), "m.tmx"), &["--jobs", "0"])
        .code(2)
        .stderr(predicate::str::contains("must be at least 1"));
}

#[test]
fn a_half_without_its_other_half_is_counted_and_makes_the_exit_code_partial() {
    let input = collection(2);
    fs::write(input.path().join("stats.zh.txt"), "全年地区生产总值增长5.6%。\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    let mem = out_path(out.path(), "m.tmx");
    run_batch(input.path(), &mem, &[])
        .code(1)
        .stderr(predicate::str::contains(
            "2 documents (0 failed, 0 unrelated or truncated, 1 file without a partner)",
        ))
        .stderr(predicate::str::contains("stats.zh.txt: no matching file in the other language"));
    assert!(mem.exists(), "the pairs' memory is written all the same");
}

/// `copies` copies of the first ten dev pairs, in a fresh directory.
#[cfg(unix)]
fn many_pairs(copies: usize) -> tempfile::TempDir {
    let input = collection(10);
    let names: Vec<PathBuf> = fs::read_dir(input.path()).unwrap().map(|e| e.unwrap().path()).collect();
    for k in 1..copies {
        for p in &names {
            let name = p.file_name().unwrap().to_str().unwrap();
            fs::copy(p, input.path().join(format!("copy{k:02}-{name}"))).unwrap();
        }
    }
    input
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_batch_review_leaves_no_page_without_its_index() {
    use std::time::{Duration, Instant};
    let input = many_pairs(20);
    let out = tempfile::tempdir().unwrap();
    let review = out.path().join("review");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("tmalign"))
        .arg("batch")
        .arg(input.path())
        .arg("-o")
        .arg(out.path().join("m.tmx"))
        .arg("--review")
        .arg(&review)
        .args(["--jobs", "1"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Pages are written (into a hidden folder of the review folder) before the signal.
    fn pages(dir: &Path) -> usize {
        let Ok(entries) = fs::read_dir(dir) else { return 0 };
        entries
            .map(|e| e.unwrap().path())
            .map(
                |p| {
                    if p.is_dir() {
                        pages(&p)
                    } else {
                        usize::from(p.extension().is_some_and(|e| e == "html"))
                    }
                },
            )
            .sum()
    }
    let started = Instant::now();
    while pages(&review) == 0 {
        assert!(started.elapsed() < Duration::from_secs(60), "no page appeared");
        assert!(child.try_wait().unwrap().is_none(), "the run ended before it could be interrupted");
        std::thread::sleep(Duration::from_millis(10));
    }
    let killed = std::process::Command::new("kill").arg("-INT").arg(child.id().to_string()).status().unwrap();
    assert!(killed.success());
    assert_eq!(child.wait().unwrap().code(), Some(130));
    let left: Vec<_> = fs::read_dir(&review).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(left.is_empty(), "{left:?}");
}

/// The progress bar as a terminal shows it, through `script` (skipped
/// where there is none): every frame has the rate, and Ctrl-C ends its line.
#[cfg(unix)]
#[test]
fn the_progress_line_has_the_rate_from_its_first_frame_and_ctrl_c_ends_it() {
    let Ok(probe) = std::process::Command::new("script").args(["-qec", "true", "/dev/null"]).output() else {
        eprintln!("skipped: no script(1)");
        return;
    };
    if !probe.status.success() {
        eprintln!("skipped: script(1) cannot run here");
        return;
    }
    let input = many_pairs(14);
    let out = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("tmalign");
    let run = |interrupt: &str| {
        let command = format!(
            "{interrupt}'{}' batch '{}' -o '{}' --jobs 1; echo rc=$?",
            bin.display(),
            input.path().display(),
            out.path().join("m.tmx").display()
        );
        let o = std::process::Command::new("script").args(["-qec", &command, "/dev/null"]).output().unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let whole = run("");
    let frames: Vec<&str> = whole.split(['\r', '\n']).filter(|l| l.contains(" documents, ")).collect();
    assert!(!frames.is_empty(), "{whole:?}");
    for f in &frames {
        assert!(f.contains(" sentences/s, ETA "), "{f:?} in {whole:?}");
    }
    // Interrupted while the bar is on the terminal: its line is ended before exiting.
    let cut = run("timeout --preserve-status -s INT 1 ");
    if let Some(at) = cut.find("rc=130") {
        let before = &cut[..at];
        if before.contains(" documents, ") {
            assert!(before.ends_with('\n'), "{cut:?}");
        }
    }
}

/// Files a corpus folder holds beside its pairs (gold files, a README, a
/// memory) are listed in the report but not warned about; a `.txt` whose
/// name does not say the language and a `.docx` are named in the warning.
#[test]
fn only_files_that_look_like_documents_are_warned_about_but_the_report_lists_all() {
    let dir = collection(2);
    for other in ["notes.md", "a.zh.sent", "a.gold", "old.tmx", "README"] {
        fs::write(dir.path().join(other), "x\n").unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let (tmx, report) = (out.path().join("m.tmx"), out.path().join("r.json"));
    let quiet = run_batch(dir.path(), &tmx, &["--report", report.to_str().unwrap()]).success();
    let stderr = String::from_utf8_lossy(&quiet.get_output().stderr).to_string();
    assert!(!stderr.contains("not read"), "{stderr}");
    let listed: serde_json::Value = serde_json::from_slice(&fs::read(&report).unwrap()).unwrap();
    assert_eq!(listed["ignored"].as_array().unwrap().len(), 5, "{listed:#}");
    for meant in ["c_zh.txt", "h.zh.docx"] {
        fs::write(dir.path().join(meant), "x\n").unwrap();
    }
    let warned = run_batch(dir.path(), &tmx, &[]).success();
    let stderr = String::from_utf8_lossy(&warned.get_output().stderr).to_string();
    assert!(
        stderr.contains("2 files not read") && stderr.contains("c_zh.txt") && stderr.contains("h.zh.docx"),
        "{stderr}"
    );
}

/// `--review` given a file (`/dev/null`, a memory) says it is not a folder,
/// and no memory is written.
#[test]
fn a_review_folder_that_is_a_file_is_refused_as_not_a_folder() {
    let dir = collection(1);
    let out = tempfile::tempdir().unwrap();
    let (tmx, file) = (out.path().join("m.tmx"), out.path().join("pages"));
    fs::write(&file, "x").unwrap();
    run_batch(dir.path(), &tmx, &["--review", file.to_str().unwrap()])
        .code(2)
        .stderr(predicate::str::contains("not a folder; --review names a folder"));
    assert!(!tmx.exists());
}
