//! TBX-Basic glossary (TermBase eXchange, ISO 30042, the TBX v2 `martif`
//! form that OmegaT, Trados MultiTerm and memoQ import), written with
//! quick-xml, which escapes the text and attribute values.
//!
//! The structure, one `termEntry` per glossary entry:
//!
//! ```text
//! martif type="TBX-Basic" xml:lang=SOURCE
//!   martifHeader / fileDesc / sourceDesc / p      what made the file
//!                encodingDesc / p type="XCSURI"   TBXBasicXCSV02.xcs
//!   text / body
//!     termEntry id="e1"
//!       note                                       seen N times, score S; e.g. EXAMPLE
//!       langSet xml:lang=SOURCE / tig / term       the source term
//!       langSet xml:lang=TARGET / tig / term       its rendering
//! ```
//!
//! No DOCTYPE is written: a reader that resolves the DTD named in one would
//! need it on disk or the network, and the importers need none. `note` is
//! allowed at the entry level by TBX-Basic; OmegaT shows it as the entry's
//! comment.

use std::io::Write;

use quick_xml::events::{BytesDecl, BytesText, Event};

use super::{
    comment, kept_entries, GlossaryEntry, GlossaryError, GlossarySummary, GlossaryWriter, Languages,
};

/// Writes a TBX-Basic (v2) file.
pub struct TbxGlossary;

impl GlossaryWriter for TbxGlossary {
    fn write(
        &self,
        languages: &Languages,
        entries: &[GlossaryEntry],
        out: &mut dyn Write,
    ) -> Result<GlossarySummary, GlossaryError> {
        let (kept, summary) = kept_entries(entries, |_| None);
        let mut xml = quick_xml::Writer::new_with_indent(&mut *out, b' ', 2);
        xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let about = format!(
            "Glossary of {} terms and their {} renderings, extracted by tmalign {} from a translation memory.",
            languages.source,
            languages.target,
            env!("CARGO_PKG_VERSION")
        );
        xml.create_element("martif")
            .with_attributes([("type", "TBX-Basic"), ("xml:lang", languages.source.as_str())])
            .write_inner_content(|xml| -> std::io::Result<()> {
                xml.create_element("martifHeader").write_inner_content(|xml| -> std::io::Result<()> {
                    xml.create_element("fileDesc").write_inner_content(|xml| -> std::io::Result<()> {
                        xml.create_element("sourceDesc").write_inner_content(
                            |xml| -> std::io::Result<()> {
                                xml.create_element("p").write_text_content(BytesText::new(&about))?;
                                Ok(())
                            },
                        )?;
                        Ok(())
                    })?;
                    xml.create_element("encodingDesc").write_inner_content(|xml| -> std::io::Result<()> {
                        xml.create_element("p")
                            .with_attribute(("type", "XCSURI"))
                            .write_text_content(BytesText::new("TBXBasicXCSV02.xcs"))?;
                        Ok(())
                    })?;
                    Ok(())
                })?;
                xml.create_element("text").write_inner_content(|xml| -> std::io::Result<()> {
                    xml.create_element("body").write_inner_content(|xml| -> std::io::Result<()> {
                        for (index, entry, clean) in &kept {
                            let id = format!("e{}", index + 1);
                            let note = comment(entry, &clean.example);
                            xml.create_element("termEntry")
                                .with_attribute(("id", id.as_str()))
                                .write_inner_content(|xml| -> std::io::Result<()> {
                                    xml.create_element("note").write_text_content(BytesText::new(&note))?;
                                    for (lang, term) in [
                                        (&languages.source, &clean.source),
                                        (&languages.target, &clean.target),
                                    ] {
                                        xml.create_element("langSet")
                                            .with_attribute(("xml:lang", lang.as_str()))
                                            .write_inner_content(|xml| -> std::io::Result<()> {
                                                xml.create_element("tig").write_inner_content(
                                                    |xml| -> std::io::Result<()> {
                                                        xml.create_element("term")
                                                            .write_text_content(BytesText::new(term))?;
                                                        Ok(())
                                                    },
                                                )?;
                                                Ok(())
                                            })?;
                                    }
                                    Ok(())
                                })?;
                        }
                        Ok(())
                    })?;
                    Ok(())
                })?;
                Ok(())
            })?;
        out.write_all(b"\n")?;
        Ok(summary)
    }
}

#[cfg(test)]
mod tests {
    use super::super::sample;
    use super::*;

    fn written(entries: &[GlossaryEntry]) -> (String, GlossarySummary) {
        super::super::written(&TbxGlossary, entries)
    }

    /// The (language, term) pairs and notes of each termEntry, read back
    /// with quick-xml's reader.
    fn read_back(xml: &str) -> Vec<(Vec<(String, String)>, String)> {
        use quick_xml::events::Event;
        let mut reader = quick_xml::Reader::from_str(xml);
        let (mut entries, mut lang, mut text) = (Vec::new(), String::new(), String::new());
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) => {
                    text.clear();
                    if e.name().into_inner() == "termEntry" {
                        entries.push((Vec::new(), String::new()));
                    }
                    if e.name().into_inner() == "langSet" {
                        let a = e.try_get_attribute("xml:lang").unwrap().unwrap();
                        lang = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap().into_owned();
                    }
                }
                Event::Text(t) => text.push_str(&t.xml10_content()),
                Event::GeneralRef(r) => text.push_str(quick_xml::escape::resolve_xml_entity(&r).unwrap()),
                Event::End(e) => match e.name().into_inner() {
                    "term" => entries.last_mut().unwrap().0.push((lang.clone(), text.clone())),
                    "note" => entries.last_mut().unwrap().1 = text.clone(),
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        entries
    }

    #[test]
    fn each_entry_is_a_term_entry_with_a_lang_set_per_language_and_a_note() {
        let (xml, summary) = written(&sample());
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), "{xml}");
        assert!(xml.contains("<martif type=\"TBX-Basic\" xml:lang=\"zh-CN\">"), "{xml}");
        assert!(xml.contains("<p type=\"XCSURI\">TBXBasicXCSV02.xcs</p>"), "{xml}");
        let entries = read_back(&xml);
        assert_eq!(entries.len(), 2);
        assert_eq!(
            entries[0].0,
            [
                ("zh-CN".to_string(), "常务副市长".to_string()),
                ("en-US".to_string(), "executive vice-mayor".to_string())
            ]
        );
        assert_eq!(entries[0].1, "seen 4 times, score 0.910; e.g. 常务副市长王建国主持会议。");
        assert_eq!(summary.written, 2);
    }

    #[test]
    fn markup_characters_in_terms_are_escaped_and_read_back_unchanged() {
        let mut entries = sample();
        entries[0].target = "R&D <centre> \"A\" 'B'".into();
        entries[1].source = "控制\u{1}字符".into();
        let (xml, _) = written(&entries);
        assert!(xml.contains("R&amp;D &lt;centre&gt;"), "{xml}");
        assert!(!xml.contains('\u{1}'));
        let entries = read_back(&xml);
        assert_eq!(entries[0].0[1].1, "R&D <centre> \"A\" 'B'");
        assert_eq!(entries[1].0[0].1, "控制 字符");
    }

    #[test]
    fn an_entry_without_a_target_is_left_out_and_reported() {
        let mut entries = sample();
        entries[0].target = String::new();
        let (xml, summary) = written(&entries);
        assert_eq!(read_back(&xml).len(), 1);
        assert_eq!(summary.skipped, [super::super::Skipped { index: 0, reason: "empty target term" }]);
        assert!(xml.contains("<termEntry id=\"e2\">"), "ids follow the input order: {xml}");
    }
}
