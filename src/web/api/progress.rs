//! Progress routes: one target's progress, the dashboard, the breakthrough tasks.

use actix_web::{web, HttpResponse};

use crate::domain::dashboard::{Dashboard, ProgressView};
use crate::web::selection::{AssessedTarget, Selection};

type Query = web::Query<Selection>;
use crate::web::{Answer, AppState, Segment, State, WebError};

pub async fn target_progress(state: State, code: Segment, selection: Query) -> Answer {
    let progress = state
        .with_conn(move |conn| Ok(AssessedTarget::read(conn, &selection, &code)?.progress))
        .await?;
    Ok(HttpResponse::Ok().json(ProgressView::from(progress)))
}

async fn load_dashboard(state: &AppState, selection: Selection) -> Result<Dashboard, WebError> {
    state
        .with_conn(move |conn| {
            let stored = selection.catalog(conn)?;
            let as_of = selection.as_of(&stored)?;
            Ok(crate::storage::assessments::dashboard(
                conn, &stored, as_of,
            )?)
        })
        .await
}

pub async fn dashboard(state: State, selection: web::Query<Selection>) -> Answer {
    Ok(HttpResponse::Ok().json(load_dashboard(&state, selection.into_inner()).await?))
}

pub async fn breakthroughs(state: State, selection: web::Query<Selection>) -> Answer {
    Ok(HttpResponse::Ok().json(
        load_dashboard(&state, selection.into_inner())
            .await?
            .breakthroughs,
    ))
}
