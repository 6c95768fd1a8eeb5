//! Rows of text cells, checked into entries: the part of importing every file type shares.

use crate::domain::lang::Explained;
use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

use crate::domain::measurement::{self, Draft, Entry, EntryPolicy, Problem};
use crate::domain::number::{self, Decimal};
use crate::domain::text::{clean, excerpt};
use crate::domain::wording::Lang;
use crate::domain::{Catalog, MilestoneState, Quality};

use super::limits;

/// The columns, in order.
pub const HEADER: [&str; 7] = [
    "target_code",
    "year",
    "quality",
    "value",
    "state",
    "source",
    "note",
];

/// A file's data rows as text, with how it writes decimals.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub rows: Vec<SheetRow>,
    pub decimal: Decimal,
    /// Cells the reader already refused (an .xlsx date where a number belongs): their rows go no further.
    pub problems: Vec<RowProblem>,
}

/// The columns that hold numbers (a spreadsheet's date or TRUE/FALSE cell there is refused, not converted).
pub fn expects_number(column: usize) -> bool {
    matches!(HEADER.get(column), Some(&"year") | Some(&"value"))
}

/// A column's name in messages: the format's name, or the spreadsheet's letters past the format's columns.
pub fn column_name(column: usize) -> String {
    match HEADER.get(column) {
        Some(name) => (*name).to_string(),
        None => {
            let mut letters = Vec::new();
            let mut n = column + 1;
            while n > 0 {
                let rem = (n - 1) % 26;
                letters.push(char::from(b'A' + rem as u8));
                n = (n - 1) / 26;
            }
            letters.iter().rev().collect()
        }
    }
}

/// One data row; `number` is the row as the user sees it in the file (the header is row 1).
#[derive(Debug, Clone, PartialEq)]
pub struct SheetRow {
    pub number: usize,
    pub cells: Vec<String>,
}

/// `row N, column C: message`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowProblem {
    pub row: usize,
    pub column: Option<String>,
    pub message: String,
    /// The same message in Vietnamese, for the import page.
    #[serde(skip)]
    pub message_vi: String,
}

impl RowProblem {
    pub fn new(row: usize, column: Option<&str>, message: impl Into<String>) -> Self {
        let message = message.into();
        RowProblem {
            row,
            column: column.map(str::to_string),
            message_vi: message.clone(),
            message,
        }
    }

    /// Sets the Vietnamese message.
    pub fn vi(mut self, message: impl Into<String>) -> Self {
        self.message_vi = message.into();
        self
    }

    fn from_problem(row: usize, column: &str, problem: &Problem) -> Self {
        RowProblem::new(row, Some(column), problem.message_en()).vi(problem.message_vi())
    }

    /// The problem in the reader's language: `row N, column C: …` or `dòng N, cột C: …`.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Vi => self.to_vi(),
            Lang::En => self.to_string(),
        }
    }

    /// `dòng N, cột C: …` in Vietnamese.
    pub fn to_vi(&self) -> String {
        match &self.column {
            Some(column) => format!("dòng {}, cột {}: {}", self.row, column, self.message_vi),
            None => format!("dòng {}: {}", self.row, self.message_vi),
        }
    }
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(column) => write!(f, "row {}, column {}: {}", self.row, column, self.message),
            None => write!(f, "row {}: {}", self.row, self.message),
        }
    }
}

/// Checks the header row: the seven columns in order (case and spaces ignored; empty trailing cells allowed).
pub fn check_header(number: usize, cells: &[String]) -> Result<(), RowProblem> {
    let names: Vec<String> = cells.iter().map(|c| c.trim().to_lowercase()).collect();
    let trimmed: Vec<&str> = {
        let mut v: Vec<&str> = names.iter().map(String::as_str).collect();
        while v.last() == Some(&"") {
            v.pop();
        }
        v
    };
    if trimmed == HEADER {
        Ok(())
    } else {
        // What the file has is quoted, but only so much of it: a first line can be a whole file.
        let found = excerpt(&trimmed.join(","), 200);
        Err(RowProblem::new(
            number,
            None,
            format!("the header must be {} (found {found})", HEADER.join(",")),
        )
        .vi(format!(
            "dòng tiêu đề phải là {} (tệp có {found})",
            HEADER.join(",")
        )))
    }
}

/// Builds a sheet from a file's rows of cells (numbered as the user sees them): blank rows are skipped and the
/// first other one must be the header. A file with no header is refused.
pub fn sheet_from_rows(
    numbered: impl IntoIterator<Item = (usize, Vec<String>)>,
    decimal: Decimal,
) -> Result<Sheet, Vec<RowProblem>> {
    let mut rows = Vec::new();
    let mut header_seen = false;
    for (number, cells) in numbered {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rows.len() >= limits::ROWS {
            return Err(vec![RowProblem::new(
                number,
                None,
                format!("the file has more than {} rows", limits::ROWS),
            )
            .vi(format!("tệp có hơn {} dòng", limits::ROWS))]);
        }
        if header_seen {
            rows.push(SheetRow { number, cells });
        } else {
            check_header(number, &cells).map_err(|p| vec![p])?;
            header_seen = true;
        }
    }
    if !header_seen {
        let header = HEADER.join(",");
        return Err(vec![RowProblem::new(
            1,
            None,
            format!("the file is empty: the header {header} is required"),
        )
        .vi(format!("tệp trống: cần có dòng tiêu đề {header}"))]);
    }
    Ok(Sheet {
        rows,
        decimal,
        problems: Vec::new(),
    })
}

/// What makes export put a `'` before a text: a spreadsheet would run it as a formula (`=`, `+`, `-`, `@`, a tab
/// or carriage return first), or it begins with `'` itself (so that one survives the round trip).
pub const PROTECTED_STARTS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\''];

/// Takes off the `'` that export put before a text ([`super::csv::protect`]), and only that one: a text that
/// begins with `'` for its own sake keeps it.
pub fn unprotect(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(PROTECTED_STARTS) => rest,
        _ => text,
    }
}

/// Checks every row; returns the entries, or every problem found (a file with one bad row is refused whole).
pub fn check_rows(
    sheet: &Sheet,
    catalog: &Catalog,
    policy: &EntryPolicy,
) -> Result<Vec<(String, Entry)>, Vec<RowProblem>> {
    let mut problems = sheet.problems.clone();
    let refused: std::collections::HashSet<usize> = problems.iter().map(|p| p.row).collect();
    let mut entries = Vec::with_capacity(sheet.rows.len());
    let mut seen: HashMap<(String, i32, Quality), usize> = HashMap::new();
    // A file may have a row for every target: find each row's target by code, not by walking the catalog.
    let targets: HashMap<&str, &crate::domain::Target> = catalog
        .targets
        .iter()
        .map(|t| (t.code.as_str(), t))
        .collect();
    for row in sheet.rows.iter().filter(|r| !refused.contains(&r.number)) {
        let cell = |i: usize| row.cells.get(i).map(|c| c.trim()).unwrap_or("");
        if row
            .cells
            .iter()
            .skip(HEADER.len())
            .any(|c| !c.trim().is_empty())
        {
            problems.push(
                RowProblem::new(
                    row.number,
                    None,
                    format!("has more than {} columns", HEADER.len()),
                )
                .vi(format!("có nhiều hơn {} cột", HEADER.len())),
            );
            continue;
        }
        let mut report = |column: &str, problem: Problem| {
            problems.push(RowProblem::from_problem(row.number, column, &problem));
        };
        let code = cell(0);
        let target = if code.is_empty() {
            report("target_code", Problem::Missing);
            None
        } else {
            let target = targets.get(code).copied();
            if target.is_none() {
                report("target_code", Problem::UnknownTarget(excerpt(code, 100)));
            }
            target
        };
        let year = match parse_year(cell(1)) {
            Ok(year) => Some(year),
            Err(problem) => {
                report("year", problem);
                None
            }
        };
        let quality = match cell(2) {
            "" => {
                report("quality", Problem::Missing);
                None
            }
            text => {
                let q = parse_quality(text);
                if q.is_none() {
                    report("quality", Problem::UnknownQuality(excerpt(text, 100)));
                }
                q
            }
        };
        let value = match cell(3) {
            "" => Ok(None),
            text => number::parse(text, sheet.decimal)
                .map(Some)
                .ok_or_else(|| Problem::NotANumber(excerpt(text, 100))),
        };
        let value_unreadable = value.is_err();
        let value = value.unwrap_or_else(|problem| {
            report("value", problem);
            None
        });
        let state = match cell(4) {
            "" => None,
            text => {
                let s = parse_state(text);
                if s.is_none() {
                    report("state", Problem::UnknownState(excerpt(text, 100)));
                }
                s
            }
        };
        let (Some(target), Some(year), Some(quality)) = (target, year, quality) else {
            continue;
        };
        let draft = Draft {
            year,
            quality: Some(quality),
            value,
            state,
            source: Some(cell(5).to_string()),
            note: Some(cell(6).to_string()),
        };
        match measurement::check(target, catalog.resolution.baseline_year, policy, draft) {
            Ok(entry) => {
                if let Some(first) = seen.insert((target.code.clone(), year, quality), row.number) {
                    problems.push(
                        RowProblem::new(
                            row.number,
                            Some("quality"),
                            format!(
                                "{} {} {} is already in row {first}",
                                target.code,
                                year,
                                quality.as_str()
                            ),
                        )
                        .vi(format!(
                            "{} năm {} ({}) đã có ở dòng {first}",
                            target.code,
                            year,
                            quality.label(crate::domain::wording::Lang::Vi)
                        )),
                    );
                } else {
                    entries.push((target.code.clone(), entry));
                }
            }
            // A value already reported as unreadable is not reported again as missing.
            Err(found) => problems.extend(
                found
                    .into_iter()
                    .filter(|p| !(value_unreadable && p.field == "value"))
                    .map(|p| RowProblem::from_problem(row.number, p.field, &p.problem)),
            ),
        }
    }
    if problems.is_empty() {
        Ok(entries)
    } else {
        Err(problems)
    }
}

fn parse_year(text: &str) -> Result<i32, Problem> {
    if text.is_empty() {
        return Err(Problem::Missing);
    }
    // Spreadsheets may hand a year over as "2024.0".
    let digits = text.strip_suffix(".0").unwrap_or(text);
    crate::domain::measurement::parse_year(digits)
        .ok_or_else(|| Problem::NotAYear(excerpt(text, 100)))
}

/// `estimate`/`official`, or their Vietnamese names.
pub(super) fn parse_quality(text: &str) -> Option<Quality> {
    let text = clean(text).to_lowercase();
    Quality::parse(&text).or(match text.as_str() {
        "ước" | "ước thực hiện" | "ước tính" => Some(Quality::Estimate),
        "chính thức" => Some(Quality::Official),
        _ => None,
    })
}

/// `not_started`/`in_progress`/`done`, or their Vietnamese names.
fn parse_state(text: &str) -> Option<MilestoneState> {
    let text = clean(text).to_lowercase();
    MilestoneState::parse(&text).or_else(|| {
        MilestoneState::ALL.into_iter().find(|s| {
            s.label(Lang::Vi).to_lowercase() == text || s.label(Lang::En).to_lowercase() == text
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        crate::domain::catalog::shipped_for_tests()
    }

    fn sheet(rows: &[&[&str]], decimal: Decimal) -> Sheet {
        Sheet {
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, cells)| SheetRow {
                    number: i + 2,
                    cells: cells.iter().map(|c| c.to_string()).collect(),
                })
                .collect(),
            decimal,
            problems: Vec::new(),
        }
    }

    fn messages(result: Result<Vec<(String, Entry)>, Vec<RowProblem>>) -> Vec<String> {
        crate::domain::lang::texts(result)
    }

    #[test]
    fn good_rows_become_entries() {
        let s = sheet(
            &[
                &["T01", "2020", "official", "58,5", "", "Cục Thống kê", ""],
                &[
                    "T11",
                    "2023",
                    "ước thực hiện",
                    "",
                    "Đang thực hiện",
                    "",
                    "=1+1",
                ],
            ],
            Decimal::Comma,
        );
        let entries = check_rows(&s, &catalog(), &EntryPolicy::default()).expect("valid");
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].1.figure.reading.value(), Some(58.5));
        assert_eq!(entries[1].1.figure.quality, Quality::Estimate);
        assert_eq!(
            entries[1].1.figure.reading.state(),
            Some(MilestoneState::InProgress)
        );
        assert_eq!(entries[1].1.note.as_deref(), Some("=1+1"));
    }

    #[test]
    fn every_bad_row_is_listed_with_row_and_column() {
        let s = sheet(
            &[
                &["T99", "2024", "official", "1", "", "", ""],
                &["T01", "hai nghìn", "final", "abc", "", "", ""],
                &["T05", "2024", "official", "101", "", "", ""],
                &["T05", "2023", "official", "90", "", "", ""],
                &["T05", "2023", "official", "91", "", "", ""],
            ],
            Decimal::Point,
        );
        assert_eq!(
            messages(check_rows(&s, &catalog(), &EntryPolicy::default())),
            [
                "row 2, column target_code: no target has the code \"T99\"",
                "row 3, column year: \"hai nghìn\" is not a year",
                "row 3, column quality: \"final\" is not a quality (estimate or official)",
                "row 3, column value: \"abc\" is not a number",
                "row 4, column value: must be at most 100",
                "row 6, column quality: T05 2023 official is already in row 5",
            ]
        );
    }

    #[test]
    fn header_is_checked() {
        let ok: Vec<String> = HEADER
            .iter()
            .map(|h| format!(" {} ", h.to_uppercase()))
            .collect();
        assert!(check_header(1, &ok).is_ok());
        let bad: Vec<String> = ["target", "year"].iter().map(|s| s.to_string()).collect();
        assert_eq!(
            check_header(1, &bad).map_err(|e| e.to_string()),
            Err("row 1: the header must be target_code,year,quality,value,state,source,note (found target,year)".into())
        );
    }
}
