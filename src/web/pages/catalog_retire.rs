//! `POST /admin/catalog/retire/{kind}/{code}`: an administrator retires a group, task or target after a page that
//! says what retiring does and asks again (`confirmed=1`), or restores one; the list then says which it was.

use actix_web::http::StatusCode;
use actix_web::web;
use askama::Template;

use super::catalog_form::{finish, kind_of, list_page, Form, Notice};
use crate::app::catalog::{self as catalog_history, EditError};
use crate::app::catalog_boxes::in_words;
use crate::app::scope::Scope;
use crate::app::words::labels;
use crate::domain::catalog_form::fingerprint;
use crate::domain::entry_kind::EntryKind;
use crate::domain::wording::Lang;
use crate::domain::Catalog;
use crate::web::auth::check_form_csrf;
use crate::web::frame::{render, Frame};
use crate::web::links::{keeping_resolution, resolution_and};
use crate::web::visit::Desk;
use crate::web::{Answer, AppError, State};

#[derive(Template)]
#[template(path = "catalog_retire.html")]
struct RetirePage {
    frame: Frame,
    heading: String,
    action: String,
    back: String,
    csrf: String,
    fingerprint: String,
    code: String,
}

/// `retired=1` (retire) or `retired=0` (restore); anything else is refused naming the field.
fn retired_of(form: &Form) -> Result<bool, AppError> {
    match form.get("retired").map(|v| v.trim()) {
        Some("1") => Ok(true),
        Some("0") => Ok(false),
        _ => Err(AppError::bad_field(
            "retired",
            "phải là 1 (thôi theo dõi) hoặc 0 (theo dõi lại)",
            "must be 1 (retire) or 0 (restore)",
        )),
    }
}

/// An entry's title in the reader's language, if the catalog has it.
fn title_of(c: &Catalog, kind: EntryKind, code: &str, lang: Lang) -> Option<String> {
    let pick = |vi: &str, en: &str| lang.pick(vi, en).to_string();
    match kind {
        EntryKind::Group => c
            .groups
            .iter()
            .find(|g| g.code == code)
            .map(|g| pick(&g.title_vi, &g.title_en)),
        EntryKind::Breakthrough => c
            .breakthroughs
            .iter()
            .find(|b| b.code == code)
            .map(|b| pick(&b.title_vi, &b.title_en)),
        EntryKind::Target => c.target(code).map(|t| pick(&t.title_vi, &t.title_en)),
        _ => None,
    }
}

/// The page that asks before retiring: what it does, and the button that does it.
fn ask(desk: &Desk, c: &Catalog, kind: EntryKind, code: &str) -> Result<String, AppError> {
    let lang = desk.reader.lang;
    let title = title_of(c, kind, code, lang).ok_or_else(AppError::no_page)?;
    let heading = labels(lang)
        .catalog_retire_ask
        .replace("{code}", code)
        .replace("{title}", &title);
    let path = format!("/admin/catalog/retire/{}/{code}", kind.segment());
    render(&RetirePage {
        frame: desk.frame(heading.clone(), "/admin/catalog"),
        heading,
        action: keeping_resolution(&path, &desk.selection),
        back: keeping_resolution("/admin/catalog", &desk.selection),
        csrf: desk.csrf(),
        fingerprint: fingerprint(c),
        code: code.to_string(),
    })
}

/// What the list says of a refused retirement: the problems in words, or that the catalog changed meanwhile.
fn notice_of(refused: EditError, lang: Lang) -> Notice {
    match refused {
        EditError::Invalid(errors) => Notice {
            problems: errors
                .0
                .iter()
                .map(|p| format!("{}: {}", p.entry, in_words(p.said(lang), lang)))
                .collect(),
            ..Notice::default()
        },
        _ => Notice {
            stale: true,
            ..Notice::default()
        },
    }
}

/// Retires (`retired=1`, once confirmed) or restores (`retired=0`) an entry: the list then says which, or shows
/// what stopped it (422) or that the catalog changed meanwhile (409).
pub async fn retire(
    state: State,
    desk: Desk,
    path: web::Path<(String, String)>,
    form: web::Form<Form>,
) -> Answer {
    let form = form.into_inner();
    check_form_csrf(&desk.me, form.get("csrf").map_or("", String::as_str))?;
    let (segment, code) = path.into_inner();
    let kind = kind_of(&segment)?;
    if !kind.retires() {
        return Err(AppError::no_page());
    }
    let retired = retired_of(&form)?;
    let confirmed = form.get("confirmed").map(String::as_str) == Some("1");
    let reader = desk.reader;
    let outcome = state
        .with_conn(move |conn| {
            let stored = desk.selection.catalog(conn)?;
            if retired && !confirmed {
                return Ok(Err((
                    StatusCode::OK,
                    ask(&desk, &stored.catalog, kind, &code)?,
                )));
            }
            let was = form.get("fingerprint").map_or("", String::as_str);
            let saved = catalog_history::save_edit(conn, &stored, was, &desk.me.name, |c| {
                c.with_retired(kind, &code, retired)
            });
            let notice = match saved {
                Ok(_) => {
                    let done = if retired { "retired" } else { "restored" };
                    let scope = Scope::of_resolution(desk.selection.resolution.as_deref());
                    let to =
                        resolution_and("/admin/catalog", vec![format!("{done}={code}")], &scope);
                    return Ok(Ok(to));
                }
                Err(EditError::Storage(e)) => return Err(e.into()),
                Err(refused) => notice_of(refused, desk.reader.lang),
            };
            let status = match notice.stale {
                true => StatusCode::CONFLICT,
                false => StatusCode::UNPROCESSABLE_ENTITY,
            };
            Ok(Err((status, list_page(conn, &desk, notice)?)))
        })
        .await?;
    finish(state, outcome, reader).await
}
