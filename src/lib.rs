//! tmalign turns Chinese documents and their English translations into
//! translation memories, and answers "how did we translate this before?".
//!
//! The modules follow the pipeline:
//!
//! ```text
//!   segment ──▶ anchor ──▶ align ──▶ export (tmx, tsv, json, beads)
//!                                       │
//!                      tmx (reader) ──▶ memory (index, lookup, concordance)
//! ```
//!
//! * [`segment`] cuts a document into [`segment::Sentence`]s (English and Chinese rules).
//! * [`anchor`] finds what two sentences share across languages: numbers in
//!   any written form, names through pinyin, dictionary and glossary terms.
//! * [`align`] pairs the sentences of both sides into [`bead::Bead`]s by
//!   dynamic programming over length and anchors.
//! * [`export`] writes an [`align::Alignment`] as TMX, TSV, JSON or beads.
//! * [`tmx`] reads and writes TMX 1.4.
//! * [`memory`] indexes memories and answers fuzzy lookups and concordance.
//! * [`eval`] scores predicted beads against gold beads.
//! * [`batch`] aligns whole collections of document pairs in parallel.
//! * [`input`] reads documents in any of the encodings they come in, checks
//!   that a pair is one Chinese and one English document, and guards outputs.
//! * [`score`] is the one scale of scores users see (0–100) and what "doubtful" means.
//!
//! The `tmalign` binary (`src/main.rs`, `src/cli/`) is a thin layer over
//! these modules, built with the default `cli` feature; a library user can
//! turn that feature off and leave clap, indicatif and the allocator out.
//!
//! # Example
//!
//! Align a short document pair, then look a sentence up in what it gave
//! (the same steps as `tmalign align` and `tmalign lookup`; see
//! `docs/GUIDE.md` for the commands):
//!
//! ```
//! use tmalign::align::{self, Document};
//! use tmalign::anchor::Anchorer;
//! use tmalign::lang::Lang;
//! use tmalign::memory::{index, lookup};
//! use tmalign::segment;
//!
//! let doc = |name: &str, lang, text| Document::new(name, lang, segment::segment(text, lang));
//! let zh = doc("a.zh.txt", Lang::Zh, "全市新增城镇就业5.5万人。连云港港货物吞吐量增长12%。");
//! let en = doc("a.en.txt", Lang::En, "The city created 55,000 new urban jobs. Cargo throughput at Lianyungang port rose 12%.");
//! let alignment = align::align(zh, en, &Anchorer::new());
//! let beads: Vec<String> = alignment.beads.iter().map(|b| b.bead.to_string()).collect();
//! assert_eq!(beads, ["[0]:[0]", "[1]:[1]"]);
//!
//! // Every 1-1 bead becomes a memory unit; index them and look up a variant.
//! let entries: Vec<index::Entry> = alignment
//!     .beads
//!     .iter()
//!     .enumerate()
//!     .map(|(i, b)| index::Entry {
//!         file: 0,
//!         unit: i as u32 + 1,
//!         zh: alignment.source.sentences[b.bead.src[0]].text.clone(),
//!         en: alignment.target.sentences[b.bead.tgt[0]].text.clone(),
//!         joined: false,
//!     })
//!     .collect();
//! let memory = index::Memory::from_vec(index::build(&["a.tmx".into()], &entries, &|_| {})?)?;
//! let query = lookup::Query::new("全市新增城镇就业6万人。", Lang::Zh);
//! let options = lookup::LookupOptions { min_score: 70, top: 1 };
//! let hits = lookup::lookup(&memory, &query, options, &mut lookup::Scratch::default())?;
//! assert_eq!(memory.text(hits[0].unit as usize, Lang::En)?, "The city created 55,000 new urban jobs.");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod align;
pub mod anchor;
pub mod batch;
pub mod bead;
pub mod eval;
pub mod export;
mod hash;
pub mod input;
pub mod lang;
pub mod memory;
pub mod review;
pub mod score;
pub mod segment;
pub mod tmx;
pub mod verify;
