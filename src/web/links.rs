//! Links between pages: text made safe for a URL, and the reader's choices (resolution, year) kept on links.

use crate::app::scope::Scope;

/// Percent-encodes everything but letters, digits and `-_./`.
pub fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The query parts of the reader's resolution and year, as chosen in the selection.
pub fn selection_parts(selection: &Scope) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(code) = &selection.resolution {
        parts.push(format!("resolution={}", urlencode(code)));
    }
    if let Some(as_of) = &selection.as_of {
        parts.push(format!("as_of={}", urlencode(as_of)));
    }
    parts
}

/// A report of `year` (`zip`, `docx`, `xlsx`) in the reader's language, for the reader's resolution and agency.
pub fn report_href(
    year: i32,
    extension: &str,
    selection: &Scope,
    lang: crate::domain::wording::Lang,
) -> String {
    let mut parts = vec![format!("lang={}", lang.as_str())];
    if let Some(agency) = selection.agency.as_deref().filter(|a| !a.is_empty()) {
        parts.push(format!("agency={}", urlencode(agency)));
    }
    resolution_and(&format!("/reports/{year}.{extension}"), parts, selection)
}

/// The report pack of `year` in the reader's language, for the reader's resolution (and agency, if chosen):
/// (link, label).
pub fn pack_link(
    year: i32,
    selection: &Scope,
    lang: crate::domain::wording::Lang,
) -> (String, String) {
    let label = crate::app::words::labels(lang).download_pack;
    (
        report_href(year, "zip", selection, lang),
        label.replace("{year}", &year.to_string()),
    )
}

/// A path with the reader's resolution and year, so a link keeps them.
pub fn keeping(path: &str, selection: &Scope) -> String {
    with_query(path, &selection_parts(selection))
}

/// A path with only the reader's resolution (write pages, whose year is in the path).
pub fn keeping_resolution(path: &str, selection: &Scope) -> String {
    resolution_and(path, Vec::new(), selection)
}

/// A path with these query parts and the reader's resolution.
pub fn resolution_and(path: &str, mut parts: Vec<String>, selection: &Scope) -> String {
    if let Some(code) = &selection.resolution {
        parts.push(format!("resolution={}", urlencode(code)));
    }
    with_query(path, &parts)
}

/// A path (which may have a query already) and more query parts, joined with `?` and `&`.
pub fn with_query(path: &str, parts: &[String]) -> String {
    match (parts.is_empty(), path.contains('?')) {
        (true, _) => path.to_string(),
        (false, false) => format!("{path}?{}", parts.join("&")),
        (false, true) => format!("{path}&{}", parts.join("&")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_the_resolution_and_the_year() {
        let s = Scope {
            resolution: Some("a b".into()),
            as_of: Some("2024".into()),
            ..Scope::default()
        };
        assert_eq!(
            keeping("/targets/T01", &s),
            "/targets/T01?resolution=a%20b&as_of=2024"
        );
        assert_eq!(
            keeping_resolution("/entry/2024", &s),
            "/entry/2024?resolution=a%20b"
        );
        assert_eq!(keeping("/", &Scope::default()), "/");
    }
}
