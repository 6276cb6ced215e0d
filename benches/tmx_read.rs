//! Reading speed of the TMX reader on a generated memory held in memory
//! (no disk in the loop): `cargo bench --bench tmx_read`.
//!
//! For the full-size figure (a million units from disk, with peak memory),
//! see docs/BENCHMARKS.md: `examples/tmx_gen.rs` writes the file and
//! `/usr/bin/time -v tmalign tmx stats` reads it.

use tmalign::tmx::{Header, Reader, Unit, Variant, Writer};

fn main() {
    divan::main();
}

fn memory(units: usize) -> Vec<u8> {
    let header = Header {
        srclang: "zh-CN".into(),
        creation_date: jiff::Timestamp::UNIX_EPOCH,
        children: String::new(),
    };
    let mut out = Vec::new();
    let mut w = Writer::new(&mut out, &header).unwrap();
    for i in 0..units {
        let unit = Unit {
            variants: vec![
                Variant {
                    lang: "zh-CN".into(),
                    text: format!("第{i}条：港口建设推进，增长百分之{}。", i % 97),
                },
                Variant {
                    lang: "en-US".into(),
                    text: format!("Item {i}: port construction advanced, growing {} percent.", i % 97),
                },
            ],
            props: vec![("x-score".into(), "90.0".into())],
            ..Default::default()
        };
        w.write_unit(&unit).unwrap();
    }
    w.finish().unwrap();
    out
}

#[divan::bench(args = [10_000, 50_000])]
fn read_units(bencher: divan::Bencher, units: usize) {
    let data = memory(units);
    bencher.counter(divan::counter::BytesCount::new(data.len())).bench(|| {
        let mut reader = Reader::new(divan::black_box(&data[..]));
        let mut unit = Unit::default();
        let mut n = 0usize;
        while let Some(r) = reader.next_unit_into(&mut unit) {
            r.unwrap();
            n += 1;
        }
        assert_eq!(n, units);
    });
}

/// The iterator, which hands out a fresh `Unit` each time (what most callers use).
#[divan::bench(args = [10_000])]
fn iterate_owned_units(bencher: divan::Bencher, units: usize) {
    let data = memory(units);
    bencher.counter(divan::counter::BytesCount::new(data.len())).bench(|| {
        let n = Reader::new(divan::black_box(&data[..])).filter(Result::is_ok).count();
        assert_eq!(n, units);
    });
}
