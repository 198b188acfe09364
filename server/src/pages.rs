//! Pages served without the Leptos app, when there is no Ente to render it for.

use axum::response::{Html, IntoResponse, Response};
use http::StatusCode;
use std::borrow::Cow;

pub struct PlainPage {
    pub title: &'static str,
    pub message: &'static str,
    pub detail: Option<String>,
    /// A way back: (address, label).
    pub link: Option<(Cow<'static, str>, &'static str)>,
}

pub fn plain_page(status: StatusCode, page: PlainPage) -> Response {
    let detail = page
        .detail
        .map(|d| format!("<p class=\"text-secondary\">{}</p>", escape_html(&d)))
        .unwrap_or_default();
    let link = page
        .link
        .map(|(href, label)| {
            let href = escape_html(&href);
            format!("<p><a class=\"btn btn-primary\" href=\"{href}\">{label}</a></p>")
        })
        .unwrap_or_default();
    let html = format!(
        r#"<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – Sportello</title><link rel="stylesheet" href="{css}"></head>
<body><header class="it-header-wrapper"><div class="it-header-slim-wrapper"><div class="container"><span class="text-white">Portale dei servizi scolastici</span></div></div></header>
<main class="container my-5"><h1>{title}</h1><p class="lead">{message}</p>{detail}{link}</main></body></html>"#,
        title = page.title,
        message = page.message,
        css = app::components::BOOTSTRAP_ITALIA_CSS,
    );
    (status, Html(html)).into_response()
}

/// The store cannot be reached: say so, and that it is temporary.
pub fn unavailable_page() -> Response {
    plain_page(
        StatusCode::SERVICE_UNAVAILABLE,
        PlainPage {
            title: "Servizio momentaneamente non disponibile",
            message: "Il portale non riesce a leggere i propri dati. Riprova tra qualche minuto.",
            detail: None,
            link: None,
        },
    )
}

/// What a person sees when a request hit a bug: a clear sentence; the details go to the log.
pub fn panic_page(cause: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = cause
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| cause.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(panic = message, "request handler panicked");
    plain_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        PlainPage {
            title: "Si è verificato un problema",
            message: "Non è stato possibile completare la richiesta. Riprova tra qualche minuto; \
                      se il problema continua, rivolgiti al tuo Comune.",
            detail: app::error::request_code().map(|c| format!("Codice della richiesta: {c}")),
            link: None,
        },
    )
}

/// A form posted without JavaScript that the portal refused: why, in Italian, and the way
/// back to the page of the form (`back`: a path of this site).
pub fn refused_form_page(error: &app::error::AppError, back: Option<String>) -> Response {
    let fault = error.status_code() >= 500;
    plain_page(
        error.status(),
        PlainPage {
            title: if fault {
                "Si è verificato un problema"
            } else {
                "La richiesta non è stata accolta"
            },
            message: if fault {
                "Non è stato possibile completare la richiesta."
            } else {
                "Controlla quanto hai inserito e riprova dalla pagina del modulo."
            },
            detail: Some(error.to_string()),
            link: Some((
                back.map_or(Cow::Borrowed("/"), Cow::Owned),
                "Torna alla pagina",
            )),
        },
    )
}

pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_becomes_a_clear_page() {
        let res = panic_page(Box::new("boom: secret detail".to_string()));
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(res.into_body(), 1 << 20)
            .await
            .expect("body");
        let html = String::from_utf8_lossy(&body);
        assert!(html.contains("Si è verificato un problema"));
        assert!(!html.contains("secret detail"), "details stay in the log");
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape_html("<script>alert('x')</script>&"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"
        );
    }
}
