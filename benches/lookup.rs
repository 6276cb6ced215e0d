//! Lookup benchmark over a generated memory: index build time, open time,
//! and the median and 99th percentile of single lookups with the index open.
//!
//! `cargo bench --bench lookup -- [UNITS] [QUERIES]` (default 1,000,000 units,
//! 1,000 queries). Queries are units of the memory, edited like a revised
//! sentence (one to three tokens replaced, or half the sentence), half of
//! them English and half Chinese. The index is also written to
//! `target/bench-memory.tmi` for end-to-end timing with hyperfine, and, when
//! `BENCH_TMX=path` is set, written as TMX to time `tmalign index`. With
//! `BENCH_INDEX=path`, the index at `path` is opened instead of built: one
//! `tmalign index` made from the TMX of the same units (`examples/tmx_gen
//! UNITS OUT.tmx --memory`), to time lookups without the build.

use std::time::{Duration, Instant};

use tmalign::lang::Lang;
use tmalign::memory::gen::{memory, Rng};
use tmalign::memory::lookup::{lookup, LookupOptions, Query, Scratch};
use tmalign::memory::{build, Memory};

fn pct(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Writes the generated memory as TMX, to time `tmalign index` end to end.
fn write_tmx(path: &std::path::Path, entries: &[tmalign::memory::Entry]) {
    use tmalign::tmx::{tag_for, Header, Unit, Variant, Writer};
    let file = std::io::BufWriter::new(std::fs::File::create(path).expect("create TMX"));
    let mut w = Writer::new(file, &Header::new(tag_for(Lang::Zh)).expect("header")).expect("writer");
    for e in entries {
        let unit = Unit {
            variants: vec![
                Variant { lang: tag_for(Lang::Zh).into(), text: e.zh.clone() },
                Variant { lang: tag_for(Lang::En).into(), text: e.en.clone() },
            ],
            ..Default::default()
        };
        w.write_unit(&unit).expect("write unit");
    }
    w.finish().expect("finish TMX");
}

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let units = args.first().copied().unwrap_or(1_000_000);
    let n_queries = args.get(1).copied().unwrap_or(1_000);
    let t = Instant::now();
    let entries = memory(units, 42);
    println!("generated {units} units in {:.2?}", t.elapsed());
    if let Some(path) = std::env::var_os("BENCH_TMX") {
        write_tmx(std::path::Path::new(&path), &entries);
        println!("wrote the memory as TMX to {}", path.to_string_lossy());
    }
    let given = std::env::var_os("BENCH_INDEX").map(std::path::PathBuf::from);
    let path = match &given {
        Some(p) => p.as_path(),
        None => std::path::Path::new("target/bench-memory.tmi"),
    };
    if given.is_none() {
        build_and_write(&entries, path);
    }
    let t = Instant::now();
    let mem = Memory::open(path).expect("open");
    println!("open: {:.3?}", t.elapsed());
    lookups(&mem, path, &entries, n_queries);
}

/// Builds the index of `entries` in process, timing it, and writes it to `path`.
fn build_and_write(entries: &[tmalign::memory::Entry], path: &std::path::Path) {
    // The word alignment model alone (training on its sample, then linking
    // every unit), to compare with the whole build, which includes it.
    let t = Instant::now();
    drop(tmalign::memory::wordalign::Model::train(entries));
    println!("word alignment model, training alone: {:.2?}", t.elapsed());
    let t = Instant::now();
    let (off, links) = tmalign::memory::wordalign::unit_links(entries);
    let model = t.elapsed();
    let link_bytes = 8 * off.len() + 4 * links.len();
    drop((off, links));
    let t = Instant::now();
    let bytes = build(&["bench.tmx".to_string()], entries, &|_| {}).expect("build");
    let whole = t.elapsed();
    println!(
        "index build: {whole:.2?} ({} MB), of which the word alignment model {model:.2?} and {} MB of links: build {:.2}× and size {:.3}× those without the model",
        bytes.len() >> 20,
        link_bytes >> 20,
        whole.as_secs_f64() / (whole.as_secs_f64() - model.as_secs_f64()).max(1e-9),
        bytes.len() as f64 / (bytes.len() - link_bytes) as f64
    );
    std::fs::write(path, &bytes).expect("write index");
}

/// Times `n_queries` lookups with the index open, then 300 on a fresh open.
fn lookups(mem: &Memory, path: &std::path::Path, entries: &[tmalign::memory::Entry], n_queries: usize) {
    let mut rng = Rng::new(7);
    let mut queries = Vec::new();
    for k in 0..n_queries {
        let e = &entries[rng.below(entries.len())];
        let lang = if k % 2 == 0 { Lang::En } else { Lang::Zh };
        let text = if lang == Lang::En { &e.en } else { &e.zh };
        let q = match k % 4 {
            0 | 1 => {
                let mut w: Vec<String> = if lang == Lang::En {
                    text.split(' ').map(str::to_string).collect()
                } else {
                    text.chars().map(String::from).collect()
                };
                let at = rng.below(w.len());
                w[at] = if lang == Lang::En { "changed".into() } else { "改".into() };
                w.join(if lang == Lang::En { " " } else { "" })
            }
            2 => text.clone(),
            _ => text.chars().take(text.chars().count() / 2 + 1).collect(),
        };
        queries.push((q, lang));
    }
    // `BENCH_MIN_SCORE=50` times the low thresholds, where the bounds are weakest.
    let min_score = std::env::var("BENCH_MIN_SCORE").ok().and_then(|v| v.parse().ok()).unwrap_or(70);
    let opts = LookupOptions { min_score, top: 5 };
    let mut scratch = Scratch::default();
    let mut times = Vec::with_capacity(queries.len());
    let mut found = 0;
    let mut slow = Vec::new();
    for (q, lang) in &queries {
        let t = Instant::now();
        let query = Query::new(q, *lang);
        let hits = lookup(mem, &query, opts, &mut scratch).expect("lookup");
        let e = t.elapsed();
        times.push(e);
        slow.push((e, q.as_str(), query.tokens.len()));
        found += usize::from(!hits.is_empty());
    }
    slow.sort();
    if std::env::var_os("SHOW_SLOW").is_some() {
        for (e, q, n) in slow.iter().rev().take(8) {
            println!("slow: {e:.2?} {n} tokens: {q}");
        }
    }
    times.sort();
    println!(
        "lookup over {} queries at --min-score {min_score} ({found} with a match): median {:.3?}, p99 {:.3?}, max {:.3?}",
        times.len(),
        pct(&times, 0.5),
        pct(&times, 0.99),
        times[times.len() - 1]
    );
    // As one `tmalign lookup` process does: open the index (checking its
    // header, tables and slots), then look up, verifying each block read for
    // the first time.
    let mut fresh = Vec::new();
    let mut blocks = 0;
    let mut opens = Vec::new();
    for (q, lang) in queries.iter().take(300) {
        let t = Instant::now();
        let mem = Memory::open(path).expect("open");
        opens.push(t.elapsed());
        let query = Query::new(q, *lang);
        lookup(&mem, &query, opts, &mut Scratch::default()).expect("lookup");
        fresh.push(t.elapsed());
        blocks += mem.verified_blocks();
    }
    fresh.sort();
    opens.sort();
    println!(
        "open + lookup on a fresh open, {} queries: median {:.3?}, p99 {:.3?} (open alone: median {:.3?}); {:.0} blocks verified per lookup of {}",
        fresh.len(),
        pct(&fresh, 0.5),
        pct(&fresh, 0.99),
        pct(&opens, 0.5),
        blocks as f64 / fresh.len() as f64,
        mem.blocks()
    );
    println!("sample query for hyperfine: {}", queries[0].0);
}
