//! Rows of text cells, checked into entries: the part of importing every file type shares.

use crate::domain::lang::Explained;
use std::collections::hash_map::Entry as Seen;
use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

use crate::domain::measurement::{self, Draft, Entry, EntryPolicy, Problem};
use crate::domain::number::{self, Decimal};
use crate::domain::text::{clean, excerpt};
use crate::domain::unit_figures::{check_unit, parse_yes_no, UnitDraft, UnitEntry};
use crate::domain::units::Unit;
use crate::domain::wording::Lang;
use crate::domain::{Catalog, MilestoneState, Quality, Target};

use super::limits::Limits;

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

/// The optional columns after the seven, for units' figures: a row with a `unit_code` is that unit's figure (its
/// `value` for a `sum`, `numerator` and `denominator` for a `ratio`, `state` yes/no for a yes/no roll-up).
pub const UNIT_COLUMNS: [&str; 3] = ["unit_code", "numerator", "denominator"];

/// The columns' Vietnamese headings, which a file may use instead of the codes, column by column.
pub const HEADINGS_VI: [&str; 10] = [
    "mã chỉ tiêu",
    "năm",
    "loại số liệu",
    "giá trị",
    "trạng thái",
    "nguồn",
    "ghi chú",
    "mã đơn vị",
    "tử số",
    "mẫu số",
];

/// Every column a file may have: the seven, then the units' three.
pub const ALL_COLUMNS: [&str; 10] = [
    HEADER[0],
    HEADER[1],
    HEADER[2],
    HEADER[3],
    HEADER[4],
    HEADER[5],
    HEADER[6],
    UNIT_COLUMNS[0],
    UNIT_COLUMNS[1],
    UNIT_COLUMNS[2],
];

/// A file's data rows as text, with how it writes decimals. The cells' text is kept in one buffer (a million
/// rows of a few cells each take tens of megabytes, not hundreds), and read back through [`SheetRow`].
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// Every cell's text, one after another.
    text: String,
    /// Where each cell ends in `text`.
    ends: Vec<u32>,
    rows: Vec<RowSpan>,
    pub decimal: Decimal,
    /// Cells the reader already refused (an .xlsx date where a number belongs): their rows go no further.
    pub problems: Problems,
    /// The header has the units' columns after the seven.
    pub with_units: bool,
}

/// One row's place in a sheet: its number in the file and its cells' range in `ends`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct RowSpan {
    number: u32,
    first: u32,
    count: u32,
}

impl Sheet {
    /// The data rows, in the file's order.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = SheetRow<'_>> {
        self.rows
            .iter()
            .map(move |span| SheetRow { sheet: self, span })
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// The columns that hold numbers (a spreadsheet's date or TRUE/FALSE cell there is refused, not converted).
pub fn expects_number(column: usize) -> bool {
    matches!(
        ALL_COLUMNS.get(column),
        Some(&"year") | Some(&"value") | Some(&"numerator") | Some(&"denominator")
    )
}

/// A column's name in messages: the format's name, or the spreadsheet's letters past the format's columns.
pub fn column_name(column: usize) -> String {
    match ALL_COLUMNS.get(column) {
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

/// One data row, read from its sheet; `number` is the row as the user sees it in the file (the header is row 1).
#[derive(Debug, Clone, Copy)]
pub struct SheetRow<'a> {
    sheet: &'a Sheet,
    span: &'a RowSpan,
}

impl<'a> SheetRow<'a> {
    pub fn number(&self) -> usize {
        self.span.number as usize
    }

    /// The cell in `column` (empty past the row's last cell).
    pub fn cell(&self, column: usize) -> &'a str {
        if column >= self.span.count as usize {
            return "";
        }
        let at = self.span.first as usize + column;
        let start = match at {
            0 => 0,
            _ => self.sheet.ends[at - 1] as usize,
        };
        let end = self.sheet.ends[at] as usize;
        self.sheet.text.get(start..end).unwrap_or("")
    }

    /// The row's cells, in order.
    pub fn cells(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.span.count as usize).map(|c| self.cell(c))
    }
}

/// How many problems of a file are named one by one; the rest are counted (a file of a million bad rows gets an
/// answer of a few kilobytes).
pub const SHOWN_PROBLEMS: usize = 100;

/// A file's problems: the first [`SHOWN_PROBLEMS`] found, and how many more there were.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Problems {
    pub shown: Vec<RowProblem>,
    pub more: usize,
}

impl Problems {
    pub fn push(&mut self, problem: RowProblem) {
        if self.shown.len() < SHOWN_PROBLEMS {
            self.shown.push(problem);
        } else {
            self.more += 1;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.shown.is_empty()
    }

    /// Every problem found, shown or counted.
    pub fn total(&self) -> usize {
        self.shown.len() + self.more
    }

    /// The rows with a shown problem (a counted one's row is not kept).
    fn rows(&self) -> std::collections::HashSet<usize> {
        self.shown.iter().map(|p| p.row).collect()
    }
}

impl From<Vec<RowProblem>> for Problems {
    fn from(found: Vec<RowProblem>) -> Problems {
        let mut problems = Problems::default();
        found.into_iter().for_each(|p| problems.push(p));
        problems
    }
}

impl Extend<RowProblem> for Problems {
    fn extend<I: IntoIterator<Item = RowProblem>>(&mut self, found: I) {
        found.into_iter().for_each(|p| self.push(p));
    }
}

/// `row N, column C: message`.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
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

/// Checks the header row: the seven columns in order, or the seven and the units' three, each by its code or its
/// Vietnamese heading (case, spaces and Unicode composition ignored; empty trailing cells allowed). True when the
/// units' columns are there. A row of years (the office's wide layout, a column a year) is told the layout wanted.
pub fn check_header(number: usize, cells: &[String]) -> Result<bool, RowProblem> {
    let mut names: Vec<String> = cells.iter().map(|c| clean(c).to_lowercase()).collect();
    while names.last().is_some_and(String::is_empty) {
        names.pop();
    }
    let named = |count: usize| {
        names.len() == count
            && names
                .iter()
                .zip(ALL_COLUMNS.iter().zip(HEADINGS_VI))
                .all(|(name, (code, vi))| name == code || name == vi)
    };
    if named(HEADER.len()) {
        return Ok(false);
    }
    if named(ALL_COLUMNS.len()) {
        return Ok(true);
    }
    let years = names
        .iter()
        .filter(|n| crate::domain::measurement::parse_year(n).is_some())
        .count();
    if years >= 2 {
        return Err(wide_layout(number));
    }
    // What the file has is quoted, but only so much of it: a first line can be a whole file.
    let found = excerpt(&names.join(","), 200);
    Err(RowProblem::new(
        number,
        None,
        format!(
            "the header must be {} (and, for units' figures, {}) (found {found})",
            HEADER.join(","),
            UNIT_COLUMNS.join(",")
        ),
    )
    .vi(format!(
        "dòng tiêu đề phải là {} (và, với số liệu của đơn vị, {}) (tệp có {found})",
        HEADINGS_VI[..HEADER.len()].join(", "),
        HEADINGS_VI[HEADER.len()..].join(", ")
    )))
}

/// The office's wide table (a row a target, a column a year) answered with the layout the import reads.
fn wide_layout(number: usize) -> RowProblem {
    RowProblem::new(
        number,
        None,
        format!(
            "this is a wide table (a column a year); the import reads one row a figure: {} (for example T01,2024,official,80.6,,,); the template on this page has that layout",
            HEADER.join(",")
        ),
    )
    .vi(format!(
        "tệp là bảng ngang (mỗi năm một cột); phần nhập đọc mỗi dòng một số liệu: {} (ví dụ T01, 2024, chính thức, 80,6); tệp mẫu trên trang này có sẵn cách trình bày đó",
        HEADINGS_VI[..HEADER.len()].join(", ")
    ))
}

/// Builds a sheet row by row as a reader finds them (numbered as the user sees them): blank rows are skipped and
/// the first other one must be the header. Past the limits' rows or text, the file is refused there and then,
/// before the rest of it is read.
pub struct SheetBuilder {
    sheet: Sheet,
    header_seen: bool,
    limits: Limits,
}

impl SheetBuilder {
    pub fn new(decimal: Decimal, limits: Limits) -> SheetBuilder {
        SheetBuilder {
            sheet: Sheet {
                text: String::new(),
                ends: Vec::new(),
                rows: Vec::new(),
                decimal,
                problems: Problems::default(),
                with_units: false,
            },
            header_seen: false,
            limits,
        }
    }

    /// Whether the header has been read.
    pub fn has_header(&self) -> bool {
        self.header_seen
    }

    /// Adds the row `number` with these cells.
    pub fn push<'c>(
        &mut self,
        number: usize,
        cells: impl IntoIterator<Item = &'c str> + Clone,
    ) -> Result<(), Vec<RowProblem>> {
        if cells.clone().into_iter().all(|c| c.trim().is_empty()) {
            return Ok(());
        }
        if !self.header_seen {
            let names: Vec<String> = cells.into_iter().map(str::to_string).collect();
            self.sheet.with_units = check_header(number, &names).map_err(|p| vec![p])?;
            self.header_seen = true;
            return Ok(());
        }
        if self.sheet.rows.len() >= self.limits.rows {
            return Err(vec![RowProblem::new(
                number,
                None,
                format!("the file has more than {} rows", self.limits.rows),
            )
            .vi(format!("tệp có hơn {} dòng", self.limits.rows))]);
        }
        let first = self.sheet.ends.len();
        for cell in cells {
            self.sheet.text.push_str(cell);
            if self.sheet.text.len() > self.limits.text_bytes {
                let mb = self.limits.text_bytes / (1024 * 1024);
                return Err(vec![RowProblem::new(
                    number,
                    None,
                    format!("the file holds more than {mb} MB of text"),
                )
                .vi(format!("tệp chứa hơn {mb} MB chữ"))]);
            }
            // Below the text limit, which is far below 4 GB.
            self.sheet.ends.push(self.sheet.text.len() as u32);
        }
        self.sheet.rows.push(RowSpan {
            number: u32::try_from(number).unwrap_or(u32::MAX),
            first: first as u32,
            count: (self.sheet.ends.len() - first) as u32,
        });
        Ok(())
    }

    /// The sheet, with the problems the reader found in its cells; a file with no header is refused.
    pub fn finish(mut self, problems: Problems) -> Result<Sheet, Vec<RowProblem>> {
        if !self.header_seen {
            let header = HEADER.join(",");
            return Err(vec![RowProblem::new(
                1,
                None,
                format!("the file is empty: the header {header} is required"),
            )
            .vi(format!("tệp trống: cần có dòng tiêu đề {header}"))]);
        }
        self.sheet.text.shrink_to_fit();
        self.sheet.ends.shrink_to_fit();
        self.sheet.rows.shrink_to_fit();
        self.sheet.problems = problems;
        Ok(self.sheet)
    }
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

/// A file's checked rows: the area's figures and the units', and how many rows were left blank (a template's
/// row with no figure: its target, year and quality, nothing else).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entries {
    pub area: Vec<(String, Entry)>,
    pub units: Vec<(String, UnitEntry)>,
    pub blank: usize,
    /// The file's row of each of `area`'s figures, and of `units`'.
    pub area_rows: Vec<usize>,
    pub unit_rows: Vec<usize>,
}

impl Entries {
    pub fn len(&self) -> usize {
        self.area.len() + self.units.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What the row checks look things up in: the catalog's targets and units by code.
struct Lookup<'a> {
    catalog: &'a Catalog,
    policy: &'a EntryPolicy,
    targets: HashMap<&'a str, &'a Target>,
    units: HashMap<&'a str, &'a Unit>,
    decimal: Decimal,
}

/// One checked row.
enum Checked {
    Area(String, Entry),
    Unit(String, UnitEntry),
}

/// The rows of a file that are not the given unit's (a commune statistician's file may hold only their unit's
/// figures): each named, the first [`SHOWN_PROBLEMS`] of them, and the rest counted.
/// The rows of targets an agency does not answer for, each named (an agency's statistician writes only its own).
pub fn outside_agency(sheet: &Sheet, answers: impl Fn(&str) -> bool, agency: &str) -> Problems {
    let mut problems = Problems::default();
    for row in sheet.rows().filter(|r| !answers(r.cell(0).trim())) {
        problems.push(
            RowProblem::new(
                row.number(),
                Some("target_code"),
                format!(
                    "this account enters only the figures of the targets of the agency {agency}"
                ),
            )
            .vi(format!(
                "tài khoản này chỉ nhập số liệu các chỉ tiêu của cơ quan {agency}"
            )),
        );
    }
    problems
}

pub fn outside_scope(sheet: &Sheet, unit: &str) -> Problems {
    let mut problems = Problems::default();
    let outside = sheet
        .rows()
        .filter(|r| !sheet.with_units || r.cell(HEADER.len()).trim() != unit);
    for row in outside {
        problems.push(
            RowProblem::new(
                row.number(),
                Some("unit_code"),
                format!("this account enters only the figures of the unit {unit}"),
            )
            .vi(format!("tài khoản này chỉ nhập số liệu của đơn vị {unit}")),
        );
    }
    problems
}

/// A figure's key in a file (its target's and unit's codes as the catalog spells them), for finding a second
/// row of the same figure.
type FigureKey<'a> = (&'a str, &'a str, i32, Quality);

impl<'a> Lookup<'a> {
    fn key(&self, checked: &Checked) -> FigureKey<'a> {
        let code = |c: &str| self.targets.get_key_value(c).map_or("", |(k, _)| *k);
        match checked {
            Checked::Area(c, e) => (code(c), "", e.figure.year, e.figure.quality),
            Checked::Unit(c, e) => (
                code(c),
                self.units
                    .get_key_value(e.figure.unit.as_str())
                    .map_or("", |(k, _)| *k),
                e.figure.year,
                e.figure.quality,
            ),
        }
    }
}

/// Checks every row; returns the entries, or the problems found (a file with one bad row is refused whole).
pub fn check_rows(
    sheet: &Sheet,
    catalog: &Catalog,
    policy: &EntryPolicy,
) -> Result<Entries, Problems> {
    let mut problems = sheet.problems.clone();
    let refused = problems.rows();
    let mut entries = Entries::default();
    let mut seen: HashMap<FigureKey<'_>, usize> = HashMap::with_capacity(sheet.len());
    // A file may have a row for every target and unit: find each by code, not by walking the catalog.
    let lookup = Lookup {
        catalog,
        policy,
        targets: catalog
            .targets
            .iter()
            .map(|t| (t.code.as_str(), t))
            .collect(),
        units: catalog.units.iter().map(|u| (u.code.as_str(), u)).collect(),
        decimal: sheet.decimal,
    };
    let columns = if sheet.with_units {
        ALL_COLUMNS.len()
    } else {
        HEADER.len()
    };
    for row in sheet.rows().filter(|r| !refused.contains(&r.number())) {
        if row.cells().skip(columns).any(|c| !c.trim().is_empty()) {
            problems.push(
                RowProblem::new(
                    row.number(),
                    None,
                    format!("has more than {columns} columns"),
                )
                .vi(format!("có nhiều hơn {columns} cột")),
            );
            continue;
        }
        // value, state, source, note, numerator, denominator: none given is a row left blank.
        if [3, 4, 5, 6, 8, 9]
            .iter()
            .all(|&i| row.cell(i).trim().is_empty())
        {
            entries.blank += 1;
            continue;
        }
        let checked = match check_row(&row, &lookup) {
            Ok(checked) => checked,
            Err(found) => {
                problems.extend(found);
                continue;
            }
        };
        let key = lookup.key(&checked);
        match seen.entry(key) {
            Seen::Occupied(first) => {
                problems.push(repeated(row.number(), first.key(), *first.get()));
                continue;
            }
            Seen::Vacant(place) => {
                place.insert(row.number());
            }
        }
        match checked {
            Checked::Area(code, entry) => {
                entries.area.push((code, entry));
                entries.area_rows.push(row.number());
            }
            Checked::Unit(code, entry) => {
                entries.units.push((code, entry));
                entries.unit_rows.push(row.number());
            }
        }
    }
    if problems.is_empty() {
        Ok(entries)
    } else {
        Err(problems)
    }
}

/// A second row of a figure already in the file.
fn repeated(row: usize, (code, unit, year, quality): &FigureKey<'_>, first: usize) -> RowProblem {
    let whose = if unit.is_empty() {
        code.to_string()
    } else {
        format!("{code} {unit}")
    };
    RowProblem::new(
        row,
        Some("quality"),
        format!(
            "{whose} {year} {} is already in row {first}",
            quality.as_str()
        ),
    )
    .vi(format!(
        "{whose} năm {year} ({}) đã có ở dòng {first}",
        quality.label(Lang::Vi)
    ))
}

/// A number cell: empty is none; text that is no number is a problem.
fn number_cell(text: &str, decimal: Decimal) -> Result<Option<f64>, Problem> {
    match text {
        "" => Ok(None),
        text => number::parse(text, decimal)
            .map(Some)
            .ok_or_else(|| Problem::NotANumber(excerpt(text, 100))),
    }
}

/// Checks one row: its cells read, then the domain's check of an area figure or a unit's figure.
fn check_row(row: &SheetRow<'_>, lookup: &Lookup<'_>) -> Result<Checked, Vec<RowProblem>> {
    let cell = |i: usize| row.cell(i).trim();
    let number = row.number();
    let mut problems: Vec<RowProblem> = Vec::new();
    let mut report = |column: &str, problem: Problem| {
        problems.push(RowProblem::from_problem(number, column, &problem));
    };
    let code = cell(0);
    let target = if code.is_empty() {
        report("target_code", Problem::Missing);
        None
    } else {
        let target = lookup.targets.get(code).copied();
        if target.is_none() {
            report("target_code", Problem::UnknownTarget(excerpt(code, 100)));
        }
        target
    };
    let year = parse_year(cell(1)).map_err(|p| report("year", p)).ok();
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
    let numbers = [3, 8, 9].map(|i| {
        number_cell(cell(i), lookup.decimal)
            .map_err(|p| report(ALL_COLUMNS[i], p))
            .ok()
    });
    let mut unreadable: Vec<&str> = [3, 8, 9]
        .iter()
        .zip(&numbers)
        .filter(|(_, n)| n.is_none())
        .map(|(i, _)| ALL_COLUMNS[*i])
        .collect();
    let [value, numerator, denominator] = numbers.map(Option::flatten);
    let unit = cell(7);
    if unit.is_empty() {
        if let Some(column) = [(8, numerator), (9, denominator)]
            .iter()
            .find_map(|(i, n)| n.map(|_| ALL_COLUMNS[*i]))
        {
            report(column, Problem::NeedsUnit);
        }
    }
    // The state cell: a milestone's state on the area's rows, yes/no on a unit's.
    let state = match cell(4) {
        "" => Ok(None),
        text if unit.is_empty() => parse_state(text)
            .map(|s| Some(Answer::State(s)))
            .ok_or_else(|| Problem::UnknownState(excerpt(text, 100))),
        text => parse_yes_no(text).map(|yes| Some(Answer::Yes(yes))),
    }
    .unwrap_or_else(|p| {
        report("state", p);
        unreadable.push("state");
        None
    });
    let (Some(target), Some(year), Some(quality)) = (target, year, quality) else {
        return Err(problems);
    };
    let draft = Draft {
        year,
        quality: Some(quality),
        value,
        state: match state {
            Some(Answer::State(s)) => Some(s),
            _ => None,
        },
        source: Some(cell(5).to_string()),
        note: Some(cell(6).to_string()),
    };
    let baseline_year = lookup.catalog.resolution.baseline_year;
    let checked = if unit.is_empty() {
        measurement::check(target, baseline_year, lookup.policy, draft)
            .map(|entry| Checked::Area(target.code.clone(), entry))
    } else {
        let draft = UnitDraft {
            unit: unit.to_string(),
            draft,
            numerator,
            denominator,
            yes: match state {
                Some(Answer::Yes(yes)) => Some(yes),
                _ => None,
            },
        };
        let known = lookup.units.get(unit).copied();
        check_unit(target, known, baseline_year, lookup.policy, draft)
            .map(|entry| Checked::Unit(target.code.clone(), entry))
    };
    match checked {
        Ok(checked) if problems.is_empty() => Ok(checked),
        Ok(_) => Err(problems),
        // A cell already reported as unreadable is not reported again as missing.
        Err(found) => {
            problems.extend(
                found
                    .into_iter()
                    .filter(|p| !unreadable.contains(&p.field))
                    .map(|p| RowProblem::from_problem(number, column_of(p.field), &p.problem)),
            );
            Err(problems)
        }
    }
}

/// The file's column for a field the domain names (`unit` is the `unit_code` column).
fn column_of(field: &str) -> &str {
    match field {
        "unit" => UNIT_COLUMNS[0],
        other => other,
    }
}

/// The `state` cell: a milestone's state (area rows) or a unit's yes/no.
#[derive(Debug, Clone, Copy)]
enum Answer {
    State(MilestoneState),
    Yes(bool),
}

fn parse_year(text: &str) -> Result<i32, Problem> {
    if text.is_empty() {
        return Err(Problem::Missing);
    }
    // As the API reads a year: "2024.0" is not one (a workbook's number cell 2024 reaches here as "2024").
    crate::domain::measurement::parse_year(text)
        .ok_or_else(|| Problem::NotAYear(excerpt(text, 100)))
}

/// `estimate`/`official`, or their Vietnamese names.
pub(super) fn parse_quality(text: &str) -> Option<Quality> {
    if let Some(quality) = Quality::parse(text.trim()) {
        return Some(quality);
    }
    let text = clean(text).to_lowercase();
    // Their names in the word table ("ước thực hiện", "chính thức"), or an estimate's short names.
    Quality::parse(&text)
        .or_else(|| {
            Quality::ALL
                .into_iter()
                .find(|q| q.label(Lang::Vi).to_lowercase() == text)
        })
        .or(match text.as_str() {
            "ước" | "ước tính" => Some(Quality::Estimate),
            _ => None,
        })
}

/// `not_started`/`in_progress`/`done`, or their Vietnamese names.
fn parse_state(text: &str) -> Option<MilestoneState> {
    if let Some(state) = MilestoneState::parse(text.trim()) {
        return Some(state);
    }
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
        let with_units = rows.iter().any(|cells| cells.len() > HEADER.len());
        let header: &[&str] = if with_units { &ALL_COLUMNS } else { &HEADER };
        let mut builder = SheetBuilder::new(decimal, Limits::FILE);
        builder.push(1, header.iter().copied()).expect("header");
        for (i, cells) in rows.iter().enumerate() {
            builder.push(i + 2, cells.iter().copied()).expect("row");
        }
        builder.finish(Problems::default()).expect("sheet")
    }

    fn messages(result: Result<Entries, Problems>) -> Vec<String> {
        crate::domain::lang::texts(result.map_err(|p| p.shown))
    }

    #[test]
    fn a_sheet_gives_back_each_cell_and_nothing_past_a_row() {
        let s = sheet(
            &[&["T01", "2020", "", "58,5"], &["Cẩm Giàng", "", "x"]],
            Decimal::Point,
        );
        let rows: Vec<Vec<&str>> = s.rows().map(|r| r.cells().collect()).collect();
        assert_eq!(
            rows,
            [vec!["T01", "2020", "", "58,5"], vec!["Cẩm Giàng", "", "x"]]
        );
        let second = s.rows().nth(1).expect("two rows");
        assert_eq!(
            (second.number(), second.cell(0), second.cell(3)),
            (3, "Cẩm Giàng", "")
        );
    }

    #[test]
    fn a_file_past_its_rows_or_text_is_refused_where_it_passes() {
        let limits = Limits {
            rows: 2,
            text_bytes: 20,
            ..Limits::FILE
        };
        let mut builder = SheetBuilder::new(Decimal::Point, limits);
        builder.push(1, HEADER).expect("header");
        builder.push(2, ["T01", "2020"]).expect("row");
        builder.push(3, ["T01", "2021"]).expect("row");
        let third = builder.push(4, ["T01", "2022"]).expect_err("too many rows");
        assert_eq!(third[0].to_string(), "row 4: the file has more than 2 rows");
        let limits = Limits {
            text_bytes: 10,
            ..limits
        };
        let mut builder = SheetBuilder::new(Decimal::Point, limits);
        builder.push(1, HEADER).expect("header");
        builder.push(2, ["T01", "2020"]).expect("7 bytes");
        let long = builder.push(3, ["T01", "2021"]).expect_err("14 bytes");
        assert_eq!(long[0].row, 3);
        assert!(long[0].message.contains("MB of text"), "{long:?}");
    }

    #[test]
    fn problems_past_the_first_hundred_are_counted_not_kept() {
        let rows: Vec<[&str; 7]> = (0..250)
            .map(|_| ["X", "2024", "official", "1", "", "", ""])
            .collect();
        let rows: Vec<&[&str]> = rows.iter().map(|r| &r[..]).collect();
        let problems = check_rows(
            &sheet(&rows, Decimal::Point),
            &catalog(),
            &EntryPolicy::default(),
        )
        .expect_err("no target X");
        assert_eq!((problems.shown.len(), problems.more), (100, 150));
        assert_eq!(problems.shown[99].row, 101);
    }

    #[test]
    fn a_year_written_as_a_decimal_is_not_a_year() {
        let s = sheet(
            &[&["T01", "2024.0", "official", "80", "", "", ""]],
            Decimal::Point,
        );
        assert_eq!(
            messages(check_rows(&s, &catalog(), &EntryPolicy::default())),
            ["row 2, column year: \"2024.0\" is not a year"]
        );
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
        let area = &entries.area;
        assert_eq!(area[0].1.figure.reading.value(), Some(58.5));
        assert_eq!(area[1].1.figure.quality, Quality::Estimate);
        assert_eq!(
            area[1].1.figure.reading.state(),
            Some(MilestoneState::InProgress)
        );
        assert_eq!(area[1].1.note.as_deref(), Some("=1+1"));
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
    fn unit_rows_are_checked_by_the_units_rules() {
        let good = sheet(
            &[
                &[
                    "T06", "2023", "official", "", "", "", "", "cam-phuc", "1890", "2100",
                ],
                &[
                    "T09", "2023", "official", "", "có", "", "", "cam-phuc", "", "",
                ],
                &[
                    "T15", "2023", "official", "9", "", "", "", "cam-phuc", "", "",
                ],
                &["T01", "2023", "official", "80", "", "", "", "", "", ""],
            ],
            Decimal::Point,
        );
        let entries = check_rows(&good, &catalog(), &EntryPolicy::default()).expect("valid");
        assert_eq!((entries.area.len(), entries.units.len()), (1, 3));
        assert_eq!(
            entries.units[1].1.figure.reading,
            crate::domain::rollup::UnitReading::YesNo(true)
        );
        let bad = sheet(
            &[
                &[
                    "T06", "2023", "official", "", "", "", "", "cam-phuc", "2200", "2100",
                ],
                &[
                    "T06", "2025", "official", "", "", "", "", "cam-phuc", "1", "2",
                ],
                &[
                    "T06",
                    "2023",
                    "official",
                    "",
                    "",
                    "",
                    "",
                    "xa-khong-co",
                    "1",
                    "2",
                ],
                &[
                    "T09", "2023", "official", "", "maybe", "", "", "cam-phuc", "", "",
                ],
                &["T01", "2023", "official", "80", "", "", "", "", "1", ""],
                &[
                    "T01", "2023", "official", "80", "", "", "", "cam-phuc", "", "",
                ],
                &[
                    "T15", "2023", "official", "9", "", "", "", "cam-phuc", "", "",
                ],
                &[
                    "T15", "2023", "official", "10", "", "", "", "cam-phuc", "", "",
                ],
            ],
            Decimal::Point,
        );
        let found = messages(check_rows(&bad, &catalog(), &EntryPolicy::default()));
        assert_eq!(found.len(), 7, "{found:#?}");
        assert!(
            found[0].starts_with("row 2, column numerator:"),
            "{found:?}"
        );
        assert!(
            found[1].starts_with("row 3, column unit_code:") && found[1].contains("2024-11-30"),
            "{found:?}"
        );
        assert!(
            found[2].starts_with("row 4, column unit_code:"),
            "{found:?}"
        );
        assert!(found[3].starts_with("row 5, column state:"), "{found:?}");
        assert!(
            found[4].starts_with("row 6, column numerator:"),
            "{found:?}"
        );
        assert!(
            found[5].starts_with("row 7, column unit_code:"),
            "{found:?}"
        );
        assert!(
            found[6].starts_with("row 9, column quality: T15 cam-phuc 2023"),
            "{found:?}"
        );
    }

    #[test]
    fn a_bad_cell_does_not_hide_the_rows_other_problems() {
        let s = sheet(
            &[&["T11", "2040", "official", "", "maybe", "", ""]],
            Decimal::Point,
        );
        let found = messages(check_rows(&s, &catalog(), &EntryPolicy::default()));
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("row 2, column state:"), "{found:?}");
        assert!(found[1].starts_with("row 2, column year:"), "{found:?}");
    }

    #[test]
    fn header_is_checked() {
        let ok: Vec<String> = HEADER
            .iter()
            .map(|h| format!(" {} ", h.to_uppercase()))
            .collect();
        assert_eq!(check_header(1, &ok).ok(), Some(false));
        // The Vietnamese headings, capitalised, one decomposed (as some keyboards type it), codes mixed in.
        let vi: Vec<String> = [
            "Mã chỉ tiêu",
            "Năm",
            "Loại số liệu",
            "Gia\u{301} tri\u{323}",
            "state",
            "Nguồn",
            "Ghi chú",
            "Mã đơn vị",
            "Tử số",
            "mẫu số",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(check_header(1, &vi).ok(), Some(true));
        // The wide layout gets the layout wanted.
        let wide: Vec<String> = ["Chỉ tiêu", "2020", "2021", "2022"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let said = check_header(1, &wide).map_err(|e| e.message(Lang::Vi));
        assert!(
            said.as_ref()
                .is_err_and(|m| m.contains("bảng ngang (mỗi năm một cột)")
                    && m.contains(
                        "mã chỉ tiêu, năm, loại số liệu, giá trị, trạng thái, nguồn, ghi chú"
                    )),
            "{said:?}"
        );
        let bad: Vec<String> = ["target", "year"].iter().map(|s| s.to_string()).collect();
        assert_eq!(
            check_header(1, &bad).map_err(|e| e.to_string()),
            Err("row 1: the header must be target_code,year,quality,value,state,source,note (and, for units' figures, unit_code,numerator,denominator) (found target,year)".into())
        );
    }
}
