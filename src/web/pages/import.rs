//! `/import`: a statistician uploads the office's spreadsheet (CSV or XLSX), checks it, then imports it. A file
//! with any bad row is refused whole, every problem listed in the reader's language.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::frame::{reader_lang, render, Frame, PageError, PageQuery};
use super::labels::labels;
use crate::domain::wording::Lang;
use crate::web::api::{import_file, ImportReport};
use crate::web::auth::{check_form_csrf, Caller};
use crate::web::upload::read_upload;
use crate::web::AppState;

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    frame: Frame,
    csrf: String,
    ok: Option<String>,
    problems: Vec<String>,
}

fn page(
    me: &crate::storage::accounts::Identity,
    lang: Lang,
    status: StatusCode,
    ok: Option<String>,
    problems: Vec<String>,
) -> Result<HttpResponse, PageError> {
    let l = labels(lang);
    let page = ImportPage {
        frame: Frame::new(
            lang,
            l.import_title.to_string(),
            "/import",
            &PageQuery::default(),
        )
        .with_user(Some(me)),
        csrf: me.csrf.clone().unwrap_or_default(),
        ok,
        problems,
    };
    let body = render(&page, lang)?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body))
}

pub async fn form(req: HttpRequest, Caller(me): Caller) -> Result<HttpResponse, PageError> {
    page(&me, reader_lang(&req), StatusCode::OK, None, Vec::new())
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

pub async fn upload(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
    Caller(me): Caller,
) -> Result<HttpResponse, PageError> {
    let lang = reader_lang(&req);
    let upload = read_upload(&req, payload)
        .await
        .map_err(|e| PageError::from_api(e, lang))?;
    let csrf = upload.fields.get("csrf").cloned().unwrap_or_default();
    check_form_csrf(&me, &csrf)
        .map_err(|_| PageError::new(StatusCode::FORBIDDEN, lang, labels(lang).stale_form))?;
    let dry_run = upload.fields.get("action").map(String::as_str) != Some("commit");
    let (policy, who) = (state.policy, me.name.clone());
    let report = state
        .with_conn(move |conn| {
            let stored = crate::web::api::Selection::default().catalog(conn)?;
            import_file(conn, &stored, &policy, &upload, dry_run, &who)
        })
        .await
        .map_err(|e| PageError::from_api(e, lang))?;
    if report.errors.is_empty() {
        if !dry_run {
            let _ = state.refresh_data_version().await;
            tracing::info!(user = %me.name, rows = report.accepted, "import from the page");
        }
        page(
            &me,
            lang,
            StatusCode::OK,
            Some(summary(&report, lang)),
            Vec::new(),
        )
    } else {
        let problems = report
            .errors
            .iter()
            .map(|p| {
                if lang == Lang::Vi {
                    p.to_vi()
                } else {
                    p.to_string()
                }
            })
            .collect();
        page(&me, lang, StatusCode::UNPROCESSABLE_ENTITY, None, problems)
    }
}
