//! Segmentation throughput on at least 50 MB of text per language.
//!
//! The text is built at start-up by repeating real paragraphs: the seed
//! article and the MAC-Dev chapters from `../shared` when present (their
//! one-sentence lines are joined back into paragraphs of five sentences),
//! else a small embedded sample. Run with `cargo bench --bench segment`.

use std::fs;
use std::path::Path;
use std::sync::LazyLock;

use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use tmalign::lang::Lang;
use tmalign::segment;

const TARGET_BYTES: usize = 50 * 1024 * 1024;

const EN_FALLBACK: &str = "Lianyungang Port Co., Ltd. handled 55,000 containers in May, up 5.5 percent \
from a year earlier. Mr. Wang, the port's director, said the U.S. and Europe remained key markets. \
\"We will keep investing,\" he said. The city also opened a new rail line on Jan. 8.";

const ZH_FALLBACK: &str = "连云港港口有限公司五月份完成集装箱吞吐量5.5万标箱，同比增长5.5%。\
港口负责人王先生表示：“美国和欧洲仍是重要市场。”该市还于1月8日开通了新的铁路线！\
这是《港口发展规划》确定的目标吗？是的。";

/// Reads the shared paragraphs for `lang`, or `None` when `../shared` is absent.
fn shared_paragraphs(lang: Lang) -> Option<Vec<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    let root = if root.exists() { root } else { Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared") };
    let mut paragraphs = Vec::new();
    if lang == Lang::En {
        let seed = fs::read_to_string(root.join("seed/000_07cbe616ea921d92.txt")).ok()?;
        paragraphs.extend(seed.split("\n\n").map(str::to_string));
    }
    let dir = root.join("data/mac-dev").join(lang.code());
    let mut files: Vec<_> = fs::read_dir(dir).ok()?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    let joiner = if lang == Lang::En { " " } else { "" };
    for f in files {
        let text = fs::read_to_string(f).ok()?;
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        paragraphs.extend(lines.chunks(5).map(|c| c.join(joiner)));
    }
    (!paragraphs.is_empty()).then_some(paragraphs)
}

fn corpus(lang: Lang) -> String {
    let paragraphs = shared_paragraphs(lang)
        .unwrap_or_else(|| vec![if lang == Lang::En { EN_FALLBACK } else { ZH_FALLBACK }.to_string()]);
    let mut text = String::with_capacity(TARGET_BYTES + 64 * 1024);
    while text.len() < TARGET_BYTES {
        for p in &paragraphs {
            text.push_str(p.trim());
            text.push_str("\n\n");
        }
    }
    text
}

static EN: LazyLock<String> = LazyLock::new(|| corpus(Lang::En));
static ZH: LazyLock<String> = LazyLock::new(|| corpus(Lang::Zh));

// The allocator of the `tmalign` binary, so the figures are what the CLI gets.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

fn run_segment(bencher: Bencher, text: &'static str, lang: Lang, clean: bool) {
    let options = segment::Options { clean, ..Default::default() };
    bencher.counter(BytesCount::of_str(text)).bench(|| segment::segment_with(black_box(text), lang, options));
}

fn run_spans(bencher: Bencher, text: &'static str, lang: Lang) {
    bencher.counter(BytesCount::of_str(text)).bench(|| {
        let mut n = 0usize;
        segment::for_each_span(black_box(text), lang, |s| n += s.end - s.start);
        n
    });
}

/// Full segmentation: spans plus the whitespace-collapsed text of every
/// sentence, with the clean-up pass (`true`) and without it (`false`), to
/// see what it costs.
#[divan::bench(args = [true, false], sample_count = 5, sample_size = 1)]
fn segment_english(bencher: Bencher, clean: bool) {
    run_segment(bencher, &EN, Lang::En, clean);
}

#[divan::bench(args = [true, false], sample_count = 5, sample_size = 1)]
fn segment_chinese(bencher: Bencher, clean: bool) {
    run_segment(bencher, &ZH, Lang::Zh, clean);
}

/// The clean-up check alone on text without noise (what every call pays).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn clean_check_english(bencher: Bencher) {
    let text: &str = &EN;
    bencher.counter(BytesCount::of_str(text)).bench(|| segment::clean::clean(black_box(text)).is_none());
}

/// Boundaries only, without building the sentence strings.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn spans_english(bencher: Bencher) {
    run_spans(bencher, &EN, Lang::En);
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn spans_chinese(bencher: Bencher) {
    run_spans(bencher, &ZH, Lang::Zh);
}
