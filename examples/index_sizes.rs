//! Prints how much of an index each section takes:
//! `cargo run --release --example index_sizes -- INDEX.tmi`.
//!
//! Reads only the header, so it also works on an index too large to open
//! here. Used to see where the space goes (docs/BENCHMARKS.md).

use std::io::Read;

use tmalign::memory::index::{layout, section_names};

fn main() {
    let path = std::env::args().nth(1).expect("usage: index_sizes INDEX.tmi");
    let total = std::fs::metadata(&path).expect("index").len();
    let mut head = Vec::new();
    std::fs::File::open(&path).expect("index").take(1 << 20).read_to_end(&mut head).expect("read");
    let (body_off, sections) = layout(&head);
    let mb = |x: u64| x as f64 / 1e6;
    println!("{:<28} {:>12} {:>7}", "section", "MB", "%");
    println!(
        "{:<28} {:>12.1} {:>6.1}%",
        "header and block CRCs",
        mb(body_off as u64),
        100.0 * body_off as f64 / total as f64
    );
    for (name, &(_, len)) in section_names().iter().zip(&sections) {
        println!("{name:<28} {:>12.1} {:>6.1}%", mb(len as u64), 100.0 * len as f64 / total as f64);
    }
    println!("{:<28} {:>12.1}", "file", mb(total));
}
