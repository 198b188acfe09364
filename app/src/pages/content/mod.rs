//! Contenuti: the office writes the site's news, documents and pages.

pub mod documents;
pub mod news;
pub mod site_pages;

use crate::domain::content::ContentError;
use crate::error::AppError;
use crate::routes;
use leptos::prelude::*;

/// The three parts of Contenuti, the current one marked.
#[component]
pub fn ContentNav(current: &'static str) -> impl IntoView {
    let link = move |href: &'static str, label: &'static str| {
        let here = (href == current).then_some("page");
        view! {
            <li class="nav-item">
                <a class="nav-link" class:active=here.is_some() aria-current=here href=href>{label}</a>
            </li>
        }
    };
    view! {
        <nav aria-label="Percorso"><a href=routes::PERSONAL>"Area personale"</a></nav>
        <nav aria-label="Sezioni dei contenuti">
            <ul class="nav nav-tabs content-tabs">
                {link(routes::CONTENT, "Notizie")}
                {link(routes::CONTENT_DOCUMENTS, "Documenti")}
                {link(routes::CONTENT_PAGES, "Pagine")}
            </ul>
        </nav>
    }
}

/// The refusal of a save, when it is about one of the form's fields.
pub fn field_error(result: Option<Result<impl Sized, AppError>>) -> Option<ContentError> {
    match result {
        Some(Err(AppError::BadRequest(why))) => ContentError::from_message(&why),
        _ => None,
    }
}

/// The refusal of a save that is not about a field (or not a refusal at all).
pub fn other_error<T>(result: Option<Result<T, AppError>>) -> Option<AppError> {
    match result {
        Some(Err(AppError::BadRequest(why))) if ContentError::from_message(&why).is_some() => None,
        Some(Err(e)) => Some(e),
        _ => None,
    }
}

/// The sentence of a refusal, next to the field it is about (`id`: the input's
/// `aria-describedby`).
#[component]
pub fn FieldError(
    field: &'static str,
    #[prop(into)] id: String,
    #[prop(into)] error: Signal<Option<ContentError>>,
) -> impl IntoView {
    move || {
        error.get().filter(|e| e.field() == field).map(|e| {
            view! { <div id=id.clone() class="field-error" role="alert">{e.to_string()}</div> }
        })
    }
}

/// Whether the field is the one refused, for `aria-invalid`.
pub fn invalid(
    error: Signal<Option<ContentError>>,
    field: &'static str,
) -> impl Fn() -> &'static str {
    move || match error.get() {
        Some(e) if e.field() == field => "true",
        _ => "false",
    }
}

/// How the office writes formatted text, under every text area.
#[component]
pub fn FormattingHelp(#[prop(into)] id: String) -> impl IntoView {
    view! {
        <p id=id class="form-text">
            "Formattazione: una riga vuota tra i paragrafi; «## » o «### » all'inizio della riga per un titoletto; "
            "«- » o «1. » per gli elenchi; **grassetto**, *corsivo*; collegamenti come [testo](https://…). "
            "L'HTML non è interpretato: compare come testo. Le immagini si caricano a parte."
        </p>
    }
}
