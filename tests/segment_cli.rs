//! `tmalign segment` from the command line: output formats, offsets and bad input.

use assert_cmd::Command;
use predicates::prelude::*;

fn segment(args: &[&str], input: impl Into<Vec<u8>>) -> assert_cmd::assert::Assert {
    Command::cargo_bin("tmalign").unwrap().arg("segment").args(args).write_stdin(input.into()).assert()
}

#[test]
fn prints_one_sentence_per_line_with_whitespace_collapsed() {
    segment(&["--lang", "en"], "The port  grew.\nShips came\nin. Trade rose!")
        .success()
        .stdout("The port grew.\nShips came in.\nTrade rose!\n");
}

#[test]
fn auto_language_picks_chinese_rules_for_han_text() {
    segment(&[], "港口扩建了。船多了！").success().stdout("港口扩建了。\n船多了！\n");
}

#[test]
fn text_without_letters_is_segmented_as_english() {
    segment(&[], "2023. 55,000!").success().stdout("2023.\n55,000!\n");
}

#[test]
fn json_offsets_count_the_byte_order_mark_and_crlf() {
    let input = "\u{FEFF}First one.\r\n\r\nSecond\r\none.";
    let out = segment(&["--json", "--lang", "en"], input).success().get_output().stdout.clone();
    let lines: Vec<serde_json::Value> =
        String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    let bytes = input.as_bytes();
    for (v, (text, para)) in lines.iter().zip([("First one.", 0), ("Second one.", 1)]) {
        assert_eq!(v["text"], text);
        assert_eq!(v["paragraph"], para);
        let (s, e) = (v["start"].as_u64().unwrap() as usize, v["end"].as_u64().unwrap() as usize);
        let on_disk = std::str::from_utf8(&bytes[s..e]).unwrap();
        assert_eq!(on_disk.split_whitespace().collect::<Vec<_>>().join(" "), text);
    }
    assert_eq!(lines[0]["start"], 3);
}

#[test]
fn reads_a_file_argument() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.txt");
    std::fs::write(&path, "One. Two.").unwrap();
    Command::cargo_bin("tmalign")
        .unwrap()
        .args(["segment", "--lang", "en"])
        .arg(&path)
        .assert()
        .success()
        .stdout("One.\nTwo.\n");
}

#[test]
fn output_file_gets_the_sentences_and_a_failed_run_leaves_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.txt");
    segment(&["--lang", "en", "-o", out.to_str().unwrap()], "One. Two.").success().stdout("");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "One.\nTwo.\n");
    segment(&["--lang", "en", "-o", out.to_str().unwrap()], &b"Bad \xff byte."[..]).code(2);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "One.\nTwo.\n");
}

#[test]
fn invalid_utf8_is_one_line_error_with_byte_offset_and_exit_2() {
    segment(&["--lang", "en"], b"Good start. Bad \xff byte.".to_vec()).code(2).stdout("").stderr(
        // 0xFF alone is no GB18030 or Big5 either; the message says what it looks like.
        predicate::str::contains(
            "<stdin>: not valid UTF-8 at byte 16 (line 1); its bytes look most like windows-1252",
        )
        .and(predicate::function(|s: &str| s.lines().count() == 1)),
    );
}

#[test]
fn empty_input_prints_nothing_and_succeeds() {
    segment(&["--lang", "zh"], "").success().stdout("");
}

#[test]
fn missing_file_is_an_error_with_exit_2() {
    Command::cargo_bin("tmalign")
        .unwrap()
        .args(["segment", "/nonexistent/dir/doc.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("tmalign: error:"));
}

#[test]
fn one_megabyte_line_with_control_characters_does_not_crash() {
    let mut line = "word\u{1} ".repeat(200_000);
    line.push_str("end.");
    segment(&["--lang", "en"], line).success();
}

#[test]
fn markup_is_removed_by_default_and_kept_with_no_clean() {
    segment(&["--lang", "en"], "<p>Ships &amp; boats came.</p>").success().stdout("Ships & boats came.\n");
    segment(&["--lang", "en", "--no-clean"], "<p>Ships came.</p>").success().stdout("<p>Ships came.</p>\n");
}

#[test]
fn json_offsets_of_cleaned_sentences_refer_to_the_input() {
    segment(&["--lang", "en", "--json"], "<p>Ships &amp; boats came.</p>")
        .success()
        .stdout("{\"text\":\"Ships & boats came.\",\"start\":3,\"end\":26,\"paragraph\":0}\n");
}
