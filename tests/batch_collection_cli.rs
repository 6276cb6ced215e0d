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

/// A fresh folder holding one good pair, `ok`.
fn with_a_good_pair() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.zh.txt", ZH);
    write(dir.path(), "ok.en.txt", EN);
    dir
}

#[test]
fn files_whose_names_do_not_say_the_language_are_counted_and_listed_with_the_rule() {
    let dir = with_a_good_pair();
    // Paired now: the language part in any case, or as a tag.
    write(dir.path(), "a.ZH.TXT", ZH);
    write(dir.path(), "a.EN.TXT", EN);
    write(dir.path(), "b.zh-CN.txt", ZH);
    write(dir.path(), "b.en-US.txt", EN);
    for f in ["2024/11/人才政策_CN.txt", "c_zh.txt", "e.chs.txt", "g.cn.txt", "h.zh.docx", ".DS_Store"] {
        write(dir.path(), f, ZH);
    }
    let (code, stderr, report) = run(dir.path(), &[]);
    assert_eq!(names(&report), ["a", "b", "ok"], "{stderr}");
    // Ignored files alone do not make the run partial.
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("warning: 5 files not read: "), "{stderr}");
    assert!(stderr.contains("人才政策_CN.txt (the name does not say the language), "), "{stderr}");
    assert!(
        stderr.contains(
            " and 2 more (the report's \"ignored\" lists every file not read); batch reads NAME.zh.txt"
        ),
        "{stderr}"
    );
    let ignored = report["ignored"].as_array().unwrap();
    assert_eq!(ignored.len(), 5, "{report}");
    let docx = ignored.iter().find(|i| i["path"].as_str().unwrap().ends_with("h.zh.docx")).unwrap();
    assert_eq!(docx["reason"], "not a .txt file");
    assert!(!stderr.contains("DS_Store"), "{stderr}");
}

#[test]
fn the_runs_own_outputs_in_the_input_folder_are_not_listed() {
    let dir = with_a_good_pair();
    for _ in 0..2 {
        let o = tmalign()
            .arg("batch")
            .arg(dir.path())
            .arg("-o")
            .arg(dir.path().join("memory.tmx"))
            .arg("--report")
            .arg(dir.path().join("report.json"))
            .arg("--review")
            .arg(dir.path().join("review"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{stderr}");
        assert!(!stderr.contains("not read"), "{stderr}");
    }
}

#[cfg(unix)]
#[test]
fn a_named_pipe_named_as_a_half_fails_its_pair_without_blocking_the_run() {
    let dir = with_a_good_pair();
    write(dir.path(), "f.en.txt", EN);
    let made = std::process::Command::new("mkfifo").arg(dir.path().join("f.zh.txt")).status().unwrap();
    assert!(made.success());
    let made = std::process::Command::new("mkfifo").arg(dir.path().join("pipe")).status().unwrap();
    assert!(made.success());
    let (code, stderr, report) = run(dir.path(), &["--jobs", "1"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "f.zh.txt is not a regular file (a named pipe, a device or a socket), so it is not read"
        ),
        "{stderr}"
    );
    assert_eq!(report["failed"], 1);
    // Its partner is no lone half, and the other pipe is listed.
    assert!(report["unpaired"].as_array().unwrap().is_empty(), "{report}");
    assert_eq!(report["ignored"][0]["reason"], "not a regular file (a named pipe, a device or a socket)");
    assert_eq!(report["units"], 2);
}

#[cfg(unix)]
#[test]
fn an_unreadable_subfolder_is_a_failed_entry_and_the_rest_is_written() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    write(dir.path(), "in/ok.zh.txt", ZH);
    write(dir.path(), "in/ok.en.txt", EN);
    write(dir.path(), "in/locked/x.zh.txt", ZH);
    write(dir.path(), "in/locked/x.en.txt", EN);
    let locked = dir.path().join("in/locked");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    fs::set_permissions(&out, fs::Permissions::from_mode(0o777)).unwrap();
    // Root reads a folder of mode 000: run as nobody then, if we can.
    let mut cmd = if fs::read_dir(&locked).is_ok() {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(assert_cmd::cargo::cargo_bin("tmalign"));
        c
    } else {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("tmalign"))
    };
    let o = cmd
        .arg("batch")
        .arg(dir.path().join("in"))
        .arg("-o")
        .arg(out.join("m.tmx"))
        .arg("--report")
        .arg(out.join("r.json"))
        .output();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    let Ok(o) = o else {
        eprintln!("skipped: running as root without setpriv");
        return;
    };
    let stderr = String::from_utf8_lossy(&o.stderr);
    if stderr.contains("setpriv") {
        eprintln!("skipped: setpriv cannot switch user here: {stderr}");
        return;
    }
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("locked: the folder cannot be read (Permission denied), so none of its files is"),
        "{stderr}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("r.json")).unwrap()).unwrap();
    assert_eq!(report["failed"], 1);
    assert_eq!(report["units"], 2);
}

const PORT_ZH: &str = "连海港货物吞吐量创历史新高\n\n记者从连海港集团获悉，今年1至11月，连海港完成货物吞吐量2.8亿吨，同比增长7.2%。集装箱吞吐量达到620万标准箱，增长10.5%。\n\n今年以来，连海港新开通国际集装箱航线8条，航线总数达到86条。港口集团董事长赵志强表示，明年将加快建设30万吨级原油码头，进一步提升港口综合服务能力。\n";
const PORT_EN: &str = "Lianhai Port's Cargo Throughput Hits Record High\n\nLianhai Port completed a cargo throughput of 280 million tonnes from January to November, up 7.2% year on year, according to the Lianhai Port Group. Container throughput reached 6.2 million TEUs, up 10.5%.\n\nSince the start of the year, the port has opened eight new international container routes, bringing the total to 86. Zhao Zhiqiang, chairman of the port group, said the port would speed up construction of a 300,000-tonne crude oil terminal next year to further improve its overall services.\n";

#[test]
fn a_corrected_reissue_is_named_with_the_document_it_repeats() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "港口吞吐量.zh.txt", PORT_ZH);
    write(dir.path(), "港口吞吐量.en.txt", PORT_EN);
    let fix = |t: &str| {
        t.replace("2.8亿吨", "2.9亿吨").replace("7.2%", "7.6%").replace("280 million", "290 million")
    };
    write(dir.path(), "港口吞吐量（更正）.zh.txt", &fix(PORT_ZH));
    write(dir.path(), "港口吞吐量（更正）.en.txt", &fix(PORT_EN).replace("up 7.2%", "up 7.6%"));
    let (_, stderr, report) = run(dir.path(), &[]);
    let units = report["documents"][1]["units"].as_u64().unwrap() as usize;
    let of = units + report["duplicates_removed"].as_u64().unwrap() as usize;
    let repeated = report["duplicates_removed"].as_u64().unwrap();
    assert!(repeated >= 3, "{report}");
    assert!(
        stderr.contains(&format!(
            "warning: 港口吞吐量（更正）: {repeated} of its {of} units repeat 港口吞吐量: a corrected re-issue?"
        )),
        "{stderr}"
    );
    assert_eq!(report["documents"][1]["repeats"]["document"], "港口吞吐量");
    assert_eq!(report["documents"][1]["repeats"]["units"], repeated);
    assert!(report["documents"][0].get("repeats").is_none());
}

#[test]
fn an_unchecked_pair_is_counted_and_a_lopsided_one_says_where_its_units_went() {
    let dir = tempfile::tempdir().unwrap();
    let zh = "第二十届江淮文化旅游节开幕\n\n9月26日晚，第二十届江淮文化旅游节在江淮省会安城开幕。本届旅游节以“山水江淮·诗画家园”为主题，为期一个月。开幕式上，来自全省16个市的文艺团体表演了歌舞、戏曲等节目。\n\n旅游节期间将举办文化展演、非遗展示、美食节等120多项活动。省文化和旅游厅厅长孙丽华介绍，今年前8个月全省接待游客5.6亿人次，实现旅游总收入6200亿元，同比分别增长18.3%和21.7%。\n\n为吸引游客，全省200多家A级景区将在旅游节期间推出门票优惠。旅游节还将评选十佳文旅融合项目，推动文化和旅游深度融合发展。\n";
    let en = "The 20th Jianghuai Culture and Tourism Festival opened in Ancheng on the evening of September 26. The month-long festival will feature more than 120 events, and over 200 A-level scenic spots will offer discounted tickets.\n";
    write(dir.path(), "fest.zh.txt", zh);
    write(dir.path(), "fest.en.txt", en);
    let (_, stderr, report) = run(dir.path(), &[]);
    assert_eq!(report["unchecked"], 1, "{report}");
    assert!(stderr.contains("(0 failed, 0 unrelated or truncated, 1 unchecked)"), "{stderr}");
    assert!(
        stderr.contains(
            "warning: fest: 8 source sentences against 2 target ones, too few to verify (unchecked)"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("units went to the main memory (--doubtful FILE.tmx sets them apart)"),
        "{stderr}"
    );
    let doubtful = tempfile::tempdir().unwrap();
    let (_, stderr, _) = run(dir.path(), &["--doubtful", doubtful.path().join("d.tmx").to_str().unwrap()]);
    assert!(stderr.contains("units went to the doubtful memory"), "{stderr}");
    // Two short sides of about the same length: counted, not warned about.
    let short = tempfile::tempdir().unwrap();
    write(short.path(), "a.zh.txt", ZH);
    write(short.path(), "a.en.txt", EN);
    let (_, stderr, report) = run(short.path(), &[]);
    assert_eq!(report["unchecked"], 1, "{report}");
    assert!(!stderr.contains("too few to verify"), "{stderr}");
}

#[test]
fn the_report_lists_each_doubtful_bead_with_its_number_and_sentences() {
    let (_, stderr, report) = run(&corpora().join("dev"), &[]);
    let mut listed = 0;
    for d in report["documents"].as_array().unwrap() {
        let beads = d["doubtful_beads"].as_array().unwrap();
        assert_eq!(beads.len() as u64, d["doubtful"].as_u64().unwrap(), "{}", d["name"]);
        for b in beads {
            let n = b["bead"].as_u64().unwrap();
            assert!(n >= 1, "{b}");
            assert!(b["src"].is_array() && b["tgt"].is_array() && b["score"].is_number(), "{b}");
        }
        listed += beads.len();
    }
    assert!(listed > 0, "{stderr}");
}

#[test]
fn a_folder_of_files_none_named_as_a_half_names_the_first_in_its_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "2024/11/人才政策_CN.txt", ZH);
    write(dir.path(), "2024/11/人才政策_EN.txt", EN);
    let (code, stderr, _) = run(dir.path(), &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("no document pairs found (name the halves NAME.zh.txt and NAME.en.txt"),
        "{stderr}"
    );
    assert!(stderr.contains("; not read: "), "{stderr}");
    assert!(stderr.contains("人才政策_CN.txt (the name does not say the language) and 1 more\n"), "{stderr}");
}
