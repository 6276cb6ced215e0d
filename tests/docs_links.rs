//! The documentation's links between its own files lead somewhere: every
//! relative link of README.md, CHANGELOG.md and docs/*.md names a file of
//! the repository and, after `#`, a heading of that file (as GitHub makes
//! anchors of headings). A renamed section or a moved file would otherwise
//! leave a reader at the top of a 2,000-line page.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The Markdown files a reader follows links through.
fn documents() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = vec![root.join("README.md"), root.join("CHANGELOG.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .expect("docs/")
        .map(|e| e.expect("docs/ entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    docs.sort();
    out.extend(docs);
    out
}

/// The lines of a Markdown text outside fenced code blocks, with inline code
/// spans blanked (a link written as code is an example, not a link).
fn prose(text: &str) -> Vec<String> {
    let mut fenced = false;
    let mut out = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let mut kept = String::with_capacity(line.len());
        let mut in_code = false;
        for c in line.chars() {
            if c == '`' {
                in_code = !in_code;
                kept.push(c);
            } else {
                kept.push(if in_code { ' ' } else { c });
            }
        }
        out.push(kept);
    }
    out
}

/// GitHub's anchor of a heading: lower case, punctuation other than `-` and
/// `_` dropped, each space a hyphen; a repeated anchor gets `-1`, `-2`, ….
fn anchors(text: &str) -> HashSet<String> {
    let mut seen = HashSet::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        // An ATX heading: one to six `#` and a space (`#12's` is text).
        let level = line.bytes().take_while(|&b| b == b'#').count();
        if fenced || !(1..=6).contains(&level) || !line[level..].starts_with(' ') {
            continue;
        }
        let title = line[level..].trim().trim_end_matches('#').trim();
        let slug: String = title
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_' || *c == ' ')
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let mut anchor = slug.clone();
        let mut n = 0;
        while !seen.insert(anchor.clone()) {
            n += 1;
            anchor = format!("{slug}-{n}");
        }
    }
    seen
}

/// The targets of the inline links `[text](target)` of a line.
fn targets(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("](") {
        let after = &rest[i + 2..];
        let Some(end) = after.find(')') else { break };
        out.push(after[..end].to_string());
        rest = &after[end..];
    }
    out
}

#[test]
fn relative_links_name_existing_files_and_headings() {
    let mut broken = Vec::new();
    let mut checked = 0;
    for doc in documents() {
        let text = std::fs::read_to_string(&doc).expect("readable document");
        for (n, line) in prose(&text).iter().enumerate() {
            for target in targets(line) {
                if target.contains("://") || target.starts_with("mailto:") {
                    continue;
                }
                let (path, anchor) = target.split_once('#').unwrap_or((&target, ""));
                let file =
                    if path.is_empty() { doc.clone() } else { doc.parent().expect("folder").join(path) };
                checked += 1;
                if !file.exists() {
                    broken.push(format!("{}:{}: {target}: no such file", doc.display(), n + 1));
                    continue;
                }
                let is_markdown = file.extension().is_some_and(|x| x == "md");
                if !anchor.is_empty() && is_markdown {
                    let headings = anchors(&std::fs::read_to_string(&file).expect("readable target"));
                    if !headings.contains(anchor) {
                        broken.push(format!("{}:{}: {target}: no such heading", doc.display(), n + 1));
                    }
                }
            }
        }
    }
    assert!(checked > 50, "only {checked} links found: is the link reader broken?");
    assert!(broken.is_empty(), "{} broken links:\n{}", broken.len(), broken.join("\n"));
}

#[test]
fn heading_anchors_are_made_as_github_makes_them() {
    let text = "# Guide\n## `tmalign merge`\n### SRX rules (`--srx`)\n## Guide\n```\n# not a heading\n```\n#12's gap\n";
    let a = anchors(text);
    for want in ["guide", "tmalign-merge", "srx-rules---srx", "guide-1"] {
        assert!(a.contains(want), "{want} missing from {a:?}");
    }
    assert!(!a.contains("not-a-heading") && !a.contains("12s-gap"), "{a:?}");
}
