//! The readers' languages: Vietnamese first, English second.

use super::number::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn parse(text: &str) -> Option<Lang> {
        match text.trim().to_ascii_lowercase().as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn decimal(self) -> Decimal {
        match self {
            Lang::Vi => Decimal::Comma,
            Lang::En => Decimal::Point,
        }
    }

    /// Picks the text of this language.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// A problem explained in both languages; `message` picks the reader's.
pub trait Explained {
    fn message_vi(&self) -> String;
    fn message_en(&self) -> String;

    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Vi => self.message_vi(),
            Lang::En => self.message_en(),
        }
    }
}

/// A message said in both languages, Vietnamese first: the one shape every message of the application takes
/// (written in the code, or made for the occasion).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub vi: std::borrow::Cow<'static, str>,
    pub en: std::borrow::Cow<'static, str>,
}

impl Said {
    pub fn new(
        vi: impl Into<std::borrow::Cow<'static, str>>,
        en: impl Into<std::borrow::Cow<'static, str>>,
    ) -> Said {
        Said {
            vi: vi.into(),
            en: en.into(),
        }
    }

    /// The text in the reader's language.
    pub fn pick(&self, lang: Lang) -> &str {
        lang.pick(&self.vi, &self.en)
    }
}

/// A [`Said`] from its Vietnamese and English texts.
pub fn said(
    vi: impl Into<std::borrow::Cow<'static, str>>,
    en: impl Into<std::borrow::Cow<'static, str>>,
) -> Said {
    Said::new(vi, en)
}

/// In English: what the logs and the command line say.
impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

impl Explained for Said {
    fn message_vi(&self) -> String {
        self.vi.to_string()
    }
    fn message_en(&self) -> String {
        self.en.to_string()
    }
}

/// The texts of a list of errors (for tests that compare what was said).
#[cfg(test)]
pub fn texts<T, E: std::fmt::Display>(result: Result<T, Vec<E>>) -> Vec<String> {
    result
        .err()
        .unwrap_or_default()
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// A table of words in each language: the one way sentences are kept, wherever they are said.
pub struct ByLang<T: 'static> {
    pub vi: &'static T,
    pub en: &'static T,
}

impl<T> ByLang<T> {
    pub const fn get(&self, lang: Lang) -> &'static T {
        match lang {
            Lang::Vi => self.vi,
            Lang::En => self.en,
        }
    }
}

/// Fails when a table (serialized as an object of texts, or of lists of texts) has an empty entry in either language.
#[cfg(test)]
pub fn assert_said_in_both<T: serde::Serialize>(tables: &ByLang<T>) {
    for (lang, table) in [("vi", tables.vi), ("en", tables.en)] {
        let fields = serde_json::to_value(table).expect("serializes");
        let fields = fields.as_object().expect("an object of texts");
        assert!(!fields.is_empty(), "{lang}: an empty table");
        for (name, said) in fields {
            // A text, a list of texts (one sentence a line), or a table of texts (one document's words).
            let texts: Vec<&serde_json::Value> = match (said.as_array(), said.as_object()) {
                (Some(list), _) => list.iter().collect(),
                (_, Some(table)) => table.values().collect(),
                _ => vec![said],
            };
            for text in texts {
                let text = text.as_str().expect("a text");
                assert!(!text.trim().is_empty(), "{lang}.{name} is empty");
            }
        }
    }
}

/// `label(Lang)` on a domain enum, from one table of each variant's words: `Variant => "vi" / "en"`.
macro_rules! words {
    ($enum:ident { $($variant:ident => $vi:literal / $en:literal),+ $(,)? }) => {
        impl $enum {
            /// How people read it, in their language.
            pub fn label(self, lang: $crate::domain::lang::Lang) -> &'static str {
                match self {
                    $($enum::$variant => lang.pick($vi, $en)),+
                }
            }
        }
    };
}
pub(crate) use words;

/// A yes/no answer in words: the one wording of "có"/"không" for pages, charts and messages.
pub fn yes_no(yes: bool, lang: Lang) -> &'static str {
    match (yes, lang) {
        (true, Lang::Vi) => "Có",
        (false, Lang::Vi) => "Không",
        (true, Lang::En) => "Yes",
        (false, Lang::En) => "No",
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;
    use crate::domain::account::Role;
    use crate::domain::history::Action;
    use crate::domain::{MilestoneState, Quality, Status};

    #[test]
    fn every_domain_word_is_said_in_both_languages() {
        let mut words: Vec<&str> = Vec::new();
        for lang in [Lang::Vi, Lang::En] {
            words.extend(Status::ALL.iter().map(|s| s.label(lang)));
            words.extend(MilestoneState::ALL.iter().map(|s| s.label(lang)));
            words.extend(Role::ALL.iter().map(|r| r.label(lang)));
            words.extend(Quality::ALL.iter().map(|q| q.label(lang)));
            words.extend([Action::Create, Action::Update, Action::Delete].map(|a| a.label(lang)));
        }
        assert!(words.iter().all(|w| !w.trim().is_empty()));
        assert_eq!(Status::Achieved.label(Lang::Vi), "Đã đạt");
        assert_eq!(Quality::Official.label(Lang::En), "official");
    }
}
