//! The catalog on the pages (an administrator): `/admin/catalog` lists a resolution's groups, breakthroughs,
//! targets and units, with what was retired and the latest changes; `/admin/catalog/new/{kind}` adds an entry
//! (or, for `resolution`, creates a resolution); `/admin/catalog/edit/{kind}/{code}` corrects one;
//! `/admin/catalog/retire/{kind}/{code}` retires or restores one. Every save is checked by the checks of
//! `catalog load` (problems beside their boxes, in the reader's language), is refused when the catalog changed
//! after the form was filled, and goes into the catalog's history.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::web;
use askama::Template;

use crate::app::catalog::{self as catalog_history, CatalogCorrection, EditError};
use crate::app::catalog_boxes::{boxes, kind_heading, EntryBox};
use crate::app::scope::Scope;
use crate::app::words::labels;
use crate::app::DbConnection;
use crate::domain::catalog::{self, CatalogErrors};
use crate::domain::catalog_form::{
    entry_from_form, fingerprint, form_from_entry, EntryKind, FieldProblem,
};
use crate::domain::Catalog;
use crate::web::auth::check_form_csrf;
use crate::web::frame::{html, render, see_other, Frame};
use crate::web::links::{keeping_resolution, resolution_and, urlencode};
use crate::web::visit::Desk;
use crate::web::{Answer, AppError, State};

pub(super) type Form = HashMap<String, String>;

/// One entry of the list: its code, its title, and where to edit it.
pub struct Listed {
    pub code: String,
    pub title: String,
    pub edit: String,
    /// The target's wording form (targets only).
    pub wording: Option<String>,
    pub retire: Option<String>,
}

/// The entries of one kind, in use and retired.
pub struct Section {
    pub heading: &'static str,
    pub id: &'static str,
    pub add: String,
    pub entries: Vec<Listed>,
}

#[derive(Template)]
#[template(path = "catalog.html")]
struct CatalogPage {
    frame: Frame,
    csrf: String,
    fingerprint: String,
    title: String,
    edit_resolution: String,
    new_resolution: String,
    sections: Vec<Section>,
    retired: Vec<(&'static str, Listed)>,
    problems: Vec<String>,
    /// What was just done ("Đã lưu.", "Đã thôi theo dõi T05. …").
    said: Option<String>,
    stale: bool,
    /// The latest changes of the catalog, by page or by file.
    history: Vec<CatalogCorrection>,
}

#[derive(Debug, serde::Deserialize, Default)]
pub struct SavedQuery {
    saved: Option<String>,
    /// The entry just retired or restored, by its code.
    retired: Option<String>,
    restored: Option<String>,
}

impl SavedQuery {
    /// What the list says the reader just did; a code from the address is said only when it looks like one.
    fn said(&self, lang: crate::domain::wording::Lang) -> Option<String> {
        let l = labels(lang);
        let code = |c: &Option<String>| {
            c.clone().filter(|c| {
                c.len() <= 40
                    && c.chars()
                        .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_')
            })
        };
        if let Some(c) = code(&self.retired) {
            return Some(l.catalog_retired_done.replace("{code}", &c));
        }
        if let Some(c) = code(&self.restored) {
            return Some(l.catalog_restored_done.replace("{code}", &c));
        }
        self.saved.as_ref().map(|_| l.saved.to_string())
    }
}

/// What the list page shows besides the catalog: what a save just did, or a refused retirement.
#[derive(Default)]
pub(super) struct Notice {
    pub(super) said: Option<String>,
    pub(super) stale: bool,
    pub(super) problems: Vec<String>,
}

fn entry_path(action: &str, kind: EntryKind, code: &str, selection: &Scope) -> String {
    keeping_resolution(
        &format!(
            "/admin/catalog/{action}/{}/{}",
            kind.segment(),
            urlencode(code)
        ),
        selection,
    )
}

/// One entry of the list, with where to edit, word and retire it.
fn listed(kind: EntryKind, code: &str, title: &str, s: &Scope) -> Listed {
    Listed {
        code: code.to_string(),
        title: title.to_string(),
        edit: entry_path("edit", kind, code, s),
        wording: (kind == EntryKind::Target)
            .then(|| keeping_resolution(&format!("/admin/catalog/targets/{}", urlencode(code)), s)),
        retire: kind.retires().then(|| entry_path("retire", kind, code, s)),
    }
}

/// Each kind's entries in use, a section each, and the retired ones of every kind.
fn sections(c: &Catalog, desk: &Desk) -> (Vec<Section>, Vec<(&'static str, Listed)>) {
    let (lang, s) = (desk.reader.lang, &desk.selection);
    let pick = |vi: &str, en: &str| lang.pick(vi, en).to_string();
    // Each kind's entries in use make its section; its retired ones go to the list of what was retired.
    let mut retired = Vec::new();
    let mut section = |kind: EntryKind, id, entries: Vec<(&str, String, bool)>| {
        let mut shown = Vec::new();
        for (code, title, is_retired) in entries {
            let row = listed(kind, code, &title, s);
            match is_retired {
                true => retired.push((kind_heading(kind, lang), row)),
                false => shown.push(row),
            }
        }
        Section {
            heading: kind_heading(kind, lang),
            id,
            add: keeping_resolution(&format!("/admin/catalog/new/{}", kind.segment()), s),
            entries: shown,
        }
    };
    let r = &c.retired;
    let sections = vec![
        section(
            EntryKind::Group,
            "groups",
            catalog::listed(&c.groups, &r.groups)
                .map(|(g, is)| (g.code.as_str(), pick(&g.title_vi, &g.title_en), is))
                .collect(),
        ),
        section(
            EntryKind::Breakthrough,
            "breakthroughs",
            catalog::listed(&c.breakthroughs, &r.breakthroughs)
                .map(|(b, is)| (b.code.as_str(), pick(&b.title_vi, &b.title_en), is))
                .collect(),
        ),
        section(
            EntryKind::Target,
            "targets",
            catalog::listed(&c.targets, &r.targets)
                .map(|(t, is)| (t.code.as_str(), pick(&t.title_vi, &t.title_en), is))
                .collect(),
        ),
        section(
            EntryKind::Unit,
            "units",
            c.units
                .iter()
                .map(|u| (u.code.as_str(), pick(&u.name_vi, &u.name_en), false))
                .collect(),
        ),
        section(
            EntryKind::Agency,
            "agencies",
            c.agencies
                .iter()
                .map(|a| (a.code.as_str(), pick(&a.name_vi, &a.name_en), false))
                .collect(),
        ),
    ];
    (sections, retired)
}

pub(super) fn list_page(
    conn: &mut DbConnection,
    desk: &Desk,
    notice: Notice,
) -> Result<String, AppError> {
    let stored = desk.selection.catalog(conn)?;
    let (lang, l) = (desk.reader.lang, labels(desk.reader.lang));
    let c = &stored.catalog;
    let s = &desk.selection;
    let pick = |vi: &str, en: &str| lang.pick(vi, en).to_string();
    let (sections, retired) = sections(c, desk);
    render(&CatalogPage {
        frame: desk.frame(l.catalog_heading.to_string(), "/admin/catalog"),
        csrf: desk.csrf(),
        fingerprint: fingerprint(c),
        title: pick(&c.resolution.title_vi, &c.resolution.title_en),
        edit_resolution: entry_path("edit", EntryKind::Resolution, &c.resolution.code, s),
        new_resolution: "/admin/catalog/new/resolution".to_string(),
        sections,
        retired,
        problems: notice.problems,
        said: notice.said,
        stale: notice.stale,
        history: catalog_history::recent(conn, &stored, 100, lang)?,
    })
}

pub async fn catalog(state: State, desk: Desk, query: web::Query<SavedQuery>) -> Answer {
    let reader = desk.reader;
    let notice = Notice {
        said: query.said(reader.lang),
        ..Notice::default()
    };
    let body = state
        .with_conn(move |conn| list_page(conn, &desk, notice))
        .await?;
    Ok(html(StatusCode::OK, body, reader))
}

#[derive(Template)]
#[template(path = "catalog_entry.html")]
struct EntryPage {
    frame: Frame,
    csrf: String,
    fingerprint: String,
    action: String,
    back: String,
    heading: String,
    boxes: Vec<EntryBox>,
    has_box_errors: bool,
    /// Problems that belong to no one box, and problems of other entries.
    problems: Vec<String>,
    stale: bool,
    history: Vec<CatalogCorrection>,
}

/// What an entry's form page shows.
struct Shown<'a> {
    desk: &'a Desk,
    kind: EntryKind,
    /// The entry's code when it is corrected (`None` when it is added).
    code: Option<String>,
}

impl Shown<'_> {
    fn path(&self) -> String {
        match &self.code {
            Some(code) => format!(
                "/admin/catalog/edit/{}/{}",
                self.kind.segment(),
                urlencode(code)
            ),
            None => format!("/admin/catalog/new/{}", self.kind.segment()),
        }
    }

    fn creates_resolution(&self) -> bool {
        self.kind == EntryKind::Resolution && self.code.is_none()
    }

    fn render(
        &self,
        conn: &mut DbConnection,
        catalog: Option<&crate::app::target::StoredCatalog>,
        values: &Form,
        problems: &[FieldProblem],
        errors: Option<&CatalogErrors>,
        stale: bool,
    ) -> Result<String, AppError> {
        let lang = self.desk.reader.lang;
        let l = labels(lang);
        let (boxes, problems) = boxes(
            self.kind,
            self.code.is_none(),
            values,
            problems,
            errors,
            catalog.map(|s| &s.catalog),
            lang,
        );
        let heading = match (&self.code, self.creates_resolution()) {
            (_, true) => l.catalog_new_resolution.to_string(),
            (Some(code), _) => format!(
                "{} · {} · {code}",
                l.catalog_edit,
                kind_heading(self.kind, lang)
            ),
            (None, _) => format!("{} · {}", l.catalog_add, kind_heading(self.kind, lang)),
        };
        let history = match (catalog, &self.code) {
            (Some(stored), Some(code)) => {
                catalog_history::history_of(conn, stored, &self.kind.entry(code), lang)?
            }
            _ => Vec::new(),
        };
        let selection = match self.creates_resolution() {
            true => Scope::default(),
            false => self.desk.selection.clone(),
        };
        let path = self.path();
        render(&EntryPage {
            frame: self.desk.frame(heading.clone(), &path),
            csrf: self.desk.csrf(),
            fingerprint: catalog.map(|s| fingerprint(&s.catalog)).unwrap_or_default(),
            action: keeping_resolution(&path, &selection),
            back: keeping_resolution("/admin/catalog", &selection),
            heading,
            has_box_errors: boxes.iter().any(|b| b.error.is_some()),
            boxes,
            problems,
            stale,
            history,
        })
    }
}

pub(super) fn kind_of(segment: &str) -> Result<EntryKind, AppError> {
    EntryKind::from_segment(segment).ok_or_else(AppError::no_page)
}

pub async fn new_form(state: State, desk: Desk, kind: web::Path<String>) -> Answer {
    let (kind, reader) = (kind_of(&kind)?, desk.reader);
    let body = state
        .with_conn(move |conn| {
            let shown = Shown {
                desk: &desk,
                kind,
                code: None,
            };
            let stored = match shown.creates_resolution() {
                true => None,
                false => Some(desk.selection.catalog(conn)?),
            };
            shown.render(conn, stored.as_ref(), &Form::new(), &[], None, false)
        })
        .await?;
    Ok(html(StatusCode::OK, body, reader))
}

pub async fn edit_form(state: State, desk: Desk, path: web::Path<(String, String)>) -> Answer {
    let (segment, code) = path.into_inner();
    let (kind, reader) = (kind_of(&segment)?, desk.reader);
    let decimal = reader.lang.decimal();
    let body = state
        .with_conn(move |conn| {
            let stored = desk.selection.catalog(conn)?;
            let entry = stored
                .catalog
                .entry_table(kind, &code)
                .ok_or_else(AppError::no_page)?;
            let shown = Shown {
                desk: &desk,
                kind,
                code: Some(code),
            };
            let values = form_from_entry(&entry, decimal);
            shown.render(conn, Some(&stored), &values, &[], None, false)
        })
        .await?;
    Ok(html(StatusCode::OK, body, reader))
}

/// Where the browser goes after a save: the list of the resolution saved.
fn after_save(resolution: Option<&str>) -> String {
    let scope = Scope::of_resolution(resolution);
    resolution_and("/admin/catalog", vec!["saved=1".into()], &scope)
}

/// What a save answers: where to go next, or the page again with its status.
type Saved = Result<String, (StatusCode, String)>;

/// Saves an added or corrected entry (or creates a resolution): the list on success, else the form again with
/// what is wrong (422) or with the news that the catalog changed meanwhile (409).
async fn save(
    state: State,
    desk: Desk,
    kind: EntryKind,
    code: Option<String>,
    form: Form,
) -> Answer {
    check_form_csrf(&desk.me, form.get("csrf").map_or("", String::as_str))?;
    let reader = desk.reader;
    let outcome = state
        .with_conn(move |conn| {
            let shown = Shown {
                desk: &desk,
                kind,
                code: code.clone(),
            };
            let mut values = form.clone();
            if let Some(code) = &code {
                // The code is fixed: the stored entry's, whatever the form says.
                values.insert("code".into(), code.clone());
            }
            match shown.creates_resolution() {
                true => create_resolution(conn, &shown, &values),
                false => edit_entry(conn, &shown, &values),
            }
        })
        .await?;
    finish(state, outcome, reader).await
}

/// Creates a resolution from its form.
fn create_resolution(
    conn: &mut DbConnection,
    shown: &Shown,
    values: &Form,
) -> Result<Saved, AppError> {
    let decimal = shown.desk.reader.lang.decimal();
    let entry = match entry_from_form(shown.kind, values, decimal) {
        Ok(entry) => entry,
        Err(problems) => {
            let body = shown.render(conn, None, values, &problems, None, false)?;
            return Ok(Err((StatusCode::UNPROCESSABLE_ENTITY, body)));
        }
    };
    let created = Catalog::new_resolution(entry)
        .map_err(EditError::Invalid)
        .and_then(|catalog| {
            catalog_history::create_resolution(conn, &catalog, &shown.desk.me.name)
                .map(|()| catalog.resolution.code)
        });
    match created {
        Ok(code) => Ok(Ok(after_save(Some(&code)))),
        Err(EditError::Invalid(errors)) => {
            let body = shown.render(conn, None, values, &[], Some(&errors), false)?;
            Ok(Err((StatusCode::UNPROCESSABLE_ENTITY, body)))
        }
        Err(EditError::Stale) => Err(AppError::internal()),
        Err(EditError::Storage(e)) => Err(e.into()),
    }
}

/// Adds or corrects an entry of the resolution from its form, on the catalog the form was filled from.
fn edit_entry(conn: &mut DbConnection, shown: &Shown, values: &Form) -> Result<Saved, AppError> {
    let desk = shown.desk;
    let stored = desk.selection.catalog(conn)?;
    if let Some(code) = &shown.code {
        stored
            .catalog
            .entry_table(shown.kind, code)
            .ok_or_else(AppError::no_page)?;
    }
    let entry = match entry_from_form(shown.kind, values, desk.reader.lang.decimal()) {
        Ok(entry) => entry,
        Err(problems) => {
            let body = shown.render(conn, Some(&stored), values, &problems, None, false)?;
            return Ok(Err((StatusCode::UNPROCESSABLE_ENTITY, body)));
        }
    };
    let was = values.get("fingerprint").map_or("", String::as_str);
    let (kind, adding) = (shown.kind, shown.code.is_none());
    let saved = catalog_history::save_edit(conn, &stored, was, &desk.me.name, |c| {
        c.with_entry(kind, entry, adding)
    });
    match saved {
        Ok(_) => Ok(Ok(after_save(desk.selection.resolution.as_deref()))),
        Err(EditError::Invalid(errors)) => {
            let body = shown.render(conn, Some(&stored), values, &[], Some(&errors), false)?;
            Ok(Err((StatusCode::UNPROCESSABLE_ENTITY, body)))
        }
        Err(EditError::Stale) => {
            // The boxes keep the typing; the form now carries the catalog as it is.
            let body = shown.render(conn, Some(&stored), values, &[], None, true)?;
            Ok(Err((StatusCode::CONFLICT, body)))
        }
        Err(EditError::Storage(e)) => Err(e.into()),
    }
}

pub(super) async fn finish(
    state: State,
    outcome: Result<String, (StatusCode, String)>,
    reader: crate::web::lang::Reader,
) -> Answer {
    match outcome {
        Ok(location) => {
            let _ = state.refresh_data_version().await;
            tracing::info!("catalog edited on the pages");
            Ok(see_other(&location))
        }
        Err((status, body)) => Ok(html(status, body, reader)),
    }
}

pub async fn add(
    state: State,
    desk: Desk,
    kind: web::Path<String>,
    form: web::Form<Form>,
) -> Answer {
    let kind = kind_of(&kind)?;
    save(state, desk, kind, None, form.into_inner()).await
}

pub async fn correct(
    state: State,
    desk: Desk,
    path: web::Path<(String, String)>,
    form: web::Form<Form>,
) -> Answer {
    let (segment, code) = path.into_inner();
    let kind = kind_of(&segment)?;
    save(state, desk, kind, Some(code), form.into_inner()).await
}
