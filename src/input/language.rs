//! Checking that a pair is one Chinese and one English document.
//!
//! A memory built from two English files, from halves given in the wrong
//! order or from a `.zh.txt` that holds the English edition is worse than no
//! memory: its units look fine and are wrong. Each side's language is found
//! by script ([`crate::lang::ScriptCounts`]) and compared with what the user
//! or the file name says it is; a disagreement is refused, with what was
//! found, unless the user passes `--no-language-check`.

use std::path::Path;

use crate::lang::{english_name, Lang, ScriptCounts};

/// One side of a pair as the check sees it.
#[derive(Clone, Copy, Debug)]
pub struct SideCheck<'a> {
    /// The file, for messages and for the language its name gives.
    pub path: &'a Path,
    pub text: &'a str,
    /// The language the user named (`--source-lang`), if any.
    pub declared: Option<Lang>,
    /// The option that names it, for messages (`--source-lang`).
    pub option: &'static str,
}

/// A pair whose languages are not what they should be.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}; {advice}")]
pub struct LanguageError {
    pub file: String,
    pub message: String,
    /// What to do about it.
    pub advice: String,
}

/// The way out of a language check that is wrong about a pair.
const OVERRIDE: &str = "pass --no-language-check to align it anyway";

/// The language a path names: `NAME.zh`, `NAME.zh.txt` (any case), or a
/// file in a folder called `zh` (the `zh/NAME` + `en/NAME` layout).
pub fn file_name_lang(path: &Path) -> Option<Lang> {
    let code = |s: &str| [Lang::Zh, Lang::En].into_iter().find(|l| l.named_by(s));
    let name = path.file_name()?.to_str()?;
    let lower = name.to_ascii_lowercase();
    let stem = lower.strip_suffix(".txt").unwrap_or(&lower);
    if let Some((_, ext)) = stem.rsplit_once('.') {
        if let Some(l) = code(ext) {
            return Some(l);
        }
    }
    path.parent().and_then(|d| d.file_name()).and_then(|d| d.to_str()).and_then(code)
}

/// Checks both sides of a pair; see the module documentation.
pub fn check_pair(source: &SideCheck, target: &SideCheck) -> Result<(), LanguageError> {
    let found = |s: &SideCheck| ScriptCounts::of(s.text);
    let (fs, ft) = (found(source), found(target));
    let (ls, lt) = (fs.lang(), ft.lang());
    let expected = |s: &SideCheck| s.declared.or_else(|| file_name_lang(s.path));
    let (es, et) = (expected(source), expected(target));
    let show = |p: &Path| p.display().to_string();

    if let (Some(es), Some(et), Some(ls), Some(lt)) = (es, et, ls, lt) {
        if es != et && ls == et && lt == es {
            return Err(LanguageError {
                file: show(source.path),
                message: format!(
                    "the halves look swapped: it reads as {} ({fs}) and {} reads as {} ({ft})",
                    english_name(ls),
                    show(target.path),
                    english_name(lt)
                ),
                // Aligning them anyway would pair each text with itself
                // read as the other language: the fix is the names or the
                // order, whichever contradicts the texts.
                advice: if file_name_lang(source.path) == Some(lt) || file_name_lang(target.path) == Some(ls)
                {
                    "their names say the other language: rename them (the Chinese text into a .zh.txt name) or move them to the other folder".into()
                } else {
                    format!(
                        "swap the two files (in a manifest, its two columns), or give --{} {} --{} {} if {} is the source",
                        source.option.trim_start_matches("--"),
                        ls.code(),
                        target.option.trim_start_matches("--"),
                        lt.code(),
                        english_name(ls)
                    )
                },
            });
        }
    }
    for (side, counts, lang) in [(source, fs, ls), (target, ft, lt)] {
        let Some(lang) = lang else { continue };
        // The name is the likelier culprit (and `batch` always declares a language).
        let (why, said) = match (file_name_lang(side.path), side.declared) {
            (Some(n), _) if n != lang => ("its name".to_string(), n),
            (_, Some(d)) if d != lang => (format!("{} {d}", side.option), d),
            _ => continue,
        };
        return Err(LanguageError {
            file: show(side.path),
            message: format!(
                "{why} says {} but the text reads as {} ({counts})",
                english_name(said),
                english_name(lang)
            ),
            advice: OVERRIDE.into(),
        });
    }
    if let (Some(ls), Some(lt)) = (ls, lt) {
        if ls == lt {
            return Err(LanguageError {
                file: show(source.path),
                message: format!(
                    "both sides read as {} (it has {fs}; {} has {ft}); a pair needs one Chinese and one English document",
                    english_name(ls),
                    show(target.path)
                ),
                advice: OVERRIDE.into(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZH: &str = "连云港市今年的港口吞吐量达到三亿吨。";
    const EN: &str = "The port of Lianyungang handled 300 million tonnes this year.";

    fn side<'a>(path: &'a str, text: &'a str, declared: Option<Lang>) -> SideCheck<'a> {
        SideCheck { path: Path::new(path), text, declared, option: "--source-lang" }
    }

    #[test]
    fn a_chinese_and_an_english_side_pass() {
        assert!(check_pair(&side("a.zh.txt", ZH, None), &side("a.en.txt", EN, None)).is_ok());
        assert!(check_pair(&side("x", EN, None), &side("y", ZH, None)).is_ok());
    }

    #[test]
    fn two_english_sides_are_refused_with_the_counts() {
        let err = check_pair(&side("a.en", EN, None), &side("b.en", EN, None)).unwrap_err().to_string();
        assert!(err.starts_with("a.en: both sides read as English"), "{err}");
        assert!(err.contains("0 Han characters"), "{err}");
    }

    #[test]
    fn swapped_halves_are_named_as_such_with_the_fix_that_works() {
        // Names that say the wrong language: renaming is the fix (giving the
        // languages the other way round would meet the names' check).
        let target = SideCheck { option: "--target-lang", ..side("a.en.txt", ZH, None) };
        let err = check_pair(&side("a.zh.txt", EN, None), &target).unwrap_err().to_string();
        assert!(err.contains("the halves look swapped"), "{err}");
        assert!(err.contains("rename them") && !err.contains("--no-language-check"), "{err}");
        // Names that say nothing (a manifest's columns given the other way
        // round): the order, or the languages given as the texts are.
        let source = side("doc-1.txt", EN, Some(Lang::Zh));
        let target = SideCheck { option: "--target-lang", ..side("doc-2.txt", ZH, Some(Lang::En)) };
        let err = check_pair(&source, &target).unwrap_err().to_string();
        assert!(
            err.contains("swap the two files") && err.contains("--source-lang en --target-lang zh"),
            "{err}"
        );
    }

    #[test]
    fn english_in_a_chinese_file_name_is_refused() {
        let err = check_pair(&side("a.zh.txt", EN, None), &side("b.txt", ZH, None)).unwrap_err().to_string();
        assert!(err.starts_with("a.zh.txt: its name says Chinese but the text reads as English"), "{err}");
    }

    #[test]
    fn a_declared_language_that_the_text_contradicts_is_refused() {
        let err =
            check_pair(&side("a.txt", ZH, Some(Lang::En)), &side("b.txt", EN, None)).unwrap_err().to_string();
        assert!(
            err.starts_with("a.txt: --source-lang en says English but the text reads as Chinese"),
            "{err}"
        );
    }

    #[test]
    fn names_give_the_language_by_suffix_or_folder() {
        assert_eq!(file_name_lang(Path::new("d/a.ZH.txt")), Some(Lang::Zh));
        assert_eq!(file_name_lang(Path::new("a.en")), Some(Lang::En));
        assert_eq!(file_name_lang(Path::new("zh/a.txt")), Some(Lang::Zh));
        assert_eq!(file_name_lang(Path::new("zhen.txt")), None);
        // The names `batch` pairs say their language here too.
        assert_eq!(file_name_lang(Path::new("b.zh-CN.txt")), Some(Lang::Zh));
        assert_eq!(file_name_lang(Path::new("en-GB/b.txt")), Some(Lang::En));
        assert_eq!(file_name_lang(Path::new("zh-notes/b.txt")), None);
    }
}
