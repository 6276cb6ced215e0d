//! What every command does with its inputs and outputs, from the outside:
//! encodings, the language check, the score scale, the output format, and
//! outputs that must not overwrite an input.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use encoding_rs::{Encoding, BIG5, GB18030, UTF_16BE, UTF_16LE};
use predicates::prelude::*;

fn tmalign() -> Command {
    let mut c = Command::cargo_bin("tmalign").unwrap();
    // A fixed creation date makes memories comparable byte for byte.
    c.env("SOURCE_DATE_EPOCH", "1700000000");
    c
}

fn dev(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/dev").join(file)
}

fn read_dev(file: &str) -> String {
    fs::read_to_string(dev(file)).unwrap()
}

/// The first `n` pair names of corpora/dev.
fn dev_names(n: usize) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dev(""))
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix(".zh.txt").map(str::to_string))
        .collect();
    names.sort();
    names.truncate(n);
    names
}

/// `text` in `enc`, with a byte-order mark for UTF-16 when `bom`.
fn encoded(text: &str, enc: &'static Encoding, bom: bool) -> Vec<u8> {
    let units = text.encode_utf16();
    let mut out = Vec::new();
    if enc == UTF_16LE || enc == UTF_16BE {
        let big = enc == UTF_16BE;
        if bom {
            out.extend(if big { [0xFE, 0xFF] } else { [0xFF, 0xFE] });
        }
        for u in units {
            out.extend(if big { u.to_be_bytes() } else { u.to_le_bytes() });
        }
    } else {
        let (bytes, _, unmappable) = enc.encode(text);
        assert!(!unmappable, "{} cannot hold the text", enc.name());
        out.extend_from_slice(&bytes);
    }
    out
}

/// What Big5 can hold of a simplified Chinese text: every character Big5
/// lacks (simplified forms such as 连, 习, 贯) becomes □, which it has.
fn big5_representable(text: &str) -> (String, usize) {
    let mut replaced = 0;
    let out = text
        .chars()
        .map(|c| {
            let mut buf = [0; 4];
            if BIG5.encode(c.encode_utf8(&mut buf)).2 {
                replaced += 1;
                '□'
            } else {
                c
            }
        })
        .collect();
    (out, replaced)
}

fn batch(input: &Path, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    tmalign().arg("batch").arg(input).arg("-o").arg(out).args(extra).assert()
}

fn report(path: &Path) -> serde_json::Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn gb18030_and_utf16_copies_of_the_corpus_give_the_same_memory_as_utf8() {
    let names = dev_names(3);
    let work = tempfile::tempdir().unwrap();
    let cases: [(&str, Option<&'static Encoding>, bool, &str); 5] = [
        ("utf8", None, false, "UTF-8"),
        ("gb18030", Some(GB18030), false, "gb18030"),
        ("utf16le", Some(UTF_16LE), true, "UTF-16LE"),
        ("utf16be", Some(UTF_16BE), true, "UTF-16BE"),
        // Without a byte-order mark, as some tools save it.
        ("utf16le-nobom", Some(UTF_16LE), false, "UTF-16LE"),
    ];
    let mut memories = Vec::new();
    for (dir, enc, bom, shown) in cases {
        let input = work.path().join(dir);
        fs::create_dir(&input).unwrap();
        for name in &names {
            let zh = read_dev(&format!("{name}.zh.txt"));
            let bytes = enc.map_or_else(|| zh.clone().into_bytes(), |e| encoded(&zh, e, bom));
            fs::write(input.join(format!("{name}.zh.txt")), bytes).unwrap();
            fs::copy(dev(&format!("{name}.en.txt")), input.join(format!("{name}.en.txt"))).unwrap();
        }
        let (mem, rep) = (work.path().join(format!("{dir}.tmx")), work.path().join(format!("{dir}.json")));
        batch(&input, &mem, &["--report", rep.to_str().unwrap()]).success();
        for doc in report(&rep)["documents"].as_array().unwrap() {
            assert_eq!(doc["source_encoding"], shown, "{dir}");
            assert_eq!(doc["target_encoding"], "UTF-8", "{dir}");
        }
        memories.push((dir, fs::read_to_string(&mem).unwrap()));
    }
    assert!(memories[0].1.matches("<tu ").count() > 50);
    for (dir, memory) in &memories[1..] {
        assert!(memory == &memories[0].1, "the {dir} copy gives another memory");
    }
}

#[test]
fn big5_copy_of_the_representable_text_gives_the_same_memory_as_utf8() {
    // Big5 is a traditional-script encoding: it lacks most simplified forms,
    // so both copies hold the text with those characters replaced by □.
    let work = tempfile::tempdir().unwrap();
    let name = &dev_names(1)[0];
    let (zh, replaced) = big5_representable(&read_dev(&format!("{name}.zh.txt")));
    assert!(replaced > 0 && zh.chars().filter(|c| lang_is_han(*c)).count() > replaced);
    let mut memories = Vec::new();
    for (dir, bytes) in [("utf8", zh.clone().into_bytes()), ("big5", encoded(&zh, BIG5, false))] {
        let input = work.path().join(dir);
        fs::create_dir(&input).unwrap();
        fs::write(input.join(format!("{name}.zh.txt")), bytes).unwrap();
        fs::copy(dev(&format!("{name}.en.txt")), input.join(format!("{name}.en.txt"))).unwrap();
        let (mem, rep) = (work.path().join(format!("{dir}.tmx")), work.path().join(format!("{dir}.json")));
        batch(&input, &mem, &["--report", rep.to_str().unwrap()]).success();
        let expected = if dir == "big5" { "Big5" } else { "UTF-8" };
        assert_eq!(report(&rep)["documents"][0]["source_encoding"], expected);
        memories.push(fs::read_to_string(&mem).unwrap());
    }
    assert!(memories[0].contains("<tu "));
    assert_eq!(memories[0], memories[1]);
}

fn lang_is_han(c: char) -> bool {
    tmalign::lang::is_han(c)
}

#[test]
fn align_json_reports_the_encoding_of_each_side() {
    let work = tempfile::tempdir().unwrap();
    let name = &dev_names(1)[0];
    let zh = work.path().join("a.zh.txt");
    fs::write(&zh, encoded(&read_dev(&format!("{name}.zh.txt")), GB18030, false)).unwrap();
    let en = work.path().join("a.en.txt");
    fs::write(&en, encoded(&read_dev(&format!("{name}.en.txt")), UTF_16BE, true)).unwrap();
    let out = tmalign().args(["align", "--format", "json"]).arg(&zh).arg(&en).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["source"]["encoding"], "gb18030");
    assert_eq!(v["target"]["encoding"], "UTF-16BE");
    assert!(v["beads"].as_array().unwrap().len() > 10);
}

#[test]
fn encoding_option_forces_one_on_segment_align_and_batch() {
    let work = tempfile::tempdir().unwrap();
    let zh = write(work.path(), "a.zh.txt", encoded("港口吞吐量增长了。市长很高兴。\n", GB18030, false));
    let en = write(work.path(), "a.en.txt", "Port throughput grew. The mayor is pleased.\n");
    tmalign()
        .args(["segment", "--encoding", "gbk"])
        .arg(&zh)
        .assert()
        .success()
        .stdout("港口吞吐量增长了。\n市长很高兴。\n");
    // The wrong encoding named: one line with the file, the byte and the likely encoding.
    tmalign()
        .args(["segment", "--encoding", "utf-8"])
        .arg(&zh)
        .assert()
        .code(2)
        .stderr(predicate::str::is_match(r"^tmalign: error: .*a\.zh\.txt: not valid UTF-8 at byte 0 \(line 1\); its bytes look like gb18030 \(try --encoding gb18030, or leave it out to detect\)\n$").unwrap());
    tmalign().args(["align", "--encoding", "gb18030"]).arg(&zh).arg(&en).assert().success();
    tmalign()
        .args(["segment", "--encoding", "klingon"])
        .arg(&zh)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown encoding"));
    let mem = work.path().join("m.tmx");
    // English is ASCII, so both sides read the same in GB18030.
    batch(work.path(), &mem, &["--encoding", "gb18030"]).success();
    assert!(fs::read_to_string(&mem).unwrap().contains("港口吞吐量增长了。"));
}

#[test]
fn each_side_of_a_pair_can_be_given_its_own_encoding() {
    // A Chinese file in GB18030 beside an English one in windows-1252 (a
    // Word export): --encoding names both, so one side is always misread.
    let work = tempfile::tempdir().unwrap();
    let zh =
        write(work.path(), "a.zh.txt", encoded("咖啡馆于3月7日开业。共售出5000杯咖啡。\n", GB18030, false));
    let en = write(
        work.path(),
        "a.en.txt",
        encoded("The café opened on Mar. 7. It sold 5,000 cups.\n", encoding_rs::WINDOWS_1252, false),
    );
    // Undetected, the English file's advice names its own side's option.
    tmalign().arg("align").arg(&zh).arg(&en).assert().code(2).stderr(
        predicate::str::contains("a.en.txt: not valid UTF-8")
            .and(predicate::str::contains("--target-encoding windows-1252")),
    );
    let out = tmalign()
        .args([
            "align",
            "--format",
            "json",
            "--source-encoding",
            "gb18030",
            "--target-encoding",
            "windows-1252",
        ])
        .arg(&zh)
        .arg(&en)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["source"]["encoding"], "gb18030");
    assert_eq!(v["target"]["encoding"], "windows-1252");
    // --encoding still names both; a side's own option wins over it.
    tmalign()
        .args(["align", "--encoding", "gb18030", "--target-encoding", "windows-1252"])
        .arg(&zh)
        .arg(&en)
        .assert()
        .success();
    let mem = work.path().join("m.tmx");
    batch(work.path(), &mem, &["--target-encoding", "windows-1252"]).success();
    assert!(fs::read_to_string(&mem).unwrap().contains("The café opened on Mar. 7."));
}

#[test]
fn an_undecodable_file_is_one_error_naming_file_byte_and_likely_encoding() {
    let work = tempfile::tempdir().unwrap();
    let zh = work.path().join("a.zh.txt");
    let en = work.path().join("a.en.txt");
    let mut bytes = encoded("港口吞吐量增长了。\n市长很高兴。\n", GB18030, false);
    let bad = bytes.len();
    bytes.extend([0x81, 0x0A]); // a lead byte cut off by a line break
    fs::write(&zh, &bytes).unwrap();
    fs::write(&en, "Port throughput grew. The mayor is pleased.\n").unwrap();
    tmalign().arg("align").arg(&zh).arg(&en).assert().code(2).stderr(
        predicate::str::is_match(format!(
            r"^tmalign: error: .*a\.zh\.txt: not valid gb18030 at byte {bad} \(line 3\); gb18030 is the likeliest encoding[^\n]*\n$"
        ))
        .unwrap(),
    );
}

const ZH: &str = "2023年，港口吞吐量达到55000吨。\n市长王明说，港口发展很快。\n今年还将新建两个码头。\n";
const EN: &str = "In 2023, port throughput reached 55000 tonnes.\nMayor Wang Ming said the port is growing fast.\nTwo new berths will be built this year.\n";

fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    if let Some(d) = p.parent() {
        fs::create_dir_all(d).unwrap();
    }
    fs::write(&p, text).unwrap();
    p
}

#[test]
fn two_english_files_are_refused_unless_the_check_is_off() {
    let work = tempfile::tempdir().unwrap();
    let a = write(work.path(), "a.en", EN);
    let b = write(work.path(), "b.en", EN);
    tmalign().arg("align").arg(&a).arg(&b).assert().code(2).stderr(
        predicate::str::is_match(r"^tmalign: error: .*a\.en: both sides read as English \(it has 0 Han characters, \d+ Latin letters; .*b\.en has 0 Han characters, \d+ Latin letters\); a pair needs one Chinese and one English document; pass --no-language-check to align it anyway\n$").unwrap(),
    );
    tmalign().args(["align", "--no-language-check"]).arg(&a).arg(&b).assert().success();
}

#[test]
fn english_text_in_a_chinese_file_name_is_refused() {
    let work = tempfile::tempdir().unwrap();
    let zh = write(work.path(), "a.zh.txt", EN);
    let other = write(work.path(), "b.txt", ZH);
    tmalign().arg("align").arg(&zh).arg(&other).assert().code(2).stderr(predicate::str::contains(
        "a.zh.txt: its name says Chinese but the text reads as English (0 Han characters,",
    ));
}

#[test]
fn a_source_lang_that_the_text_contradicts_is_refused() {
    let work = tempfile::tempdir().unwrap();
    let zh = write(work.path(), "a.txt", ZH);
    let en = write(work.path(), "b.txt", EN);
    tmalign().args(["align", "--source-lang", "en"]).arg(&zh).arg(&en).assert().code(2).stderr(
        predicate::str::contains("a.txt: --source-lang en says English but the text reads as Chinese"),
    );
    tmalign()
        .args(["align", "--source-lang", "en", "--no-language-check"])
        .arg(&zh)
        .arg(&en)
        .assert()
        .success();
}

#[test]
fn swapped_halves_in_a_batch_fail_that_pair_only() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("in");
    write(&input, "good.zh.txt", ZH);
    write(&input, "good.en.txt", EN);
    write(&input, "swapped.zh.txt", EN);
    write(&input, "swapped.en.txt", ZH);
    let (mem, rep) = (work.path().join("m.tmx"), work.path().join("r.json"));
    batch(&input, &mem, &["--report", rep.to_str().unwrap()])
        .code(1)
        .stderr(predicate::str::contains("error: swapped: "))
        .stderr(predicate::str::contains("the halves look swapped"));
    let r = report(&rep);
    assert_eq!(r["failed"], 1);
    assert!(fs::read_to_string(&mem).unwrap().contains("<prop type=\"x-document\">good</prop>"));
    // Let through on request.
    batch(&input, &mem, &["--no-language-check"]).success();
}

#[test]
fn output_format_follows_the_extension_unless_named() {
    let work = tempfile::tempdir().unwrap();
    let zh = write(work.path(), "a.zh", ZH);
    let en = write(work.path(), "a.en", EN);
    let run = |out: &str, extra: &[&str]| {
        let p = work.path().join(out);
        tmalign()
            .args(["align", "--presegmented"])
            .args(extra)
            .arg(&zh)
            .arg(&en)
            .arg("-o")
            .arg(&p)
            .assert()
            .success();
        fs::read_to_string(p).unwrap()
    };
    assert!(run("o.tmx", &[]).contains("<tmx version=\"1.4\">"));
    assert!(run("o.TSV", &[]).starts_with("source\ttarget\ttype\tscore\tflag\n"));
    assert!(serde_json::from_str::<serde_json::Value>(&run("o.json", &[])).is_ok());
    assert_eq!(run("o.txt", &[]), "[0]:[0]\n[1]:[1]\n[2]:[2]\n");
    assert_eq!(run("o.tmx2", &["--format", "beads"]), "[0]:[0]\n[1]:[1]\n[2]:[2]\n");
    assert!(run("x.json", &["--format", "tsv"]).starts_with("source\t"));
    // batch writes TMX only, so an extension asking for another format is refused.
    batch(work.path(), &work.path().join("m.tsv"), &[])
        .code(2)
        .stderr(predicate::str::contains("TMX memory only"));
}

#[test]
fn scores_are_percentages_and_doubtful_means_the_same_in_align_and_batch() {
    let work = tempfile::tempdir().unwrap();
    let names = dev_names(2);
    let input = work.path().join("in");
    fs::create_dir(&input).unwrap();
    for name in &names {
        for lang in ["zh", "en"] {
            fs::copy(dev(&format!("{name}.{lang}.txt")), input.join(format!("{name}.{lang}.txt"))).unwrap();
        }
    }
    let rep = work.path().join("r.json");
    batch(&input, &work.path().join("m.tmx"), &["--report", rep.to_str().unwrap()]).success();
    let r = report(&rep);
    for (i, name) in names.iter().enumerate() {
        let out = tmalign()
            .args(["align", "--format", "json"])
            .arg(input.join(format!("{name}.zh.txt")))
            .arg(input.join(format!("{name}.en.txt")))
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let beads = v["beads"].as_array().unwrap();
        let flagged = beads.iter().filter(|b| b["doubtful"] == true).count();
        for b in beads {
            let s = b["score"].as_f64().unwrap();
            assert!((0.0..=100.0).contains(&s), "{s}");
            // A bead under the threshold (align::DOUBTFUL_BELOW, 50 %) is
            // doubtful; one above it is only when its sides share no anchor.
            if s < 50.0 {
                assert_eq!(b["doubtful"], true, "score {s}");
            } else if b["doubtful"] == true {
                assert!(b["anchors"].as_array().unwrap().is_empty(), "score {s}, yet anchors shared");
            }
        }
        assert!(beads.iter().any(|b| b["score"].as_f64().unwrap() > 1.0), "scores are not fractions");
        let doc = &r["documents"][i];
        assert_eq!(doc["name"], name.as_str());
        assert_eq!(doc["doubtful"].as_u64().unwrap() as usize, flagged, "{name}");
        let mean = doc["mean_score"].as_f64().unwrap();
        assert!((1.0..=100.0).contains(&mean), "{mean}");
    }
}

#[test]
fn x_document_is_the_pair_name_never_the_path_typed() {
    let work = tempfile::tempdir().unwrap();
    let zh = write(work.path(), "deep/dir/01-port.zh.txt", ZH);
    let en = write(work.path(), "deep/dir/01-port.en.txt", EN);
    let abs = zh.canonicalize().unwrap();
    let out =
        tmalign().args(["align", "--presegmented", "--format", "tmx"]).arg(&abs).arg(&en).output().unwrap();
    let tmx = String::from_utf8(out.stdout).unwrap();
    assert!(tmx.contains("<prop type=\"x-document\">01-port</prop>"), "{tmx}");
    assert!(!tmx.contains(work.path().to_str().unwrap()));
}

#[test]
fn an_output_that_is_an_input_is_refused_and_the_input_kept() {
    let work = tempfile::tempdir().unwrap();
    let zh = write(work.path(), "a.zh", ZH);
    let en = write(work.path(), "a.en", EN);
    let refused = |cmd: &mut Command, file: &Path| {
        cmd.assert().code(2).stderr(
            predicate::str::is_match(
                r"^tmalign: error: .*: the output would overwrite the \w+ .*; write it elsewhere\n$",
            )
            .unwrap(),
        );
        assert!(fs::metadata(file).unwrap().len() > 0);
    };
    refused(tmalign().arg("align").arg(&zh).arg(&en).arg("-o").arg(&zh), &zh);
    // The same file by another path.
    let other = work.path().join(".").join("a.en");
    refused(tmalign().arg("align").arg(&zh).arg(&en).arg("-o").arg(&other), &en);
    refused(tmalign().arg("segment").arg(&zh).arg("-o").arg(&zh), &zh);
    #[cfg(unix)]
    {
        let link = work.path().join("link.zh");
        std::os::unix::fs::symlink(&zh, &link).unwrap();
        refused(tmalign().arg("segment").arg(&zh).arg("-o").arg(&link), &zh);
    }
    let mem = work.path().join("m.tmx");
    tmalign().args(["align", "--presegmented"]).arg(&zh).arg(&en).arg("-o").arg(&mem).assert().success();
    refused(tmalign().arg("index").arg(&mem).arg("-o").arg(&mem), &mem);
    refused(tmalign().arg("merge").arg(&mem).arg("-o").arg(&mem), &mem);
    assert_eq!(fs::read_to_string(&zh).unwrap(), ZH);
}

#[test]
fn batch_outputs_must_not_land_on_inputs_or_on_each_other() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("in");
    write(&input, "a.zh.txt", ZH);
    write(&input, "a.en.txt", EN);
    let clash = |out: &Path, extra: &[&str], what: &str| {
        batch(&input, out, extra).code(2).stderr(predicate::str::contains(what));
    };
    clash(&input.join("a.en.txt"), &[], "would overwrite the document");
    // Not there yet, but the next run would read it as a Chinese half.
    clash(&input.join("memory.zh.txt"), &[], "its name makes it one half of a pair there");
    clash(&input.join("zh/memory.tmx"), &[], "its name makes it one half of a pair there");
    let mem = work.path().join("m.tmx");
    clash(&mem, &["--report", mem.to_str().unwrap()], "would overwrite the memory");
    // A memory in the folder under a name that is no half is fine.
    batch(&input, &input.join("memory.tmx"), &[]).success();
    batch(&input, &input.join("memory.tmx"), &[]).success();
}

#[cfg(unix)]
#[test]
fn a_replaced_output_keeps_its_permission_mode() {
    use std::os::unix::fs::PermissionsExt;
    let work = tempfile::tempdir().unwrap();
    let zh = write(work.path(), "a.zh", ZH);
    let en = write(work.path(), "a.en", EN);
    let out = write(work.path(), "private.tmx", "old");
    fs::set_permissions(&out, fs::Permissions::from_mode(0o600)).unwrap();
    tmalign().args(["align", "--presegmented"]).arg(&zh).arg(&en).arg("-o").arg(&out).assert().success();
    assert_eq!(fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);
    assert!(fs::read_to_string(&out).unwrap().contains("<tu "));
}

#[cfg(unix)]
#[test]
fn sigterm_and_sigint_remove_the_temporary_output_and_exit_143_and_130() {
    use std::time::{Duration, Instant};
    for (signal, code) in [("TERM", 143), ("INT", 130)] {
        let work = tempfile::tempdir().unwrap();
        let input = work.path().join("in");
        // Enough pairs that the run is still writing when the signal comes.
        for i in 0..10 {
            for name in dev_names(10) {
                for lang in ["zh", "en"] {
                    let to = input.join(format!("{i:02}-{name}.{lang}.txt"));
                    fs::create_dir_all(to.parent().unwrap()).unwrap();
                    fs::copy(dev(&format!("{name}.{lang}.txt")), to).unwrap();
                }
            }
        }
        let outdir = work.path().join("out");
        fs::create_dir(&outdir).unwrap();
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("tmalign"))
            .arg("batch")
            .arg(&input)
            .arg("-o")
            .arg(outdir.join("m.tmx"))
            .args(["--jobs", "1"])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        let entries = || fs::read_dir(&outdir).unwrap().count();
        while entries() == 0 {
            assert!(started.elapsed() < Duration::from_secs(60), "no temporary file appeared");
            assert!(child.try_wait().unwrap().is_none(), "the run ended before it could be interrupted");
            std::thread::sleep(Duration::from_millis(20));
        }
        let status = std::process::Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(child.id().to_string())
            .status()
            .unwrap();
        assert!(status.success());
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(code), "SIG{signal}");
        assert_eq!(entries(), 0, "SIG{signal} left files behind");
    }
}

#[test]
fn a_glossary_in_a_legacy_encoding_is_read_like_a_document() {
    let work = tempfile::tempdir().unwrap();
    let zh = write(work.path(), "a.zh", ZH);
    let en = write(work.path(), "a.en", EN);
    for (name, enc, bom) in [("g18030.tsv", GB18030, false), ("g16.tsv", UTF_16LE, true)] {
        let glossary = work.path().join(name);
        fs::write(&glossary, encoded("码头\tberths\n", enc, bom)).unwrap();
        let out = tmalign()
            .args(["align", "--presegmented", "--format", "json", "--glossary"])
            .arg(&glossary)
            .arg(&zh)
            .arg(&en)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let anchors = v["beads"][2]["anchors"].as_array().unwrap();
        assert!(anchors.iter().any(|a| a.as_str().unwrap().starts_with("glossary:")), "{name}: {anchors:?}");
    }
}

#[test]
fn a_missing_file_is_one_line_saying_so_once() {
    let work = tempfile::tempdir().unwrap();
    let missing = work.path().join("missing.zh.txt");
    let en = write(work.path(), "a.en", EN);
    tmalign().arg("align").arg(&missing).arg(&en).assert().code(2).stderr(
        predicate::str::is_match(r"^tmalign: error: .*missing\.zh\.txt: No such file or directory\n$")
            .unwrap(),
    );
}

#[test]
fn lookup_min_score_is_the_same_percentage_scale() {
    let work = tempfile::tempdir().unwrap();
    let zh = write(work.path(), "a.zh", ZH);
    let en = write(work.path(), "a.en", EN);
    let mem = work.path().join("m.tmx");
    tmalign().args(["align", "--presegmented"]).arg(&zh).arg(&en).arg("-o").arg(&mem).assert().success();
    let lookup = |min: &str| {
        let mut c = tmalign();
        c.arg("lookup")
            .arg("--tm")
            .arg(&mem)
            .arg(format!("--min-score={min}"))
            .arg("市长王明说，港口发展很快。");
        c.assert()
    };
    lookup("99.5").success().stdout(predicate::str::contains("100%"));
    lookup("101").code(2).stderr(predicate::str::contains("outside 0 to 100"));
    lookup("-3").code(2).stderr(predicate::str::contains("outside 0 to 100"));
}

#[test]
fn a_missing_input_is_named_once_with_its_cause_once() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.tmx");
    for args in [vec!["tmx", "stats"], vec!["merge", "-o", "out.tmx"], vec!["lookup", "x", "--tm"]] {
        let out = tmalign().current_dir(dir.path()).args(&args).arg(&missing).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert_eq!(err.matches("missing.tmx").count(), 1, "{args:?}: {err}");
        assert_eq!(err.matches("No such file or directory").count(), 1, "{args:?}: {err}");
        assert!(!err.contains("os error"), "{args:?}: {err}");
    }
}

#[test]
fn count_options_refuse_zero_instead_of_answering_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["lookup", "--top", "0", "--tm", "m.tmi", "市长"],
        vec!["concord", "--limit", "0", "--tm", "m.tmi", "市长"],
        vec!["glossary", "--min-count", "0", "m.tmi", "-o", "g.tsv"],
    ] {
        let out = tmalign().current_dir(dir.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("must be at least 1"), "{args:?}");
    }
}

#[test]
fn a_command_line_mistake_is_one_line_with_exit_2() {
    for args in
        [&["alin"][..], &["align"], &["batch", "docs", "--min-score", "150"], &["align", "a", "b", "--bogus"]]
    {
        let out = tmalign().args(args).assert().code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.starts_with("tmalign: error: "), "{args:?}: {stderr}");
    }
    // The tip and the missing arguments are kept.
    tmalign().arg("alin").assert().stderr(predicate::str::contains("'align'"));
    tmalign().arg("align").assert().stderr(predicate::str::contains("<SOURCE> <TARGET>"));
    // Help and version still print in full and succeed.
    tmalign().arg("--help").assert().success().stdout(predicate::str::contains("Usage:"));
    tmalign().arg("--version").assert().success();
}

/// A device or pipe given as the output (`-o /dev/null`, `-o >(gzip …)`) is
/// written in place, so its folder need not take new files: `/proc/self/fd/1`
/// is stdout, in a folder where nobody, not even root, can make a file.
#[test]
fn an_output_that_is_a_pipe_is_written_in_place_whatever_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (zh, en) = (dir.path().join("a.zh.txt"), dir.path().join("a.en.txt"));
    fs::write(&zh, "南京地铁开通新线路。\n全长30公里，设站20座。\n").unwrap();
    fs::write(&en, "Nanjing opens a new metro line.\nIt is 30 km long with 20 stations.\n").unwrap();
    tmalign()
        .args(["align", "--source-lang", "zh", "--target-lang", "en", "--format", "tsv"])
        .arg(&zh)
        .arg(&en)
        .args(["-o", "/proc/self/fd/1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Nanjing opens a new metro line."));
}

/// A full disk fails the write part-way, inside the memory's writer: the one
/// line still names the output, as a failure to open it does.
#[test]
fn a_full_disk_names_the_output_it_could_not_write() {
    let full = Path::new("/dev/full");
    if !full.exists() {
        eprintln!("SKIPPED a_full_disk_names_the_output_it_could_not_write: no /dev/full on this system");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for args in [
        vec!["batch".into(), root.join("corpora/dev"), "-o".into(), full.into()],
        vec![
            "segment".into(),
            "--lang".into(),
            "zh".into(),
            dev("01-lianyungang-speech.zh.txt"),
            "-o".into(),
            full.into(),
        ],
    ] {
        let out = tmalign().args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("/dev/full: write failed: No space left on device"), "{args:?}: {err}");
    }
}

/// A full disk in each of `align`'s formats and in a doubtful memory is
/// named once, as the output that failed: not hidden inside an export
/// error, and not blamed on the main memory written around it (review of
/// session 22).
#[test]
fn a_full_disk_names_the_one_output_that_failed_in_every_format() {
    let full = Path::new("/dev/full");
    if !full.exists() {
        eprintln!("SKIPPED a_full_disk_names_the_one_output_that_failed_in_every_format: no /dev/full");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("main.tmx");
    let (zh, en) = (dev("06-science-innovation.zh.txt"), dev("06-science-innovation.en.txt"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let runs: Vec<Vec<std::ffi::OsString>> = vec![
        vec![
            "align".into(),
            zh.clone().into(),
            en.clone().into(),
            "--format".into(),
            "json".into(),
            "-o".into(),
            full.into(),
        ],
        vec![
            "align".into(),
            zh.clone().into(),
            en.clone().into(),
            "--format".into(),
            "tsv".into(),
            "-o".into(),
            full.into(),
        ],
        vec![
            "align".into(),
            zh.into(),
            en.into(),
            "-o".into(),
            main.clone().into(),
            "--doubtful".into(),
            full.into(),
        ],
        vec![
            "batch".into(),
            root.join("corpora/dev").into(),
            "-o".into(),
            main.clone().into(),
            "--doubtful".into(),
            full.into(),
        ],
    ];
    let mut wrong = Vec::new();
    for args in runs {
        let out = tmalign().args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        let named_once = err.contains("/dev/full: write failed: No space left on device")
            && !err.contains(&format!("{}: write failed", main.display()));
        if out.status.code() != Some(2) || !named_once {
            wrong.push(format!("{args:?}: {err}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
