//! The built site's files (the app's JS, WASM and CSS, the favicon, embed.js): read once at
//! start-up and served from memory, each compressed once rather than on every request. Read from
//! disk through a blocking pool on every request, they were the slowest responses the server had.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::negotiation::{Encoded, holds};

/// The most a built site holds: its WASM, JS and CSS, a few small files.
const MAX_FILES: usize = 256;
const MAX_BYTES: u64 = 32 * 1024 * 1024;

/// Every file of the site, by its URL path.
#[derive(Default)]
pub struct SiteFiles(HashMap<String, SiteFile>);

struct SiteFile {
    /// A digest of the content; each encoding adds its suffix to make the file's tags.
    digest: String,
    content: Encoded,
}

impl SiteFiles {
    /// Every file under `root`. A missing root is an empty site: the router tests run without a
    /// build, and the server still answers everything but the assets. A root holding more
    /// than a site would (a mistaken `LEPTOS_SITE_ROOT`) is refused before anything is read.
    pub fn load(root: &Path) -> std::io::Result<SiteFiles> {
        let mut found = Vec::new();
        if root.is_dir() {
            list_files(root, &mut found)?;
        }
        let bytes: u64 = found.iter().map(|(_, length)| length).sum();
        if found.len() > MAX_FILES || bytes > MAX_BYTES {
            let message =
                format!("{} holds more than a built site ({MAX_FILES} files, {MAX_BYTES} bytes)", root.display());
            return Err(std::io::Error::other(message));
        }
        let mut files = HashMap::new();
        for (path, _) in found {
            let Ok(relative) = path.strip_prefix(root) else { continue };
            let url_path =
                relative.components().map(|part| format!("/{}", part.as_os_str().to_string_lossy())).collect();
            let extension = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
            let content = std::fs::read(&path)?;
            let digest = Sha256::digest(&content).iter().take(16).map(|b| format!("{b:02x}")).collect();
            let content = Encoded::site_file(content_type(extension), Bytes::from(content));
            files.insert(url_path, SiteFile { digest, content });
        }
        Ok(SiteFiles(files))
    }

    /// Compresses every file now, so that no visitor waits for it.
    pub fn compress_all(&self) {
        for file in self.0.values() {
            file.content.compress();
        }
    }

    /// The file at `path` in the best encoding the request accepts, or 304 when the request
    /// already holds it; `None` when the site has no such file.
    pub fn response(&self, path: &str, request: &HeaderMap) -> Option<Response> {
        let file = self.0.get(path)?;
        let encoding = file.content.encoding_for(request);
        let etag = format!("\"{}{}\"", file.digest, encoding.tag_suffix());
        let holds_it = holds(request, &etag);
        let etag = HeaderValue::from_str(&etag).ok()?;
        if holds_it {
            return Some((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response());
        }
        let (mut headers, body) = file.content.representation(encoding);
        headers.insert(header::ETAG, etag);
        Some((headers, body).into_response())
    }
}

/// Every file under `directory` with its length, stopping early once there are too many.
fn list_files(directory: &Path, found: &mut Vec<(PathBuf, u64)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(directory)? {
        if found.len() > MAX_FILES {
            break;
        }
        let entry = entry?;
        let metadata = entry.metadata()?;
        if metadata.is_dir() {
            list_files(&entry.path(), found)?;
        } else {
            found.push((entry.path(), metadata.len()));
        }
    }
    Ok(())
}

/// The types the site has; anything else is served as bytes.
fn content_type(extension: &str) -> &'static str {
    match extension {
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "html" => "text/html; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}
