//! A damaged index must give a clear error or exactly the intact index's
//! answers: never a crash, a runaway allocation or loop, or a different
//! answer without an error.
//!
//! A small index is damaged a few hundred ways (bit flips anywhere, changed
//! words in every table, zeroed blocks, truncations, header and section-table
//! bytes), and a fixed set of lookups and concordance searches is run against
//! each through the library. Damage whose checksums were recomputed (a buggy
//! writer or a crafted file) can change answers undetectably, but must still
//! neither panic nor allocate without bound. A few runs of the command line
//! check the exit code and the one-line message, and a child process checks
//! that an index truncated under a running lookup gives a clear error.

use std::alloc::{GlobalAlloc, Layout, System};
use std::panic::{catch_unwind, AssertUnwindSafe};

use assert_cmd::Command;
use tmalign::lang::Lang;
use tmalign::memory::concord::{find, frequency_bound};
use tmalign::memory::gen::{memory, Rng};
use tmalign::memory::index::{build_index, layout, reseal, section_names, SourceStamp};
use tmalign::memory::lookup::{lookup, LookupOptions, Query, Scratch};
use tmalign::memory::{Entry, Memory};

/// Refuses any single allocation over 256 MB, so that a size read from a
/// damaged file aborts the test instead of quietly reserving gigabytes.
struct Capped;

const ALLOC_CAP: usize = 256 << 20;

unsafe impl GlobalAlloc for Capped {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.size() > ALLOC_CAP {
            return std::ptr::null_mut();
        }
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.size() > ALLOC_CAP {
            return std::ptr::null_mut();
        }
        System.alloc_zeroed(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > ALLOC_CAP {
            return std::ptr::null_mut();
        }
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Capped = Capped;

fn entries() -> Vec<Entry> {
    let mut entries = memory(300, 17);
    // Joined units, so that damage to their flags is read too.
    for e in entries.iter_mut().step_by(5) {
        e.joined = true;
    }
    entries
}

fn index_bytes(entries: &[Entry]) -> Vec<u8> {
    let mut built = build_index(&["a.tmx".into(), "b.tmx".into()], entries, &|_| {}).unwrap();
    let stamp =
        |p: &str| SourceStamp { path: p.into(), size: 1, mtime_s: 2, mtime_ns: 3, head_crc: 4, crc: None };
    built.set_sources(&[Some(stamp("/nonexistent/a.tmx")), None]);
    built.to_bytes()
}

/// Everything the queries below read from an index, texts included.
type Answers = Vec<String>;

/// The lookups and concordance searches run against every damaged index.
fn queries(entries: &[Entry]) -> Vec<(String, Lang, u8)> {
    let mut rng = Rng::new(5);
    let mut out = Vec::new();
    for k in 0..12 {
        let e = &entries[rng.below(entries.len())];
        let (lang, text) = if k % 2 == 0 { (Lang::En, &e.en) } else { (Lang::Zh, &e.zh) };
        let mut words: Vec<String> = if lang == Lang::En {
            text.split(' ').map(str::to_string).collect()
        } else {
            text.chars().map(String::from).collect()
        };
        let at = rng.below(words.len());
        words[at] = if lang == Lang::En { "changed".into() } else { "改".into() };
        let q = words.join(if lang == Lang::En { " " } else { "" });
        out.push((q, lang, [0, 50, 70, 90][k % 4]));
    }
    out
}

/// Opens `bytes` and answers every query, or says why it could not.
fn answers(bytes: Vec<u8>, queries: &[(String, Lang, u8)]) -> Result<Answers, String> {
    let mem = Memory::from_vec(bytes).map_err(|e| e.to_string())?;
    let mut out = vec![format!("{} units, sources {:?}", mem.len(), mem.sources())];
    let mut scratch = Scratch::default();
    for (q, lang, min) in queries {
        let query = Query::new(q, *lang);
        let hits = lookup(&mem, &query, LookupOptions { min_score: *min, top: 5 }, &mut scratch)
            .map_err(|e| e.to_string())?;
        for h in hits {
            let u = h.unit as usize;
            let zh = mem.text(u, Lang::Zh).map_err(|e| e.to_string())?;
            let en = mem.text(u, Lang::En).map_err(|e| e.to_string())?;
            let origin = mem.origin(u).map_err(|e| e.to_string())?;
            out.push(format!("{h:?} {zh} | {en} | {origin:?} joined {}", mem.is_joined(u)));
        }
    }
    for (phrase, lang) in [("the city", Lang::En), ("county", Lang::En), ("发展", Lang::Zh), ("党", Lang::Zh)]
    {
        for o in find(&mem, phrase, lang, 20).map_err(|e| e.to_string())? {
            let other = mem.text(o.unit as usize, lang.other()).map_err(|e| e.to_string())?;
            out.push(format!("{o:?} {other}"));
        }
        out.push(format!("{phrase}: {}", frequency_bound(&mem, phrase, lang)));
    }
    mem.check().map_err(|e| e.to_string())?;
    Ok(out)
}

/// One way of damaging the index, with its name for the failure message.
struct Damage {
    what: String,
    bytes: Vec<u8>,
}

fn damages(intact: &[u8]) -> Vec<Damage> {
    let mut rng = Rng::new(99);
    let mut out = Vec::new();
    let mut push = |what: String, bytes: Vec<u8>| out.push(Damage { what, bytes });
    let n = intact.len();
    let (body_off, sections) = layout(intact);
    // Single bit flips anywhere.
    for _ in 0..150 {
        let (at, bit) = (rng.below(n), rng.below(8));
        let mut b = intact.to_vec();
        b[at] ^= 1 << bit;
        push(format!("bit {bit} of byte {at}"), b);
    }
    // Every byte of the fixed header, and bytes of the section table and block table.
    for at in 0..56 {
        let mut b = intact.to_vec();
        b[at] = b[at].wrapping_add(1 + rng.below(255) as u8);
        push(format!("header byte {at}"), b);
    }
    for _ in 0..40 {
        let at = 56 + rng.below(body_off - 56);
        let mut b = intact.to_vec();
        b[at] = b[at].wrapping_add(1 + rng.below(255) as u8);
        push(format!("table byte {at}"), b);
    }
    // Words of every section set to telling values.
    for (k, &(off, len)) in sections.iter().enumerate() {
        if len < 4 {
            continue;
        }
        for value in [0u32, 1, u32::MAX, 0x7fff_ffff, rng.next_u64() as u32] {
            let at = off + 4 * rng.below(len / 4);
            let mut b = intact.to_vec();
            b[at..at + 4].copy_from_slice(&value.to_le_bytes());
            if b != intact {
                push(format!("section {k} word at {at} set to {value:#x}"), b);
            }
        }
    }
    // Zeroed 4 KiB blocks and truncations.
    for blk in 0..n.div_ceil(4096) {
        let mut b = intact.to_vec();
        let end = (blk * 4096 + 4096).min(n);
        b[blk * 4096..end].fill(0);
        push(format!("block {blk} zeroed"), b);
    }
    for _ in 0..20 {
        let len = rng.below(n);
        push(format!("truncated to {len} bytes"), intact[..len].to_vec());
    }
    push("one byte appended".into(), [intact, &[0]].concat());
    out
}

#[test]
fn every_damage_is_an_error_or_the_intact_answer() {
    let entries = entries();
    let intact = index_bytes(&entries);
    let queries = queries(&entries);
    let expected = answers(intact.clone(), &queries).expect("the intact index answers");
    assert!(expected.len() > 30, "the queries find too little to compare: {expected:?}");
    let (mut errors, mut same) = (0, 0);
    for d in damages(&intact) {
        let verified = Memory::from_vec(d.bytes.clone()).and_then(|m| m.verify());
        assert!(verified.is_err(), "{}: --verify passed", d.what);
        let got = catch_unwind(AssertUnwindSafe(|| answers(d.bytes, &queries)))
            .unwrap_or_else(|_| panic!("{}: panicked", d.what));
        match got {
            Err(e) => {
                assert!(!e.contains('\n') && !e.is_empty(), "{}: message {e:?}", d.what);
                errors += 1;
            }
            Ok(a) => {
                let first = (0..a.len().max(expected.len())).find(|&i| a.get(i) != expected.get(i));
                if let Some(i) = first {
                    panic!(
                        "{}: a different answer without an error: {:?} instead of {:?}",
                        d.what,
                        a.get(i),
                        expected.get(i)
                    );
                }
                same += 1;
            }
        }
    }
    eprintln!("{errors} damaged indexes refused, {same} answered as the intact one");
    // Most damage is in blocks these queries read.
    assert!(errors > same, "{errors} errors, {same} unchanged");
}

#[test]
fn damage_behind_valid_checksums_never_crashes() {
    let entries = entries();
    let intact = index_bytes(&entries);
    let queries = queries(&entries);
    let (_, sections) = layout(&intact);
    let mut rng = Rng::new(3);
    let mut refused = 0;
    for (k, &(off, len)) in sections.iter().enumerate() {
        if len < 4 {
            continue;
        }
        for value in [0u32, 1, u32::MAX, 0x7fff_ffff, 299, 300, rng.next_u64() as u32] {
            for _ in 0..3 {
                let at = off + 4 * rng.below(len / 4);
                let mut b = intact.clone();
                b[at..at + 4].copy_from_slice(&value.to_le_bytes());
                reseal(&mut b);
                let t = std::time::Instant::now();
                let got = catch_unwind(AssertUnwindSafe(|| answers(b.clone(), &queries)))
                    .unwrap_or_else(|_| panic!("section {k} word at {at} = {value:#x}: panicked"));
                // A guard against a damaged count that loops for hours, not
                // a speed claim (those are in benches/): far above the
                // milliseconds an answer takes, so that a loaded machine passes.
                assert!(
                    t.elapsed().as_secs() < 30,
                    "section {k} word at {at} = {value:#x}: {:?}",
                    t.elapsed()
                );
                if let Err(e) = got {
                    assert!(!e.contains('\n'), "{e:?}");
                    refused += 1;
                }
                // The full check finds what the reads may not have touched.
                let _ = Memory::from_vec(b).and_then(|m| m.verify());
            }
        }
    }
    assert!(refused > 0);
}

#[test]
fn a_damaged_slot_start_is_refused_at_open() {
    // The tester's case: one slot start changed (here with valid checksums)
    // made a lookup allocate 16 GiB or scan four billion ids.
    let entries = entries();
    let mut b = index_bytes(&entries);
    let (_, sections) = layout(&b);
    let (off, len) = sections[section("English slot starts")];
    assert!(len >= 12);
    for (i, value) in [(1usize, u32::MAX), (1, 0), (len / 4 - 1, 299)] {
        let mut d = b.clone();
        d[off + 4 * i..off + 4 * i + 4].copy_from_slice(&value.to_le_bytes());
        reseal(&mut d);
        let Err(e) = Memory::from_vec(d) else { panic!("slot start {i} = {value} was not refused at open") };
        let e = e.to_string();
        assert!(e.contains("English slot starts"), "{e}");
    }
    // The intact file opens.
    reseal(&mut b);
    assert!(Memory::from_vec(b).is_ok());
}

#[test]
fn damaged_word_links_are_refused_at_open_or_ignored_without_a_crash() {
    let entries = entries();
    let b = index_bytes(&entries);
    let (_, sections) = layout(&b);
    let (off, len) = sections[section("word link offsets")];
    assert_eq!(len, 8 * (entries.len() + 1));
    // A last offset that disagrees with the links' size is refused at open.
    let mut d = b.clone();
    d[off + len - 8..off + len].copy_from_slice(&u64::MAX.to_le_bytes());
    reseal(&mut d);
    let Err(e) = Memory::from_vec(d) else { panic!("a damaged link offset table was not refused") };
    assert!(e.to_string().contains("word link offsets"), "{e}");
    // Links pointing past the tokens of their unit are ignored, not followed.
    let (loff, llen) = sections[section("word links")];
    assert!(llen >= 4, "the test memory has links");
    let mut d = b.clone();
    for at in (loff..loff + llen).step_by(4) {
        d[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    }
    reseal(&mut d);
    let mem = Memory::from_vec(d).unwrap();
    for u in 0..mem.len() {
        let zh = mem.text(u, Lang::Zh).unwrap().to_string();
        if let Some(first) = zh.chars().next() {
            let r = tmalign::memory::rendering::aligned_span(&mem, u as u32, Lang::Zh, 0..first.len_utf8());
            assert!(matches!(r, Ok(None)), "{r:?}");
        }
    }
    // A flipped byte in the links is found by the block checksums.
    let mut d = b.clone();
    d[loff] ^= 0x40;
    // (Refused at open when the offsets checked there share its block.)
    if let Ok(mem) = Memory::from_vec(d) {
        for u in 0..mem.len() {
            let _ = mem.links(u);
        }
        assert!(mem.check().is_err());
    }
}

#[test]
fn unknown_unit_flags_are_refused_by_verify() {
    let entries = entries();
    let b = index_bytes(&entries);
    let (off, len) = layout(&b).1[section("unit flags")];
    assert_eq!(len, entries.len());
    let mut d = b.clone();
    d[off + 1] = 0x82;
    reseal(&mut d);
    let mem = Memory::from_vec(d).unwrap();
    let e = mem.verify().unwrap_err().to_string();
    assert!(e.contains("unit 1 has unknown flags 0x82"), "{e}");
    // Not resealed: the block's checksum finds the flipped flag when it is read.
    let mut d = b;
    d[off + 1] ^= 1;
    if let Ok(mem) = Memory::from_vec(d) {
        let _ = mem.is_joined(1);
        assert!(mem.check().is_err());
    }
}

/// The number of the section called `name` in the section table.
fn section(name: &str) -> usize {
    section_names().iter().position(|n| *n == name).unwrap_or_else(|| panic!("no section {name}"))
}

/// The little-endian `u32` at `at`.
fn word(b: &[u8], at: usize) -> usize {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap()) as usize
}

#[test]
fn damaged_compressed_postings_are_found_by_verify_and_never_crash() {
    // Format 6 stores postings as bit-packed blocks of 128 ids behind a skip
    // table, and a varint tail; tokens as ids into a vocabulary. Damage to
    // each, behind valid checksums, must be refused by `--verify` and must
    // never crash a lookup.
    let entries = entries();
    let intact = index_bytes(&entries);
    let queries = queries(&entries);
    let (_, sections) = layout(&intact);
    let [tok, counts, offs, post] =
        ["English tokens", "English postings counts", "English postings offsets", "English postings"]
            .map(|name| sections[section(name)]);
    let keys = counts.1 / 4 - 1;
    // The longest list has full blocks (a word in most of the 300 units).
    let k = (0..keys)
        .max_by_key(|&k| word(&intact, counts.0 + 4 * k + 4) - word(&intact, counts.0 + 4 * k))
        .unwrap();
    let count = word(&intact, counts.0 + 4 * k + 4) - word(&intact, counts.0 + 4 * k);
    let nb = count / 128;
    assert!(
        nb >= 1 && !count.is_multiple_of(128),
        "the test needs a list with full blocks and a tail: {count}"
    );
    let start = post.0 + word(&intact, offs.0 + 4 * k);
    let end = post.0 + word(&intact, offs.0 + 4 * k + 4);
    let mut damaged: Vec<(&str, Vec<u8>)> = Vec::new();
    let mut d = intact.clone();
    d[start..start + 4].copy_from_slice(&(word(&intact, start) as u32 + 1).to_le_bytes());
    damaged.push(("a block's last id in the skip table", d));
    let mut d = intact.clone();
    d[start + 4 * nb..start + 4 * nb + 4].copy_from_slice(&17u32.to_le_bytes());
    damaged.push(("a block's end, not a whole width", d));
    let mut d = intact.clone();
    d[start + 4 * nb..start + 4 * nb + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    damaged.push(("a block's end, past the list", d));
    let mut d = intact.clone();
    d[start + 8 * nb] ^= 0x10;
    damaged.push(("a bit of the packed gaps", d));
    let mut d = intact.clone();
    d[end - 1] = 0x80;
    damaged.push(("the tail's last varint left unterminated", d));
    let mut d = intact.clone();
    d[offs.0 + 4 * k + 4..offs.0 + 4 * k + 8].copy_from_slice(&(end - post.0 - 1).to_le_bytes()[..4]);
    damaged.push(("a list's end offset one byte short", d));
    let mut d = intact.clone();
    d[tok.0..tok.0 + tok.1].fill(0xff);
    damaged.push(("token ids outside the vocabulary", d));
    for (what, mut d) in damaged {
        reseal(&mut d);
        let verified = Memory::from_vec(d.clone()).and_then(|m| m.verify());
        assert!(verified.is_err(), "{what}: --verify passed");
        let got = catch_unwind(AssertUnwindSafe(|| answers(d, &queries)))
            .unwrap_or_else(|_| panic!("{what}: panicked"));
        if let Err(e) = got {
            assert!(!e.contains('\n'), "{what}: {e:?}");
        }
    }
}

fn tmalign() -> Command {
    Command::cargo_bin("tmalign").unwrap()
}

/// An index file built by the command line from a small TMX.
fn cli_index(dir: &std::path::Path) -> std::path::PathBuf {
    let mut tmx = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header srclang=\"zh-CN\" \
         datatype=\"plaintext\" segtype=\"sentence\" adminlang=\"en\" o-tmf=\"t\" creationtool=\"t\" \
         creationtoolversion=\"1\"/>\n<body>\n",
    );
    for e in entries() {
        tmx.push_str(&format!(
            "<tu><tuv xml:lang=\"zh-CN\"><seg>{}</seg></tuv><tuv xml:lang=\"en-US\"><seg>{}</seg></tuv></tu>\n",
            e.zh, e.en
        ));
    }
    tmx.push_str("</body></tmx>\n");
    let (src, tmi) = (dir.join("m.tmx"), dir.join("m.tmi"));
    std::fs::write(&src, tmx).unwrap();
    tmalign().args(["index"]).arg(&src).arg("-o").arg(&tmi).assert().success();
    tmi
}

/// Runs `lookup` on a damaged copy of the index; returns (exit code, stderr, stdout).
fn cli_lookup(
    tmi: &std::path::Path,
    damage: impl FnOnce(&mut Vec<u8>),
    query: &str,
) -> (i32, String, String) {
    let mut b = std::fs::read(tmi).unwrap();
    damage(&mut b);
    let bad = tmi.with_extension("bad.tmi");
    std::fs::write(&bad, &b).unwrap();
    let out = tmalign().args(["lookup", "--min-score", "0", "--tm"]).arg(&bad).arg(query).output().unwrap();
    let s = |v: &[u8]| String::from_utf8_lossy(v).into_owned();
    (out.status.code().unwrap_or(-1), s(&out.stderr), s(&out.stdout))
}

#[test]
fn command_line_damage_is_exit_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let tmi = cli_index(dir.path());
    let e = &entries()[7].en;
    let (_, intact_err, intact) = cli_lookup(&tmi, |_| {}, e);
    assert!(intact.contains(e.as_str()), "{intact} {intact_err}");
    let len = std::fs::metadata(&tmi).unwrap().len() as usize;
    type Damage = Box<dyn FnOnce(&mut Vec<u8>)>;
    let cases: Vec<(&str, Damage)> = vec![
        ("unit count in the header", Box::new(|b: &mut Vec<u8>| b[16] ^= 1)),
        ("a section offset", Box::new(|b: &mut Vec<u8>| b[56 + 16 * 5] ^= 8)),
        (
            "the texts",
            Box::new(|b: &mut Vec<u8>| {
                let at = layout(b).1[5].0 + 40;
                b[at] ^= 0x20
            }),
        ),
        ("truncation", Box::new(move |b: &mut Vec<u8>| b.truncate(len / 2))),
    ];
    for (what, damage) in cases {
        let (code, err, out) = cli_lookup(&tmi, damage, e);
        assert_eq!(code, 2, "{what}: {err} {out}");
        assert_eq!(err.lines().count(), 1, "{what}: {err}");
        assert!(
            err.starts_with("tmalign: error: ") && err.contains("damaged") || err.contains("truncated"),
            "{what}: {err}"
        );
        assert!(out.is_empty(), "{what}: printed {out}");
    }
}

#[test]
fn an_index_rewritten_in_place_after_open_is_noticed() {
    let dir = tempfile::tempdir().unwrap();
    let tmi = cli_index(dir.path());
    let mem = Memory::open(&tmi).unwrap();
    assert!(mem.check().is_ok());
    // File times have a coarse clock: let it tick before the rewrite.
    std::thread::sleep(std::time::Duration::from_millis(50));
    let bytes = std::fs::read(&tmi).unwrap();
    std::fs::OpenOptions::new().write(true).open(&tmi).unwrap().write_all_at_start(&bytes);
    let Err(e) = mem.check() else { panic!("the rewrite was not noticed") };
    let e = e.to_string();
    assert!(e.contains("changed while it was being read"), "{e}");
}

trait WriteAll {
    fn write_all_at_start(self, bytes: &[u8]);
}

impl WriteAll for std::fs::File {
    fn write_all_at_start(mut self, bytes: &[u8]) {
        use std::io::Write;
        self.write_all(bytes).unwrap();
        self.sync_all().unwrap();
    }
}

/// Set in the child process of the SIGBUS test to the index it reads.
const CHILD: &str = "TMALIGN_TEST_SIGBUS_INDEX";

#[test]
fn an_index_truncated_under_a_lookup_is_a_one_line_error() {
    if let Some(path) = std::env::var_os(CHILD) {
        // The child: map the index, truncate it, then read it.
        let mem = Memory::open(std::path::Path::new(&path)).unwrap();
        tmalign::memory::sigbus::guard(mem.mapped_range().unwrap());
        std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(4096).unwrap();
        for u in 0..mem.len() {
            let _ = mem.text(u, Lang::En);
        }
        // Not reached: the reads past the new end fault.
        std::process::exit(0);
    }
    let dir = tempfile::tempdir().unwrap();
    let tmi = cli_index(dir.path());
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["an_index_truncated_under_a_lookup_is_a_one_line_error", "--exact", "--nocapture"])
        .env(CHILD, &tmi)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("tmalign: error: the index file shrank while it was being read"), "{err}");
}

#[test]
fn asking_for_a_unit_out_of_range_is_an_error_but_not_damage() {
    let entries = entries();
    let mem = Memory::from_vec(index_bytes(&entries)).unwrap();
    assert!(mem.text(entries.len(), Lang::En).is_err());
    assert!(mem.origin(usize::MAX).is_err());
    assert!(mem.check().is_ok());
    assert_eq!(mem.text(0, Lang::En).unwrap(), entries[0].en);
}

#[test]
fn an_index_of_an_older_or_newer_format_says_which_and_what_to_do() {
    let intact = index_bytes(&entries());
    let version = u32::from_le_bytes(intact[8..12].try_into().unwrap());
    let with = |v: u32| {
        let mut b = intact.clone();
        b[8..12].copy_from_slice(&v.to_le_bytes());
        Memory::from_vec(b).err().map(|e| e.to_string()).unwrap_or_default()
    };
    let newer = with(version + 1);
    assert!(newer.contains("written by a newer tmalign") && newer.contains("upgrade tmalign"), "{newer}");
    let older = with(version - 1);
    assert!(older.contains("rebuild it with `tmalign index`") && !older.contains("newer"), "{older}");
}
