//! TMX files as trees, to compare units by meaning rather than by bytes:
//! attribute order, quoting, indentation between elements, escapes and the
//! file's encoding do not count; every attribute, element and character of
//! text does.

#![allow(dead_code)]

use quick_xml::events::Event;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Node {
    Element(Element),
    Text(String),
}

#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Element {
    pub name: String,
    /// Sorted by name.
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Node>,
}

impl Element {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn elements<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter_map(move |c| match c {
            Node::Element(e) if e.name == name => Some(e),
            _ => None,
        })
    }

    /// All text below this element, markup left out.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for c in &self.children {
            match c {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => out.push_str(&e.text()),
            }
        }
        out
    }

    /// Whether an element of this name occurs anywhere below.
    pub fn contains(&self, name: &str) -> bool {
        self.children.iter().any(|c| matches!(c, Node::Element(e) if e.name == name || e.contains(name)))
    }
}

/// The header and the units of a TMX document.
#[derive(Debug)]
pub struct Tmx {
    pub header: Element,
    pub units: Vec<Element>,
}

/// Elements that hold only elements: whitespace between their children is layout.
const ELEMENT_ONLY: &[&str] = &["tmx", "header", "body", "tu", "tuv", "ude", "map"];

/// Parses a TMX document (UTF-8, or UTF-16 with a byte-order mark).
pub fn parse(bytes: &[u8]) -> Tmx {
    // `decode` follows a byte-order mark, and takes UTF-8 without one.
    let text = encoding_rs::UTF_8.decode(bytes).0.into_owned();
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        let event = reader.read_event().expect("well-formed XML");
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let mut attributes: Vec<(String, String)> = e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        let v = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap();
                        (a.key.as_ref().to_string(), v.into_owned())
                    })
                    .collect();
                // TMX 1.4 deprecates `lang` for `xml:lang`: the same attribute.
                if !attributes.iter().any(|(k, _)| k == "xml:lang") {
                    for (k, _) in attributes.iter_mut().filter(|(k, _)| k == "lang") {
                        *k = "xml:lang".to_string();
                    }
                }
                attributes.sort();
                stack.push(Element { name: e.name().as_ref().to_string(), attributes, children: Vec::new() });
                if matches!(event, Event::Empty(_)) {
                    close(&mut stack);
                }
            }
            Event::End(_) => close(&mut stack),
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => push_text(&mut stack, &t.xml10_content()),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().unwrap() {
                    Some(c) => c.to_string(),
                    None => {
                        quick_xml::escape::resolve_xml_entity(&r).expect("a predefined entity").to_string()
                    }
                };
                push_text(&mut stack, &c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let root = stack.pop().unwrap();
    let tmx = root.elements("tmx").next().expect("a <tmx> root").clone();
    let header = tmx.elements("header").next().cloned().unwrap_or_default();
    let units = tmx.elements("body").flat_map(|b| b.elements("tu").cloned().collect::<Vec<_>>()).collect();
    Tmx { header, units }
}

fn push_text(stack: &mut [Element], s: &str) {
    let top = stack.last_mut().unwrap();
    if let Some(Node::Text(t)) = top.children.last_mut() {
        t.push_str(s);
    } else {
        top.children.push(Node::Text(s.to_string()));
    }
}

fn close(stack: &mut Vec<Element>) {
    let mut e = stack.pop().unwrap();
    if ELEMENT_ONLY.contains(&e.name.as_str()) {
        e.children.retain(|c| !matches!(c, Node::Text(t) if t.trim().is_empty()));
    }
    stack.last_mut().unwrap().children.push(Node::Element(e));
}

/// A unit as it means under its header: the header's defaults for units
/// added where the unit has none of its own.
pub fn effective(unit: &Element, header: &Element) -> Element {
    let mut u = unit.clone();
    for (k, v) in &header.attributes {
        if tmalign::tmx::HEADER_DEFAULTS.contains(&k.as_str()) && u.attribute(k).is_none() {
            u.attributes.push((k.clone(), v.clone()));
        }
    }
    u.attributes.sort();
    u
}

/// The effective units of a document, sorted (a multiset).
pub fn effective_units(tmx: &Tmx) -> Vec<Element> {
    let mut units: Vec<Element> = tmx.units.iter().map(|u| effective(u, &tmx.header)).collect();
    units.sort();
    units
}

/// What `tmalign merge INPUTS…` must write, as effective units: every unit of
/// every input, minus those whose cleaned texts an earlier unit already had.
/// The texts come from tmalign's reader (the flattening rules are its own);
/// everything compared comes from this module's parse.
pub fn expected_merge(inputs: &[&std::path::Path]) -> Vec<Element> {
    let mut seen = std::collections::HashSet::new();
    let mut scratch = Vec::new();
    let mut out = Vec::new();
    for path in inputs {
        let tree = parse(&std::fs::read(path).unwrap());
        let units: Vec<tmalign::tmx::Unit> =
            tmalign::tmx::read_file(path).unwrap().collect::<Result<_, _>>().unwrap();
        assert_eq!(units.len(), tree.units.len(), "{}", path.display());
        for (mut unit, element) in units.into_iter().zip(&tree.units) {
            for v in &mut unit.variants {
                v.text = tmalign::tmx::clean_text(&v.text).0;
            }
            if seen.insert(tmalign::tmx::fingerprint(&unit, &mut scratch)) {
                out.push(effective(element, &tree.header));
            }
        }
    }
    out.sort();
    out
}

/// Asserts that `merged` holds exactly the units [`expected_merge`] says,
/// naming the first unit that differs.
pub fn assert_lossless_merge(inputs: &[&std::path::Path], merged: &std::path::Path) {
    let expected = expected_merge(inputs);
    let actual = effective_units(&parse(&std::fs::read(merged).unwrap()));
    if let Some(missing) = expected.iter().find(|u| !actual.contains(u)) {
        panic!("a unit of the inputs is not in the merged memory as it was:\n{missing:#?}");
    }
    if let Some(extra) = actual.iter().find(|u| !expected.contains(u)) {
        panic!("the merged memory has a unit no input had:\n{extra:#?}");
    }
    assert_eq!(actual, expected, "same units, different counts");
}
