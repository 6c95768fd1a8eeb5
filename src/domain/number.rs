//! Numbers as people write them: Vietnamese "1.234,5" and international "1,234.5".

/// How a file or a form writes decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decimal {
    /// "90.5": the decimal point of CSV files written with `,` between fields.
    Point,
    /// "90,5" and "1.234,5": Vietnamese, as Excel writes it in a Vietnamese locale (with `;` between fields).
    Comma,
}

/// Parses a number; `None` when the text is not one. Infinity and NaN spelled out are not numbers here.
pub fn parse(text: &str, decimal: Decimal) -> Option<f64> {
    let text = text.trim().replace([' ', '\u{a0}'], "");
    if text.is_empty()
        || !text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+' | 'e' | 'E'))
    {
        return None;
    }
    let plain = match decimal {
        Decimal::Point => text,
        Decimal::Comma => comma_to_point(&text)?,
    };
    plain.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// "1.234,5" → "1234.5". Dots must group thousands in threes; a lone dot not followed by exactly three digits
/// ("90.5") cannot be a thousands separator and is read as a decimal point.
fn comma_to_point(text: &str) -> Option<String> {
    if text.contains(',') {
        let (int, frac) = text.split_once(',')?;
        if frac.contains(',') || frac.contains('.') {
            return None;
        }
        Some(format!("{}.{}", ungroup(int)?, frac))
    } else if text.matches('.').count() == 1
        && text.split_once('.').is_some_and(|(_, f)| f.len() != 3)
    {
        Some(text.to_string())
    } else {
        ungroup(text)
    }
}

fn ungroup(int: &str) -> Option<String> {
    let mut parts = int.split('.');
    let first = parts.next()?;
    let rest: Vec<&str> = parts.collect();
    if rest.iter().any(|p| p.len() != 3) {
        return None;
    }
    Some(std::iter::once(first).chain(rest).collect())
}

/// Formats for people: at most `decimals` places, trailing zeros dropped, thousands grouped.
pub fn format(value: f64, decimals: usize, decimal: Decimal) -> String {
    let fixed = format!("{:.*}", decimals, value.abs());
    let (int, frac) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let frac = frac.trim_end_matches('0');
    let (group_sep, point) = match decimal {
        Decimal::Point => (',', '.'),
        Decimal::Comma => ('.', ','),
    };
    let mut grouped = String::with_capacity(int.len() + int.len() / 3 + frac.len() + 2);
    if value < 0.0 && (int.chars().any(|c| c != '0') || !frac.is_empty()) {
        grouped.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(group_sep);
        }
        grouped.push(c);
    }
    if !frac.is_empty() {
        grouped.push(point);
        grouped.push_str(frac);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_numbers() {
        assert_eq!(parse("90,5", Decimal::Comma), Some(90.5));
        assert_eq!(parse("1.234", Decimal::Comma), Some(1234.0));
        assert_eq!(parse("1.234.567,25", Decimal::Comma), Some(1_234_567.25));
        assert_eq!(parse("90.5", Decimal::Comma), Some(90.5));
        assert_eq!(parse("-3,5", Decimal::Comma), Some(-3.5));
        assert_eq!(parse("1.23.4", Decimal::Comma), None);
        assert_eq!(parse("9,5,1", Decimal::Comma), None);
    }

    #[test]
    fn point_numbers_and_non_numbers() {
        assert_eq!(parse(" 90.5 ", Decimal::Point), Some(90.5));
        assert_eq!(parse("1e3", Decimal::Point), Some(1000.0));
        assert_eq!(parse("90,5", Decimal::Point), None);
        assert_eq!(parse("NaN", Decimal::Point), None);
        assert_eq!(parse("inf", Decimal::Point), None);
        assert_eq!(parse("", Decimal::Point), None);
        assert_eq!(parse("chín", Decimal::Comma), None);
    }

    #[test]
    fn formatting_in_each_language() {
        assert_eq!(format(90.5, 2, Decimal::Comma), "90,5");
        assert_eq!(format(1234.0, 2, Decimal::Comma), "1.234");
        assert_eq!(format(1234.567, 1, Decimal::Point), "1,234.6");
        assert_eq!(format(-0.001, 1, Decimal::Point), "0");
        assert_eq!(format(-1234567.0, 0, Decimal::Comma), "-1.234.567");
    }
}
