//! A catalog entry's form as boxes in the reader's language: each field's label and kind of input, a choice's
//! options, the value as stored or typed, and each problem beside its box.

use std::collections::HashMap;

use super::words::labels;
use crate::domain::catalog::{CatalogErrors, TargetKind};
use crate::domain::catalog_form::{
    beside_box, field_of, EntryKind, Field, FieldProblem, Input, Options,
};
use crate::domain::lang::Lang;
use crate::domain::Catalog;

/// A form as sent: field name → text.
type Form = HashMap<String, String>;

/// A box of an entry's form.
pub struct EntryBox {
    pub name: &'static str,
    pub label: &'static str,
    /// `text`, `long`, `number`, `year`, `flag`, `date`, `list` or `choice`.
    pub input: &'static str,
    pub value: String,
    pub readonly: bool,
    /// A choice's options: (value, label, chosen).
    pub options: Vec<(String, String, bool)>,
    pub error: Option<String>,
}

/// Each catalog field's label: (field, Vietnamese, English).
#[rustfmt::skip]
const LABELS: &[(&str, &str, &str)] = &[
    ("code", "Mã", "Code"),
    ("title_vi", "Tên (tiếng Việt)", "Title (Vietnamese)"),
    ("title_en", "Tên (tiếng Anh)", "Title (English)"),
    ("name_vi", "Tên (tiếng Việt)", "Name (Vietnamese)"),
    ("name_en", "Tên (tiếng Anh)", "Name (English)"),
    ("baseline_year", "Năm gốc", "Baseline year"),
    ("goal_year", "Năm mục tiêu", "Goal year"),
    ("source_text_vi", "Lời văn trong nghị quyết", "The resolution's words"),
    ("group", "Nhóm", "Group"),
    ("kind", "Loại", "Kind"),
    ("comparator", "So sánh với mục tiêu", "Comparator"),
    ("goal", "Giá trị mục tiêu", "Goal"),
    ("unit_vi", "Đơn vị tính (tiếng Việt)", "Unit (Vietnamese)"),
    ("unit_en", "Đơn vị tính (tiếng Anh)", "Unit (English)"),
    ("numerator_vi", "Tử số ở mỗi đơn vị (tiếng Việt, ví dụ: số hộ đạt gia đình văn hóa)", "Each unit's numerator (Vietnamese)"),
    ("numerator_en", "Tử số ở mỗi đơn vị (tiếng Anh)", "Each unit's numerator (English)"),
    ("denominator_vi", "Mẫu số ở mỗi đơn vị (tiếng Việt, ví dụ: tổng số hộ)", "Each unit's denominator (Vietnamese)"),
    ("denominator_en", "Mẫu số ở mỗi đơn vị (tiếng Anh)", "Each unit's denominator (English)"),
    ("breakthrough", "Nhiệm vụ đột phá", "Breakthrough"),
    ("min", "Giá trị nhỏ nhất được nhập", "Smallest value entered"),
    ("max", "Giá trị lớn nhất được nhập", "Largest value entered"),
    ("whole", "Số nguyên (đếm)", "Whole numbers (a count)"),
    ("rollup", "Tổng hợp từ đơn vị", "Roll-up from the units"),
    ("counted_kinds", "Loại đơn vị được đếm (cách nhau bởi dấu phẩy)", "Unit kinds counted (separated by commas)"),
    ("continues", "Tiếp nối chỉ tiêu của nhiệm kỳ trước (nghị quyết/chỉ tiêu)", "Continues a target of an earlier term (resolution/target)"),
    ("starts", "Bắt đầu từ ngày (YYYY-MM-DD)", "Starts on (YYYY-MM-DD)"),
    ("ends", "Kết thúc ngày (YYYY-MM-DD)", "Ends on (YYYY-MM-DD)"),
    ("retired", "Thôi theo dõi", "Retired"),
    ("agency", "Cơ quan chủ trì", "Lead agency"),
    ("co_agencies", "Cơ quan phối hợp (mã, cách nhau bởi dấu phẩy)", "Co-operating agencies (codes, separated by commas)"),
    ("estimate_due", "Hạn nộp số ước thực hiện, ngày MM-DD của năm (để trống: 11-30)", "Estimates due on MM-DD of the year (empty: 11-30)"),
    ("counts", "Bảng theo dõi tính: all (mọi số liệu, số chưa duyệt được đánh dấu) hoặc approved (chỉ số đã duyệt)", "The dashboard counts: all (every figure, unapproved ones marked) or approved (approved figures alone)"),
    ("official_due", "Hạn nộp số chính thức, ngày MM-DD của năm sau (để trống: 03-31)", "Official figures due on MM-DD of the next year (empty: 03-31)"),
];

/// A box's label in the reader's language (empty for a field it does not know).
pub fn label(name: &str, lang: Lang) -> &'static str {
    LABELS
        .iter()
        .find(|(field, ..)| *field == name)
        .map_or("", |(_, vi, en)| lang.pick(vi, en))
}

pub fn kind_heading(kind: EntryKind, lang: Lang) -> &'static str {
    let l = labels(lang);
    match kind {
        EntryKind::Resolution => l.resolution_word,
        EntryKind::Group => l.catalog_groups,
        EntryKind::Breakthrough => l.breakthroughs_heading,
        EntryKind::Target => l.targets_heading,
        EntryKind::Unit => l.catalog_units,
        EntryKind::Agency => l.catalog_agencies,
    }
}

/// The kinds of target, in words.
const KINDS: [(TargetKind, &str, &str); 4] = [
    (
        TargetKind::ReachByDeadline,
        "Đạt vào năm mục tiêu",
        "Reach by the goal year",
    ),
    (TargetKind::EveryYear, "Đạt hằng năm", "Every year"),
    (
        TargetKind::AverageGrowth,
        "Tăng bình quân hằng năm",
        "Average yearly growth",
    ),
    (
        TargetKind::Milestone,
        "Mốc hoàn thành (có/không)",
        "Milestone (done or not)",
    ),
];

/// The roll-ups from units, in words.
const ROLLUPS: [(&str, &str, &str); 4] = [
    ("sum", "Cộng các đơn vị", "Sum of the units"),
    (
        "ratio",
        "Tỉ lệ từ tử số và mẫu số",
        "Ratio of the units' counts",
    ),
    (
        "share_of_units",
        "Tỉ lệ đơn vị đạt",
        "Share of units with yes",
    ),
    ("count_of_units", "Số đơn vị đạt", "Count of units with yes"),
];

/// A catalog problem's text with the fields it names said by their labels: "title_vi và title_en không được để
/// trống" → "«Tên (tiếng Việt)» và «Tên (tiếng Anh)» không được để trống". A field's code is a word with an
/// underscore, or one that opens the text before a colon ("goal: …"); other words are left as they are.
pub fn in_words(text: &str, lang: Lang) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_lowercase() || c == '_' {
            word.push(c);
            if chars
                .peek()
                .is_some_and(|n| n.is_ascii_lowercase() || *n == '_')
            {
                continue;
            }
            let opens = out.is_empty() && chars.peek() == Some(&':');
            let named = label(&word, lang);
            if (word.contains('_') || opens) && !named.is_empty() {
                out.push_str(&format!("«{named}»"));
            } else {
                out.push_str(&word);
            }
            word.clear();
        } else {
            out.push(c);
        }
    }
    out
}

/// A catalog field's stored value as the history shows it: a kind, roll-up or yes/no in words, a number as the
/// reader writes it; other text as it is.
pub fn value_in_words(field: &str, value: &str, lang: Lang) -> String {
    let choice = |which: Options| {
        options(which, None, lang)
            .into_iter()
            .find(|(v, _)| v == value)
            .map(|(_, words)| words)
    };
    let worded = match field {
        "kind" => choice(Options::Kinds),
        "rollup" => choice(Options::Rollups),
        "goal" | "min" | "max" => value
            .parse::<f64>()
            .ok()
            .map(|v| crate::domain::wording::number(v, lang)),
        "whole" | "retired" => match value {
            "true" => Some(crate::domain::lang::yes_no(true, lang).to_string()),
            "false" => Some(crate::domain::lang::yes_no(false, lang).to_string()),
            _ => None,
        },
        _ => None,
    };
    worded.unwrap_or_else(|| value.to_string())
}

/// A choice's options: (value, label).
fn options(which: Options, catalog: Option<&Catalog>, lang: Lang) -> Vec<(String, String)> {
    let none = || (String::new(), "—".to_string());
    let pick = |vi: &str, en: &str| lang.pick(vi, en).to_string();
    match which {
        Options::Groups => catalog
            .map(|c| {
                c.groups
                    .iter()
                    .map(|g| (g.code.clone(), pick(&g.title_vi, &g.title_en)))
                    .collect()
            })
            .unwrap_or_default(),
        Options::Breakthroughs => std::iter::once(none())
            .chain(catalog.into_iter().flat_map(|c| {
                c.breakthroughs.iter().map(|b| {
                    (
                        b.code.clone(),
                        format!("{} · {}", b.code, pick(&b.title_vi, &b.title_en)),
                    )
                })
            }))
            .collect(),
        Options::Kinds => KINDS
            .into_iter()
            .map(|(k, vi, en)| (k.as_str().to_string(), pick(vi, en)))
            .collect(),
        Options::Comparators => std::iter::once(none())
            .chain([">", ">=", "<", "<="].map(|c| (c.to_string(), c.to_string())))
            .collect(),
        Options::Agencies => std::iter::once(none())
            .chain(catalog.into_iter().flat_map(|c| {
                c.agencies
                    .iter()
                    .map(|a| (a.code.clone(), pick(&a.name_vi, &a.name_en)))
            }))
            .collect(),
        Options::Rollups => std::iter::once(none())
            .chain(ROLLUPS.map(|(code, vi, en)| (code.to_string(), pick(vi, en))))
            .collect(),
    }
}

fn input_name(input: Input) -> &'static str {
    match input {
        Input::Code | Input::Text => "text",
        Input::Long => "long",
        Input::Number => "number",
        Input::Year => "year",
        Input::Flag => "flag",
        Input::Date => "date",
        Input::List => "list",
        Input::Choice(_) => "choice",
    }
}

/// The boxes of `kind`'s form filled with `values`, each problem beside its box; the problems no box takes.
pub fn boxes(
    kind: EntryKind,
    adding: bool,
    values: &Form,
    problems: &[FieldProblem],
    errors: Option<&CatalogErrors>,
    catalog: Option<&Catalog>,
    lang: Lang,
) -> (Vec<EntryBox>, Vec<String>) {
    let code = values.get("code").cloned().unwrap_or_default();
    let entry = kind.entry(&code);
    let mut rest = Vec::new();
    let mut beside: HashMap<&'static str, String> = problems
        .iter()
        .map(|(field, said)| (*field, lang.pick(&said.vi, &said.en).to_string()))
        .collect();
    for problem in errors.map(|e| &e.0[..]).unwrap_or(&[]) {
        match field_of(kind, problem).filter(|_| problem.entry == entry) {
            Some(field) if !beside.contains_key(field) => {
                let text = match lang {
                    Lang::Vi => beside_box(problem, field),
                    Lang::En => problem.message.clone(),
                };
                beside.insert(field, in_words(&text, lang));
            }
            _ => rest.push(match problem.entry == entry {
                true => in_words(problem.said(lang), lang),
                false => format!("{}: {}", problem.entry, in_words(problem.said(lang), lang)),
            }),
        }
    }
    let boxes = kind
        .fields()
        .iter()
        .map(|f: &Field| {
            let value = values.get(f.name).cloned().unwrap_or_default();
            let options = match f.input {
                Input::Choice(which) => options(which, catalog, lang)
                    .into_iter()
                    .map(|(v, label)| {
                        let chosen = v == value;
                        (v, label, chosen)
                    })
                    .collect(),
                _ => Vec::new(),
            };
            EntryBox {
                name: f.name,
                label: label(f.name, lang),
                input: input_name(f.input),
                readonly: f.input == Input::Code && !adding,
                value,
                options,
                error: beside.remove(f.name),
            }
        })
        .collect();
    (boxes, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_and_history_say_fields_and_values_in_words() {
        assert_eq!(
            in_words("title_vi và title_en không được để trống", Lang::Vi),
            "«Tên (tiếng Việt)» và «Tên (tiếng Anh)» không được để trống"
        );
        // A plain word stays a word; a leading field before a colon is named.
        assert_eq!(
            in_words("goal: the goal is outside the bounds", Lang::En),
            "«Goal»: the goal is outside the bounds"
        );
        assert_eq!(
            in_words("unknown_word stays", Lang::En),
            "unknown_word stays"
        );
        assert_eq!(
            value_in_words("kind", "reach_by_deadline", Lang::Vi),
            "Đạt vào năm mục tiêu"
        );
        assert_eq!(value_in_words("goal", "1.5", Lang::Vi), "1,5");
        assert_eq!(value_in_words("retired", "true", Lang::Vi), "Có");
        assert_eq!(value_in_words("title_vi", "Thu nhập", Lang::Vi), "Thu nhập");
    }
}
