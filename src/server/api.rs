//! The JSON API and the health check.

use axum::Json;
use axum::extract::{RawQuery, State};

use super::{ApiError, AppState};
use crate::domain::{Advice, Inputs, evaluate};

/// `GET /healthz`: the process is up and serving.
pub async fn healthz_get() -> &'static str {
    "ok"
}

/// `GET /api/v1/advice`: the evaluation of the query, or 400 naming the first bad parameter.
pub async fn advice_get(State(state): State<AppState>, RawQuery(query): RawQuery) -> Result<Json<Advice>, ApiError> {
    let rules = state.rules();
    let (inputs, errors) = Inputs::from_query(query.as_deref().unwrap_or(""), &rules.region_codes());
    if let Some(error) = errors.into_iter().next() {
        return Err(ApiError::InvalidParameter(error));
    }
    Ok(Json(evaluate(&rules, &inputs)))
}
