//! What the word links cost an index build, in CPU time (user + system, all
//! threads): the whole build of a generated memory, then the two parts of
//! the word links done again on their own (training the model on its
//! sample, aligning every unit), and the build without them estimated as
//! the difference.
//!
//! ```text
//! cargo run --release --example wordalign_cost -- 1000000
//! RAYON_NUM_THREADS=1 cargo run --release --example wordalign_cost -- 100000 --links-only
//! ```
//!
//! The memory is `tmalign::memory::gen::memory(UNITS, 42)`, the units the
//! lookup bench indexes. `--links-only` skips the whole build. The figures
//! are in docs/BENCHMARKS.md ("Word links").

use tmalign::memory::wordalign;

/// CPU time of the process so far, in seconds.
fn cpu() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut r: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut r) };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
    secs(r.ru_utime) + secs(r.ru_stime)
}

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let n: usize =
        args.next().and_then(|a| a.parse().ok()).ok_or("usage: wordalign_cost UNITS [--links-only]")?;
    let links_only = match args.next().as_deref() {
        None => false,
        Some("--links-only") => true,
        Some(a) => return Err(format!("unknown argument {a:?}")),
    };
    let entries = tmalign::memory::gen::memory(n, 42);
    let full = if links_only {
        None
    } else {
        let t = cpu();
        let bytes =
            tmalign::memory::build(&["gen.tmx".to_string()], &entries, &|_| {}).map_err(|e| e.to_string())?;
        Some((cpu() - t, bytes.len()))
    };
    let t = cpu();
    let model = wordalign::Model::train(&entries);
    let train = cpu() - t;
    let anchorer = tmalign::anchor::Anchorer::new();
    let t = cpu();
    let links = wordalign::chunk_links(&model, &anchorer, &entries, &mut vec![0]);
    let align = cpu() - t;
    println!("units {n}: train {train:.2} s, align {align:.2} s, {} links", links.len());
    if let Some((full, size)) = full {
        let rest = full - train - align;
        println!(
            "whole build {full:.2} s ({size} bytes); without the links about {rest:.2} s: links add {:.2}x",
            full / rest
        );
    }
    Ok(())
}
