//! A response body with its compressed forms, each made once, the first time a client asks for
//! it: for the site's files and for the pages, cards and charts the server keeps.

use std::io::Write;
use std::sync::OnceLock;

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, header};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Identity,
    Brotli,
    Gzip,
}

impl Encoding {
    /// What a strong entity tag adds for this encoding, as each representation needs its own.
    pub fn tag_suffix(self) -> &'static str {
        match self {
            Encoding::Identity => "",
            Encoding::Brotli => "-br",
            Encoding::Gzip => "-gz",
        }
    }
}

/// How hard to compress: as hard as possible for the site's files, made once per process and
/// most of a first visit's bytes; quickly for rendered responses, made once per state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effort {
    Most,
    Quick,
}

pub struct Encoded {
    content_type: &'static str,
    identity: Bytes,
    /// `None` for images and other bytes that are compressed already.
    compressed: Option<Compressed>,
}

struct Compressed {
    effort: Effort,
    brotli: OnceLock<Bytes>,
    gzip: OnceLock<Bytes>,
}

impl Encoded {
    pub fn new(content_type: &'static str, identity: Bytes, effort: Effort) -> Encoded {
        let compressible = !matches!(content_type, "image/png" | "image/x-icon" | "application/octet-stream");
        let compressed = compressible.then(|| Compressed { effort, brotli: OnceLock::new(), gzip: OnceLock::new() });
        Encoded { content_type, identity, compressed }
    }

    /// The uncompressed bytes.
    pub fn identity(&self) -> &Bytes {
        &self.identity
    }

    /// Brotli when the request takes it, else gzip, else the bytes as they are.
    pub fn encoding_for(&self, request: &HeaderMap) -> Encoding {
        match &self.compressed {
            Some(_) if accepts(request, "br") => Encoding::Brotli,
            Some(_) if accepts(request, "gzip") => Encoding::Gzip,
            _ => Encoding::Identity,
        }
    }

    /// The body in `encoding`, with its Content-Type, Content-Encoding and Vary headers.
    pub fn representation(&self, encoding: Encoding) -> (HeaderMap, Bytes) {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(self.content_type));
        if self.compressed.is_some() {
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        let compressed = self.compressed.as_ref().and_then(|compressed| match encoding {
            Encoding::Identity => None,
            Encoding::Brotli => {
                Some(("br", compressed.brotli.get_or_init(|| brotli(&self.identity, compressed.effort))))
            }
            Encoding::Gzip => Some(("gzip", compressed.gzip.get_or_init(|| gzip(&self.identity, compressed.effort)))),
        });
        match compressed {
            Some((name, body)) => {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
                (headers, body.clone())
            }
            None => (headers, self.identity.clone()),
        }
    }

    /// The body in the best encoding `request` accepts, with its headers.
    pub fn for_request(&self, request: &HeaderMap) -> (HeaderMap, Bytes) {
        self.representation(self.encoding_for(request))
    }

    /// Makes every compressed form now.
    pub fn compress(&self) {
        for encoding in [Encoding::Brotli, Encoding::Gzip] {
            self.representation(encoding);
        }
    }
}

/// The window is just large enough for the content, because the encoder's memory grows with it.
/// Quality 11 takes about 30 ms for a page; quality 4 about 0.3 ms. (Qualities 5 to 9 with a
/// window that small take forty times as long in this encoder.)
fn brotli(content: &[u8], effort: Effort) -> Bytes {
    let quality = if effort == Effort::Most { 11 } else { 4 };
    let window = content.len().next_power_of_two().ilog2().clamp(10, 22);
    let mut encoder = brotli::CompressorWriter::new(Vec::new(), 4096, quality, window);
    // Writing to memory cannot fail.
    let _ = encoder.write_all(content);
    Bytes::from(encoder.into_inner())
}

fn gzip(content: &[u8], effort: Effort) -> Bytes {
    let level = if effort == Effort::Most { flate2::Compression::best() } else { flate2::Compression::default() };
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), level);
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

/// Whether the request's `If-None-Match` names `etag` (or `*`): it holds that representation.
pub fn holds(request: &HeaderMap, etag: &str) -> bool {
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

    fn accepting(value: &str) -> HeaderMap {
        [(header::ACCEPT_ENCODING, HeaderValue::from_str(value).unwrap())].into_iter().collect()
    }

    #[test]
    fn encodings_are_negotiated() {
        let script =
            Encoded::new("text/javascript; charset=utf-8", Bytes::from("let x = 1;".repeat(100)), Effort::Quick);
        let encoding = |value: &str| script.encoding_for(&accepting(value));
        assert_eq!(encoding("gzip, deflate, br, zstd"), Encoding::Brotli);
        assert_eq!(encoding("gzip"), Encoding::Gzip);
        assert_eq!(encoding("br;q=0, gzip;q=0.5"), Encoding::Gzip);
        assert_eq!(encoding("BR ; q=1.0"), Encoding::Brotli);
        assert_eq!(encoding("identity"), Encoding::Identity);
        assert_eq!(script.encoding_for(&HeaderMap::new()), Encoding::Identity);
        let image = Encoded::new("image/png", Bytes::from(vec![0; 100]), Effort::Quick);
        assert_eq!(image.encoding_for(&accepting("br")), Encoding::Identity);
    }

    #[test]
    fn compressed_forms_are_smaller_and_made_once() {
        for effort in [Effort::Most, Effort::Quick] {
            let css = Encoded::new("text/css; charset=utf-8", Bytes::from("body { margin: 0 }\n".repeat(200)), effort);
            let (headers, brotli) = css.representation(Encoding::Brotli);
            assert_eq!(headers[header::CONTENT_ENCODING], "br");
            assert_eq!(headers[header::VARY], "accept-encoding");
            assert!(brotli.len() < css.identity().len() / 10, "{} bytes", brotli.len());
            assert_eq!(css.representation(Encoding::Brotli).1.as_ptr(), brotli.as_ptr());
            assert_eq!(&css.representation(Encoding::Gzip).1[..2], &[0x1f, 0x8b]);
            let (headers, plain) = css.representation(Encoding::Identity);
            assert!(headers.get(header::CONTENT_ENCODING).is_none());
            assert_eq!(plain, css.identity());
        }
    }
}
