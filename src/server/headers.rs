//! The headers every response carries, set in one layer: who may frame the page.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The one page made to be framed by other sites.
const EMBEDDABLE_PATH: &str = "/embed";

/// Adds `Content-Security-Policy: frame-ancestors`: `/embed` may be framed by the configured
/// sources, everything else only by this site.
pub async fn security_headers(State(frame_ancestors): State<Arc<str>>, request: Request, next: Next) -> Response {
    let embeddable = request.uri().path() == EMBEDDABLE_PATH;
    let mut response = next.run(request).await;
    let sources = if embeddable { &*frame_ancestors } else { "'self'" };
    // The sources were checked at start-up to be header-safe, so this cannot fail; if it ever
    // did, denying framing is the safe fallback.
    let policy = HeaderValue::from_str(&format!("frame-ancestors {sources}"))
        .unwrap_or_else(|_| HeaderValue::from_static("frame-ancestors 'none'"));
    response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, policy);
    response
}

/// Checks `ADVISOR_FRAME_ANCESTORS`: space-separated CSP sources (`*`, `'self'`, `'none'`, a
/// scheme like `https:`, or an origin like `https://wiki.example.com` or
/// `https://*.example.com:8443`). Returns them normalized to single spaces; empty means `*`.
pub fn parse_frame_ancestors(value: &str) -> Result<String, String> {
    let sources: Vec<&str> = value.split_ascii_whitespace().collect();
    if sources.is_empty() {
        return Ok("*".to_string());
    }
    if let Some(bad) = sources.iter().find(|source| !is_frame_source(source)) {
        return Err(format!(
            "ADVISOR_FRAME_ANCESTORS: `{bad}` is not a frame-ancestors source; expected space-separated \
             origins like https://wiki.example.com or https://*.example.com, a scheme like https:, \
             '*', 'self' or 'none'"
        ));
    }
    if sources.len() > 1 && sources.contains(&"'none'") {
        return Err("ADVISOR_FRAME_ANCESTORS: 'none' must stand alone".to_string());
    }
    Ok(sources.join(" "))
}

fn is_frame_source(source: &str) -> bool {
    if matches!(source, "*" | "'self'" | "'none'") {
        return true;
    }
    // Unquoted, these would name hosts called "self" and "none": surely a mistake.
    if matches!(source, "self" | "none") {
        return false;
    }
    let is_scheme = |s: &str| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    };
    if let Some(scheme) = source.strip_suffix(':') {
        return is_scheme(scheme);
    }
    let (scheme, rest) = source.split_once("://").unwrap_or(("https", source));
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let (host, port) = authority.rsplit_once(':').unwrap_or((authority, "*"));
    let host = host.strip_prefix("*.").unwrap_or(host);
    is_scheme(scheme)
        && !host.is_empty()
        && host
            .split('.')
            .all(|label| !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && (port == "*" || (!port.is_empty() && port.len() <= 5 && port.chars().all(|c| c.is_ascii_digit())))
        && path.chars().all(|c| c.is_ascii_graphic() && !matches!(c, ';' | ',' | '\''))
}

#[cfg(test)]
mod tests {
    use super::parse_frame_ancestors;

    #[test]
    fn frame_ancestors_accepts_origins_and_keywords() {
        assert_eq!(parse_frame_ancestors("").unwrap(), "*");
        assert_eq!(
            parse_frame_ancestors("  https://wiki.example.com\thttps://*.corp.example:8443 'self' ").unwrap(),
            "https://wiki.example.com https://*.corp.example:8443 'self'"
        );
        assert_eq!(parse_frame_ancestors("https: http://localhost:3000").unwrap(), "https: http://localhost:3000");
        assert_eq!(parse_frame_ancestors("'none'").unwrap(), "'none'");
    }

    #[test]
    fn frame_ancestors_rejects_what_would_break_the_header() {
        for bad in [
            "https://wiki.example.com;script-src *",
            "https://a.example,https://b.example",
            "self",
            "'none' https://a.example",
            "https://exa mple.com\u{7f}",
            "https://:443",
            "https://a.example:99999999",
        ] {
            let error = parse_frame_ancestors(bad).unwrap_err();
            assert!(error.starts_with("ADVISOR_FRAME_ANCESTORS"), "{bad}: {error}");
        }
    }
}
