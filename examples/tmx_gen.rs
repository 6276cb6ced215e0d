//! Writes a synthetic Chinese-English memory for benchmarks:
//! `cargo run --release --example tmx_gen -- UNITS OUT.tmx [--props] [--memory]`.
//!
//! Sentences are drawn from small word lists by a fixed-seed generator, so
//! the same arguments always give the same file. With `--memory` the units
//! are those of [`tmalign::memory::gen`] with the lookup bench's seed (42),
//! streamed: the lookup and index-build figures at 10 million units in
//! docs/BENCHMARKS.md index such a file.

use std::io::BufWriter;

use tmalign::tmx::{Header, Unit, Variant, Writer};

const ZH: &[&str] = &[
    "经济",
    "发展",
    "我们",
    "城市",
    "建设",
    "推进",
    "改革",
    "人民",
    "政府",
    "工作",
    "项目",
    "合作",
    "港口",
    "增长",
    "百分之",
    "亿元",
    "全面",
    "加强",
    "创新",
    "服务",
    "企业",
    "质量",
    "提高",
    "实现",
];
const EN: &[&str] = &[
    "economic",
    "development",
    "we",
    "city",
    "construction",
    "advance",
    "reform",
    "people",
    "government",
    "work",
    "project",
    "cooperation",
    "port",
    "growth",
    "percent",
    "billion",
    "yuan",
    "comprehensive",
    "strengthen",
    "innovation",
    "services",
    "enterprises",
    "quality",
    "improve",
    "the",
    "of",
    "and",
    "to",
];

/// A small linear congruential generator: reproducible, no dependency.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

fn sentence(rng: &mut Lcg, words: &[&str], min: usize, max: usize, sep: &str, end: &str) -> String {
    let n = min + rng.below(max - min + 1);
    let s: Vec<&str> = (0..n).map(|_| words[rng.below(words.len())]).collect();
    let mut out = s.join(sep);
    out.push_str(end);
    out
}

fn main() -> std::process::ExitCode {
    // One line on stderr and exit code 2, as the tool's own errors: an
    // `anyhow` error returned from `main` prints a backtrace under
    // RUST_BACKTRACE=1.
    match generate() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tmx_gen: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}

fn generate() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(count), Some(path)) = (args.first(), args.get(1)) else {
        anyhow::bail!("usage: tmx_gen UNITS OUT.tmx [--props] [--memory]");
    };
    let count: u64 = count.parse()?;
    let props = args.iter().any(|a| a == "--props");
    let lookup_memory = args.iter().any(|a| a == "--memory");
    let out = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    let header = Header {
        srclang: "zh-CN".into(),
        creation_date: jiff::Timestamp::UNIX_EPOCH,
        children: String::new(),
    };
    let mut writer = Writer::new(out, &header)?;
    let mut unit = Unit::default();
    if lookup_memory {
        for e in tmalign::memory::gen::units(usize::try_from(count)?, 42) {
            unit.variants = vec![
                Variant { lang: "zh-CN".into(), text: e.zh },
                Variant { lang: "en-US".into(), text: e.en },
            ];
            writer.write_unit(&unit)?;
        }
        writer.finish()?;
        return Ok(());
    }
    let mut rng = Lcg(42);
    for i in 0..count {
        unit.variants = vec![
            Variant { lang: "zh-CN".into(), text: sentence(&mut rng, ZH, 3, 9, "", "。") },
            Variant { lang: "en-US".into(), text: sentence(&mut rng, EN, 4, 12, " ", ".") },
        ];
        if props {
            unit.props =
                vec![("x-document".into(), format!("doc{}", i / 500)), ("x-score".into(), "90.0".into())];
        }
        writer.write_unit(&unit)?;
    }
    writer.finish()?;
    Ok(())
}
