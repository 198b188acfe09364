use super::{invalid, ContentNav, FieldError};
use crate::api::documents::{list_office_documents, WithdrawDocument};
use crate::components::error_notice::ErrorNotice;
use crate::domain::content::{ContentError, DocumentCategory};
use crate::domain::file_size::format_size_it;
use crate::model::documents::DocumentSummary;
use crate::routes;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const ACCEPT: &str = ".pdf,.odt,.ods,.csv,application/pdf,application/vnd.oasis.opendocument.text,\
                      application/vnd.oasis.opendocument.spreadsheet,text/csv";

/// Documenti of the office: upload (plain multipart forms, before hydration too), a new
/// version of a file at the same address, withdrawal.
#[component]
pub fn ContentDocumentsPage() -> impl IntoView {
    let withdraw = ServerAction::<WithdrawDocument>::new();
    let docs = Resource::new(
        move || withdraw.version().get(),
        |_| list_office_documents(),
    );
    let query = use_query_map();
    let error = Signal::derive(move || {
        query
            .read()
            .get("errore")
            .and_then(|c| ContentError::from_code(&c))
    });
    // A refused replacement names its document; a refused upload has none.
    let refused_doc = Signal::derive(move || query.read().get("documento"));
    let upload_error = Signal::derive(move || error.get().filter(|_| refused_doc.get().is_none()));
    let done = move || {
        let q = query.read();
        let said = if q.get("caricato").is_some() {
            "Documento pubblicato."
        } else if q.get("sostituito").is_some() {
            "File sostituito: l'indirizzo per scaricarlo non cambia."
        } else {
            return None;
        };
        Some(view! { <div class="alert alert-success" role="status">{said}</div> })
    };
    let outcome = move || {
        withdraw.value().get().map(|r| match r {
            Ok(msg) => {
                view! { <div class="alert alert-success" role="status">{msg}</div> }.into_any()
            }
            Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
        })
    };
    let sent = move |name: &str| query.read().get(name).unwrap_or_default();
    view! {
        <Title text="Documenti del sito" />
        <ContentNav current=routes::CONTENT_DOCUMENTS />
        <h1>"Documenti"</h1>
        {done}
        <div aria-live="polite">{outcome}</div>
        <section class="content-section" aria-labelledby="doc-new">
            <h2 id="doc-new" class="h4">"Pubblica un documento"</h2>
            <form method="post" enctype="multipart/form-data" action=routes::CONTENT_DOCUMENT_UPLOAD class="content-form">
                <div class="form-group">
                    <label for="doc-title" class="active">"Titolo"</label>
                    <input id="doc-title" name="title" type="text" class="form-control" maxlength="150" value=move || sent("titolo")
                        aria-invalid=invalid(upload_error, "title") aria-describedby="doc-title-error" />
                    <FieldError field="title" id="doc-title-error" error=upload_error />
                </div>
                <div class="form-group">
                    <label for="doc-category" class="active">"Categoria"</label>
                    <select id="doc-category" name="category" class="form-select"
                        aria-invalid=invalid(upload_error, "category") aria-describedby="doc-category-error">
                        {DocumentCategory::ALL.iter().map(|c| {
                            let chosen = sent("categoria") == c.as_str();
                            view! { <option value=c.as_str() selected=chosen>{c.label()}</option> }
                        }).collect_view()}
                    </select>
                    <FieldError field="category" id="doc-category-error" error=upload_error />
                </div>
                <div class="form-group">
                    <label for="doc-description" class="active">"Descrizione"</label>
                    <textarea id="doc-description" name="description" class="form-control" rows="2" maxlength="300"
                        aria-invalid=invalid(upload_error, "description") aria-describedby="doc-description-error">{sent("descrizione")}</textarea>
                    <FieldError field="description" id="doc-description-error" error=upload_error />
                </div>
                <div class="form-group">
                    <label for="doc-file" class="active">"File: PDF, ODT, ODS o CSV fino a 5 MB"</label>
                    <input id="doc-file" type="file" name="file" class="form-control" accept=ACCEPT
                        aria-invalid=invalid(upload_error, "file") aria-describedby="doc-file-error" />
                    <FieldError field="file" id="doc-file-error" error=upload_error />
                </div>
                <button type="submit" class="btn btn-primary">"Pubblica"</button>
            </form>
        </section>
        <h2 class="h4">"Documenti pubblicati e ritirati"</h2>
        <Transition fallback=|| view! { <p>"Caricamento dei documenti…"</p> }>
            {move || Suspend::new(async move {
                match docs.await {
                    Ok(list) if list.is_empty() => view! { <p>"Non ci sono documenti."</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="content-list">
                            {list.into_iter().map(|doc| {
                                let mine = refused_doc.get_untracked().as_deref() == Some(doc.id.as_str());
                                let error = Signal::derive(move || error.get().filter(|_| mine));
                                view! { <DocumentItem doc withdraw error /> }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn DocumentItem(
    doc: DocumentSummary,
    withdraw: ServerAction<WithdrawDocument>,
    error: Signal<Option<ContentError>>,
) -> impl IntoView {
    let input_id = format!("replace-{}", doc.id);
    let error_id = format!("replace-{}-error", doc.id);
    let toggle_label = if doc.withdrawn {
        "Pubblica di nuovo"
    } else {
        "Ritira"
    };
    view! {
        <li class="content-item">
            <h3 class="h5">{doc.title.clone()}</h3>
            <p class="content-meta">
                {if doc.withdrawn {
                    view! { <span class="badge bg-dark">"Ritirato"</span> }.into_any()
                } else {
                    view! { <span class="badge bg-success">"Pubblicato"</span> }.into_any()
                }}
                " " {doc.category.label()} " · " {doc.file_name.clone()} " (" {doc.format.clone()} ", "
                {format_size_it(doc.size_bytes)} ") · versione " {doc.version}
            </p>
            {(!doc.withdrawn).then(|| view! {
                <p><a href=doc.download_url()>"Scarica " <span class="visually-hidden">{doc.title.clone()}</span></a></p>
            })}
            <form method="post" enctype="multipart/form-data" action=routes::content_document_replace(&doc.id) class="content-inline-form">
                <div class="form-group">
                    <label for=input_id.clone() class="active">
                        "Nuova versione del file " <span class="visually-hidden">{doc.title.clone()}</span>
                    </label>
                    <input id=input_id type="file" name="file" class="form-control" accept=ACCEPT
                        aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                        aria-describedby=error_id.clone() />
                    {move || error.get().map(|e| view! { <div id=error_id.clone() class="field-error" role="alert">{e.to_string()}</div> })}
                </div>
                <button type="submit" class="btn btn-outline-primary btn-sm">"Sostituisci il file"</button>
            </form>
            <ActionForm action=withdraw>
                <input type="hidden" name="id" value=doc.id.to_string() />
                <input type="hidden" name="withdrawn" value=(!doc.withdrawn).to_string() />
                <button type="submit" class="btn btn-outline-danger btn-sm">
                    {toggle_label} <span class="visually-hidden">{doc.title.clone()}</span>
                </button>
            </ActionForm>
        </li>
    }
}
