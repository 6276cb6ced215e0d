//! Grouping the hits' renderings: case-folded spellings, and templates with
//! a `{name}` slot where only a name differs.

use super::*;

/// A group of hits under one rendering.
#[derive(Default)]
pub(super) struct Group {
    /// Each spelling: hits, and hits where the case is not positional.
    spellings: HashMap<String, (usize, usize)>,
    fillers: Vec<String>,
    units: Vec<u32>,
    count: usize,
    score: f64,
    whole: usize,
    last: usize,
}

impl Group {
    fn add(&mut self, f: &Found) {
        let e = self.spellings.entry(f.text.clone()).or_default();
        e.0 += 1;
        e.1 += usize::from(!f.positional);
        if let Some(x) = &f.filler {
            if !self.fillers.contains(x) {
                self.fillers.push(x.clone());
            }
        }
        if self.units.len() < MAX_EXAMPLES && !self.units.contains(&f.unit) {
            self.units.push(f.unit);
        }
        self.count += 1;
        self.score += f.strength;
        self.whole += usize::from(f.whole);
        self.last += usize::from(f.last);
    }

    fn text(&self) -> String {
        let mut v: Vec<(&String, &(usize, usize))> = self.spellings.iter().collect();
        // Most frequent where the case is free, then most frequent, then
        // the one with more capitalised words after its first (the proper
        // name of a body as the translator wrote it, "Municipal Health
        // Commission", over a description of it in lower case: the same
        // tie-break as between renderings, see `group`; session 16), then
        // the one starting in lower case (the first word's capital is the
        // one most often positional), then by text.
        let inner_capitals = |t: &str| capitalised(t.split_once(' ').map_or("", |x| x.1));
        v.sort_by(|a, b| {
            (b.1 .1, b.1 .0)
                .cmp(&(a.1 .1, a.1 .0))
                .then(inner_capitals(b.0).cmp(&inner_capitals(a.0)))
                .then(a.0.starts_with(char::is_uppercase).cmp(&b.0.starts_with(char::is_uppercase)))
                .then(a.0.cmp(b.0))
        });
        v.first().map(|x| x.0.clone()).unwrap_or_default()
    }
}

/// The key under which spellings are grouped: case, spacing and a hyphen
/// between two letters ("vice-president", "vice president") are spelling,
/// not rendering.
pub(super) fn fold(text: &str) -> String {
    let text = collapse(text).to_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut prev = None;
    while let Some(c) = chars.next() {
        let joins_letters = c == '-'
            && prev.is_some_and(char::is_alphabetic)
            && chars.peek().is_some_and(|n| n.is_alphabetic());
        out.push(if joins_letters { ' ' } else { c });
        prev = Some(c);
    }
    out
}

/// Capitalised words of a rendering (the slot not counted): the proper
/// name of an office or body is written in title case, a description of
/// it ("Party secretary of Wujin county") mostly is not.
pub(super) fn capitalised(text: &str) -> usize {
    text.split_whitespace().filter(|w| *w != "{name}" && w.starts_with(char::is_uppercase)).count()
}

/// English templates of a rendering: each run of one to three capitalised
/// pinyin words (not the first word) replaced by `{name}`, with the run.
pub(super) fn templates(text: &str) -> Vec<(String, String)> {
    let words: Vec<&str> = text.split(' ').collect();
    let cap = |w: &str| w.chars().next().is_some_and(char::is_uppercase) && is_pinyin(w);
    let mut out = Vec::new();
    for a in 1..words.len() {
        for b in a + 1..=(a + 3).min(words.len()) {
            if !words[a..b].iter().all(|w| cap(w)) {
                break;
            }
            let t = [&words[..a], &["{name}"], &words[b..]].concat().join(" ");
            out.push((t, words[a..b].join(" ")));
        }
    }
    out
}

pub(super) fn group(found: Vec<Found>, phrase: &str, target: Lang, limit: usize) -> Vec<Rendering> {
    // Slot-free English renderings that share a template with another name,
    // or with a rendering whose name already went into a slot (the same
    // title after the place's name in the Chinese: `南州市…主任`), so that
    // "director of the Nanzhou …" is counted with "director of the {name} …".
    let mut by_template: HashMap<String, Vec<(usize, String)>> = HashMap::new();
    let mut slotted: HashSet<String> = HashSet::new();
    if target == Lang::En {
        for (k, f) in found.iter().enumerate() {
            match &f.filler {
                None => {
                    for (t, filler) in templates(&f.text) {
                        by_template.entry(fold(&t)).or_default().push((k, filler));
                    }
                }
                Some(_) => {
                    slotted.insert(fold(&f.text));
                }
            }
        }
    }
    let mut template_of: Vec<Option<(String, String)>> = vec![None; found.len()];
    // Templates with the most hits first, then the shortest names.
    let mut ts: Vec<(String, Vec<(usize, String)>)> = by_template
        .into_iter()
        .filter(|(t, v)| {
            let mut names: Vec<String> = v.iter().map(|x| fold(&x.1)).collect();
            names.sort_unstable();
            names.dedup();
            names.len() >= 2 || slotted.contains(t)
        })
        .collect();
    ts.sort_by(|a, b| {
        b.1.len()
            .cmp(&a.1.len())
            .then(a.1.iter().map(|x| x.1.len()).sum::<usize>().cmp(&b.1.iter().map(|x| x.1.len()).sum()))
            .then(a.0.cmp(&b.0))
    });
    for (t, v) in &ts {
        for (k, filler) in v {
            if template_of[*k].is_none() {
                template_of[*k] = Some((t.clone(), filler.clone()));
            }
        }
    }
    let mut groups: HashMap<String, Group> = HashMap::new();
    for (k, mut f) in found.into_iter().enumerate() {
        if let Some((_, filler)) = &template_of[k] {
            // Rebuild the template in this hit's own case.
            let orig = templates(&f.text).into_iter().find(|(_, x)| x == filler);
            if let Some((t, x)) = orig {
                f.text = t;
                f.filler = Some(x);
            }
        }
        groups.entry(fold(&f.text)).or_default().add(&f);
    }
    let mut out: Vec<Rendering> = groups
        .into_values()
        .map(|g| Rendering {
            text: g.text(),
            count: g.count,
            fillers: g.fillers.clone(),
            examples: g.units.clone(),
            score: g.score,
            structure: structure_agrees(phrase, target, &g.text()),
            whole: g.whole,
            last: g.last,
        })
        .collect();
    // Renderings that keep the phrase's title structure first
    // ([`structure_agrees`]), then those that render both ends of the
    // phrase in at least half their hits ([`Rendering::renders_whole`]: a
    // span of one end is a fragment, "bureau" for `市市场监管局`, however
    // often it is seen; session 14), then of those fragments the ones that
    // render the phrase's last end, its head (session 15:
    // [`Rendering::renders_last`]), then by count (what a reader of the
    // list expects, and the same 91/106 on corpora/titles/dev.tsv as by
    // score), then by score.
    // Equal scores: the title-case name in English, the longer (a whole
    // word rather than a piece) in Chinese.
    // A level word the phrase does not start with ("Municipal" of the `市`
    // before `人力资源和社会保障局`, alone or after its place's slot)
    // renders characters outside the phrase: such a rendering loses ties.
    let outside_level = |t: &str| {
        let mut words = t.split_whitespace();
        let first = words.next().filter(|w| *w != "{name}").or_else(|| words.next());
        !phrase.starts_with(LEVEL_HAN) && first.is_some_and(|w| LEVEL_WORDS.contains(&w))
    };
    let tie = |r: &Rendering| match target {
        Lang::En => (!outside_level(&r.text), capitalised(&r.text)),
        Lang::Zh => (true, r.text.chars().count()),
    };
    out.sort_by(|a, b| {
        b.structure
            .cmp(&a.structure)
            .then(b.renders_whole().cmp(&a.renders_whole()))
            .then(b.renders_last().cmp(&a.renders_last()))
            .then(b.count.cmp(&a.count))
            .then(b.score.total_cmp(&a.score))
            .then(tie(b).cmp(&tie(a)))
            .then(a.text.cmp(&b.text))
    });
    out.truncate(limit);
    out
}
