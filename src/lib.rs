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
//!
//! [`cli`] holds the subcommands behind the `tmalign` binary.

pub mod align;
pub mod anchor;
pub mod batch;
pub mod bead;
pub mod cli;
pub mod eval;
pub mod export;
pub mod input;
pub mod lang;
pub mod memory;
pub mod segment;
pub mod tmx;
pub mod verify;
