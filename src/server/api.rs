//! The JSON API and the health check.

use axum::Json;

use super::extract::Valid;
use advisor_core::{Advice, evaluate};

/// `GET /healthz`: the process is up and serving.
pub async fn healthz_get() -> &'static str {
    "ok"
}

/// `GET /api/v1/advice`: the evaluation of the query, or 400 naming the first bad parameter.
pub async fn advice_get(Valid { rules, inputs }: Valid) -> Json<Advice> {
    Json(evaluate(&rules, &inputs))
}
