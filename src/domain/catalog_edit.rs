//! Correcting a target's wording on the pages (an administrator): the texts that may change without touching
//! what the figures mean (titles, the resolution's own words, the unit's name), checked as `catalog load` checks
//! them, and what changed, field by field, for the catalog's history. Pure.

use super::catalog::{CountWords, Target};
use super::lang::Lang;
use super::text::{clean, forbidden_control};

/// A target's words.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Wording {
    pub title_vi: String,
    pub title_en: String,
    pub source_text_vi: String,
    pub unit_vi: String,
    pub unit_en: String,
    /// A ratio roll-up's words for a unit's two counts.
    pub counts: CountWords,
}

/// The longest text a field takes, in characters.
pub use super::text::TEXT_CHARS as LONGEST;

/// A field's problem, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordingProblem {
    pub field: &'static str,
    pub vi: String,
    pub en: String,
}

impl WordingProblem {
    pub fn message(&self, lang: Lang) -> &str {
        lang.pick(&self.vi, &self.en)
    }
}

impl Wording {
    pub fn of(t: &Target) -> Wording {
        Wording {
            title_vi: t.title_vi.clone(),
            title_en: t.title_en.clone(),
            source_text_vi: t.source_text_vi.clone(),
            unit_vi: t.unit_vi.clone(),
            unit_en: t.unit_en.clone(),
            counts: t.counts.clone(),
        }
    }

    /// Trimmed and composed (NFC), as `catalog load` stores text.
    pub fn cleaned(&self) -> Wording {
        Wording {
            title_vi: clean(&self.title_vi),
            title_en: clean(&self.title_en),
            source_text_vi: clean(&self.source_text_vi),
            unit_vi: clean(&self.unit_vi),
            unit_en: clean(&self.unit_en),
            counts: CountWords {
                numerator_vi: clean(&self.counts.numerator_vi),
                numerator_en: clean(&self.counts.numerator_en),
                denominator_vi: clean(&self.counts.denominator_vi),
                denominator_en: clean(&self.counts.denominator_en),
            },
        }
    }

    pub fn fields(&self) -> [(&'static str, &str); 9] {
        let [n_vi, n_en, d_vi, d_en] = self.counts.fields();
        [
            ("title_vi", &self.title_vi),
            ("title_en", &self.title_en),
            ("source_text_vi", &self.source_text_vi),
            ("unit_vi", &self.unit_vi),
            ("unit_en", &self.unit_en),
            n_vi,
            n_en,
            d_vi,
            d_en,
        ]
    }

    /// Every field's problem: titles must not be empty (as `catalog load` says), no field holds a control
    /// character or more than [`LONGEST`] characters.
    pub fn problems(&self) -> Vec<WordingProblem> {
        let mut problems = Vec::new();
        for (field, text) in self.fields() {
            if field.starts_with("title") && text.trim().is_empty() {
                problems.push(WordingProblem {
                    field,
                    vi: "không được để trống".into(),
                    en: "must not be empty".into(),
                });
            } else if super::text::too_long(text) {
                problems.push(WordingProblem {
                    field,
                    vi: format!("dài quá {LONGEST} ký tự"),
                    en: format!("is longer than {LONGEST} characters"),
                });
            } else if field.starts_with("unit_") && text.trim().is_empty() && self.unit_given() {
                problems.push(WordingProblem {
                    field,
                    vi: "không được để trống khi đơn vị tính có ở ngôn ngữ kia".into(),
                    en: "must not be empty when the other language has it".into(),
                });
            } else if let Some(c) = forbidden_control(text) {
                problems.push(WordingProblem {
                    field,
                    vi: format!("có ký tự điều khiển U+{:04X}", u32::from(c)),
                    en: format!("holds the control character U+{:04X}", u32::from(c)),
                });
            }
        }
        problems
    }

    /// Whether the unit of measure is named in either language.
    fn unit_given(&self) -> bool {
        !self.unit_vi.trim().is_empty() || !self.unit_en.trim().is_empty()
    }

    /// The fields that differ from `before`: (field, old, new).
    pub fn changes_from<'a>(
        &'a self,
        before: &'a Wording,
    ) -> Vec<(&'static str, &'a str, &'a str)> {
        before
            .fields()
            .into_iter()
            .zip(self.fields())
            .filter(|((_, old), (_, new))| old != new)
            .map(|((field, old), (_, new))| (field, old, new))
            .collect()
    }

    /// The target with these words.
    pub fn applied_to(&self, t: &Target) -> Target {
        Target {
            title_vi: self.title_vi.clone(),
            title_en: self.title_en.clone(),
            source_text_vi: self.source_text_vi.clone(),
            unit_vi: self.unit_vi.clone(),
            unit_en: self.unit_en.clone(),
            counts: self.counts.clone(),
            ..t.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::shipped_for_tests;

    #[test]
    fn a_corrected_wording_is_checked_and_its_changes_listed() {
        let catalog = shipped_for_tests();
        let t03 = catalog.target("T03").expect("T03");
        let before = Wording::of(t03);
        let mut after = before.clone();
        after.source_text_vi = before.source_text_vi.replace("nuôi trông", "nuôi trồng");
        after.title_en = "  Value per hectare  ".into();
        let after = after.cleaned();
        assert!(after.problems().is_empty());
        let changes = after.changes_from(&before);
        assert_eq!(
            changes.iter().map(|c| c.0).collect::<Vec<_>>(),
            ["title_en", "source_text_vi"]
        );
        assert_eq!(changes[0].2, "Value per hectare");
        let mut bad = before.clone();
        bad.title_vi = " ".into();
        bad.unit_en = "x\u{0}".into();
        bad.source_text_vi = "a".repeat(LONGEST + 1);
        let fields: Vec<&str> = bad.problems().iter().map(|p| p.field).collect();
        assert_eq!(fields, ["title_vi", "source_text_vi", "unit_en"]);
        assert_eq!(after.applied_to(t03).title_en, "Value per hectare");
    }
}
