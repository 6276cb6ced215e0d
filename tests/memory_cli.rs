//! The index, lookup and concord commands end to end, including bad input.

use assert_cmd::Command;
use predicates::prelude::*;

const TMX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="t" creationtool="t" creationtoolversion="1"/>
<body>
<tu><tuv xml:lang="zh-CN"><seg>市委书记主持召开党工委会议。</seg></tuv><tuv xml:lang="en-US"><seg>The city party secretary chaired a meeting of the Party Working Committee.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>党工委研究部署园区建设工作。</seg></tuv><tuv xml:lang="en-US"><seg>The Party Working Committee studied the construction of the park.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>连云港市人力资源和社会保障局局长出席会议。</seg></tuv><tuv xml:lang="en-US"><seg>The director of the Lianyungang Human Resources and Social Security Bureau attended.</seg></tuv></tu>
</body></tmx>
"#;

fn tmalign() -> Command {
    Command::cargo_bin("tmalign").unwrap()
}

fn setup() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let tmx = dir.path().join("m.tmx");
    std::fs::write(&tmx, TMX).unwrap();
    let tmi = dir.path().join("m.tmi");
    tmalign().args(["index"]).arg(&tmx).arg("-o").arg(&tmi).assert().success();
    (dir, tmi)
}

/// `command --json` (`lookup`, `concord`) of `text` in the memory `tm`,
/// which must succeed.
fn json_of(command: &str, tm: &std::path::Path, text: &str) -> serde_json::Value {
    let out = tmalign().args([command, "--json", "--tm"]).arg(tm).arg(text).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `lookup --json` of `query` in the memory `tm`, which must succeed.
fn lookup_json(tm: &std::path::Path, query: &str) -> serde_json::Value {
    json_of("lookup", tm, query)
}

#[test]
fn lookup_json_reports_score_texts_and_origin() {
    let (_d, tmi) = setup();
    let v = lookup_json(&tmi, "连云港市人力资源和社会保障局副局长出席会议。");
    assert_eq!(v[0]["origin"]["unit"], 3);
    assert_eq!(v[0]["source_lang"], "zh");
    assert!(v[0]["target"].as_str().unwrap().contains("Bureau"));
    let score = v[0]["score"].as_u64().unwrap();
    assert!((90..100).contains(&score), "{score}");
}

#[test]
fn lookup_marks_the_differences() {
    let (_d, tmi) = setup();
    tmalign()
        .args(["lookup", "--tm"])
        .arg(&tmi)
        .arg("The Party Working Committee studied the construction of the port.")
        .assert()
        .success()
        .stdout(predicate::str::contains("[-port-]{+park+}"));
}

#[test]
fn concordance_finds_english_phrase_and_groups_renderings() {
    let (_d, tmi) = setup();
    tmalign()
        .args(["concord", "--tm"])
        .arg(&tmi)
        .arg("party working committee")
        .assert()
        .success()
        .stdout(predicate::str::contains("[Party Working Committee]"))
        .stdout(predicate::str::contains("2×  党工委"));
}

#[test]
fn concordance_finds_chinese_substring() {
    let (_d, tmi) = setup();
    tmalign()
        .args(["concord", "--json", "--tm"])
        .arg(&tmi)
        .arg("保障局")
        .assert()
        .success()
        .stdout(predicate::str::contains("\"unit\": 3"));
}

#[test]
fn missing_index_is_a_one_line_error() {
    tmalign()
        .args(["lookup", "--tm", "/nonexistent/m.tmi", "hello"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("tmalign: error: /nonexistent/m.tmi"));
}

/// Damages a fresh index with `damage`, then runs a lookup on it, which must fail.
fn lookup_on_damaged_index(damage: impl FnOnce(&mut Vec<u8>)) -> assert_cmd::assert::Assert {
    let (_d, tmi) = setup();
    let mut bytes = std::fs::read(&tmi).unwrap();
    damage(&mut bytes);
    std::fs::write(&tmi, &bytes).unwrap();
    tmalign().args(["lookup", "--tm"]).arg(&tmi).arg("hello world").assert().code(2)
}

#[test]
fn truncated_index_is_refused() {
    lookup_on_damaged_index(|b| b.truncate(b.len() - 8))
        .stderr(predicate::str::contains("truncated or damaged"));
}

#[test]
fn flipped_byte_is_caught_by_verify() {
    let (_d, tmi) = setup();
    let mut bytes = std::fs::read(&tmi).unwrap();
    let n = bytes.len();
    bytes[n - 20] ^= 0x55;
    std::fs::write(&tmi, &bytes).unwrap();
    tmalign()
        .args(["index", "--verify"])
        .arg(&tmi)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("checksum"));
}

#[test]
fn an_empty_query_argument_is_an_error_but_an_empty_stream_is_no_query() {
    let (_d, tmi) = setup();
    tmalign()
        .args(["lookup", "--tm"])
        .arg(&tmi)
        .arg("  ")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("empty"));
    // A script piping no line (or blank lines) gets no answer, not an error.
    for input in ["", "\n  \n"] {
        let out = tmalign()
            .args(["lookup", "--json", "--tm"])
            .arg(&tmi)
            .arg("-")
            .write_stdin(input)
            .output()
            .unwrap();
        assert!(out.status.success(), "{input:?}: {}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v, serde_json::json!([]), "{input:?}");
    }
}

#[test]
fn index_of_an_older_format_is_refused_with_a_rebuild_hint() {
    // The format version follows the 8-byte magic.
    lookup_on_damaged_index(|b| b[8..12].copy_from_slice(&2u32.to_le_bytes()))
        .stderr(predicate::str::contains("version 2").and(predicate::str::contains("rebuild it")));
}

#[test]
fn concordance_lists_units_in_memory_order_up_to_the_limit() {
    let (_d, tmi) = setup();
    let out =
        tmalign().args(["concord", "--json", "--limit", "1", "--tm"]).arg(&tmi).arg("the").output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Units 1 and 2 both hold "the"; the index numbers units by length, but
    // the listing follows the memory.
    assert_eq!(v["hits"].as_array().map(Vec::len), Some(1));
    assert_eq!(v["hits"][0]["origin"]["unit"], 1);
}

#[test]
fn lookup_warns_when_the_source_tmx_changed_and_strict_refuses() {
    let (d, tmi) = setup();
    let q = "The Party Working Committee studied the construction of the park.";
    let fresh = tmalign().args(["lookup", "--tm"]).arg(&tmi).arg(q).output().unwrap();
    assert!(fresh.status.success());
    assert!(fresh.stderr.is_empty(), "{}", String::from_utf8_lossy(&fresh.stderr));
    // The memory is edited: the index still holds the old text.
    tmalign()
        .args(["index", "--verify"])
        .arg(&tmi)
        .assert()
        .success()
        .stderr(predicate::str::contains(": ok, "));
    let tmx = d.path().join("m.tmx");
    std::fs::write(&tmx, TMX.replace("studied the construction", "planned the building")).unwrap();
    // An intact index of a changed source is not "ok".
    tmalign().args(["index", "--verify"]).arg(&tmi).assert().code(1).stderr(
        predicate::str::contains("intact but out of date").and(predicate::str::contains(": ok").not()),
    );
    tmalign().args(["lookup", "--tm"]).arg(&tmi).arg(q).assert().success().stderr(
        predicate::str::contains("m.tmx changed since it was indexed")
            .and(predicate::str::contains("out of date")),
    );
    tmalign()
        .args(["lookup", "--strict", "--tm"])
        .arg(&tmi)
        .arg(q)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with("tmalign: error: ").and(predicate::str::contains("out of date")));
    std::fs::remove_file(&tmx).unwrap();
    tmalign()
        .args(["concord", "--tm"])
        .arg(&tmi)
        .arg("park")
        .assert()
        .success()
        .stderr(predicate::str::contains("m.tmx is gone"));
}

#[test]
fn index_verify_catches_a_damaged_header() {
    let (_d, tmi) = setup();
    let mut bytes = std::fs::read(&tmi).unwrap();
    // The unit count, which the body's checksums do not cover.
    bytes[16] ^= 1;
    std::fs::write(&tmi, &bytes).unwrap();
    tmalign()
        .args(["index", "--verify"])
        .arg(&tmi)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("damaged header"));
}

#[test]
fn control_characters_from_the_memory_are_escaped_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = dir.path().join("c.tmx");
    let text = "The bell\u{7f} rang \u{9b}31m twice.";
    let body = TMX.replace(
        "The director of the Lianyungang Human Resources and Social Security Bureau attended.",
        &format!("{text} &#x1B;[2J"),
    );
    std::fs::write(&tmx, body).unwrap();
    // XML forbids the escape character even as a reference: a strict read
    // refuses the file, a lenient one drops it.
    tmalign()
        .args(["lookup", "--min-score", "0", "--tm"])
        .arg(&tmx)
        .arg("The bell rang twice.")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("&#x1B; is not a character XML 1.0 allows"));
    let out = tmalign()
        .args(["lookup", "--lenient", "--json", "--min-score", "0", "--top", "1", "--tm"])
        .arg(&tmx)
        .arg("The bell rang twice.")
        .output()
        .unwrap();
    let json = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{json}");
    assert!(json.contains(" [2J") && json.contains("\\u007f") && json.contains("\\u009b"), "{json}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("lenient reading dropped 1 character reference"), "{stderr}");
    assert!(!json.chars().any(|c| c.is_control() && c != '\n'), "{json:?}");
    // Still the same strings for a program reading the JSON.
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v[0]["source"], format!("{text} [2J"));
}

#[test]
fn index_refuses_a_tmx_name_for_its_output_and_a_memory_given_twice() {
    let (d, _) = setup();
    let tmx = d.path().join("m.tmx");
    tmalign()
        .arg("index")
        .arg(&tmx)
        .arg("-o")
        .arg(d.path().join("idx.tmx"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("name it .tmi"));
    assert!(!d.path().join("idx.tmx").exists());
    tmalign()
        .arg("index")
        .arg(&tmx)
        .arg(&tmx)
        .arg("-o")
        .arg(d.path().join("twice.tmi"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("given twice"));
}

#[test]
fn a_unit_without_a_translation_is_no_match() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = dir.path().join("m.tmx");
    std::fs::write(
        &tmx,
        TMX.replace(
            "<body>",
            "<body>\n<tu><tuv xml:lang=\"de-DE\"><seg>Der Parteisekretär leitete die Sitzung.</seg></tuv><tuv xml:lang=\"en-US\"><seg>The Party Working Committee studied the construction of the park.</seg></tuv></tu>\n<tu><tuv xml:lang=\"en-US\"><seg>The Party Working Committee studied the construction of the park.</seg></tuv></tu>",
        ),
    )
    .unwrap();
    let v = lookup_json(&tmx, "The Party Working Committee studied the construction of the park.");
    let hits = v.as_array().unwrap();
    assert_eq!(hits.len(), 1, "{v}");
    assert_eq!(hits[0]["target"], "党工委研究部署园区建设工作。");
}

#[test]
fn queries_from_stdin_answer_in_json_with_their_query_and_line() {
    let (_d, tmi) = setup();
    let out = tmalign()
        .args(["lookup", "--json", "--tm"])
        .arg(&tmi)
        .arg("-")
        .write_stdin("连云港市人力资源和社会保障局副局长出席会议。\n\nNothing of this is in the memory at all today.\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let answers = v.as_array().unwrap();
    assert_eq!(answers.len(), 2);
    assert_eq!(answers[0]["line"], 1);
    assert_eq!(answers[0]["matches"][0]["origin"]["unit"], 3);
    assert_eq!(answers[1]["line"], 3);
    assert_eq!(answers[1]["query"], "Nothing of this is in the memory at all today.");
    assert_eq!(answers[1]["matches"].as_array().unwrap().len(), 0);
}

#[test]
fn a_folder_given_as_the_memory_is_named_as_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("memory.tmx");
    std::fs::create_dir(&folder).unwrap();
    for (cmd, extra) in [("lookup", "市长"), ("concord", "市长")] {
        tmalign()
            .args([cmd, "--tm"])
            .arg(&folder)
            .arg(extra)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("is a folder, not a memory"));
    }
    tmalign()
        .arg("glossary")
        .arg(&folder)
        .arg("-o")
        .arg(dir.path().join("g.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a folder, not a memory"));
}

#[test]
fn concord_does_not_echo_a_whole_pasted_page() {
    let (_d, tmi) = setup();
    let phrase = "港".repeat(5000);
    let out = tmalign().args(["concord", "--tm"]).arg(&tmi).arg(&phrase).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("(5000 characters)") && text.len() < 2000, "{}", text.len());
}

#[test]
fn index_verify_reads_the_whole_source_and_sees_a_change_past_its_head() {
    // A same-size edit beyond the first 64 KiB, the modification time put
    // back (`cp -p`, `rsync -t`): a lookup's quick look at the head cannot
    // see it, `index --verify` reads the whole file and does.
    let dir = tempfile::tempdir().unwrap();
    let tmx = dir.path().join("m.tmx");
    let units: String = (0..3000)
        .map(|i| {
            format!(
                "<tu><tuv xml:lang=\"zh-CN\"><seg>第{i}句话，港口吞吐量增长。</seg></tuv>\
                 <tuv xml:lang=\"en-US\"><seg>Sentence {i}: port throughput rose.</seg></tuv></tu>\n"
            )
        })
        .collect();
    let text = format!(
        "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"zh-CN\" datatype=\"plaintext\" \
         segtype=\"sentence\" adminlang=\"en\" o-tmf=\"x\" creationtool=\"x\" creationtoolversion=\"1\"/><body>\n\
         {units}</body></tmx>\n"
    );
    assert!(text.len() > 4 * 65536);
    std::fs::write(&tmx, &text).unwrap();
    let tmi = dir.path().join("m.tmi");
    tmalign().arg("index").arg(&tmx).arg("-o").arg(&tmi).assert().success();
    let mtime = std::fs::metadata(&tmx).unwrap().modified().unwrap();
    let at = text.rfind("port throughput rose").unwrap();
    let edited = format!("{}PORT{}", &text[..at], &text[at + 4..]);
    std::fs::write(&tmx, edited).unwrap();
    std::fs::File::options().write(true).open(&tmx).unwrap().set_modified(mtime).unwrap();
    tmalign()
        .args(["index", "--verify"])
        .arg(&tmi)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("different content").and(predicate::str::contains("out of date")));
}

/// `TMX` with one more unit, written to `j.tmx` in `dir`: units 1 and 2
/// joined, as `batch` adds them for a CAT tool that reads the two sentences
/// as one segment, under `tuid`, with the `x-document` prop `batch`
/// writes (the document label of a `tuid` such as `doc:1-2`).
fn with_joined_unit(dir: &std::path::Path, tuid: &str) -> std::path::PathBuf {
    let tmx = dir.join("j.tmx");
    let document = tuid.rsplit_once(':').map_or(tuid, |(d, _)| d);
    let text = TMX.replace(
        "</body>",
        &format!(
            "<tu tuid=\"{tuid}\"><prop type=\"x-document\">{document}</prop><tuv xml:lang=\"zh-CN\"><seg>市委书记主持召开党工委会议。党工委研究部署园区建设工作。</seg></tuv><tuv xml:lang=\"en-US\"><seg>The city party secretary chaired a meeting of the Party Working Committee. The Party Working Committee studied the construction of the park.</seg></tuv></tu>\n</body>"
        ),
    );
    std::fs::write(&tmx, text).unwrap();
    tmx
}

#[test]
fn indexing_a_memory_that_repeats_another_keeps_one_unit_per_pair_of_texts() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, tmi) = (dir.path().join("a.tmx"), dir.path().join("b.tmx"), dir.path().join("ab.tmi"));
    std::fs::write(&a, TMX).unwrap();
    // The same units with other metadata and spacing, and one new unit.
    let repeated = TMX.replace("<tu>", "<tu tuid=\"later\" creationid=\"someone\">").replace(
        "</body>",
        "<tu><tuv xml:lang=\"zh-CN\"><seg>园区 建设 进展 顺利。</seg></tuv><tuv xml:lang=\"en-US\"><seg>The park is being built on schedule.</seg></tuv></tu>\n</body>",
    );
    std::fs::write(&b, repeated.replace("of the park.</seg>", "of the  park. </seg>")).unwrap();
    tmalign()
        .arg("index")
        .args([&a, &b])
        .arg("-o")
        .arg(&tmi)
        .assert()
        .success()
        .stderr(predicate::str::contains("3 duplicate units skipped"))
        .stderr(predicate::str::contains("indexed 4 units from 2 file(s)"));
    // One match, the first file's.
    let v = lookup_json(&tmi, "党工委研究部署园区建设工作。");
    let hits = v.as_array().unwrap();
    assert_eq!(hits.len(), 1, "{v}");
    assert_eq!(hits[0]["score"], 100);
    assert!(hits[0]["origin"]["file"].as_str().unwrap().ends_with("a.tmx"), "{v}");
    assert_eq!(hits[0]["origin"]["unit"], 2);
    // Each occurrence counted once.
    let v = json_of("concord", &tmi, "党工委");
    assert_eq!(v["hits"].as_array().map(Vec::len), Some(2), "{v}");
    assert_eq!(v["renderings"][0]["count"], 2, "{v}");
    // A file of repeats only is told apart from one without units.
    std::fs::copy(&a, dir.path().join("copy.tmx")).unwrap();
    tmalign()
        .arg("index")
        .args([&a, &dir.path().join("copy.tmx")])
        .arg("-o")
        .arg(&tmi)
        .assert()
        .success()
        .stderr(predicate::str::contains("copy.tmx: every unit repeats an earlier one"));
}

#[test]
fn a_joined_unit_is_listed_by_concord_but_counts_no_occurrence_twice() {
    let dir = tempfile::tempdir().unwrap();
    let count = |tuid: &str| {
        let tmx = with_joined_unit(dir.path(), tuid);
        let tmi = dir.path().join("j.tmi");
        tmalign().arg("index").arg(&tmx).arg("-o").arg(&tmi).assert().success();
        let v = json_of("concord", &tmi, "party working committee");
        let counted: u64 =
            v["renderings"].as_array().unwrap().iter().map(|r| r["count"].as_u64().unwrap()).sum();
        (v["hits"].as_array().map(Vec::len), counted)
    };
    // A unit of its own (a bead of two sentences) holds two more occurrences…
    assert_eq!(count("doc:4"), (Some(3), 4));
    // …the joined unit of beads 1 and 2 none: it is listed, not counted.
    assert_eq!(count("doc:1-2"), (Some(3), 2));
}

#[test]
fn a_joined_unit_does_not_make_a_term_seen_twice_in_the_glossary() {
    let dir = tempfile::tempdir().unwrap();
    let terms = |tuid: &str| {
        let tmx = with_joined_unit(dir.path(), tuid);
        let tsv = dir.path().join("g.tsv");
        tmalign().arg("glossary").arg(&tmx).args(["--min-count", "2", "-o"]).arg(&tsv).assert().success();
        // The source column: the comments quote example units.
        let text = std::fs::read_to_string(&tsv).unwrap();
        text.lines().filter_map(|l| l.split('\t').next()).map(str::to_string).collect::<Vec<_>>()
    };
    // 市委书记 is in unit 1 only: once, whether or not the joined unit repeats it.
    let term = "市委书记".to_string();
    assert!(terms("doc:4").contains(&term), "the test needs the term counted twice from a unit of its own");
    assert!(!terms("doc:1-2").contains(&term));
}

#[test]
fn concord_names_the_file_of_each_example_when_the_index_holds_several() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, tmi) = (dir.path().join("a.tmx"), dir.path().join("b.tmx"), dir.path().join("ab.tmi"));
    std::fs::write(&a, TMX).unwrap();
    // Another memory whose first unit also renders 党工委.
    std::fs::write(
        &b,
        TMX.replace("市委书记主持召开党工委会议。", "党工委召开扩大会议。").replace(
            "The city party secretary chaired a meeting of the Party Working Committee.",
            "The Party Working Committee held an enlarged meeting.",
        ),
    )
    .unwrap();
    tmalign().arg("index").args([&a, &b]).arg("-o").arg(&tmi).assert().success();
    let out = tmalign().args(["concord", "--tm"]).arg(&tmi).arg("党工委").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("a.tmx:1") && text.contains("b.tmx:1"), "{text}");
    // One file: plain unit numbers, as the TMX numbers them.
    let (_dir, one) = setup();
    let out = tmalign().args(["concord", "--tm"]).arg(&one).arg("党工委").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("(units 1, 2)") && !text.contains("m.tmx:"), "{text}");
}

#[test]
fn a_tuid_of_another_tool_that_looks_like_a_range_does_not_hide_renderings() {
    // review21: only tmalign's joined units (its x-document prop, segtype
    // block) may be left out of the counts; "ch:1-2" of another tool is an
    // ordinary unit.
    let dir = tempfile::tempdir().unwrap();
    let tmx = dir.path().join("other.tmx");
    // Units 1, 2, 3 of TMX with tuids "ch:1-2", "ch:2-3", "ch:3-4".
    let mut parts = TMX.split("<tu>");
    let mut text = parts.next().unwrap().to_string();
    for (n, part) in parts.enumerate() {
        text.push_str(&format!("<tu tuid=\"ch:{}-{}\">{part}", n + 1, n + 2));
    }
    std::fs::write(&tmx, text).unwrap();
    let v = json_of("concord", &tmx, "党工委");
    assert_eq!(v["hits"].as_array().map(Vec::len), Some(2), "{v}");
    assert!(v["renderings"].as_array().is_some_and(|r| !r.is_empty()), "{v}");
}
