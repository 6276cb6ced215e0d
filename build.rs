//! Compiles the built-in tables at build time so that no run parses them.
//!
//! * The dictionary (`data/cedict-en-zh.tsv`, `data/domain-en-zh.tsv`) becomes
//!   the fst maps and arrays described in `src/anchor/lexicon/compile.rs`,
//!   which the binary embeds and reads in place.
//! * The pinyin syllable table becomes a sorted `&[&str]` literal.
//!
//! The code that does it is the library's own, included by path, so the
//! embedded form cannot drift from what the library would build itself.

use std::path::PathBuf;

#[path = "src/anchor/lexicon/compile.rs"]
mod compile;
#[path = "src/anchor/name/syllables.rs"]
mod syllables;
#[path = "src/anchor/lexicon/words.rs"]
mod words;

const TABLES: [&str; 2] = ["data/cedict-en-zh.tsv", "data/domain-en-zh.tsv"];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    for path in TABLES.iter().chain(&[
        "src/anchor/lexicon/compile.rs",
        "src/anchor/lexicon/words.rs",
        "src/anchor/name/syllables.rs",
    ]) {
        println!("cargo::rerun-if-changed={path}");
    }

    let texts = TABLES
        .iter()
        .map(|p| std::fs::read_to_string(p).map_err(|e| format!("{p}: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let t = compile::compile(&texts)?;
    for (name, bytes) in [
        ("lexicon-english.fst", &t.english),
        ("lexicon-headwords.fst", &t.headwords),
        ("lexicon-ids.bin", &t.ids),
        ("lexicon-heads.bin", &t.heads),
        ("lexicon-head-ends.bin", &t.head_ends),
    ] {
        std::fs::write(out.join(name), bytes)?;
    }

    let list: Vec<String> = syllables::collect().iter().map(|s| format!("{s:?}")).collect();
    std::fs::write(out.join("syllables.rs"), format!("&[{}]\n", list.join(", ")))?;
    Ok(())
}
