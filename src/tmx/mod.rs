//! TMX 1.4: writing memories CAT tools load, and reading theirs.

/// One translation unit: its variants (one per language) and its metadata.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Unit {
    pub variants: Vec<Variant>,
    /// `<prop type="…">` values, in document order.
    pub props: Vec<(String, String)>,
}

/// The text of a unit in one language.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Variant {
    /// The `xml:lang` tag as written in the file (`zh-CN`, `en-US`, …).
    pub lang: String,
    /// The segment as plain text, inline markup flattened.
    pub text: String,
}
