//! `/import`: a statistician uploads the office's spreadsheet (CSV or XLSX), checks it, then imports it into the
//! resolution the URL names. A file with any bad row is refused whole, every problem listed in the reader's
//! language.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest};
use askama::Template;

use crate::app::figures::Writer;
use crate::app::import::{import, ImportReport};
use crate::app::import_plan::{planned_rows, PlannedRow};
use crate::app::words::labels;
use crate::domain::wording::Lang;
use crate::web::auth::check_form_csrf;
use crate::web::frame::{html, render, Frame};
use crate::web::links::{keeping_resolution, resolution_and, urlencode};
use crate::web::upload::read_upload;
use crate::web::visit::Desk;
use crate::web::{Answer, State};

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    frame: Frame,
    csrf: String,
    action: String,
    csv_href: String,
    xlsx_href: String,
    /// The default year's template (for the reader's unit if they have one): (link, label).
    template: (String, String),
    ok: Option<String>,
    problems: Vec<String>,
    /// A dry run's changes, in words, and what the list leaves out.
    changes: Vec<PlannedRow>,
    notes: Vec<String>,
}

/// What the page shows after the form: how the check or import went (a dry run's changes in words).
enum Outcome {
    Blank,
    Done(ImportReport, Vec<PlannedRow>),
    Refused(ImportReport),
}

fn show(desk: &Desk, year: i32, outcome: Outcome) -> Answer {
    let (reader, selection, lang) = (desk.reader, &desk.selection, desk.reader.lang);
    let (mut changes, mut notes) = (Vec::new(), Vec::new());
    let (status, ok, problems) = match outcome {
        Outcome::Blank => (StatusCode::OK, None, Vec::new()),
        Outcome::Done(report, rows) => {
            notes = left_out(&report, rows.len(), lang);
            changes = rows;
            (StatusCode::OK, Some(summary(&report, lang)), Vec::new())
        }
        Outcome::Refused(report) => {
            let mut problems: Vec<String> = report.errors.iter().map(|p| p.message(lang)).collect();
            if report.more_errors > 0 {
                let more = labels(lang).more_problems;
                problems.push(more.replace("{n}", &report.more_errors.to_string()));
            }
            (StatusCode::UNPROCESSABLE_ENTITY, None, problems)
        }
    };
    let body = render(&ImportPage {
        frame: desk.frame(labels(lang).import_title.to_string(), "/import"),
        csrf: desk.csrf(),
        action: keeping_resolution("/import", selection),
        csv_href: keeping_resolution("/api/v1/export.csv", selection),
        xlsx_href: keeping_resolution("/api/v1/export.xlsx", selection),
        template: template_link(desk, year, desk.me.unit.as_ref().map(|s| s.unit.as_str())),
        ok,
        problems,
        changes,
        notes,
    })?;
    Ok(html(status, body, reader))
}

pub async fn form(state: State, desk: Desk) -> Answer {
    let year = super::default_year(&state, &desk.selection).await?;
    show(&desk, year, Outcome::Blank)
}

/// The template of `year` for `unit` (or the area) in the reader's language: (link, label).
pub fn template_link(desk: &Desk, year: i32, unit: Option<&str>) -> (String, String) {
    let mut parts = vec![
        format!("year={year}"),
        format!("lang={}", desk.reader.lang.as_str()),
    ];
    parts.extend(unit.map(|u| format!("unit={}", urlencode(u))));
    let label = labels(desk.reader.lang).import_template;
    (
        resolution_and("/api/v1/template.xlsx", parts, &desk.selection),
        label.replace("{year}", &year.to_string()),
    )
}

/// What a dry run's list leaves out: the blank rows skipped and the changes past the list.
fn left_out(report: &ImportReport, listed: usize, lang: Lang) -> Vec<String> {
    let l = labels(lang);
    let mut notes = Vec::new();
    if report.blank > 0 {
        notes.push(l.import_blank.replace("{n}", &report.blank.to_string()));
    }
    for w in &report.warnings {
        notes.push(l.import_warned.replace("{w}", &w.message(lang)));
    }
    if report.checks_skipped {
        notes.push(l.import_unchecked.to_string());
    }
    let planned = report.created + report.updated + report.unchanged;
    if report.dry_run && planned > listed {
        notes.push(
            l.import_more_changes
                .replace("{n}", &(planned - listed).to_string())
                .replace("{m}", &listed.to_string()),
        );
    }
    notes
}

fn summary(report: &ImportReport, lang: Lang) -> String {
    let l = labels(lang);
    let text = if report.dry_run {
        l.import_ok_preview
    } else {
        l.import_ok
    };
    text.replace("{n}", &report.accepted.to_string())
        .replace("{c}", &report.created.to_string())
        .replace("{u}", &report.updated.to_string())
        .replace("{k}", &report.unchanged.to_string())
}

pub async fn upload(state: State, req: HttpRequest, desk: Desk, payload: web::Payload) -> Answer {
    let upload = read_upload(&req, payload).await?;
    check_form_csrf(
        &desk.me,
        upload.fields.get("csrf").map_or("", String::as_str),
    )?;
    let dry_run = upload.fields.get("action").map(String::as_str) != Some("commit");
    let (policy, who, chosen) = (state.policy, desk.me.clone(), desk.selection.clone());
    let lang = desk.reader.lang;
    let checked = state
        .with_conn(move |conn| {
            let stored = chosen.catalog(conn)?;
            let file = upload.file(crate::exchange::Limits::UPLOAD);
            let importer = Writer::of(&who, crate::domain::measurement::Channel::Import);
            let report = import(conn, &stored, &policy, file, dry_run, &importer)?;
            let rows = planned_rows(&report.changes, &stored.catalog, lang);
            Ok((report, rows))
        })
        .await;
    state
        .metrics
        .import(checked.as_ref().ok().map(|(report, _)| report));
    let (report, rows) = checked?;
    let year = super::default_year(&state, &desk.selection).await?;
    if !report.errors.is_empty() {
        return show(&desk, year, Outcome::Refused(report));
    }
    if !dry_run {
        let _ = state.refresh_data_version().await;
        tracing::info!(user = %desk.me.name, rows = report.accepted, "import from the page");
    }
    show(&desk, year, Outcome::Done(report, rows))
}
