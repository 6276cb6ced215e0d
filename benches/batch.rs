//! Batch throughput: a synthetic collection of document pairs built from
//! corpora/ aligned with 1 and 2 threads.
//!
//! `cargo bench --bench batch -- [PAIRS] [KEEP_DIR]` (default 2,000 pairs).
//! Prints documents and sentences per second for each thread count, the
//! speedup, and whether the memories are byte-identical. With KEEP_DIR the
//! collection is left there, for timing the CLI with `/usr/bin/time -v`.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use tmalign::cli::batch::{run, Args};
use tmalign::cli::tmx::WriteArgs;
use tmalign::lang::Lang;

/// Writes `n` pairs: the corpora pairs in turn, each made distinct by a
/// numbered closing paragraph on both sides.
fn build_collection(dir: &Path, n: usize) -> usize {
    let corpora = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/dev");
    let mut names: Vec<String> = fs::read_dir(&corpora)
        .expect("corpora/")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix(".zh.txt").map(str::to_string))
        .collect();
    names.sort();
    let texts: Vec<(String, String)> = names
        .iter()
        .map(|name| {
            let read =
                |lang: &str| fs::read_to_string(corpora.join(format!("{name}.{lang}.txt"))).expect("pair");
            (read("zh"), read("en"))
        })
        .collect();
    fs::create_dir_all(dir).expect("collection dir");
    let mut sentences = 0;
    for i in 0..n {
        let (zh, en) = &texts[i % texts.len()];
        let zh = format!("{zh}\n本文为第{i}号稿件。\n");
        let en = format!("{en}\nThis is story No. {i}.\n");
        sentences += zh.matches(['。', '！', '？']).count() + en.matches(". ").count();
        fs::write(dir.join(format!("doc{i:05}.zh.txt")), zh).expect("write");
        fs::write(dir.join(format!("doc{i:05}.en.txt")), en).expect("write");
    }
    sentences
}

fn args(input: &Path, output: PathBuf, jobs: usize) -> Args {
    Args {
        input: input.to_path_buf(),
        output,
        report: None,
        jobs: Some(jobs),
        shard: None,
        min_score: "0".parse().expect("a score"),
        source_lang: Lang::Zh,
        target_lang: Lang::En,
        glossary: None,
        srx: None,
        doubtful: None,
        review: None,
        keep_unverified: false,
        tmx: WriteArgs { source_tag: None, target_tag: None, keep_unaligned: false, creation_id: None },
        follow_links: false,
        input_args: tmalign::cli::InputArgs { encoding: None, no_language_check: false },
    }
}

fn main() {
    let mut argv = std::env::args().skip(1).filter(|a| a != "--bench");
    let pairs: usize = argv.next().and_then(|a| a.parse().ok()).unwrap_or(2000);
    let keep = argv.next().map(PathBuf::from);
    let tmp = tempfile::tempdir().expect("temp dir");
    let input = keep.clone().unwrap_or_else(|| tmp.path().join("collection"));
    build_collection(&input, pairs);
    std::env::set_var("SOURCE_DATE_EPOCH", "1700000000");
    let mut outputs = Vec::new();
    let mut seconds = Vec::new();
    for jobs in [1, 2] {
        let out = tmp.path().join(format!("jobs{jobs}.tmx"));
        let started = Instant::now();
        run(args(&input, out.clone(), jobs)).expect("batch");
        let s = started.elapsed().as_secs_f64();
        println!("{jobs} thread(s): {pairs} pairs in {s:.2} s, {:.0} documents/s", pairs as f64 / s);
        seconds.push(s);
        outputs.push(fs::read(&out).expect("memory"));
    }
    println!("speedup with 2 threads: {:.2}x", seconds[0] / seconds[1]);
    println!("memories identical across thread counts: {}", outputs[0] == outputs[1]);
}
