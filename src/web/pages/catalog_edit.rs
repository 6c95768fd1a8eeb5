//! `/admin/catalog/targets/{code}`: the form to correct a target's wording (titles, the resolution's own words, the unit's name), checked as `catalog load` checks
//! them, problems beside their boxes in the reader's language, a correction someone else made meanwhile shown
//! instead of overwritten, and the target's catalog history.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::web;
use askama::Template;

use crate::app::catalog::{self as catalog_history, CatalogCorrection, CorrectionError};
use crate::app::target::StoredCatalog;
use crate::app::words::labels;
use crate::domain::catalog_edit::{Wording, WordingProblem};
use crate::web::frame::{html, render, see_other, Frame};
use crate::web::links::{keeping_resolution, resolution_and};
use crate::web::visit::Desk;
use crate::web::{Answer, AppError, Segment, State};

/// A box of the form: its field, label, text and problem.
pub struct WordBox {
    pub field: &'static str,
    pub label: &'static str,
    pub value: String,
    /// What the form was filled from (sent back so a correction made meanwhile is noticed).
    pub was: String,
    pub long: bool,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "catalog_target.html")]
struct TargetWordingPage {
    frame: Frame,
    csrf: String,
    action: String,
    code: String,
    boxes: Vec<WordBox>,
    saved: bool,
    stale: bool,
    history: Vec<CatalogCorrection>,
}

type Form = HashMap<String, String>;

fn boxes(
    shown: &Wording,
    was: &Wording,
    problems: &[WordingProblem],
    lang: crate::domain::wording::Lang,
) -> Vec<WordBox> {
    shown
        .fields()
        .into_iter()
        .zip(was.fields())
        .map(|((field, value), (_, was))| WordBox {
            field,
            label: crate::app::catalog_boxes::label(field, lang),
            value: value.to_string(),
            was: was.to_string(),
            long: field == "source_text_vi",
            error: problems
                .iter()
                .find(|p| p.field == field)
                .map(|p| p.message(lang).to_string()),
        })
        .collect()
}

struct Shown<'a> {
    desk: &'a Desk,
    stored: &'a StoredCatalog,
    code: String,
}

impl Shown<'_> {
    fn render(
        &self,
        conn: &mut crate::app::DbConnection,
        boxes: Vec<WordBox>,
        saved: bool,
        stale: bool,
    ) -> Result<String, AppError> {
        let lang = self.desk.reader.lang;
        // A ratio's count words are asked only of a ratio roll-up's target.
        let target = self.stored.catalog.target(&self.code);
        let ratio = target.is_some_and(|t| t.rollup == crate::domain::units::Rollup::Ratio);
        let boxes = boxes
            .into_iter()
            .filter(|b| ratio || !b.field.ends_with("ator_vi") && !b.field.ends_with("ator_en"))
            .collect();
        let history =
            catalog_history::history_of(conn, self.stored, &format!("target {}", self.code), lang)?;
        let path = format!("/admin/catalog/targets/{}", self.code);
        render(&TargetWordingPage {
            frame: self.desk.frame(
                format!("{} · {}", labels(lang).catalog_heading, self.code),
                &path,
            ),
            csrf: self.desk.csrf(),
            action: keeping_resolution(&path, &self.desk.selection),
            code: self.code.clone(),
            boxes,
            saved,
            stale,
            history,
        })
    }
}

#[derive(Debug, serde::Deserialize, Default)]
pub struct SavedQuery {
    saved: Option<String>,
}

pub async fn target_form(
    state: State,
    desk: Desk,
    code: Segment,
    query: web::Query<SavedQuery>,
) -> Answer {
    let (code, reader) = (code.into_inner(), desk.reader);
    let saved = query.saved.is_some();
    let body = state
        .with_conn(move |conn| {
            let stored = desk.selection.catalog(conn)?;
            let target = stored.catalog.target(&code).ok_or_else(AppError::no_page)?;
            let words = Wording::of(target);
            let shown = Shown {
                desk: &desk,
                stored: &stored,
                code: target.code.clone(),
            };
            shown.render(conn, boxes(&words, &words, &[], reader.lang), saved, false)
        })
        .await?;
    Ok(html(StatusCode::OK, body, reader))
}

fn wording_of(form: &Form, prefix: &str) -> Wording {
    let get = |field: &str| {
        form.get(&format!("{prefix}{field}"))
            .cloned()
            .unwrap_or_default()
    };
    Wording {
        title_vi: get("title_vi"),
        title_en: get("title_en"),
        source_text_vi: get("source_text_vi"),
        unit_vi: get("unit_vi"),
        unit_en: get("unit_en"),
        counts: crate::domain::catalog::CountWords {
            numerator_vi: get("numerator_vi"),
            numerator_en: get("numerator_en"),
            denominator_vi: get("denominator_vi"),
            denominator_en: get("denominator_en"),
        },
    }
}

pub async fn correct(state: State, desk: Desk, code: Segment, form: web::Form<Form>) -> Answer {
    let (form, reader) = (desk.sent(form)?, desk.reader);
    let code = code.into_inner();
    let selection = desk.selection.clone();
    let lang = reader.lang;
    let outcome = state
        .with_conn(move |conn| {
            let stored = desk.selection.catalog(conn)?;
            let target = stored.catalog.target(&code).ok_or_else(AppError::no_page)?;
            let shown = Shown {
                desk: &desk,
                stored: &stored,
                code: target.code.clone(),
            };
            let (now, was) = (wording_of(&form, "").cleaned(), wording_of(&form, "was_"));
            let problems = now.problems();
            if !problems.is_empty() {
                let body = shown.render(conn, boxes(&now, &was, &problems, lang), false, false)?;
                return Ok(Err((StatusCode::UNPROCESSABLE_ENTITY, body)));
            }
            let who = &desk.me.name;
            match catalog_history::correct_target(conn, &stored, &target.code, (&was, &now), who) {
                Ok(_) => Ok(Ok(target.code.clone())),
                Err(CorrectionError::Stale(theirs)) => {
                    // Theirs in the boxes' "was", what was typed in the boxes: saving again keeps the typing.
                    let body = shown.render(conn, boxes(&now, &theirs, &[], lang), false, true)?;
                    Ok(Err((StatusCode::CONFLICT, body)))
                }
                Err(CorrectionError::NotFound(_)) => Err(AppError::no_page()),
                Err(CorrectionError::Storage(e)) => Err(e.into()),
            }
        })
        .await?;
    match outcome {
        Ok(code) => {
            let _ = state.refresh_data_version().await;
            tracing::info!(target = %code, "catalog wording corrected");
            Ok(see_other(&resolution_and(
                &format!("/admin/catalog/targets/{code}"),
                vec!["saved=1".into()],
                &selection,
            )))
        }
        Err((status, body)) => Ok(html(status, body, reader)),
    }
}
