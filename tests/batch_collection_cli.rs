//! How `tmalign batch` finds the pairs of a folder, from the outside:
//! subfolders, pair names, collisions, file names that are not UTF-8 and
//! symbolic links.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn tmalign() -> Command {
    let mut c = Command::cargo_bin("tmalign").unwrap();
    c.env("SOURCE_DATE_EPOCH", "1700000000");
    c
}

fn corpora() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora")
}

const ZH: &str = "2023年，港口吞吐量达到55000吨。\n市长王明说，港口发展很快。\n";
const EN: &str =
    "In 2023, port throughput reached 55000 tonnes.\nMayor Wang Ming said the port is growing fast.\n";

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

/// Runs batch with a report and returns (exit code, stderr, report).
fn run(input: &Path, extra: &[&str]) -> (i32, String, serde_json::Value) {
    let out = tempfile::tempdir().unwrap();
    let rep = out.path().join("r.json");
    let o = tmalign()
        .arg("batch")
        .arg(input)
        .arg("-o")
        .arg(out.path().join("m.tmx"))
        .arg("--report")
        .arg(&rep)
        .args(extra)
        .output()
        .unwrap();
    let report = fs::read_to_string(&rep).map(|s| serde_json::from_str(&s).unwrap()).unwrap_or_default();
    (o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stderr).into_owned(), report)
}

fn names(report: &serde_json::Value) -> Vec<String> {
    report["documents"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap().to_string()).collect()
}

#[test]
fn the_corpora_folder_is_walked_into_its_subfolders() {
    let (code, stderr, report) = run(&corpora(), &[]);
    // Every pair of corpora/ is a whole translation: none may be refused
    // (titles-test2/n26 was taken for a partial one until the chance path
    // stopped counting the translation's own pairs, session 15).
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(report["failed"], 0, "{stderr}");
    let found = names(&report);
    let dev: Vec<_> = found.iter().filter(|n| n.starts_with("dev/")).collect();
    assert_eq!(dev.len(), 10, "{found:?}");
    assert!(found.contains(&"dev/01-lianyungang-speech".to_string()));
    // Every pair of every subfolder, in name order.
    let mut sorted = found.clone();
    sorted.sort();
    assert_eq!(found, sorted);
    let pairs_on_disk = walkdir_count(&corpora());
    assert_eq!(found.len(), pairs_on_disk);
}

/// The `.zh.txt` files under a folder, counted independently of tmalign.
fn walkdir_count(dir: &Path) -> usize {
    let mut n = 0;
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            n += walkdir_count(&p);
        } else if p.to_str().unwrap().ends_with(".zh.txt") {
            n += 1;
        }
    }
    n
}

#[test]
fn pair_names_are_relative_paths_and_the_order_is_fixed() {
    let dir = tempfile::tempdir().unwrap();
    for rel in ["test/b.zh.txt", "dev/a.zh", "2024/zh/c.txt", "2024/deep/zh/d", "top.zh.txt"] {
        write(dir.path(), rel, ZH);
    }
    for rel in ["test/b.en.txt", "dev/a.en", "2024/en/c.txt", "2024/deep/en/d", "top.en.txt"] {
        write(dir.path(), rel, EN);
    }
    let (code, stderr, report) = run(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(names(&report), ["2024/c", "2024/deep/d", "dev/a", "test/b", "top"]);
    // The memory is the same from one run to the next.
    let out = tempfile::tempdir().unwrap();
    let mems: Vec<String> = (0..2)
        .map(|i| {
            let m = out.path().join(format!("{i}.tmx"));
            tmalign().arg("batch").arg(dir.path()).arg("-o").arg(&m).assert().success();
            fs::read_to_string(m).unwrap()
        })
        .collect();
    assert_eq!(mems[0], mems[1]);
    // All five pairs hold the same text, so the units are the first pair's; the others are duplicates.
    assert!(mems[0].contains("<prop type=\"x-document\">2024/c</prop>"));
}

#[test]
fn a_name_claimed_by_several_files_is_reported_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.zh.txt", ZH);
    write(dir.path(), "a.zh", ZH);
    write(dir.path(), "zh/a", ZH);
    write(dir.path(), "a.en.txt", EN);
    write(dir.path(), "ok.zh.txt", ZH);
    write(dir.path(), "ok.en.txt", EN);
    let (code, stderr, report) = run(dir.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error: a: the Chinese half is claimed by 3 files"), "{stderr}");
    for f in ["a.zh.txt", "a.zh,", "zh/a)"] {
        assert!(stderr.contains(f), "{f} missing from {stderr}");
    }
    assert_eq!(report["failed"], 1);
    assert_eq!(names(&report), ["ok", "a"]);
}

#[test]
fn a_folder_whose_only_names_collide_says_why_and_one_name_fails_once() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.zh.txt", ZH);
    write(dir.path(), "zh/a", ZH);
    write(dir.path(), "a.en.txt", EN);
    write(dir.path(), "en/a", EN);
    let (code, stderr, _) = run(dir.path(), &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(!stderr.contains("no document pairs found"), "{stderr}");
    assert!(stderr.contains("no pair can be aligned: a: the Chinese half is claimed by 2 files"), "{stderr}");
    assert!(stderr.contains("the English half is claimed by 2 files"), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    // Beside a usable pair, the one colliding name is one failed document.
    write(dir.path(), "ok.zh.txt", ZH);
    write(dir.path(), "ok.en.txt", EN);
    let (code, stderr, report) = run(dir.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(report["failed"], 1, "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_half_whose_file_name_is_not_utf8_is_reported() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.zh.txt", ZH);
    write(dir.path(), "ok.en.txt", EN);
    let bad = std::ffi::OsStr::from_bytes(b"caf\xe9.zh.txt");
    fs::write(dir.path().join(bad), ZH).unwrap();
    let (code, stderr, report) = run(dir.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(".zh.txt: the file name is not valid UTF-8, so it is not read; rename it"),
        "{stderr}"
    );
    assert_eq!(report["failed"], 1);
}

#[cfg(unix)]
#[test]
fn links_out_of_the_input_folder_are_not_followed_unless_asked() {
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret.zh.txt", ZH);
    write(outside.path(), "secret.en.txt", EN);
    write(outside.path(), "more/x.zh.txt", ZH);
    write(outside.path(), "more/x.en.txt", EN);
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.zh.txt", ZH);
    write(dir.path(), "ok.en.txt", EN);
    for f in ["secret.zh.txt", "secret.en.txt"] {
        std::os::unix::fs::symlink(outside.path().join(f), dir.path().join(f)).unwrap();
    }
    std::os::unix::fs::symlink(outside.path().join("more"), dir.path().join("more")).unwrap();
    // A link inside the folder is followed; one back up the tree does not loop.
    write(dir.path(), "real/in.zh.txt", ZH);
    write(dir.path(), "real/in.en.txt", EN);
    std::os::unix::fs::symlink(dir.path().join("real"), dir.path().join("alias")).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("real/loop")).unwrap();

    let (code, stderr, report) = run(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(names(&report), ["alias/in", "ok", "real/in"]);
    assert_eq!(report["skipped_links"].as_array().unwrap().len(), 3, "{report}");
    assert!(stderr.contains("secret.zh.txt: symbolic link out of the input folder"), "{stderr}");

    let (code, stderr, report) = run(dir.path(), &["--follow-links"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(names(&report), ["alias/in", "more/x", "ok", "real/in", "secret"]);
}

#[test]
fn the_report_says_which_pairs_failed_the_language_check_and_the_rest_is_written() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.zh.txt", ZH);
    write(dir.path(), "ok.en.txt", EN);
    write(dir.path(), "both-en.zh.txt", EN);
    write(dir.path(), "both-en.en.txt", EN);
    let (code, stderr, report) = run(dir.path(), &[]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("error: both-en: ")
            && stderr.contains("its name says Chinese but the text reads as English"),
        "{stderr}"
    );
    assert_eq!(report["documents"][1]["units"], 2);
}
