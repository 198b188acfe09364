use super::{field_error, invalid, other_error, ContentNav, FieldError, FormattingHelp};
use crate::api::site_pages::{edit_page, list_office_pages, SavePage};
use crate::components::error_notice::ErrorNotice;
use crate::model::site_pages::{PageEdit, PageRow};
use crate::routes;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

/// Pagine: the five every PA site must have, the Ente's others, and a new one.
#[component]
pub fn ContentPagesPage() -> impl IntoView {
    let pages = Resource::new(|| (), |_| list_office_pages());
    let blank = PageEdit {
        slug: String::new(),
        title: String::new(),
        body: String::new(),
        published: true,
        mandatory: false,
        written: false,
        preview_html: String::new(),
    };
    view! {
        <Title text="Pagine del sito" />
        <ContentNav current=routes::CONTENT_PAGES />
        <h1>"Pagine"</h1>
        <p>"Le pagine obbligatorie per i siti della pubblica amministrazione compaiono nel piè di pagina di tutto il portale. "
           "Finché l'ufficio non le scrive mostrano un testo minimo con il nome dell'Ente."</p>
        <Suspense fallback=|| view! { <p>"Caricamento delle pagine…"</p> }>
            {move || Suspend::new(async move {
                match pages.await {
                    Ok(list) => view! {
                        <ul class="content-list">
                            {list.into_iter().map(|p| view! { <PageLine p /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
        <section class="content-section" aria-labelledby="page-new">
            <h2 id="page-new" class="h4">"Nuova pagina"</h2>
            <PageForm page=blank />
        </section>
    }
}

#[component]
fn PageLine(p: PageRow) -> impl IntoView {
    view! {
        <li class="content-item">
            <h2 class="h5"><a href=routes::content_page(&p.slug)>{p.title.clone()}</a></h2>
            <p class="content-meta">
                {p.mandatory.then_some("Obbligatoria · ")} {p.state} " · "
                <a href=routes::site_page(&p.slug)>"Vedi sul sito " <span class="visually-hidden">{p.title}</span></a>
            </p>
        </li>
    }
}

/// A page's editor: title, text, published or not, and its preview.
#[component]
pub fn PageEditorPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let page = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        edit_page,
    );
    let saved = move || {
        query.read().get("salvata").map(|_| {
            view! { <div class="alert alert-success" role="status">"Pagina salvata."</div> }
        })
    };
    view! {
        <Title text="Modifica pagina" />
        <ContentNav current=routes::CONTENT_PAGES />
        <h1>"Modifica pagina"</h1>
        {saved}
        <Transition fallback=|| view! { <p>"Caricamento della pagina…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! {
                        {(!p.written).then(|| view! {
                            <p class="callout note">"L'ufficio non ha ancora scritto questa pagina: il testo qui sotto è quello minimo mostrato sul sito. Completalo e salva."</p>
                        })}
                        <PageForm page=p.clone() />
                        <section class="content-section" aria-labelledby="page-preview">
                            <h2 id="page-preview" class="h4">"Anteprima"</h2>
                            <p><a href=routes::site_page(&p.slug)>"Apri la pagina sul sito"</a></p>
                            <div class="content-preview" inner_html=p.preview_html></div>
                        </section>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Title, text and publication of a page (a new one when its slug is empty).
#[component]
fn PageForm(page: PageEdit) -> impl IntoView {
    let save = ServerAction::<SavePage>::new();
    let error = Signal::derive(move || field_error(save.value().get()));
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(slug)) = save.value().get() {
            navigate(&routes::content_page_saved(&slug), Default::default());
        }
    });
    let other = move || other_error(save.value().get()).map(|e| view! { <ErrorNotice error=e /> });
    // Ids differ between the new-page form and an editor, which never share a page.
    let prefix = if page.slug.is_empty() {
        "new-page"
    } else {
        "page"
    };
    let id = move |suffix: &str| format!("{prefix}-{suffix}");
    view! {
        <ActionForm action=save attr:class="content-form">
            <input type="hidden" name="slug" value=page.slug />
            <div class="form-group">
                <label for=id("title") class="active">"Titolo"</label>
                <input id=id("title") name="title" type="text" class="form-control" maxlength="150" value=page.title
                    aria-invalid=invalid(error, "title") aria-describedby=id("title-error") />
                <FieldError field="title" id=id("title-error") error />
            </div>
            <div class="form-group">
                <label for=id("body") class="active">"Testo"</label>
                <textarea id=id("body") name="body" class="form-control" rows="14"
                    aria-invalid=invalid(error, "body")
                    aria-describedby=format!("{} {}", id("body-help"), id("body-error"))>{page.body}</textarea>
                <FormattingHelp id=id("body-help") />
                <FieldError field="body" id=id("body-error") error />
            </div>
            <fieldset class="form-group">
                <legend class="h6">"Sul sito"</legend>
                <div class="form-check">
                    <input id=id("published") type="radio" name="published" value="true" checked=page.published />
                    <label for=id("published")>"Pubblicata"</label>
                </div>
                <div class="form-check">
                    <input id=id("hidden") type="radio" name="published" value="false" checked=!page.published />
                    <label for=id("hidden")>"Non pubblicata"</label>
                </div>
            </fieldset>
            <button type="submit" class="btn btn-primary">"Salva la pagina"</button>
        </ActionForm>
        <div aria-live="polite">{other}</div>
    }
}
