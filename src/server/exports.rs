//! The exports of a state (`GET /export/adr.md`, `GET /export/costs.csv`, as the core's
//! [`Export`] table lists them) and the attachment response every download is sent as.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::extract::Valid;
use super::{ApiError, AppState};
use advisor_core::evaluate;
use advisor_core::export::Export;

/// `GET` of `export` for the state in the query.
pub async fn export_get(
    export: Export,
    State(state): State<AppState>,
    Valid { rules, inputs }: Valid,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let advice = evaluate(&rules, &inputs);
    let today = state.today();
    let body = export.write(&rules, &advice, today, &state.public_base(&headers))?;
    attachment(export.content_type(), &export.file_name(today, advice.recommendation.option), body)
}

/// `body` as a download saved as `file_name`.
///
/// # Errors
/// [`ApiError`] (a 500) if `file_name` cannot be a header value; the names built here are ASCII.
pub fn attachment(content_type: &'static str, file_name: &str, body: Vec<u8>) -> Result<Response, ApiError> {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\""))?;
    Ok((
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type)), (header::CONTENT_DISPOSITION, disposition)],
        body,
    )
        .into_response())
}
