//! TMX 1.4: writing memories CAT tools load, and reading theirs.
//!
//! * [`Writer`] streams [`Unit`]s out as TMX 1.4 with the header fields the
//!   standard requires; every segment it builds goes through [`clean_text`]
//!   (NFC, collapsed whitespace, no character XML 1.0 forbids) so what we
//!   write is always well-formed and valid against the DTD. Units read from
//!   a TMX file are copied as read, but for characters XML 1.0 forbids.
//! * [`Reader`] streams [`Unit`]s in with constant memory, whatever the size of
//!   the file: UTF-8 or UTF-16 (by byte-order mark) or any encoding the XML
//!   declaration names, inline markup flattened to plain text. On request it
//!   also hands out each unit's XML exactly as written (re-encoded to UTF-8),
//!   which the [`Writer`] copies as it is: that is how `merge` rewrites a
//!   memory without losing the attributes, notes, props and inline codes it
//!   does not itself understand.
//! * [`lang_matches`] and [`tag_matches`] compare language tags the way users
//!   expect `zh`, `zh-CN`, `zh-Hans` and friends to compare.

mod decode;
mod dedup;
mod reader;
mod tag;
mod text;
mod writer;

pub(crate) use dedup::hash_field;
pub use dedup::{fingerprint, segment_fingerprint, Dedup};
pub use reader::{read_file, read_header, Dropped, HeaderInfo, Location, Reader, TmxError};
pub use tag::{canonical_tag, lang_matches, tag_for, tag_matches, valid_tag};
pub use text::{clean_text, clean_text_into};
pub use writer::{
    creation_date, tmx_date, BadSourceDateEpoch, Header, WriteSummary, Writer, HEADER_DEFAULTS,
};

/// One translation unit: its variants (one per language) and its metadata.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Unit {
    pub variants: Vec<Variant>,
    /// `<prop type="…">` values of the `<tu>`, in document order.
    pub props: Vec<(String, String)>,
    /// Attributes of the `<tu>` (`tuid`, `creationdate`, `segtype`…), in document order.
    pub attributes: Vec<(String, String)>,
    /// Texts of the `<note>`s of the `<tu>`, in document order.
    pub notes: Vec<String>,
    /// The whole `<tu>…</tu>` element as it was read (UTF-8, references and
    /// inline codes untouched), when the [`Reader`] was asked to keep it
    /// ([`Reader::keep_verbatim`]); empty otherwise. When set, the [`Writer`]
    /// writes it instead of the fields above, so whoever changes a unit's
    /// texts or metadata must clear it.
    pub verbatim: String,
}

/// The text of a unit in one language.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Variant {
    /// The `xml:lang` tag as written in the file (`zh-CN`, `en-US`, …).
    pub lang: String,
    /// The segment as plain text, inline markup flattened.
    pub text: String,
}

impl Unit {
    /// The text of the first variant whose tag matches `lang` (see [`lang_matches`]).
    pub fn text(&self, lang: crate::lang::Lang) -> Option<&str> {
        self.variants.iter().find(|v| lang_matches(&v.lang, lang)).map(|v| v.text.as_str())
    }

    /// The value of the first `<prop>` of this type.
    pub fn prop(&self, kind: &str) -> Option<&str> {
        self.props.iter().find(|(k, _)| k == kind).map(|(_, v)| v.as_str())
    }

    /// The value of an attribute of the `<tu>`.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}
