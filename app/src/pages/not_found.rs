use leptos::prelude::*;
use leptos_meta::Title;

/// The 404 page in the portal's look; on the server it also sets the status.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Pagina non trovata" />
        <h1>"Pagina non trovata"</h1>
        <p>"La pagina che cerchi non esiste o è stata spostata."</p>
        <p><a href="/">"Torna alla pagina iniziale"</a></p>
    }
}
