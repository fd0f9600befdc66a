//! One layer for what every response carries and every request must meet: the security
//! headers (a Content-Security-Policy that allows the page's one inline script by its hash,
//! framing rules, nosniff, referrer and permissions policies, optional HSTS), caching of the
//! built assets, and the query-length limit.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::ApiError;
use advisor_core::InputError;

/// The one page made to be framed by other sites.
const EMBEDDABLE_PATH: &str = "/embed";

/// Longer query strings answer 414: every valid state fits in a fraction of it.
pub const MAX_QUERY_BYTES: usize = 4096;

/// Features no page here uses, switched off for it and anything it might embed; the clipboard
/// only for the page's own copy buttons.
const PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), \
     microphone=(), payment=(), usb=(), clipboard-write=(self)";

/// How responses are guarded, as configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponsePolicy {
    /// Who may frame `/embed`: a checked `frame-ancestors` source list.
    pub frame_ancestors: String,
    /// `Strict-Transport-Security: max-age=…` when set (`ADVISOR_HSTS_MAX_AGE`).
    pub hsts_max_age: Option<u64>,
}

impl Default for ResponsePolicy {
    fn default() -> Self {
        ResponsePolicy { frame_ancestors: "*".to_string(), hsts_max_age: None }
    }
}

/// The header values of a [`ResponsePolicy`], made once rather than for every response.
pub struct SecurityHeaders {
    content_policy: HeaderValue,
    embed_content_policy: HeaderValue,
    hsts: Option<HeaderValue>,
}

impl SecurityHeaders {
    /// `script_hashes` are the `'sha256-…'` sources of the inline scripts pages may carry.
    pub fn new(policy: &ResponsePolicy, script_hashes: &[String]) -> SecurityHeaders {
        let content_policy = |frame_ancestors: &str| {
            let script_src = script_hashes.join(" ");
            let value = format!(
                "default-src 'self'; script-src 'self' {script_src} 'wasm-unsafe-eval'; style-src 'self'; \
                 img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
                 frame-ancestors {frame_ancestors}"
            );
            // Built from checked configuration and base64 hashes; the strictest policy otherwise.
            HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static("default-src 'none'"))
        };
        SecurityHeaders {
            content_policy: content_policy("'self'"),
            embed_content_policy: content_policy(&policy.frame_ancestors),
            hsts: policy
                .hsts_max_age
                .and_then(|max_age| HeaderValue::from_str(&format!("max-age={max_age}; includeSubDomains")).ok()),
        }
    }
}

/// Refuses over-long query strings and sets the security headers on whatever the app answers.
pub async fn guard(State(security): State<Arc<SecurityHeaders>>, request: Request, next: Next) -> Response {
    let embeddable = request.uri().path() == EMBEDDABLE_PATH;
    let asset_caching = asset_cache_control(request.uri().path());
    let mut response = if request.uri().query().is_some_and(|query| query.len() > MAX_QUERY_BYTES) {
        let message = format!("the query string is longer than {MAX_QUERY_BYTES} bytes");
        ApiError::QueryTooLong(InputError { parameter: "query", message }).into_response()
    } else {
        next.run(request).await
    };
    let content_policy = if embeddable { &security.embed_content_policy } else { &security.content_policy };
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, content_policy.clone());
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    headers.insert(HeaderName::from_static("permissions-policy"), HeaderValue::from_static(PERMISSIONS_POLICY));
    if let Some(hsts) = &security.hsts {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, hsts.clone());
    }
    if let Some(cache_control) = asset_caching
        && (response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED)
    {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(cache_control));
    }
    response
}

/// The built assets under `/pkg` carry a content hash in their names (`name.<hash>.ext`): a new
/// build has new names, so browsers may keep them for a year. Anything there without a hash is
/// checked with the server each time.
fn asset_cache_control(path: &str) -> Option<&'static str> {
    let file = path.strip_prefix("/pkg/")?;
    let parts: Vec<&str> = file.split('.').collect();
    let hashed = parts.len() == 3
        && parts[1].len() >= 8
        && parts[1].chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
    Some(if hashed { "public, max-age=31536000, immutable" } else { "no-cache" })
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

/// Checks `ADVISOR_PUBLIC_URL`: the site's absolute `http` or `https` base URL, with no query or
/// fragment; empty means none (links start from the request's Host). The trailing `/` is dropped.
///
/// # Errors
/// A message naming the variable and what was expected.
pub fn parse_public_url(value: &str) -> Result<Option<String>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let expected = "expected the site's absolute base URL such as https://advisor.example.com";
    match url::Url::parse(value) {
        Ok(url)
            if matches!(url.scheme(), "http" | "https")
                && url.host_str().is_some()
                && url.query().is_none()
                && url.fragment().is_none() =>
        {
            Ok(Some(value.trim_end_matches('/').to_string()))
        }
        _ => Err(format!("ADVISOR_PUBLIC_URL: {expected}, found `{value}`")),
    }
}

/// Checks `ADVISOR_HSTS_MAX_AGE`: seconds browsers should insist on HTTPS; empty means no HSTS.
pub fn parse_hsts_max_age(value: &str) -> Result<Option<u64>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    value.parse::<u64>().map(Some).map_err(|_| {
        format!("ADVISOR_HSTS_MAX_AGE: expected a whole number of seconds such as 31536000, found `{value}`")
    })
}

#[cfg(test)]
mod tests {
    use super::{asset_cache_control, parse_frame_ancestors, parse_hsts_max_age, parse_public_url};

    #[test]
    fn only_hashed_assets_are_cached_for_long() {
        let year = Some("public, max-age=31536000, immutable");
        assert_eq!(asset_cache_control("/pkg/kms-hsm-advisor.5HfQ0bYw2xk1_Rk-.wasm"), year);
        assert_eq!(asset_cache_control("/pkg/kms-hsm-advisor.0123456789abcdef.css"), year);
        assert_eq!(asset_cache_control("/pkg/kms-hsm-advisor.css"), Some("no-cache"));
        assert_eq!(asset_cache_control("/pkg/kms-hsm-advisor.d.ts"), Some("no-cache"));
        assert_eq!(asset_cache_control("/favicon.png"), None);
        assert_eq!(asset_cache_control("/charts/cost-vs-requests.svg"), None);
    }

    #[test]
    fn hsts_max_age_is_seconds_or_nothing() {
        assert_eq!(parse_hsts_max_age(""), Ok(None));
        assert_eq!(parse_hsts_max_age(" 31536000 "), Ok(Some(31_536_000)));
        assert!(parse_hsts_max_age("1y").unwrap_err().starts_with("ADVISOR_HSTS_MAX_AGE"));
        assert!(parse_hsts_max_age("-1").is_err());
    }

    #[test]
    fn the_public_url_is_an_absolute_web_address() {
        assert_eq!(parse_public_url(""), Ok(None));
        assert_eq!(parse_public_url("https://advisor.example.com/"), Ok(Some("https://advisor.example.com".into())));
        assert_eq!(parse_public_url("http://10.0.0.5:8080/advisor"), Ok(Some("http://10.0.0.5:8080/advisor".into())));
        for bad in ["advisor.example.com", "ftp://advisor.example.com", "https://a.example/?x=1", "not a url\"<b>"] {
            assert!(parse_public_url(bad).unwrap_err().starts_with("ADVISOR_PUBLIC_URL: expected"), "{bad}");
        }
    }

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
