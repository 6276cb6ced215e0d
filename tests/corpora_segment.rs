//! The bundled corpora are the segmenter's regression set: every raw
//! document must be cut into exactly the sentences of its gold file.

use std::fs;
use std::path::Path;

use tmalign::lang::Lang;
use tmalign::segment::segment;

#[test]
fn segment_reproduces_every_gold_sentence_file_of_the_corpora() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/dev");
    let mut checked = 0;
    let mut entries: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let Some(stem) = name.strip_suffix(".txt") else { continue };
        let lang: Lang = match stem.rsplit_once('.') {
            Some((_, code)) => code.parse().unwrap(),
            None => continue,
        };
        let raw = fs::read_to_string(&path).unwrap();
        let gold = fs::read_to_string(dir.join(format!("{stem}.sent"))).unwrap();
        let got: Vec<String> = segment(&raw, lang).into_iter().map(|s| s.text).collect();
        let want: Vec<&str> = gold.lines().collect();
        for (i, (g, w)) in got.iter().zip(&want).enumerate() {
            assert_eq!(g, w, "{name}: sentence {i} differs");
        }
        assert_eq!(got.len(), want.len(), "{name}: sentence count");
        checked += 1;
    }
    assert!(checked >= 16, "expected at least 8 document pairs in corpora/, found {checked} documents");
}
