//! `tmalign tmx stats` and `tmalign merge` from the command line.

use assert_cmd::Command;
use predicates::prelude::*;

const A: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="zh-CN" creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"/>
<body>
<tu><prop type="x-document">a</prop><tuv xml:lang="zh-CN"><seg>你好</seg></tuv><tuv xml:lang="en-US"><seg>Hello</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>再见</seg></tuv><tuv xml:lang="en-US"><seg>Bye  &amp; </seg></tuv></tu>
</body></tmx>
"#;

fn tmalign() -> Command {
    Command::cargo_bin("tmalign").unwrap()
}

#[test]
fn stats_counts_units_and_languages() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.tmx");
    std::fs::write(&path, A).unwrap();
    tmalign()
        .args(["tmx", "stats"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("units: 2"))
        .stdout(predicate::str::contains("zh-CN\t2"))
        .stdout(predicate::str::contains("x-document\t1"))
        .stdout(predicate::str::contains("units with one variant: 0"))
        .stdout(predicate::str::contains("problems: 0"));
}

#[test]
fn stats_counts_a_language_once_whatever_the_case_of_its_tags() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.tmx");
    let unit = |zh: &str, en: &str| {
        format!("<tu><tuv xml:lang=\"{zh}\"><seg>市长</seg></tuv><tuv xml:lang=\"{en}\"><seg>mayor</seg></tuv></tu>")
    };
    let body = [unit("ZH-cn", "en-GB"), unit("zh_CN", "EN-gb"), unit("zh-CN", "En-Us")].concat();
    std::fs::write(
        &path,
        format!(
            "<?xml version=\"1.0\"?><tmx version=\"1.4\"><header srclang=\"zh-CN\" datatype=\"plaintext\" \
             segtype=\"sentence\" adminlang=\"en\" o-tmf=\"x\" creationtool=\"x\" creationtoolversion=\"1\"/>\
             <body>{body}</body></tmx>"
        ),
    )
    .unwrap();
    tmalign()
        .args(["tmx", "stats"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("languages: 3"))
        .stdout(predicate::str::contains("zh-CN\t3"))
        .stdout(predicate::str::contains("en-GB\t2"));
}

#[test]
fn stats_on_a_truncated_file_fails_with_one_located_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.tmx");
    std::fs::write(&path, &A[..A.find("<tu><tuv").unwrap() + 10]).unwrap();
    let assert = tmalign().args(["tmx", "stats"]).arg(&path).assert().code(2);
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("cut.tmx: line 5, column") && err.contains("truncated"), "{err}");
    // No report that would look complete above the error.
    assert!(
        assert.get_output().stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&assert.get_output().stdout)
    );
}

#[test]
fn stats_lists_unusable_units_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.tmx");
    std::fs::write(&path, A.replace("<tu><tuv xml:lang=\"zh-CN\"><seg>再见", "<tu><tuv><seg>再见")).unwrap();
    tmalign()
        .args(["tmx", "stats"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("problems: 1"))
        .stderr(predicate::str::contains("without xml:lang"));
}

#[test]
fn stats_on_a_missing_file_is_an_error() {
    tmalign()
        .args(["tmx", "stats", "no/such.tmx"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such.tmx"));
}

#[test]
fn merge_removes_duplicates_and_keeps_the_first_props() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.tmx");
    let b = dir.path().join("b.tmx");
    let out = dir.path().join("all.tmx");
    std::fs::write(&a, A).unwrap();
    // b repeats "你好/Hello" with other props and adds one new unit, which
    // gives "Bye &" another Chinese: counted, both kept.
    std::fs::write(&b, A.replace(">a</prop>", ">b</prop>").replace("再见", "谢谢")).unwrap();
    tmalign()
        .arg("merge")
        .arg(&a)
        .arg(&b)
        .arg("-o")
        .arg(&out)
        .env("SOURCE_DATE_EPOCH", "0")
        .assert()
        .success()
        .stderr(predicate::str::contains("4 units read, 1 duplicates removed, 3 units written"))
        .stderr(predicate::str::contains(
            "1 translate a segment an earlier unit translates otherwise (both kept)",
        ));
    let units: Vec<_> = tmalign::tmx::read_file(&out).unwrap().collect::<Result<_, _>>().unwrap();
    assert_eq!(units.len(), 3);
    assert_eq!(units[0].prop("x-document"), Some("a"));
    // Units are copied as written (spaces and all).
    assert_eq!(units[1].variants[1].text, "Bye  & ");
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("creationdate=\"19700101T000000Z\""));
}

#[test]
fn merge_of_a_broken_input_leaves_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.tmx");
    let out = dir.path().join("all.tmx");
    std::fs::write(&a, &A[..A.len() - 20]).unwrap();
    tmalign().arg("merge").arg(&a).arg("-o").arg(&out).assert().code(2);
    assert!(!out.exists());
}

#[test]
fn stats_reads_utf16_big_endian_and_gb18030_memories() {
    let dir = tempfile::tempdir().unwrap();
    let utf16 = dir.path().join("be.tmx");
    let mut bytes = vec![0xFE, 0xFF];
    for u in A.replace("UTF-8", "UTF-16").encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    std::fs::write(&utf16, bytes).unwrap();
    let gb = dir.path().join("gb.tmx");
    let gb_text = A.replace("UTF-8", "GB18030");
    let (encoded, _, _) = encoding_rs::GB18030.encode(&gb_text);
    std::fs::write(&gb, &encoded).unwrap();
    for path in [&utf16, &gb] {
        tmalign()
            .args(["tmx", "stats"])
            .arg(path)
            .assert()
            .success()
            .stdout(predicate::str::contains("units: 2"))
            .stdout(predicate::str::contains("zh-CN\t2"));
        let units: Vec<_> = tmalign::tmx::read_file(path).unwrap().collect::<Result<_, _>>().unwrap();
        assert_eq!(units[0].variants[0].text, "你好");
    }
}

#[test]
fn stats_reads_standard_input() {
    tmalign()
        .args(["tmx", "stats", "-"])
        .write_stdin(A)
        .assert()
        .success()
        .stdout(predicate::str::contains("file: <stdin>"))
        .stdout(predicate::str::contains("units: 2"));
}

/// `A` with what XML 1.0 forbids and some tools write anyway.
fn dirty() -> String {
    A.replace("Bye  &amp; ", "Bye  &amp; &#x1;\u{7}").replace("Hello", "He ]]> llo")
}

#[test]
fn every_tmx_reading_command_refuses_malformed_xml_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dirty.tmx");
    std::fs::write(&path, dirty()).unwrap();
    let twice = dir.path().join("twice.tmx");
    std::fs::write(&twice, format!("{A}{A}")).unwrap();
    let out = dir.path().join("out");
    let commands: [&[&str]; 5] = [
        &["tmx", "stats"],
        &["merge", "-o", out.to_str().unwrap()],
        &["index", "-o", out.to_str().unwrap()],
        &["lookup", "--tm"],
        &["concord", "--tm"],
    ];
    for cmd in commands {
        let query: &[&str] = if cmd[0] == "lookup" || cmd[0] == "concord" { &["Hello"] } else { &[] };
        tmalign()
            .args(cmd)
            .arg(&path)
            .args(query)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("dirty.tmx: line 4, column "))
            .stderr(predicate::str::contains("use --lenient"));
        tmalign().args(cmd).arg(&twice).args(query).assert().code(2).stderr(predicate::str::contains(
            "twice.tmx: line 7, column 1: content after the end of the root",
        ));
        assert!(!out.exists(), "{cmd:?} left an output");
    }
}

#[test]
fn lenient_reading_drops_what_xml_forbids_and_says_so_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dirty.tmx");
    std::fs::write(&path, format!("{}{A}", dirty())).unwrap();
    let out = dir.path().join("all.tmx");
    let stats = tmalign().args(["tmx", "stats", "--lenient"]).arg(&path).assert().success();
    let stderr = String::from_utf8(stats.get_output().stderr.clone()).unwrap();
    assert_eq!(
        stderr.trim(),
        "tmalign: warning: {}: lenient reading dropped 1 character XML forbids, dropped 1 character \
         reference to such characters, read 1 `]]>` in text as text, ignored the content after the root \
         element (from line 7, column 1)"
            .replace("{}", &path.display().to_string())
    );
    assert!(String::from_utf8(stats.get_output().stdout.clone()).unwrap().contains("units: 2"));
    tmalign()
        .args(["merge", "--lenient", "-o"])
        .arg(&out)
        .arg(&path)
        .assert()
        .success()
        .stderr(predicate::str::contains("lenient reading dropped 1 character XML forbids"));
    // What merge wrote is well-formed and strict reading takes it.
    let units: Vec<_> = tmalign::tmx::read_file(&out).unwrap().collect::<Result<_, _>>().unwrap();
    assert_eq!(units[0].variants[1].text, "He ]]> llo");
    assert_eq!(units[1].variants[1].text, "Bye  & ");
    let tmi = dir.path().join("m.tmi");
    tmalign()
        .args(["index", "--lenient", "-o"])
        .arg(&tmi)
        .arg(&path)
        .assert()
        .success()
        .stderr(predicate::str::contains("lenient reading dropped"));
    tmalign()
        .args(["lookup", "--lenient", "--min-score", "50", "--tm"])
        .arg(&path)
        .arg("He ]]> llo")
        .assert()
        .success()
        .stdout(predicate::str::contains("你好"))
        .stderr(predicate::str::contains("lenient reading dropped"));
}

#[test]
fn an_index_or_a_gzip_file_given_as_tmx_is_named_for_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let (tmx, tmi, gz) = (dir.path().join("a.tmx"), dir.path().join("a.tmi"), dir.path().join("a.tmx.gz"));
    std::fs::write(&tmx, A).unwrap();
    tmalign().arg("index").arg(&tmx).arg("-o").arg(&tmi).assert().success();
    std::fs::write(&gz, b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03").unwrap();
    for (file, what) in
        [(&tmi, "this is a tmalign index (.tmi) file, not TMX"), (&gz, "this is a gzip file, not TMX")]
    {
        for args in [&["tmx", "stats"][..], &["tmx", "stats", "--lenient"][..]] {
            let out = tmalign().args(args).arg(file).output().unwrap();
            assert_eq!(out.status.code(), Some(2));
            let err = String::from_utf8(out.stderr).unwrap();
            assert!(err.contains(what) && !err.contains("U+0000"), "{err}");
            assert_eq!(err.lines().count(), 1, "{err}");
        }
    }
    let out = dir.path().join("m.tmx");
    tmalign().arg("merge").arg(&tmi).arg("-o").arg(&out).assert().code(2);
    assert!(!out.exists());
}
