//! Reviewing an alignment by hand before it becomes a memory.
//!
//! [`write_page`] turns an [`Alignment`] into one self-contained HTML page
//! (no server, no network, nothing loaded from elsewhere) that shows the
//! beads side by side and lets a reviewer merge, split, move and unalign
//! sentences; the page downloads the corrected beads in the format of
//! [`crate::bead`]. [`from_beads`] turns such a bead file back into an
//! [`Alignment`] after checking it against the documents, so
//! `tmalign align --beads` can write the memory from it.
//!
//! The page carries its data as JSON inside `<script type="application/json">`
//! and renders every text with `textContent`, so nothing from the documents
//! is ever parsed as markup; the only strings put into the HTML by this
//! module (titles, names in the batch index) go through [`escape`].

use std::collections::{BTreeMap, HashSet};
use std::io::Write;

use crate::align::{Alignment, Document, ScoredBead};
use crate::anchor::{AnchorKind, Anchorer};
use crate::batch::{DocReport, Report};
use crate::bead::Bead;

/// The page's style sheet, script and frame, kept as files beside this one
/// so they can be read and edited as CSS and JavaScript.
const STYLE: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");

/// Confidence given to every bead of a reviewed bead file: a person has
/// checked it, so no bead of it is doubtful ([`crate::align::DOUBTFUL_BELOW`]).
pub const REVIEWED_SCORE: f32 = 1.0;

/// A bead file that does not fit its documents.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BeadsError {
    #[error("line {line}: {source}")]
    Parse { line: usize, source: crate::bead::BeadParseError },
    #[error("bead {bead} ({text}): {side} sentence {id} is out of range (the {side} has {count} sentences)")]
    OutOfRange { bead: usize, text: String, side: &'static str, id: usize, count: usize },
    #[error("bead {bead} ({text}): expected {side} sentence {expected} next, found {found} (every sentence once, in order)")]
    OutOfOrder { bead: usize, text: String, side: &'static str, expected: usize, found: usize },
    #[error("the beads end at {side} sentence {found} but the {side} has {count} sentences")]
    Missing { side: &'static str, found: usize, count: usize },
    #[error("bead {bead} is empty on both sides")]
    Empty { bead: usize },
}

/// Parses a bead file and checks it against the documents: every id in
/// range, every sentence of each side once, in document order.
pub fn parse_and_check(text: &str, source: &Document, target: &Document) -> Result<Vec<Bead>, BeadsError> {
    let beads =
        crate::bead::parse_beads(text).map_err(|(line, source)| BeadsError::Parse { line, source })?;
    check_beads(&beads, source.sentences.len(), target.sentences.len())?;
    Ok(beads)
}

/// Checks that `beads` cover `0..n` source and `0..m` target sentences,
/// each once and in order. Bead numbers in errors are 1-based.
pub fn check_beads(beads: &[Bead], n: usize, m: usize) -> Result<(), BeadsError> {
    let (mut next_s, mut next_t) = (0, 0);
    for (i, b) in beads.iter().enumerate() {
        if b.src.is_empty() && b.tgt.is_empty() {
            return Err(BeadsError::Empty { bead: i + 1 });
        }
        for (side, ids, next, count) in
            [("source", &b.src, &mut next_s, n), ("target", &b.tgt, &mut next_t, m)]
        {
            for &id in ids {
                if id >= count {
                    return Err(BeadsError::OutOfRange { bead: i + 1, text: b.to_string(), side, id, count });
                }
                if id != *next {
                    return Err(BeadsError::OutOfOrder {
                        bead: i + 1,
                        text: b.to_string(),
                        side,
                        expected: *next,
                        found: id,
                    });
                }
                *next += 1;
            }
        }
    }
    for (side, found, count) in [("source", next_s, n), ("target", next_t, m)] {
        if found != count {
            return Err(BeadsError::Missing { side, found, count });
        }
    }
    Ok(())
}

/// The alignment given by checked `beads`: each bead gets
/// [`REVIEWED_SCORE`] and the anchors its two sides share.
pub fn from_beads(source: Document, target: Document, beads: Vec<Bead>, anchorer: &Anchorer) -> Alignment {
    let mut a = Alignment { source, target, beads: Vec::new() };
    a.beads = beads
        .into_iter()
        .map(|bead| {
            let shared = shared_surfaces(&a, &bead, anchorer);
            let mut anchors: Vec<String> = Vec::new();
            for (kind, surface) in shared.src {
                let d = format!("{kind}:{surface}");
                if !anchors.contains(&d) {
                    anchors.push(d);
                }
            }
            ScoredBead { bead, score: REVIEWED_SCORE, anchors }
        })
        .collect();
    a
}

fn kind_name(kind: AnchorKind) -> &'static str {
    match kind {
        AnchorKind::Number => "number",
        AnchorKind::Name => "name",
        AnchorKind::Term => "term",
        AnchorKind::Glossary => "glossary",
    }
}

/// Whether an anchor of this kind is highlighted on the page. Dictionary
/// terms are left out: they cover most content words of a sentence, so
/// marking them drowns the numbers and names a reviewer checks first (they
/// are still listed in the confidence cell's tooltip).
fn marked(kind: AnchorKind) -> bool {
    !matches!(kind, AnchorKind::Term)
}

/// Surfaces of the anchors a bead's two sides share, per sentence.
struct Shared {
    src: Vec<(&'static str, String)>,
    /// (side 0 = source / 1 = target, sentence id, surface)
    marks: Vec<(usize, usize, String)>,
}

fn shared_surfaces(a: &Alignment, bead: &Bead, anchorer: &Anchorer) -> Shared {
    let find = |doc: &Document, ids: &[usize]| {
        let mut out = Vec::new();
        for &id in ids {
            if let Some(s) = doc.sentences.get(id) {
                for anchor in anchorer.anchors(&s.text, doc.lang) {
                    out.push((id, anchor));
                }
            }
        }
        out
    };
    let (s, t) = (find(&a.source, &bead.src), find(&a.target, &bead.tgt));
    let keys = |v: &[(usize, crate::anchor::Anchor)]| -> HashSet<_> {
        v.iter().map(|(_, x)| (x.kind, x.key)).collect()
    };
    let (sk, tk) = (keys(&s), keys(&t));
    let mut shared = Shared { src: Vec::new(), marks: Vec::new() };
    for (id, x) in &s {
        if tk.contains(&(x.kind, x.key)) {
            shared.src.push((kind_name(x.kind), x.surface.clone()));
            if marked(x.kind) {
                shared.marks.push((0, *id, x.surface.clone()));
            }
        }
    }
    for (id, x) in &t {
        if sk.contains(&(x.kind, x.key)) && marked(x.kind) {
            shared.marks.push((1, *id, x.surface.clone()));
        }
    }
    shared
}

/// `s` with the five characters that mean something in HTML escaped, for
/// text and attribute values alike.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// JSON that can sit inside a `<script>` element: every `<` is written as
/// `\u003c` (still the same JSON), so no `</script>` or `<!--` can end or
/// change the element.
fn script_json(value: &serde_json::Value) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into()).replace('<', "\\u003c")
}

/// FNV-1a over the documents' names and texts: the page keeps a reviewer's
/// edits in the browser under this key, so a page made again from the same
/// documents finds them and one from other documents does not.
fn document_key(a: &Alignment) -> String {
    let mut h = crate::hash::FNV_OFFSET;
    let mut eat = |bytes: &[u8]| h = crate::hash::fnv1a(crate::hash::fnv1a(h, bytes), &[0xff]);
    for doc in [&a.source, &a.target] {
        eat(doc.name.as_bytes());
        for s in &doc.sentences {
            eat(s.text.as_bytes());
        }
    }
    format!("{h:016x}")
}

/// The page's data: what `page.js` reads from `<script id="data">`.
fn page_data(a: &Alignment, anchorer: &Anchorer) -> serde_json::Value {
    use serde_json::json;
    let doubtful = crate::verify::doubtful_beads(a, anchorer);
    let mut marks: [BTreeMap<usize, Vec<String>>; 2] = Default::default();
    let beads: Vec<serde_json::Value> = a
        .beads
        .iter()
        .zip(&doubtful)
        .map(|(b, &d)| {
            if !b.anchors.is_empty() {
                for (side, id, surface) in shared_surfaces(a, &b.bead, anchorer).marks {
                    let list = marks[side].entry(id).or_default();
                    if !surface.is_empty() && !list.contains(&surface) {
                        list.push(surface);
                    }
                }
            }
            // In percent to one decimal, as every score the user reads.
            json!([b.bead.src, b.bead.tgt, crate::score::percent(b.score), u8::from(d), b.anchors])
        })
        .collect();
    let side = |d: &Document, m: &BTreeMap<usize, Vec<String>>| {
        json!({
            "name": d.name,
            "lang": d.lang,
            "s": d.sentences.iter().map(|s| s.text.as_str()).collect::<Vec<_>>(),
            "marks": m,
        })
    };
    json!({
        "key": document_key(a),
        "src": side(&a.source, &marks[0]),
        "tgt": side(&a.target, &marks[1]),
        "beads": beads,
    })
}

/// Writes the review page of `a`.
pub fn write_page(a: &Alignment, anchorer: &Anchorer, out: &mut dyn Write) -> std::io::Result<()> {
    // The two halves of one pair (`a.zh.txt`, `dir/a.en.txt`, a batch's
    // pair name `a`) are named once.
    let stem = crate::export::tmx::file_label;
    let title = if stem(&a.source.name) == stem(&a.target.name) {
        format!("Review: {}", stem(&a.source.name))
    } else {
        format!("Review: {} + {}", a.source.name, a.target.name)
    };
    let data = script_json(&page_data(a, anchorer));
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{t}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
         <header>\n<h1>{t}</h1>\n<p id=\"summary\" role=\"status\" aria-live=\"polite\"></p>\n\
         <div class=\"toolbar\" role=\"toolbar\" aria-label=\"Review\">\n\
         <button type=\"button\" id=\"prev\" aria-label=\"Previous doubtful bead (k)\">&#8593; Previous doubtful</button>\n\
         <button type=\"button\" id=\"next\" aria-label=\"Next doubtful bead (j)\">&#8595; Next doubtful</button>\n\
         <button type=\"button\" id=\"undo\" aria-label=\"Undo the last edit (u)\">Undo</button>\n\
         <button type=\"button\" id=\"save-beads\" aria-label=\"Download the corrected beads\">Download beads</button>\n\
         <button type=\"button\" id=\"save-tsv\" aria-label=\"Download the corrected alignment as TSV\">Download TSV</button>\n\
         <button type=\"button\" id=\"reset\" aria-label=\"Forget every edit and show the aligner's beads\">Start over</button>\n\
         </div>\n<p class=\"keys\">Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous doubtful, <kbd>u</kbd> undo. \
         Edits are kept in this browser until you start over.</p>\n</header>\n<main>\n\
         <table id=\"beads\">\n<caption>One row per bead; doubtful beads are marked &#9888;</caption>\n\
         <thead><tr><th scope=\"col\">Ids</th><th scope=\"col\">Type</th><th scope=\"col\">Score (%)</th>\
         <th scope=\"col\" id=\"src-head\">Source</th><th scope=\"col\" id=\"tgt-head\">Target</th>\
         <th scope=\"col\">Edit</th></tr></thead>\n<tbody id=\"rows\"></tbody>\n</table>\n\
         <pre id=\"errors\" hidden></pre>\n</main>\n\
         <script type=\"application/json\" id=\"data\">{data}</script>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n",
        t = escape(&title),
    )
}

/// The file name of document `index` (0-based) of a batch in its review
/// directory: numbered so names stay apart, and only characters safe in a
/// file name and in a link: letters and digits of any script (a Chinese
/// name stays readable: `0002-南京_地铁_新闻.html`), `.`, `-` and `_`.
pub fn page_name(index: usize, name: &str) -> String {
    const PAGE_NAME_BYTES: usize = 120;
    // At most 120 bytes of name: file systems limit a name in bytes (255 on
    // ext4, 143 on eCryptfs), and a Han character takes three or four.
    let mut clean = String::new();
    for c in name.chars().map(|c| if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }) {
        if clean.len() + c.len_utf8() > PAGE_NAME_BYTES {
            break;
        }
        clean.push(c);
    }
    format!("{:04}-{clean}.html", index + 1)
}

fn verdict_name(v: Option<crate::verify::Verdict>) -> String {
    match v {
        Some(v) => {
            serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
        }
        None => "failed".to_string(),
    }
}

/// Writes the index of a batch's review pages: flagged documents first
/// (a suspect verdict, warnings or an error), then the others by their
/// doubtful beads, most first, each row linking to its page
/// when it has one (`pages[i]` for `report.documents[i]`).
pub fn write_index(report: &Report, pages: &[Option<String>], out: &mut dyn Write) -> std::io::Result<()> {
    let flagged = |d: &DocReport| {
        d.verdict.is_some_and(|v| v.is_suspect()) || !d.warnings.is_empty() || d.error.is_some()
    };
    // Flagged documents first, then by their doubtful beads, most first.
    let mut order: Vec<usize> = (0..report.documents.len()).collect();
    order.sort_by_key(|&i| (!flagged(&report.documents[i]), std::cmp::Reverse(report.documents[i].doubtful)));
    let count = report.documents.iter().filter(|d| flagged(d)).count();
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Alignment review</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<header>\n\
         <h1>Alignment review</h1>\n<p>{} documents, {count} flagged (listed first).</p>\n</header>\n<main>\n\
         <table>\n<caption>Documents of the batch</caption>\n<thead><tr><th scope=\"col\">Document</th>\
         <th scope=\"col\">Sentences (source / target)</th><th scope=\"col\">Beads by type</th>\
         <th scope=\"col\">Mean score (%)</th><th scope=\"col\">Doubtful beads</th>\
         <th scope=\"col\">Verdict and warnings</th></tr></thead>\n<tbody>\n",
        report.documents.len()
    )?;
    for i in order {
        let d = &report.documents[i];
        let name = match pages.get(i).and_then(|p| p.as_deref()) {
            Some(p) => format!("<a href=\"{}\">{}</a>", escape(p), escape(&d.name)),
            None => escape(&d.name),
        };
        let kinds: Vec<String> = d.beads.iter().map(|(k, n)| format!("{k}: {n}")).collect();
        let mut notes = vec![verdict_name(d.verdict)];
        notes.extend(d.warnings.iter().cloned());
        notes.extend(d.error.iter().cloned());
        let class = if flagged(d) { " class=\"doubtful\"" } else { "" };
        writeln!(
            out,
            "<tr{class}><td>{name}</td><td>{} / {}</td><td>{}</td><td>{:.1}</td><td>{}</td><td>{}</td></tr>",
            d.source_sentences,
            d.target_sentences,
            escape(&kinds.join(", ")),
            d.mean_score,
            d.doubtful,
            escape(&notes.join("; ")),
        )?;
    }
    writeln!(out, "</tbody>\n</table>\n</main>\n</body>\n</html>")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn beads(s: &str) -> Vec<Bead> {
        crate::bead::parse_beads(s).unwrap()
    }

    #[test]
    fn the_index_lists_flagged_documents_then_those_with_most_doubtful_beads() {
        let doc = |name: &str, doubtful: usize, warning: bool| DocReport {
            name: name.to_string(),
            doubtful,
            warnings: if warning { vec!["truncated".to_string()] } else { Vec::new() },
            ..Default::default()
        };
        let report = Report {
            documents: vec![
                doc("clean", 0, false),
                doc("some", 2, false),
                doc("warned", 0, true),
                doc("many", 5, false),
            ],
            ..Default::default()
        };
        let mut out = Vec::new();
        write_index(&report, &[None, None, None, None], &mut out).unwrap();
        let html = String::from_utf8(out).unwrap();
        let at = |n: &str| html.find(&format!("<td>{n}</td>")).unwrap();
        assert!(at("warned") < at("many") && at("many") < at("some") && at("some") < at("clean"));
    }

    #[test]
    fn beads_covering_both_sides_in_order_pass_the_check() {
        assert_eq!(check_beads(&beads("[0]:[0,1]\n[1,2]:[]\n[]:[2]\n"), 3, 3), Ok(()));
    }

    #[test]
    fn beads_out_of_range_out_of_order_or_short_are_rejected() {
        assert!(matches!(
            check_beads(&beads("[0]:[0]\n[1]:[5]"), 2, 2),
            Err(BeadsError::OutOfRange { id: 5, .. })
        ));
        assert!(matches!(
            check_beads(&beads("[1]:[0]\n[0]:[1]"), 2, 2),
            Err(BeadsError::OutOfOrder { bead: 1, expected: 0, found: 1, .. })
        ));
        assert!(matches!(check_beads(&beads("[0]:[0]\n[0]:[1]"), 2, 2), Err(BeadsError::OutOfOrder { .. })));
        assert!(matches!(
            check_beads(&beads("[0]:[0]"), 2, 1),
            Err(BeadsError::Missing { found: 1, count: 2, .. })
        ));
        assert!(matches!(check_beads(&beads("[]:[]\n[0]:[0]"), 1, 1), Err(BeadsError::Empty { bead: 1 })));
    }

    #[test]
    fn markup_characters_are_escaped_in_html_and_script_json() {
        assert_eq!(escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
        let j = script_json(&serde_json::json!(["</script><!--"]));
        assert!(!j.contains('<'));
        assert_eq!(serde_json::from_str::<Vec<String>>(&j).unwrap(), ["</script><!--"]);
    }

    #[test]
    fn page_names_are_numbered_and_safe_in_links() {
        assert_eq!(page_name(0, "a b/<c>.txt"), "0001-a_b__c_.txt.html");
        // A Chinese name stays readable; its spaces and marks do not.
        assert_eq!(page_name(1, "南京 地铁（新闻）"), "0002-南京_地铁_新闻_.html");
        // Long names are cut at a character, well inside a file system's 255 bytes.
        let long = page_name(2, &"新".repeat(200));
        assert!(long.len() <= 130 && long.ends_with("新.html"), "{long}");
    }
}
