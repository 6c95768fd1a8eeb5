//! `/import`: a statistician uploads the office's spreadsheet (CSV or XLSX), checks it, then imports it into the
//! resolution the URL names. A file with any bad row is refused whole, every problem listed in the reader's
//! language.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest};
use askama::Template;

use crate::app::figures::Writer;
use crate::app::import::{import, ImportReport};
use crate::app::words::labels;
use crate::domain::wording::Lang;
use crate::web::auth::check_form_csrf;
use crate::web::frame::{html, render, Frame};
use crate::web::links::keeping_resolution;
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
    ok: Option<String>,
    problems: Vec<String>,
}

/// What the page shows after the form: how the check or import went.
enum Outcome {
    Blank,
    Done(ImportReport),
    Refused(ImportReport),
}

fn show(desk: &Desk, outcome: Outcome) -> Answer {
    let (reader, selection, lang) = (desk.reader, &desk.selection, desk.reader.lang);
    let (status, ok, problems) = match outcome {
        Outcome::Blank => (StatusCode::OK, None, Vec::new()),
        Outcome::Done(report) => (StatusCode::OK, Some(summary(&report, lang)), Vec::new()),
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
        ok,
        problems,
    })?;
    Ok(html(status, body, reader))
}

pub async fn form(desk: Desk) -> Answer {
    show(&desk, Outcome::Blank)
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
    let report = state
        .with_conn(move |conn| {
            let stored = chosen.catalog(conn)?;
            let file = upload.file(crate::exchange::Limits::UPLOAD);
            let importer = Writer {
                name: &who.name,
                scope: who.unit.as_ref(),
                channel: crate::domain::measurement::Channel::Import,
            };
            import(conn, &stored, &policy, file, dry_run, &importer)
        })
        .await?;
    if !report.errors.is_empty() {
        return show(&desk, Outcome::Refused(report));
    }
    if !dry_run {
        let _ = state.refresh_data_version().await;
        tracing::info!(user = %desk.me.name, rows = report.accepted, "import from the page");
    }
    show(&desk, Outcome::Done(report))
}
