//! Text as it is stored and shown: trimmed and in Unicode NFC, so Vietnamese marks compare and render right.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// The most characters one text of a catalog may hold (a title, a name, a unit of measure, the article's wording),
/// the same in a catalog file and on the catalog's pages: the longest article sentence is a few hundred.
pub const TEXT_CHARS: usize = 2000;

/// Whether a text is longer than [`TEXT_CHARS`] (counted without walking past the limit).
pub fn too_long(text: &str) -> bool {
    text.len() > TEXT_CHARS && text.chars().nth(TEXT_CHARS).is_some()
}

/// Trims and normalises to NFC. Text from Excel or some keyboards arrives decomposed (NFD): "ệ" as "e" plus two
/// combining marks, which neither compares equal to the catalog's wording nor renders right in charts.
pub fn clean(text: &str) -> String {
    let text = unix_newlines(text);
    let trimmed = text.trim();
    // Most cells are composed already (all plain ASCII ones are): those are only copied.
    if trimmed.is_ascii() || is_nfc_quick(trimmed.chars()) == IsNormalized::Yes {
        trimmed.to_string()
    } else {
        trimmed.nfc().collect()
    }
}

/// Like [`clean`], but an empty result is `None`.
pub fn clean_optional(text: Option<&str>) -> Option<String> {
    text.map(clean).filter(|t| !t.is_empty())
}

/// At most `max` characters of a user's text, for quoting it in a message (a first line can be a whole file),
/// with an ellipsis where it was cut.
pub fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max).collect();
        format!("{cut}…")
    }
}

/// The first character text must not hold: a control character other than tab and newline (a NUL, a bell, an
/// escape, a lone carriage return, the C1 range). PostgreSQL refuses a NUL outright, so a SQLite install that
/// stored one could not move; none of them is ever typed on purpose.
pub fn forbidden_control(text: &str) -> Option<char> {
    text.chars()
        .find(|&c| c.is_control() && c != '\t' && c != '\n')
}

/// Windows line ends (`\r\n`, as Excel and browsers send multi-line text) as `\n`.
pub fn unix_newlines(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposed_vietnamese_becomes_composed() {
        let nfd = "Ca\u{0302}\u{0309}m Gia\u{0300}ng";
        assert_ne!(nfd, "Cẩm Giàng");
        assert_eq!(clean(nfd), "Cẩm Giàng");
        assert_eq!(clean("  Cẩm Giàng \n"), "Cẩm Giàng");
    }

    #[test]
    fn control_characters_are_found_but_tab_and_newline_pass() {
        assert_eq!(forbidden_control("ghi chú\tcột\ndòng"), None);
        assert_eq!(forbidden_control("a\u{0}b"), Some('\u{0}'));
        assert_eq!(forbidden_control("a\rb"), Some('\r'));
        assert_eq!(forbidden_control("\u{1b}[31m"), Some('\u{1b}'));
        assert_eq!(forbidden_control("\u{85}"), Some('\u{85}'));
        assert_eq!(clean("dòng 1\r\ndòng 2"), "dòng 1\ndòng 2");
    }

    #[test]
    fn excerpts_are_cut_on_characters() {
        assert_eq!(excerpt("Cẩm Giàng", 20), "Cẩm Giàng");
        assert_eq!(excerpt("Cẩm Giàng", 3), "Cẩm…");
    }

    #[test]
    fn blank_optional_text_is_none() {
        assert_eq!(clean_optional(Some("   ")), None);
        assert_eq!(clean_optional(None), None);
        assert_eq!(
            clean_optional(Some(" ghi chú ")).as_deref(),
            Some("ghi chú")
        );
    }
}
