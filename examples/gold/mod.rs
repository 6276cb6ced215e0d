//! Reading a gold directory (`NAME.zh.txt`, `NAME.en.txt`, `NAME.zh.sent`,
//! `NAME.en.sent`, `NAME.gold`), shared by the evaluation examples.

use std::path::Path;

/// The names of the pairs that have gold beads, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("read the gold directory")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix(".gold").map(str::to_string))
        .collect();
    v.sort();
    v
}

/// The file `NAME.EXT` of the directory.
pub fn read(dir: &Path, name: &str, ext: &str) -> String {
    std::fs::read_to_string(dir.join(format!("{name}.{ext}"))).expect("read a corpus file")
}
