//! The built site's files (the app's JS, WASM and CSS, the favicon, embed.js): read once at
//! start-up and served from memory, each compressed once rather than on every request. Reading
//! them from disk per request through a blocking pool served under 2,000 a second on two cores.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// The most a built site holds: its WASM, JS and CSS, a few small files.
const MAX_FILES: usize = 256;
const MAX_BYTES: u64 = 32 * 1024 * 1024;

/// Every file of the site, by its URL path.
#[derive(Default)]
pub struct SiteFiles(HashMap<String, SiteFile>);

struct SiteFile {
    content_type: &'static str,
    /// A digest of the content; each encoding adds its own suffix, as a strong tag must.
    digest: String,
    identity: Bytes,
    /// Made on first use (or by [`SiteFiles::compress_all`]); `None` for images, which are
    /// compressed already.
    brotli: Option<OnceLock<Bytes>>,
    gzip: Option<OnceLock<Bytes>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Identity,
    Brotli,
    Gzip,
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
            files.insert(url_path, SiteFile::new(content_type(extension), std::fs::read(&path)?));
        }
        Ok(SiteFiles(files))
    }

    /// Compresses every file that is not yet, so that no visitor waits for it.
    pub fn compress_all(&self) {
        for file in self.0.values() {
            for encoding in [Encoding::Brotli, Encoding::Gzip] {
                file.body(encoding);
            }
        }
    }

    /// The file at `path` in the best encoding the request accepts, or 304 when the request
    /// already holds it; `None` when the site has no such file.
    pub fn response(&self, path: &str, request: &HeaderMap) -> Option<Response> {
        let file = self.0.get(path)?;
        let encoding = file.encoding_for(request);
        let suffix = match encoding {
            Encoding::Identity => "",
            Encoding::Brotli => "-br",
            Encoding::Gzip => "-gz",
        };
        let etag = HeaderValue::from_str(&format!("\"{}{suffix}\"", file.digest)).ok()?;
        let mut headers = HeaderMap::new();
        headers.insert(header::ETAG, etag.clone());
        if file.brotli.is_some() {
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        if holds(request, &etag) {
            return Some((StatusCode::NOT_MODIFIED, headers).into_response());
        }
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(file.content_type));
        match encoding {
            Encoding::Identity => {}
            Encoding::Brotli => {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
            }
            Encoding::Gzip => {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            }
        }
        Some((headers, file.body(encoding)).into_response())
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

impl SiteFile {
    fn new(content_type: &'static str, content: Vec<u8>) -> SiteFile {
        let compressible = !matches!(content_type, "image/png" | "image/x-icon" | "application/octet-stream");
        let digest = Sha256::digest(&content).iter().take(16).map(|b| format!("{b:02x}")).collect();
        SiteFile {
            content_type,
            digest,
            identity: Bytes::from(content),
            brotli: compressible.then(OnceLock::new),
            gzip: compressible.then(OnceLock::new),
        }
    }

    /// Brotli when the request takes it, else gzip, else the bytes as they are.
    fn encoding_for(&self, request: &HeaderMap) -> Encoding {
        if self.brotli.is_some() && accepts(request, "br") {
            Encoding::Brotli
        } else if self.gzip.is_some() && accepts(request, "gzip") {
            Encoding::Gzip
        } else {
            Encoding::Identity
        }
    }

    fn body(&self, encoding: Encoding) -> Bytes {
        let compressed = match encoding {
            Encoding::Identity => None,
            Encoding::Brotli => self.brotli.as_ref().map(|once| once.get_or_init(|| brotli(&self.identity))),
            Encoding::Gzip => self.gzip.as_ref().map(|once| once.get_or_init(|| gzip(&self.identity))),
        };
        compressed.unwrap_or(&self.identity).clone()
    }
}

/// At the highest quality, as it is paid once per file and the WASM is most of a first visit;
/// with a window just large enough for the file, because the encoder's memory grows with it.
fn brotli(content: &[u8]) -> Bytes {
    let mut compressed = Vec::new();
    let lgwin = content.len().next_power_of_two().ilog2().clamp(10, 22) as i32;
    let params =
        brotli::enc::BrotliEncoderParams { quality: 11, lgwin, size_hint: content.len(), ..Default::default() };
    // Writing to memory cannot fail.
    let _ = brotli::BrotliCompress(&mut &content[..], &mut compressed, &params);
    Bytes::from(compressed)
}

fn gzip(content: &[u8]) -> Bytes {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing to memory cannot fail.
    let _ = encoder.write_all(content);
    Bytes::from(encoder.finish().unwrap_or_default())
}

/// Whether `Accept-Encoding` lists `coding` without refusing it (`;q=0`).
fn accepts(request: &HeaderMap, coding: &str) -> bool {
    request
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let refused = |part: &str| {
                part.split_once('=')
                    .is_some_and(|(name, q)| name.trim() == "q" && q.trim().parse::<f32>().is_ok_and(|q| q == 0.0))
            };
            parts.next().is_some_and(|name| name.eq_ignore_ascii_case(coding)) && !parts.any(refused)
        })
}

/// Whether `If-None-Match` names `etag` (or `*`).
fn holds(request: &HeaderMap, etag: &HeaderValue) -> bool {
    let Ok(etag) = etag.to_str() else { return false };
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|tag| tag.trim().trim_start_matches("W/"))
        .any(|tag| tag == etag || tag == "*")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        pairs.iter().map(|(name, value)| (name.clone(), HeaderValue::from_str(value).unwrap())).collect()
    }

    #[test]
    fn encodings_are_negotiated() {
        let file = SiteFile::new("text/javascript; charset=utf-8", b"let x = 1;".repeat(100));
        let encoding = |value: &str| file.encoding_for(&request(&[(header::ACCEPT_ENCODING, value)]));
        assert_eq!(encoding("gzip, deflate, br, zstd"), Encoding::Brotli);
        assert_eq!(encoding("gzip"), Encoding::Gzip);
        assert_eq!(encoding("br;q=0, gzip;q=0.5"), Encoding::Gzip);
        assert_eq!(encoding("BR ; q=1.0"), Encoding::Brotli);
        assert_eq!(encoding("identity"), Encoding::Identity);
        assert_eq!(file.encoding_for(&HeaderMap::new()), Encoding::Identity);
        let image = SiteFile::new("image/png", vec![0; 100]);
        assert_eq!(image.encoding_for(&request(&[(header::ACCEPT_ENCODING, "br")])), Encoding::Identity);
    }

    #[test]
    fn compressed_bodies_are_smaller_and_made_once() {
        let file = SiteFile::new("text/css; charset=utf-8", b"body { margin: 0 }\n".repeat(200));
        let brotli = file.body(Encoding::Brotli);
        assert!(brotli.len() < file.identity.len() / 10, "{} bytes", brotli.len());
        assert_eq!(file.body(Encoding::Brotli).as_ptr(), brotli.as_ptr());
        assert_eq!(&file.body(Encoding::Gzip)[..2], &[0x1f, 0x8b]);
    }
}
