//! Errors of the HTTP layer and the one place they become status codes. Handlers return
//! `Result<_, ApiError>` and use `?`: each error below converts with `From`, so it stays typed
//! until the response is built.

use axum::Json;
use axum::http::StatusCode;
use axum::http::header::InvalidHeaderValue;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::charts::ChartError;
use advisor_core::InputError;
use advisor_core::compare::StateError;
use advisor_core::export::ExportError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A parameter that is not what the contract allows: 400.
    #[error("{0}")]
    InvalidParameter(#[from] InputError),
    /// A state of a comparison, or a parameter in it, that is not what the contract allows: 400.
    #[error("{0}")]
    InvalidState(#[from] StateError),
    /// Nothing here by that name; the message says what was looked for: 404.
    #[error("{0}")]
    NotFound(&'static str),
    /// A method other than GET or HEAD on a path of the site: 405.
    #[error("this path answers GET and HEAD only")]
    MethodNotAllowed,
    /// A query string longer than the server reads: 414.
    #[error("{0}")]
    QueryTooLong(InputError),
    /// A valid request for something this server does not do: 501.
    #[error("{0}")]
    NotImplemented(InputError),
    /// Faults of the server from here on: 500, with the detail logged and not sent.
    #[error("drawing a chart: {0}")]
    Chart(#[from] ChartError),
    #[error("{0}")]
    Export(#[from] ExportError),
    #[error("a rendering task: {0}")]
    Task(#[from] tokio::task::JoinError),
    #[error("a header value: {0}")]
    Header(#[from] InvalidHeaderValue),
    #[error("the site's public base URL: {0}")]
    PublicUrl(#[from] url::ParseError),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        // `inner` is the parameter within a comparison's state that `parameter` names.
        let (status, code, parameter, inner, message) = match self {
            ApiError::InvalidParameter(error) => {
                (StatusCode::BAD_REQUEST, "invalid_parameter", Some(error.parameter), None, error.message)
            }
            ApiError::InvalidState(error) => {
                let message = error.to_string();
                (StatusCode::BAD_REQUEST, "invalid_parameter", Some(error.side.parameter()), error.parameter, message)
            }
            ApiError::QueryTooLong(error) => {
                (StatusCode::URI_TOO_LONG, "uri_too_long", Some(error.parameter), None, error.message)
            }
            ApiError::NotFound(message) => (StatusCode::NOT_FOUND, "not_found", None, None, message.to_string()),
            error @ ApiError::MethodNotAllowed => {
                (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", None, None, error.to_string())
            }
            ApiError::NotImplemented(error) => {
                (StatusCode::NOT_IMPLEMENTED, "not_implemented", Some(error.parameter), None, error.message)
            }
            fault @ (ApiError::Chart(_)
            | ApiError::Export(_)
            | ApiError::Task(_)
            | ApiError::Header(_)
            | ApiError::PublicUrl(_)) => {
                tracing::error!(detail = %fault, "request failed");
                let message = "the server could not answer this request".to_string();
                (StatusCode::INTERNAL_SERVER_ERROR, "internal", None, None, message)
            }
        };
        let mut error = json!({ "code": code, "message": message });
        if let Some(parameter) = parameter {
            error["parameter"] = json!(parameter);
        }
        if let Some(inner) = inner {
            error["inner_parameter"] = json!(inner);
        }
        (status, Json(json!({ "error": error }))).into_response()
    }
}
