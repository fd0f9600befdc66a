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
        }
    }
}
