use crate::api::documents::list_documents;
use crate::components::{document_list::DocumentList, error_notice::ErrorNotice};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn DocumentsPage() -> impl IntoView {
    let query = use_query_map();
    let documents = Resource::new(|| (), |_| list_documents());
    view! {
        <Title text="Documenti" />
        <h1>"Documenti"</h1>
        <p>"Regolamenti, tariffe, menù e moduli pubblicati dall'Ente, consultabili senza accedere."</p>
        <Suspense fallback=|| view! { <p>"Caricamento dei documenti…"</p> }>
            {move || Suspend::new(async move {
                match documents.await {
                    Ok(docs) => {
                        let q = query.read_untracked();
                        let initial = q.get("q").unwrap_or_default();
                        let category = q.get("categoria").unwrap_or_default();
                        view! { <DocumentList documents=docs initial_query=initial initial_category=category /> }.into_any()
                    }
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
