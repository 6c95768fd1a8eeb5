//! A figure as the API's PUT sends it (JSON): read into the domain's draft of the area's figure or a unit's, then
//! written through the figure pipeline. A value that is not a JSON number, a state that is not one, or a unit's
//! counts on the area's figure are refused naming their field.

use serde::Deserialize;
use serde_json::Value;

use super::error::AppError;
use super::figures::{self, Put, Writer};
use super::scope::Scope;
use crate::domain::lang::Explained;
use crate::domain::measurement::{check, Draft, EntryPolicy, FieldProblem, Problem};
use crate::domain::text::excerpt;
use crate::domain::unit_figures::{check_unit, parse_yes_no, UnitDraft};
use crate::domain::units::Rollup;
use crate::domain::{MilestoneState, Quality};
use crate::storage::DbConnection;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FigureBody {
    /// The figure, in the target's unit (a percentage as 95.5); or the unit's counts, or a milestone's `state`.
    #[schema(value_type = Option<f64>)]
    value: Option<Value>,
    /// A milestone's state.
    #[schema(value_type = Option<MilestoneState>)]
    state: Option<String>,
    /// A unit's count on a ratio or share target (e.g. households insured), with `denominator`.
    #[schema(value_type = Option<f64>)]
    numerator: Option<Value>,
    #[schema(value_type = Option<f64>)]
    denominator: Option<Value>,
    /// Where the figure comes from.
    source: Option<String>,
    /// Why it is what it is; required when the checks warn about the figure.
    note: Option<String>,
    /// The revision last seen; absent to create the figure.
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

impl FigureBody {
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

impl FigureBody {
    /// Writes the body as the figure of the scope's unit (none: the area's) of target `code` at `(year,
    /// quality)`, on the body's revision.
    pub fn put(
        self,
        conn: &mut DbConnection,
        scope: &Scope,
        (code, (year, quality)): (&str, (i32, Quality)),
        who: &Writer<'_>,
        policy: &EntryPolicy,
    ) -> Result<Put, AppError> {
        let revision = self.revision;
        match scope.unit().map(str::to_string) {
            None => {
                let draft = self.draft(year, quality)?;
                figures::put(conn, scope, code, revision, who, |t, c| {
                    check(t, c.resolution.baseline_year, policy, draft)
                })
            }
            Some(unit) => figures::put(conn, scope, code, revision, who, |t, c| {
                // A target not built from units says so before anything of the body is read as a unit's.
                if t.rollup == Rollup::None {
                    return Err(vec![FieldProblem::new("unit", Problem::NoRollup)]);
                }
                let draft = self.unit_draft(&unit, year, quality)?;
                let known = c.unit(&draft.unit);
                check_unit(t, known, c.resolution.baseline_year, policy, draft)
            }),
        }
    }
}
