//! Errors of the HTTP layer and the one place they become status codes.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::domain::InputError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    InvalidParameter(InputError),
    #[error("not found")]
    NotFound,
    /// A fault of the server; the detail is logged, not sent.
    #[error("internal error: {0}")]
    Internal(String),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::InvalidParameter(error) => {
                let body = json!({
                    "error": {
                        "code": "invalid_parameter",
                        "parameter": error.parameter,
                        "message": error.message,
                    }
                });
                (StatusCode::BAD_REQUEST, Json(body)).into_response()
            }
            ApiError::NotFound => {
                let body = json!({ "error": { "code": "not_found", "message": "no such resource" } });
                (StatusCode::NOT_FOUND, Json(body)).into_response()
            }
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "request failed");
                let body =
                    json!({ "error": { "code": "internal", "message": "the server could not answer this request" } });
                (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response()
            }
        }
    }
}
