//! Text as it is stored and shown: trimmed and in Unicode NFC, so Vietnamese marks compare and render right.

use unicode_normalization::UnicodeNormalization;

/// Trims and normalises to NFC. Text from Excel or some keyboards arrives decomposed (NFD): "ệ" as "e" plus two
/// combining marks, which neither compares equal to the catalog's wording nor renders right in charts.
pub fn clean(text: &str) -> String {
    text.trim().nfc().collect()
}

/// Like [`clean`], but an empty result is `None`.
pub fn clean_optional(text: Option<&str>) -> Option<String> {
    text.map(clean).filter(|t| !t.is_empty())
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
    fn blank_optional_text_is_none() {
        assert_eq!(clean_optional(Some("   ")), None);
        assert_eq!(clean_optional(None), None);
        assert_eq!(
            clean_optional(Some(" ghi chú ")).as_deref(),
            Some("ghi chú")
        );
    }
}
