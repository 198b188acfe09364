use crate::domain::content::DocumentCategory;
use crate::domain::{date::format_date_it, file_size::format_size_it, search::matches};
use crate::model::documents::DocumentSummary;
use crate::routes;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The Ente's documents with a search box and a category filter. Without JavaScript the box submits `?q=` and
/// the server filters; once hydrated it filters as the person types.
#[component]
pub fn DocumentList(
    documents: Vec<DocumentSummary>,
    initial_query: String,
    initial_category: String,
) -> impl IntoView {
    let query = RwSignal::new(initial_query.clone());
    let category = RwSignal::new(initial_category.clone());
    // Following a link to /documenti (or going back) brings the search of that address.
    let address = use_query_map();
    Effect::new(move |_| {
        let a = address.read();
        query.set(a.get("q").unwrap_or_default());
        category.set(a.get("categoria").unwrap_or_default());
    });
    // The categories that have documents, in their own order.
    let categories: Vec<DocumentCategory> = DocumentCategory::ALL
        .iter()
        .copied()
        .filter(|c| documents.iter().any(|d| d.category == *c))
        .collect();
    let documents = StoredValue::new(documents);
    let visible = Memo::new(move |_| {
        let (q, chosen) = (query.get(), category.get());
        documents.with_value(|docs| {
            docs.iter()
                .filter(|d| chosen.is_empty() || d.category.as_str() == chosen)
                .filter(|d| matches(&q, &[&d.title, &d.description]))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let count_text = move || match visible.with(Vec::len) {
        0 => "Nessun documento corrisponde alla ricerca.".to_string(),
        1 => "1 documento".to_string(),
        n => format!("{n} documenti"),
    };
    view! {
        <form class="document-search" role="search" method="get" action=routes::DOCUMENTS>
            <div class="form-group">
                <label for="cerca-documenti" class="active">"Cerca nei documenti"</label>
                <input
                    id="cerca-documenti"
                    class="form-control"
                    type="search"
                    name="q"
                    autocomplete="off"
                    value=initial_query
                    prop:value=move || query.get()
                    on:input:target=move |ev| query.set(ev.target().value())
                />
            </div>
            <div class="form-group">
                <label for="categoria-documenti" class="active">"Categoria"</label>
                <select
                    id="categoria-documenti"
                    class="form-select"
                    name="categoria"
                    prop:value=move || category.get()
                    on:change:target=move |ev| category.set(ev.target().value())
                >
                    <option value="" selected=initial_category.is_empty()>"Tutte le categorie"</option>
                    {categories.into_iter().map(|c| view! {
                        <option value=c.as_str() selected=initial_category == c.as_str()>{c.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="btn btn-outline-primary btn-sm">"Cerca"</button>
        </form>
        <p class="document-count" aria-live="polite">{count_text}</p>
        <ul class="document-list">
            <For each=move || visible.get() key=|d| d.id.clone() let:doc>
                <li class="card card-bg document-card">
                    <div class="card-body">
                        <h2 class="card-title h5">{doc.title.clone()}</h2>
                        <p class="card-text">{doc.description.clone()}</p>
                        <p class="document-meta">
                            {doc.category.label()} " · pubblicato il " {format_date_it(doc.published_on)}
                        </p>
                        <a class="btn btn-primary btn-sm" href=doc.download_url() download=doc.file_name.clone()>
                            "Scarica " <span class="visually-hidden">{doc.title.clone()}</span>
                            " (" {doc.format.clone()} ", " {format_size_it(doc.size_bytes)} ")"
                        </a>
                    </div>
                </li>
            </For>
        </ul>
    }
}
