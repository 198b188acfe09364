//! Response headers that every page gets, and the same-origin check on server functions.

use app::backend::context::CspNonce;
use app::error::AppError;
use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use http::{header, HeaderValue, StatusCode};
use rand::RngCore as _;

/// Chooses a nonce for the page's inline scripts, hands it to the renderer and writes the
/// matching Content-Security-Policy with the other security headers.
/// `form_action` lists the origins a form of the portal may lead to besides itself: the
/// identity providers, whose end-session page the logout form redirects to (Chromium
/// applies `form-action` to every redirect after a form submission).
pub async fn headers(
    axum::extract::State(form_action): axum::extract::State<std::sync::Arc<String>>,
    mut req: Request,
    next: Next,
) -> Response {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    let nonce = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let csp = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'nonce-{nonce}'; style-src 'self'; \
         img-src 'self' data:; font-src 'self' data:; connect-src 'self'; manifest-src 'self'; worker-src 'self'; \
         frame-ancestors 'none'; base-uri 'self'; form-action 'self'{form_action}; object-src 'none'"
    );
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(v) = HeaderValue::from_str(&csp) {
            h.insert(header::CONTENT_SECURITY_POLICY, v);
        }
    }
    for (name, value) in [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            header::HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=()",
        ),
        (
            header::HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
    ] {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    }
    res
}

/// Gives each request a short code, for its log lines (a span) and for the person who
/// meets a fault (`AppError::Internal`, the error page, the `X-Request-Id` header).
pub async fn request_code(req: Request, next: Next) -> Response {
    use tracing::Instrument as _;
    let code = format!("{:08x}", rand::thread_rng().next_u32());
    let span = tracing::info_span!("request", code = %code);
    let run = next.run(req).instrument(span);
    let mut res = app::error::REQUEST_CODE.scope(code.clone(), run).await;
    if res.status().is_server_error() {
        tracing::error!(
            code,
            status = res.status().as_u16(),
            "answered with a server error"
        );
    }
    if let Ok(v) = HeaderValue::from_str(&code) {
        res.headers_mut()
            .insert(header::HeaderName::from_static("x-request-id"), v);
    }
    res
}

/// Server functions change state only when the request comes from a page of this site:
/// a browser always says where a cross-site request comes from (`Sec-Fetch-Site`, `Origin`).
/// Their errors also get the HTTP status of the [`AppError`] they carry: Leptos answers
/// 500 to arguments it cannot read, which are the caller's mistake (400). A form posted
/// without JavaScript (it accepts HTML) goes back to its page when it succeeds, as Leptos
/// would send it, and gets a page that says why in Italian when it is refused (Leptos
/// would send it back too, and the reason would be lost).
pub async fn api_guard(mut req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    // Every server function is a POST: another method is not a missing page.
    if req.method() != http::Method::POST {
        let refusal =
            AppError::BadRequest("Metodo non consentito: usa il modulo della pagina.".into());
        let mut res = refusal.into_response();
        *res.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
        res.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return res;
    }
    if is_cross_site(req.headers()) {
        tracing::warn!(uri = %req.uri(), "cross-site request to a server function refused");
        return AppError::Forbidden(
            "Richiesta rifiutata: non proviene da una pagina di questo portale.".into(),
        )
        .into_response();
    }
    let plain_form = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    let back = plain_form.then(|| page_of_the_form(req.headers()));
    if plain_form {
        // Leptos answers this request as a script's (it would redirect even a refusal):
        // the answer is decided below.
        req.headers_mut().remove(header::ACCEPT);
        req.extensions_mut()
            .insert(app::backend::context::PlainFormPost);
    }
    let res = with_status_of_its_error(next.run(req).await).await;
    match back {
        None => res,
        Some(back) if res.status().is_success() => {
            let (mut parts, _) = res.into_parts();
            parts.status = StatusCode::FOUND;
            parts.headers.remove("serverfnredirect");
            parts.headers.remove(header::CONTENT_TYPE);
            if !parts.headers.contains_key(header::LOCATION) {
                if let Ok(v) = HeaderValue::from_str(&back) {
                    parts.headers.insert(header::LOCATION, v);
                }
            }
            Response::from_parts(parts, Body::empty())
        }
        Some(back) => {
            let (parts, body) = res.into_parts();
            let bytes = axum::body::to_bytes(body, 64 * 1024)
                .await
                .unwrap_or_default();
            let error = serde_json::from_slice::<AppError>(&bytes)
                .unwrap_or_else(|_| AppError::Internal(app::error::request_code()));
            let mut page = crate::pages::refused_form_page(&error, Some(back));
            // What the function set stays (a cookie), but the page is HTML.
            for (name, value) in parts.headers.iter() {
                if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
                    page.headers_mut().append(name.clone(), value.clone());
                }
            }
            page
        }
    }
}

/// The path of the page a form was posted from (its `Referer`, this site's only).
fn page_of_the_form(headers: &http::HeaderMap) -> String {
    let path = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.parse::<http::Uri>().ok())
        .and_then(|u| u.path_and_query().map(|p| p.as_str().to_string()));
    app::domain::identity::safe_return_path(path.as_deref())
}

/// A server function's error answered 500 gets the status of the [`AppError`] it carries.
async fn with_status_of_its_error(res: Response) -> Response {
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    match serde_json::from_slice::<AppError>(&bytes) {
        Ok(err) => {
            parts.status = err.status();
            Response::from_parts(parts, Body::from(bytes))
        }
        // Not an AppError (a caught panic's page): the client still gets one it can read.
        Err(_) => AppError::Internal(app::error::request_code()).into_response(),
    }
}

/// A browser's request that another site started (`Sec-Fetch-Site`, `Origin`).
pub(crate) fn is_cross_site(headers: &http::HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if site != "same-origin" && site != "none" {
            return true;
        }
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return false;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let origin = origin.to_str().unwrap_or("null");
    let Some((scheme, authority)) = origin.split_once("://") else {
        return true; // "null" or garbage
    };
    let default_port = if scheme.eq_ignore_ascii_case("https") {
        443
    } else {
        80
    };
    match (
        host_and_port(authority, default_port),
        host_and_port(host, default_port),
    ) {
        (Some(o), Some(h)) => o != h,
        _ => true,
    }
}

/// `Comune.IT`, `comune.it:443` → (`comune.it`, 443), so that an explicit default port or
/// another case in one header does not turn a same-origin call into a refused one.
fn host_and_port(authority: &str, default_port: u16) -> Option<(String, u16)> {
    let authority = authority.trim().to_ascii_lowercase();
    if authority.is_empty() {
        return None;
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, _)) if !h.ends_with(']') && h.contains(':') => (authority.as_str(), None), // bare IPv6
        Some((h, p)) => (h, Some(p)),
        None => (authority.as_str(), None),
    };
    let port = match port {
        Some(p) => p.parse().ok()?,
        None => default_port,
    };
    Some((host.to_string(), port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(pairs: &[(&str, &str)]) -> Request {
        let mut b = Request::builder().method("POST").uri("/api/news_list");
        for (k, v) in pairs {
            b = b.header(*k, *v);
        }
        b.body(Body::empty()).expect("request")
    }

    fn is_cross_site(req: &Request) -> bool {
        super::is_cross_site(req.headers())
    }

    #[test]
    fn tells_cross_site_requests() {
        assert!(!is_cross_site(&request(&[
            ("host", "a.it"),
            ("origin", "https://a.it")
        ])));
        assert!(!is_cross_site(&request(&[
            ("host", "a.it"),
            ("sec-fetch-site", "same-origin")
        ])));
        assert!(!is_cross_site(&request(&[("host", "a.it")])));
        assert!(is_cross_site(&request(&[
            ("host", "a.it"),
            ("origin", "https://evil.it")
        ])));
        assert!(is_cross_site(&request(&[
            ("host", "a.it"),
            ("origin", "null")
        ])));
        assert!(is_cross_site(&request(&[
            ("host", "a.it"),
            ("sec-fetch-site", "cross-site")
        ])));
        assert!(is_cross_site(&request(&[
            ("host", "a.it"),
            ("origin", "https://a.it.evil.it")
        ])));
        // Behind a proxy: an explicit default port, another case.
        assert!(!is_cross_site(&request(&[
            ("host", "Comune.it:443"),
            ("origin", "https://comune.it")
        ])));
        assert!(!is_cross_site(&request(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000")
        ])));
        assert!(is_cross_site(&request(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3001")
        ])));
    }
}
