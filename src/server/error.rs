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
    /// Nothing here by that name; the message says what was looked for.
    #[error("{0}")]
    NotFound(&'static str),
    /// A query string longer than the server reads.
    #[error("{0}")]
    QueryTooLong(InputError),
    /// A valid request for something this server does not do.
    #[error("{0}")]
    NotImplemented(InputError),
    /// A fault of the server; the detail is logged, not sent.
    #[error("internal error: {0}")]
    Internal(String),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, parameter, message) = match self {
            ApiError::InvalidParameter(error) => {
                (StatusCode::BAD_REQUEST, "invalid_parameter", Some(error.parameter), error.message)
            }
            ApiError::QueryTooLong(error) => {
                (StatusCode::URI_TOO_LONG, "uri_too_long", Some(error.parameter), error.message)
            }
            ApiError::NotFound(message) => (StatusCode::NOT_FOUND, "not_found", None, message.to_string()),
            ApiError::NotImplemented(error) => {
                (StatusCode::NOT_IMPLEMENTED, "not_implemented", Some(error.parameter), error.message)
            }
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "request failed");
                let message = "the server could not answer this request".to_string();
                (StatusCode::INTERNAL_SERVER_ERROR, "internal", None, message)
            }
        };
        let mut error = json!({ "code": code, "message": message });
        if let Some(parameter) = parameter {
            error["parameter"] = json!(parameter);
        }
        (status, Json(json!({ "error": error }))).into_response()
    }
}
