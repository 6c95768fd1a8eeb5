//! Figures written through the API: one at a time with optimistic concurrency, or a whole file (import).

use crate::domain::lang::Explained;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};

use super::views::MeasurementView;
use crate::app::scope::{target_of, Scope};
use crate::domain::lang::Said;
use crate::domain::measurement::{
    check, parse_year, Channel, Draft, Entry, FieldProblem, Measurement, Problem,
};
use crate::domain::rollup::UnitFigure;
use crate::domain::text::excerpt;
use crate::domain::unit_figures::{check_unit, parse_yes_no, UnitDraft};
use crate::domain::units::Rollup;
use crate::domain::{Catalog, Target};
use crate::domain::{Figure, MilestoneState, Quality};
use crate::storage::figure_columns::StoredFigure;
use crate::storage::measurements::{self, FigureKey, WriteError, Written};
use crate::web::auth::Caller;
use crate::web::{Answer, AppError, AppState, Chosen, Segment, State};

fn parse_path(year: &str, quality: &str) -> Result<(i32, Quality), AppError> {
    let year = parse_year(year).ok_or_else(|| AppError::bad_year("year", year))?;
    let quality = Quality::parse(quality).ok_or_else(|| {
        let problem = Problem::UnknownQuality(excerpt(quality, 40).to_string());
        AppError::bad_field("quality", problem.message_vi(), problem.message_en())
    })?;
    Ok((year, quality))
}

/// A write based on a revision that is no longer the figure's: what is stored now, and who changed it.
fn stale<F: StoredFigure>(current: Option<Box<Measurement<F>>>) -> AppError {
    let message = match &current {
        Some(m) => {
            let at = m
                .changed_at
                .and_utc()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            Said::new(
                format!(
                    "số liệu đã được {} thay đổi lúc {at} (phiên bản {}): hãy tải lại rồi sửa lại",
                    m.changed_by, m.revision
                ),
                format!(
                    "the figure was changed by {} at {at} (revision {}): reload it and apply your change again",
                    m.changed_by, m.revision
                ),
            )
        }
        None => Said::new(
            "số liệu này không (còn) tồn tại: hãy tạo mới, không kèm phiên bản",
            "the figure does not exist (any more): create it without a revision",
        ),
    };
    let current = current.map(|m| MeasurementView::from(*m));
    AppError::stale(message, json!(current))
}

/// The outcome of a write as the API answers it.
fn written<F: StoredFigure>(result: Result<Written<F>, WriteError<F>>) -> Answer {
    match result {
        Ok(Written::Created(m)) => Ok(HttpResponse::Created().json(MeasurementView::from(m))),
        Ok(Written::Updated(m)) | Ok(Written::Unchanged(m)) => {
            Ok(HttpResponse::Ok().json(MeasurementView::from(m)))
        }
        Err(e) => Err(write_error(e)),
    }
}

fn write_error<F: StoredFigure>(e: WriteError<F>) -> AppError {
    match e {
        WriteError::Stale { current } => stale(current),
        WriteError::NotFound => AppError::not_found("không có số liệu này", "no such figure"),
        WriteError::Storage(e) => e.into(),
    }
}

/// A figure route's query: the resolution, and the unit whose figure it is (none: the area's own).
#[derive(Debug, Deserialize)]
pub struct FigureQuery {
    #[serde(flatten)]
    selection: Scope,
    unit: Option<String>,
    revision: Option<String>,
}

impl FigureQuery {
    /// The unit named, if any (an empty `unit=` is the area).
    fn unit(&self) -> Option<&str> {
        self.unit
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PutBody {
    value: Option<Value>,
    state: Option<String>,
    numerator: Option<Value>,
    denominator: Option<Value>,
    source: Option<String>,
    note: Option<String>,
    revision: Option<i32>,
}

/// A JSON number, or none; anything else is a problem of its field.
fn number_of(field: &'static str, value: Option<Value>) -> Result<Option<f64>, FieldProblem> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => Ok(n.as_f64()),
        Some(other) => Err(FieldProblem::new(
            field,
            Problem::NotANumber(excerpt(&other.to_string(), 40)),
        )),
    }
}

/// A JSON number, or none; anything else is refused naming its field.
fn number(field: &'static str, value: Option<Value>) -> Result<Option<f64>, AppError> {
    number_of(field, value).map_err(|p| refused(p.field, p.problem))
}

fn refused(field: &'static str, problem: Problem) -> AppError {
    AppError::invalid_value(field, problem.message_vi(), problem.message_en())
}

impl PutBody {
    fn base(&self, year: i32, quality: Quality) -> Result<Draft, AppError> {
        Ok(Draft {
            year,
            quality: Some(quality),
            value: number("value", self.value.clone())?,
            state: None,
            source: self.source.clone(),
            note: self.note.clone(),
        })
    }

    /// The body as a draft of the area's figure at `year` and `quality`; a value that is not a JSON number, a
    /// state that is not one, or a unit's counts are refused naming their field.
    fn draft(self, year: i32, quality: Quality) -> Result<Draft, AppError> {
        if let Some(field) = [
            ("numerator", &self.numerator),
            ("denominator", &self.denominator),
        ]
        .into_iter()
        .find_map(|(field, v)| v.as_ref().map(|_| field))
        {
            return Err(AppError::bad_field(
                field,
                "chỉ số liệu của đơn vị (?unit=) mới có tử số và mẫu số",
                "only a unit's figure (?unit=) has a numerator and a denominator",
            ));
        }
        let state = match self.state.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(
                MilestoneState::parse(text)
                    .ok_or_else(|| refused("state", Problem::UnknownState(excerpt(text, 40))))?,
            ),
        };
        Ok(Draft {
            state,
            ..self.base(year, quality)?
        })
    }

    /// The body as a draft of `unit`'s figure: a value, a numerator and a denominator, or a state yes/no.
    fn unit_draft(
        self,
        unit: &str,
        year: i32,
        quality: Quality,
    ) -> Result<UnitDraft, Vec<FieldProblem>> {
        let one = |p: FieldProblem| vec![p];
        let yes = match self.state.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(parse_yes_no(text).map_err(|p| one(FieldProblem::new("state", p)))?),
        };
        Ok(UnitDraft {
            unit: unit.to_string(),
            draft: Draft {
                year,
                quality: Some(quality),
                value: number_of("value", self.value).map_err(one)?,
                state: None,
                source: self.source,
                note: self.note,
            },
            numerator: number_of("numerator", self.numerator).map_err(one)?,
            denominator: number_of("denominator", self.denominator).map_err(one)?,
            yes,
        })
    }
}

/// Checks a figure against its target in the selected resolution and writes it: the one path of the area's
/// figures and the units'.
async fn put_checked<F: StoredFigure + Send + 'static>(
    state: &AppState,
    selection: Scope,
    code: String,
    revision: Option<i32>,
    caller: Caller,
    check: impl FnOnce(&Target, &Catalog) -> Result<Entry<F>, Vec<FieldProblem>> + Send + 'static,
) -> Answer {
    let result = state
        .with_conn(move |conn| {
            let stored = selection.catalog(conn)?;
            let target = target_of(&stored, &code)?;
            let entry = check(target, &stored.catalog).map_err(|p| AppError::problems(&p))?;
            let who = &caller.0.name;
            Ok(measurements::put_measurement(
                conn,
                &stored,
                &code,
                &entry,
                revision,
                who,
                Channel::Api,
            ))
        })
        .await?;
    written(result)
}

/// `PUT /api/v1/targets/{code}/measurements/{year}/{quality}[?unit=CODE]`: one figure, the area's own or a
/// unit's, created (no `revision`) or changed (the `revision` last seen).
pub async fn put_measurement(
    state: State,
    path: web::Path<(String, String, String)>,
    query: web::Query<FigureQuery>,
    body: web::Json<PutBody>,
    caller: Caller,
) -> Answer {
    let (code, year, quality) = path.into_inner();
    let (year, quality) = parse_path(&year, &quality)?;
    let query = query.into_inner();
    let body = body.into_inner();
    let revision = body.revision;
    let policy = state.policy;
    let response = match query.unit().map(str::to_string) {
        None => {
            let draft = body.draft(year, quality)?;
            put_checked(
                &state,
                query.selection,
                code,
                revision,
                caller,
                move |t, c| check(t, c.resolution.baseline_year, &policy, draft),
            )
            .await?
        }
        Some(unit) => {
            put_checked(
                &state,
                query.selection,
                code,
                revision,
                caller,
                move |t, c| {
                    // A target not built from units says so before anything of the body is read as a unit's.
                    if t.rollup == Rollup::None {
                        return Err(vec![FieldProblem::new("unit", Problem::NoRollup)]);
                    }
                    let draft = body.unit_draft(&unit, year, quality)?;
                    let known = c.units.iter().find(|u| u.code == draft.unit);
                    check_unit(t, known, c.resolution.baseline_year, &policy, draft)
                },
            )
            .await?
        }
    };
    let _ = state.refresh_data_version().await;
    Ok(response)
}

/// The revision a deletion names, required.
fn revision_of(query: &FigureQuery) -> Result<i32, AppError> {
    query
        .revision
        .as_deref()
        .ok_or_else(|| {
            AppError::bad_field(
                "revision",
                "cần phiên bản (revision) bạn đã xem mới xóa được",
                "the revision you last saw is required to delete",
            )
        })?
        .parse::<i32>()
        .map_err(|_| AppError::bad_field("revision", "phải là số nguyên", "must be a whole number"))
}

/// `DELETE /api/v1/targets/{code}/measurements/{year}/{quality}?revision=N[&unit=CODE]`.
pub async fn delete_measurement(
    state: State,
    path: web::Path<(String, String, String)>,
    query: web::Query<FigureQuery>,
    Caller(caller): Caller,
) -> Answer {
    let (code, year, quality) = path.into_inner();
    let (year, quality) = parse_path(&year, &quality)?;
    let query = query.into_inner();
    let revision = revision_of(&query)?;
    let deleted = state
        .with_conn(move |conn| {
            let stored = query.selection.catalog(conn)?;
            target_of(&stored, &code)?;
            let who = (caller.name.as_str(), Channel::Api);
            let view = match query.unit() {
                None => {
                    let key = FigureKey::area(year, quality);
                    measurements::delete_measurement::<Figure>(
                        conn, &stored, &code, key, revision, who,
                    )
                    .map(MeasurementView::from)
                    .map_err(write_error)
                }
                Some(unit) => {
                    // Only a unit of the catalog goes on to the database (never a NUL or a stray text).
                    if !stored.catalog.units.iter().any(|u| u.code == unit) {
                        let problem = Problem::UnknownUnit(excerpt(unit, 40));
                        return Err(refused("unit", problem));
                    }
                    let key = FigureKey {
                        unit,
                        year,
                        quality,
                    };
                    measurements::delete_measurement::<UnitFigure>(
                        conn, &stored, &code, key, revision, who,
                    )
                    .map(MeasurementView::from)
                    .map_err(write_error)
                }
            };
            Ok(view)
        })
        .await??;
    let _ = state.refresh_data_version().await;
    Ok(HttpResponse::Ok().json(json!({"deleted": deleted})))
}

#[derive(Debug, Deserialize)]
pub struct ImportQuery {
    #[serde(flatten)]
    selection: Scope,
    dry_run: Option<String>,
}

/// `dry_run=true` or `false` (or absent or empty: false).
fn flag(text: Option<&str>) -> Result<bool, AppError> {
    match text.map(str::trim) {
        None | Some("") | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(_) => Err(AppError::bad_field(
            "dry_run",
            "phải là true hoặc false",
            "must be true or false",
        )),
    }
}

pub async fn import(
    state: State,
    query: web::Query<ImportQuery>,
    req: HttpRequest,
    payload: web::Payload,
    Caller(caller): Caller,
) -> Answer {
    let query = query.into_inner();
    let upload = crate::web::upload::read_upload(&req, payload).await?;
    // A form may ask for a dry run in a field of its own; asked for either way, nothing is written.
    let dry_run =
        flag(query.dry_run.as_deref())? || flag(upload.fields.get("dry_run").map(String::as_str))?;
    let policy = state.policy;
    let report = state
        .with_conn(move |conn| {
            let stored = query.selection.catalog(conn)?;
            let file = upload.file(crate::exchange::Limits::UPLOAD);
            let who = crate::app::import::Importer {
                name: &caller.name,
                scope: caller.unit.as_ref(),
                channel: Channel::Import,
            };
            crate::app::import::import(conn, &stored, &policy, file, dry_run, &who)
        })
        .await?;
    let status = if report.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    if status == StatusCode::OK && !dry_run {
        let _ = state.refresh_data_version().await;
    }
    Ok(HttpResponse::build(status).json(report))
}

pub async fn history(state: State, code: Segment, selection: Chosen) -> Answer {
    let code = code.into_inner();
    let changes = state
        .with_conn(move |conn| {
            let stored = selection.catalog(conn)?;
            target_of(&stored, &code)?;
            Ok(measurements::history(conn, &stored, Some(&code), 10_000)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(changes))
}

/// `GET /api/v1/session`: who is signed in, and the CSRF token a cookie-authenticated write sends as
/// `X-CSRF-Token` (null for an API token).
pub async fn session(Caller(caller): Caller) -> HttpResponse {
    HttpResponse::Ok().json(json!({"user": caller.name, "role": caller.role, "csrf": caller.csrf}))
}
