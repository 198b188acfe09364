//! Pages served without the Leptos app, when there is no Ente to render it for.

use axum::response::{Html, IntoResponse, Response};
use http::StatusCode;

pub struct PlainPage {
    pub title: &'static str,
    pub message: &'static str,
    pub detail: Option<String>,
}

pub fn plain_page(status: StatusCode, page: PlainPage) -> Response {
    let detail = page
        .detail
        .map(|d| format!("<p class=\"text-secondary\">{}</p>", escape_html(&d)))
        .unwrap_or_default();
    let html = format!(
        r#"<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – Sportello</title><link rel="stylesheet" href="{css}"></head>
<body><header class="it-header-wrapper"><div class="it-header-slim-wrapper"><div class="container"><span class="text-white">Portale dei servizi scolastici</span></div></div></header>
<main class="container my-5"><h1>{title}</h1><p class="lead">{message}</p>{detail}</main></body></html>"#,
        title = page.title,
        message = page.message,
        css = app::components::BOOTSTRAP_ITALIA_CSS,
    );
    (status, Html(html)).into_response()
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

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape_html("<script>alert('x')</script>&"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"
        );
    }
}
