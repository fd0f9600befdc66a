//! `POST /import` (the page) and `POST /api/v1/import` (its JSON): Terraform plans or AWS bills
//! posted as `multipart/form-data` field `file` (one or more), read into the advisor's links.
//! Nothing is stored or logged: a file lives for its request. Bodies are bounded, imports run a
//! few at a time, and the time to answer counts from the body's arrival, so a slow upload is
//! neither cut short by the page's timeout nor allowed to hold a place for ever.

use std::time::Duration;

use axum::Json;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use leptos::prelude::*;
use serde_json::json;

use super::{AppState, REQUEST_TIMEOUT};
use crate::app::{ImportFailure, ImportPage, render};
use crate::upload::{MAX_INFLATED_BYTES, read_file};
use advisor_core::import::{Imported, imported};

/// The most a request body may carry: bytes. Larger files go to `kms-hsm-advisor import`.
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;
/// Room for the multipart framing around the files.
const FRAMING_BYTES: usize = 64 * 1024;
/// Imports read at once; more wait for a place, up to [`QUEUE_WAIT`].
pub const CONCURRENT_IMPORTS: usize = 2;
const QUEUE_WAIT: Duration = Duration::from_secs(10);
/// Longest a body may take to arrive.
const BODY_TIMEOUT: Duration = Duration::from_secs(60);

/// The body limit the import routes are served with.
pub fn body_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(MAX_UPLOAD_BYTES + FRAMING_BYTES)
}

/// Why an import was not answered with links.
enum Refusal {
    /// 413: the body is over the limit.
    TooLarge,
    /// 503: every place is taken.
    Busy,
    /// 408: the body, or the reading, took too long.
    Timeout(&'static str),
    /// 400: not a multipart upload with a `file` field.
    NoFile(String),
    /// 422: files that could not be read, with where.
    Unreadable(Vec<ImportFailure>),
    /// 500: the reader failed, which no file should make it do; logged.
    Fault,
}

impl Refusal {
    fn status(&self) -> StatusCode {
        match self {
            Refusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Refusal::Busy => StatusCode::SERVICE_UNAVAILABLE,
            Refusal::Timeout(_) => StatusCode::REQUEST_TIMEOUT,
            Refusal::NoFile(_) => StatusCode::BAD_REQUEST,
            Refusal::Unreadable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Refusal::Fault => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Refusal::TooLarge => "payload_too_large",
            Refusal::Busy => "busy",
            Refusal::Timeout(_) => "timeout",
            Refusal::NoFile(_) => "no_file",
            Refusal::Unreadable(_) => "invalid_file",
            Refusal::Fault => "internal",
        }
    }

    fn failures(self) -> Vec<ImportFailure> {
        let message = match self {
            Refusal::Unreadable(failures) => return failures,
            Refusal::TooLarge => format!(
                "the upload is over {} MiB, the most the server reads: `kms-hsm-advisor import FILE` reads files of any size",
                MAX_UPLOAD_BYTES / (1024 * 1024)
            ),
            Refusal::Busy => "the server is reading other files: try again in a few seconds".to_string(),
            Refusal::Timeout(what) => what.to_string(),
            Refusal::NoFile(message) => message,
            Refusal::Fault => "the server could not read the files".to_string(),
        };
        vec![ImportFailure { file: "upload".to_string(), message }]
    }
}

/// `POST /import`: the page.
pub async fn import_page_post(State(state): State<AppState>, request: Request) -> Response {
    let (status, files, failures) = match import(&state, request).await {
        Ok(files) => (StatusCode::OK, files, Vec::new()),
        Err(refusal) => (refusal.status(), Vec::new(), refusal.failures()),
    };
    let options = state.leptos_options.clone();
    let mut response = (status, Html(render(|| view! { <ImportPage options files failures /> }))).into_response();
    no_store(&mut response);
    response
}

/// `GET /import`: the form alone.
pub async fn import_page_get(State(state): State<AppState>) -> Response {
    let options = state.leptos_options.clone();
    Html(render(|| view! { <ImportPage options files=Vec::new() failures=Vec::new() /> })).into_response()
}

/// `POST /api/v1/import`: `{"files": [...]}`, or an error naming the file and where.
pub async fn import_json_post(State(state): State<AppState>, request: Request) -> Response {
    let mut response = match import(&state, request).await {
        Ok(files) => Json(json!({ "files": files })).into_response(),
        Err(refusal) => {
            let (status, code) = (refusal.status(), refusal.code());
            let failures = refusal.failures();
            let first = failures.first().map(|failure| (failure.file.clone(), failure.message.clone()));
            let (file, message) = first.unwrap_or_default();
            let errors: Vec<_> = failures
                .into_iter()
                .map(|failure| json!({ "file": failure.file, "message": failure.message }))
                .collect();
            let body = json!({ "error": { "code": code, "file": file, "message": message, "files": errors } });
            let mut response = (status, Json(body)).into_response();
            if status == StatusCode::SERVICE_UNAVAILABLE {
                response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from_static("5"));
            }
            response
        }
    };
    no_store(&mut response);
    response
}

/// Takes a place, reads the body, then reads every file within the request timeout.
async fn import(state: &AppState, request: Request) -> Result<Vec<Imported>, Refusal> {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    if declared.is_some_and(|length| length > MAX_UPLOAD_BYTES + FRAMING_BYTES) {
        return Err(Refusal::TooLarge);
    }
    let _place = tokio::time::timeout(QUEUE_WAIT, state.imports.acquire())
        .await
        .map_err(|_| Refusal::Busy)?
        .map_err(|_| Refusal::Busy)?;
    let uploads = tokio::time::timeout(BODY_TIMEOUT, uploads(request, state))
        .await
        .map_err(|_| Refusal::Timeout("the upload did not arrive within 60 seconds"))??;
    let rules = state.rules();
    let reading = tokio::task::spawn_blocking(move || {
        let mut files = Vec::with_capacity(uploads.len());
        let mut failures = Vec::new();
        for (name, bytes) in uploads {
            match read_file(&bytes[..], Some(MAX_INFLATED_BYTES)).and_then(|reading| imported(&rules, &name, &reading))
            {
                Ok(file) => files.push(file),
                Err(error) => failures.push(ImportFailure { file: name, message: error.to_string() }),
            }
        }
        if failures.is_empty() { Ok(files) } else { Err(Refusal::Unreadable(failures)) }
    });
    match tokio::time::timeout(REQUEST_TIMEOUT, reading).await {
        Ok(Ok(result)) => result,
        Ok(Err(fault)) => {
            tracing::error!(detail = %fault, "an import's reading task failed");
            Err(Refusal::Fault)
        }
        Err(_) => Err(Refusal::Timeout("reading the files took longer than the server allows")),
    }
}

/// The `file` fields of the multipart body: each file's name and bytes.
async fn uploads(request: Request, state: &AppState) -> Result<Vec<(String, axum::body::Bytes)>, Refusal> {
    let expected = "expected a multipart/form-data upload with the file in a field named `file`";
    let mut multipart = Multipart::from_request(request, state)
        .await
        .map_err(|error| Refusal::NoFile(format!("{expected} ({error})")))?;
    let mut files = Vec::new();
    let mut total = 0;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(Refusal::TooLarge),
            Err(error) => return Err(Refusal::NoFile(format!("{expected} ({})", error.body_text()))),
        };
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().filter(|name| !name.is_empty()).unwrap_or("upload").to_string();
        let bytes = match field.bytes().await {
            Ok(bytes) => bytes,
            Err(error) if error.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(Refusal::TooLarge),
            Err(error) => return Err(Refusal::NoFile(format!("{expected} ({})", error.body_text()))),
        };
        total += bytes.len();
        if total > MAX_UPLOAD_BYTES {
            return Err(Refusal::TooLarge);
        }
        // A form sent with no file chosen has an empty, unnamed part.
        if !(bytes.is_empty() && name == "upload") {
            files.push((name, bytes));
        }
    }
    if files.is_empty() {
        return Err(Refusal::NoFile(expected.to_string()));
    }
    Ok(files)
}

/// An import's answer is for its poster alone.
fn no_store(response: &mut Response) {
    response.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
}
